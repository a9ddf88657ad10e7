// Knative's admission webhooks for serving.knative.dev: defaulting (the container name `user-container`, a
// readiness probe, timeouts, traffic to the latest revision, creator annotations) and validation, refused with
// the webhook's words (`admission webhook "validation.webhook.serving.knative.dev" denied the request: ...`).
import { isRecord, type KubeObject } from '../kube-object.js';
import type { ResourceType } from '../resource-types.js';
import { ApiError } from '../status.js';
import { defaultRevisionSpec } from './controllers/revision-defaults.js';
import { SERVING } from './controllers/knative-types.js';
import { readAutoscalerConfig } from './install/config-autoscaler.js';
import { CONFIG_AUTOSCALER, KNATIVE_SERVING_NAMESPACE } from './install/constants.js';

/** kind's kubeconfig user, which Knative records as creator and last modifier. */
const ADMIN = 'kubernetes-admin';

export function admitKnative(type: ResourceType, obj: KubeObject, previous?: KubeObject): void {
  if (type.group === '' && type.kind === 'ConfigMap') return validateConfig(obj);
  if (type.group !== SERVING) return;
  const spec = isRecord(obj.spec) ? obj.spec : {};
  obj.spec = spec;
  if (type.kind === 'Service' || type.kind === 'Configuration') {
    const template = isRecord(spec.template) ? spec.template : {};
    spec.template = template;
    template.metadata ??= {};
    validateTemplate(template, 'spec.template');
    template.spec = defaultRevisionSpec(isRecord(template.spec) ? template.spec : {});
    annotate(obj, previous);
  }
  if (type.kind === 'Service' || type.kind === 'Route') {
    if (type.kind === 'Service' && (!Array.isArray(spec.traffic) || spec.traffic.length === 0)) spec.traffic = [{ latestRevision: true, percent: 100 }];
    validateTraffic(spec.traffic);
  }
  validateName(obj);
}

/** Knative's config webhook: config-autoscaler must parse and stay in bounds, or the change is refused. */
function validateConfig(cm: KubeObject): void {
  if (cm.metadata.namespace !== KNATIVE_SERVING_NAMESPACE || cm.metadata.name !== CONFIG_AUTOSCALER) return;
  const data: Record<string, string> = {};
  if (isRecord(cm.data)) for (const [k, v] of Object.entries(cm.data)) if (typeof v === 'string') data[k] = v;
  try {
    readAutoscalerConfig(data);
  } catch (error) {
    throw new ApiError(400, 'BadRequest', `admission webhook "config.webhook.serving.knative.dev" denied the request: validation failed: ${(error as Error).message}`);
  }
}

function deny(message: string): ApiError {
  return new ApiError(400, 'BadRequest', `admission webhook "validation.webhook.serving.knative.dev" denied the request: validation failed: ${message}`);
}

function validateName(obj: KubeObject): void {
  const name = obj.metadata.name ?? '';
  if (name && !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    throw deny(`invalid value: ${name}: metadata.name\nmust be a DNS 1035 label: a lowercase RFC 1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character`);
  }
}

function validateTemplate(template: Record<string, unknown>, at: string): void {
  const spec = isRecord(template.spec) ? template.spec : {};
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  if (containers.length === 0) throw deny(`missing field(s): ${at}.spec.containers`);
  const missing: string[] = [];
  containers.forEach((c, i) => {
    if (!isRecord(c) || typeof c.image !== 'string' || c.image === '') missing.push(`${at}.spec.containers[${i}].image`);
  });
  if (missing.length) throw deny(`missing field(s): ${missing.join(', ')}`);
  const withPorts = containers.filter((c) => isRecord(c) && Array.isArray(c.ports) && c.ports.length > 0);
  if (containers.length > 1 && withPorts.length !== 1) {
    throw deny(`expected exactly one, got ${withPorts.length === 0 ? 'neither' : 'both'}: ${at}.spec.containers[*].ports`);
  }
  const meta = isRecord(template.metadata) ? template.metadata : {};
  if (typeof meta.name === 'string' && meta.name !== '' && !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(meta.name)) {
    throw deny(`invalid value: ${meta.name}: ${at}.metadata.name`);
  }
}

function validateTraffic(traffic: unknown): void {
  if (!Array.isArray(traffic)) return;
  let sum = 0;
  const tags = new Set<string>();
  traffic.forEach((t, i) => {
    if (!isRecord(t)) return;
    if (typeof t.percent === 'number') {
      if (t.percent < 0 || t.percent > 100) throw deny(`expected 0 <= ${t.percent} <= 100: spec.traffic[${i}].percent`);
      sum += t.percent;
    }
    if (t.latestRevision === true && typeof t.revisionName === 'string' && t.revisionName) {
      throw deny(`may not set revisionName "${t.revisionName}" when latestRevision is true: spec.traffic[${i}].latestRevision`);
    }
    if (typeof t.tag === 'string') {
      if (tags.has(t.tag)) throw deny(`Multiple definitions for "${t.tag}": spec.traffic[${i}].tag`);
      tags.add(t.tag);
    }
  });
  if (traffic.length > 0 && sum !== 100) throw deny(`Traffic targets sum to ${sum}, want 100: spec.traffic`);
}

/** serving.knative.dev/creator on create, serving.knative.dev/lastModifier on every change. */
function annotate(obj: KubeObject, previous?: KubeObject): void {
  const annotations = { ...obj.metadata.annotations };
  annotations['serving.knative.dev/creator'] = previous?.metadata.annotations?.['serving.knative.dev/creator'] ?? annotations['serving.knative.dev/creator'] ?? ADMIN;
  annotations['serving.knative.dev/lastModifier'] = ADMIN;
  obj.metadata.annotations = annotations;
}
