// The hand-written validation kube-apiserver runs on built-in kinds after decoding, for the mistakes learners
// make most: missing names and images, unsupported enum values, selectors that miss the template's labels.
// Causes are worded as k8s.io/apimachinery's field errors are.
import { isPlainObject } from './decode.js';
import type { Cause } from './custom.js';
import { PROTOCOLS, PULL_POLICIES, RESTART_POLICIES } from './pod.js';
import { SERVICE_TYPES } from './kinds.js';
import { cronJobRules, jobSpecRules } from './batch-rules.js';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const required = (field: string): Cause => ({ field, message: 'Required value', reason: 'FieldValueRequired' });
const unsupported = (field: string, value: unknown, supported: string[]): Cause => ({
  field,
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  reason: 'FieldValueNotSupported',
});
const invalid = (field: string, value: string, detail: string): Cause => ({ field, message: `Invalid value: ${value}: ${detail}`, reason: 'FieldValueInvalid' });

const records = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? v.map((x) => (isPlainObject(x) ? x : {})) : []);
const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== '' && v !== 0;

/** Causes of a 422 Invalid for a decoded built-in object, or none. */
export function validateBuiltin(kind: string, obj: Record<string, unknown>): Cause[] {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  switch (kind) {
    case 'Pod':
      return podSpec(spec ?? {}, 'spec', RESTART_POLICIES);
    case 'Deployment':
    case 'ReplicaSet':
      return workload(spec ?? {}, kind === 'Deployment');
    case 'Job':
      return jobSpecRules(spec ?? {}, 'spec', podTemplate);
    case 'CronJob':
      return cronJobRules(spec ?? {}, podTemplate);
    case 'Service':
      return service(spec ?? {});
    default:
      return [];
  }
}

function workload(spec: Record<string, unknown>, isDeployment: boolean): Cause[] {
  const causes: Cause[] = [];
  const selector = isPlainObject(spec.selector) ? spec.selector : undefined;
  if (!selector) causes.push(required('spec.selector'));
  const template = isPlainObject(spec.template) ? spec.template : {};
  const meta = isPlainObject(template.metadata) ? template.metadata : {};
  const labels = isPlainObject(meta.labels) ? (meta.labels as Record<string, unknown>) : undefined;
  if (!selectorMatches(selector, labels ?? {})) {
    causes.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0) causes.push(invalid('spec.replicas', String(spec.replicas), 'must be greater than or equal to 0'));
  if (isDeployment || isPlainObject(spec.template)) causes.push(...podTemplate(spec, ['Always']));
  return causes;
}

function podTemplate(spec: Record<string, unknown>, restartPolicies: string[], at = 'spec'): Cause[] {
  const template = isPlainObject(spec.template) ? spec.template : {};
  return podSpec(isPlainObject(template.spec) ? template.spec : {}, `${at}.template.spec`, restartPolicies);
}

function podSpec(spec: Record<string, unknown>, at: string, restartPolicies: string[]): Cause[] {
  const causes: Cause[] = [];
  const volumes = new Set<string>();
  records(spec.volumes).forEach((v, i) => {
    if (!isSet(v.name)) causes.push(required(`${at}.volumes[${i}].name`));
    else volumes.add(String(v.name));
  });
  const containers = records(spec.containers);
  if (containers.length === 0) causes.push(required(`${at}.containers`));
  records(spec.initContainers).forEach((c, i) => causes.push(...container(c, `${at}.initContainers[${i}]`, volumes)));
  containers.forEach((c, i) => causes.push(...container(c, `${at}.containers[${i}]`, volumes)));
  const policy = spec.restartPolicy;
  if (isSet(policy) && !restartPolicies.includes(String(policy))) causes.push(unsupported(`${at}.restartPolicy`, policy, restartPolicies));
  return causes;
}

function container(c: Record<string, unknown>, at: string, volumes: Set<string>): Cause[] {
  const causes: Cause[] = [];
  if (!isSet(c.name)) causes.push(required(`${at}.name`));
  else if (typeof c.name === 'string' && (!LABEL.test(c.name) || c.name.length > 63)) causes.push(invalid(`${at}.name`, JSON.stringify(c.name), LABEL_MESSAGE));
  if (!isSet(c.image)) causes.push(required(`${at}.image`));
  records(c.ports).forEach((p, i) => {
    const port = p.containerPort;
    if (!isSet(port)) causes.push(required(`${at}.ports[${i}].containerPort`));
    else if (typeof port === 'number' && (port < 1 || port > 65535)) causes.push(invalid(`${at}.ports[${i}].containerPort`, String(port), 'must be between 1 and 65535, inclusive'));
    if (isSet(p.protocol) && !PROTOCOLS.includes(String(p.protocol))) causes.push(unsupported(`${at}.ports[${i}].protocol`, p.protocol, PROTOCOLS));
  });
  records(c.env).forEach((e, i) => {
    if (!isSet(e.name)) causes.push(required(`${at}.env[${i}].name`));
  });
  records(c.volumeMounts).forEach((m, i) => {
    if (!isSet(m.name)) causes.push(required(`${at}.volumeMounts[${i}].name`));
    else if (!volumes.has(String(m.name))) causes.push({ field: `${at}.volumeMounts[${i}].name`, message: `Not found: ${JSON.stringify(m.name)}`, reason: 'FieldValueNotFound' });
    if (!isSet(m.mountPath)) causes.push(required(`${at}.volumeMounts[${i}].mountPath`));
  });
  if (isSet(c.imagePullPolicy) && !PULL_POLICIES.includes(String(c.imagePullPolicy))) causes.push(unsupported(`${at}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  return causes;
}

function service(spec: Record<string, unknown>): Cause[] {
  const causes: Cause[] = [];
  const type = spec.type;
  if (isSet(type) && !SERVICE_TYPES.includes(String(type))) causes.push(unsupported('spec.type', type, SERVICE_TYPES));
  const ports = records(spec.ports);
  // A headless Service (clusterIP: None) may have no ports: its DNS names the pods directly.
  if (ports.length === 0 && type !== 'ExternalName' && spec.clusterIP !== 'None') causes.push(required('spec.ports'));
  ports.forEach((p, i) => {
    if (ports.length > 1 && !isSet(p.name)) causes.push(required(`spec.ports[${i}].name`));
    const port = p.port;
    if (typeof port !== 'number' || port < 1 || port > 65535) causes.push(invalid(`spec.ports[${i}].port`, String(port ?? 0), 'must be between 1 and 65535, inclusive'));
    if (isSet(p.protocol) && !PROTOCOLS.includes(String(p.protocol))) causes.push(unsupported(`spec.ports[${i}].protocol`, p.protocol, PROTOCOLS));
  });
  return causes;
}

/** matchLabels and matchExpressions against labels; a missing selector matches nothing. */
function selectorMatches(selector: Record<string, unknown> | undefined, labels: Record<string, unknown>): boolean {
  if (!selector) return false;
  const matchLabels = isPlainObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  for (const e of records(selector.matchExpressions)) {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = key in labels;
    const ok = e.operator === 'In' ? has && values.includes(String(labels[key])) : e.operator === 'NotIn' ? !has || !values.includes(String(labels[key])) : e.operator === 'Exists' ? has : e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}

/** Go's %#v of a map[string]string: map[string]string{"app":"web"} (keys sorted), or map[string]string(nil). */
function goStringMap(m: Record<string, unknown> | undefined): string {
  if (!m) return 'map[string]string(nil)';
  return `map[string]string{${Object.keys(m).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(m[k]))}`).join(', ')}}`;
}
