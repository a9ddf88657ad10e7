// A function as faas-netes (CE) makes it: a Deployment and a ClusterIP Service named after the function in
// openfaas-fn, labelled `faas_function: <name>`, annotated `prometheus.io.scrape: "false"`, one container named
// after the function on port 8080 with HTTP probes on /_/health; and the FunctionStatus read back from the
// Deployment, in the field order the provider's JSON has.
import { isRecord, type KubeObject } from '../../kube-object.js';
import { CE_MAX_REPLICAS, FUNCTION_NAMESPACE } from '../install/constants.js';
import type { SecretsConfig } from './function-secrets.js';

/** faas-provider's FunctionDeployment: what faas-cli POSTs and PUTs to /system/functions. */
export interface FunctionDeployment {
  service: string;
  image: string;
  namespace?: string;
  envProcess?: string;
  envVars?: Record<string, string>;
  constraints?: string[];
  secrets?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  limits?: { memory?: string; cpu?: string };
  requests?: { memory?: string; cpu?: string };
  readOnlyRootFilesystem?: boolean;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RUNTIME_PORT = 8080;

/** Reads a request body as Go's encoding/json would into FunctionDeployment; a message on failure. */
export function parseFunctionDeployment(body: string): FunctionDeployment | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { error: body.trim() === '' ? 'unexpected end of JSON input' : 'invalid character in JSON input' };
  }
  if (!isRecord(value)) return { error: `json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type types.FunctionDeployment` };
  const str = (k: string): string | undefined => (typeof value[k] === 'string' ? (value[k] as string) : undefined);
  const map = (k: string): Record<string, string> | undefined => (isRecord(value[k]) ? Object.fromEntries(Object.entries(value[k] as Record<string, unknown>).map(([a, b]) => [a, String(b)])) : undefined);
  const res = (k: string): { memory?: string; cpu?: string } | undefined => (isRecord(value[k]) ? (value[k] as { memory?: string; cpu?: string }) : undefined);
  const out: FunctionDeployment = { service: str('service') ?? '', image: str('image') ?? '' };
  const namespace = str('namespace');
  if (namespace) out.namespace = namespace;
  const envProcess = str('envProcess');
  if (envProcess) out.envProcess = envProcess;
  for (const k of ['envVars', 'labels', 'annotations'] as const) {
    const m = map(k);
    if (m) out[k] = m;
  }
  for (const k of ['constraints', 'secrets'] as const) if (Array.isArray(value[k])) out[k] = (value[k] as unknown[]).map(String);
  for (const k of ['limits', 'requests'] as const) {
    const r = res(k);
    if (r) out[k] = r;
  }
  if (value.readOnlyRootFilesystem === true) out.readOnlyRootFilesystem = true;
  return out;
}

/** faas-netes' ValidateDeployRequest, with CE's scaling-label checks. */
export function validateDeployRequest(request: FunctionDeployment): string | undefined {
  if (request.service === '') return 'service: is required';
  if (!DNS_LABEL.test(request.service)) return `service: (${request.service}) is invalid, must be a valid DNS entry`;
  if (request.image === '') return 'image: is required';
  const labels = request.labels ?? {};
  if (labels['com.openfaas.scale.zero'] === 'true') return 'com.openfaas.scale.zero not available for Community Edition';
  for (const key of ['com.openfaas.scale.zero-duration', 'com.openfaas.scale.target', 'com.openfaas.scale.type']) {
    if (key in labels) return `${key} not available for Community Edition`;
  }
  for (const key of ['com.openfaas.scale.max', 'com.openfaas.scale.min']) {
    const n = Number.parseInt(labels[key] ?? '', 10);
    if (Number.isInteger(n) && n > CE_MAX_REPLICAS) return `${key} is set too high for Community Edition`;
  }
  return undefined;
}

/** The annotations faas-netes sets on the Deployment, its pods and the Service; an error for CE's refusals. */
export function buildAnnotations(request: FunctionDeployment): Record<string, string> | { error: string } {
  const annotations = { ...(request.annotations ?? {}) };
  if ((annotations.topic ?? '').includes(',')) return { error: 'the topic annotation may only support one value in the Community Edition' };
  for (const key of Object.keys(annotations)) {
    if (key.includes('amazonaws.com') || key.includes('gke.io')) return { error: `annotation "${key}" is not supported in the Community Edition` };
  }
  annotations['prometheus.io.scrape'] ??= 'false';
  return annotations;
}

function minReplicas(labels: Record<string, string> | undefined): number | undefined {
  const n = Number.parseInt(labels?.['com.openfaas.scale.min'] ?? '', 10);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function envVars(request: FunctionDeployment): Array<{ name: string; value: string }> {
  const env = [...(request.envProcess ? [{ name: 'fprocess', value: request.envProcess }] : []), ...Object.entries(request.envVars ?? {}).map(([name, value]) => ({ name, value }))];
  return env.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function resources(request: FunctionDeployment): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const kind of ['limits', 'requests'] as const) {
    const r = request[kind];
    const list: Record<string, string> = {};
    if (r?.cpu) list.cpu = r.cpu;
    if (r?.memory) list.memory = r.memory;
    if (Object.keys(list).length > 0) out[kind] = list;
  }
  return out;
}

const probe = (): Record<string, unknown> => ({
  httpGet: { path: '/_/health', port: RUNTIME_PORT },
  initialDelaySeconds: 2,
  timeoutSeconds: 1,
  periodSeconds: 2,
  successThreshold: 1,
  failureThreshold: 3,
});

/** The pod template faas-netes writes (on deploy and again on update). */
function podTemplate(request: FunctionDeployment, annotations: Record<string, string>, extraLabels: Record<string, string> = {}, secrets?: SecretsConfig): Record<string, unknown> {
  const template = {
    metadata: { name: request.service, labels: { faas_function: request.service, ...extraLabels, ...(request.labels ?? {}) }, annotations },
    spec: {
      nodeSelector: {},
      containers: [
        {
          name: request.service,
          image: request.image,
          ports: [{ name: 'http', containerPort: RUNTIME_PORT, protocol: 'TCP' }],
          env: envVars(request),
          resources: resources(request),
          imagePullPolicy: 'Always',
          livenessProbe: probe(),
          readinessProbe: probe(),
          securityContext: { readOnlyRootFilesystem: request.readOnlyRootFilesystem === true },
        },
      ],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
    },
  };
  return secrets ? withSecrets(template, secrets) : template;
}

/** The projected secrets volume, its mount in every container, and pull secrets (function-secrets.ts). */
function withSecrets<T extends { spec: { containers: Array<Record<string, unknown>> } & Record<string, unknown> }>(template: T, secrets: SecretsConfig): T {
  if (secrets.volumes.length > 0) {
    template.spec.volumes = secrets.volumes;
    for (const c of template.spec.containers) c.volumeMounts = secrets.volumeMounts;
  }
  if (secrets.imagePullSecrets.length > 0) template.spec.imagePullSecrets = secrets.imagePullSecrets;
  return template;
}

export function functionDeployment(request: FunctionDeployment, annotations: Record<string, string>, secrets?: SecretsConfig): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: request.service, namespace: FUNCTION_NAMESPACE, annotations, labels: { faas_function: request.service } },
    spec: {
      selector: { matchLabels: { faas_function: request.service } },
      replicas: minReplicas(request.labels) ?? 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      revisionHistoryLimit: 10,
      template: podTemplate(request, annotations, {}, secrets),
    },
  };
}

/** The Deployment after PUT /system/functions: image, env, labels (plus faas-netes' `uid`), annotations, resources, probes. */
export function updatedDeployment(current: KubeObject, request: FunctionDeployment, annotations: Record<string, string>, secrets?: SecretsConfig): KubeObject {
  const spec = isRecord(current.spec) ? current.spec : {};
  const replicas = minReplicas(request.labels) ?? spec.replicas;
  const template = podTemplate(request, annotations, { uid: String(Date.now() % 1e9) }, secrets);
  return { ...current, metadata: { ...current.metadata, annotations }, spec: { ...spec, replicas, template } };
}

export function functionService(request: FunctionDeployment, annotations: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: request.service, namespace: FUNCTION_NAMESPACE, annotations },
    spec: {
      type: 'ClusterIP',
      selector: { faas_function: request.service },
      ports: [{ name: 'http', protocol: 'TCP', port: RUNTIME_PORT, targetPort: RUNTIME_PORT }],
    },
  };
}

/** faas-provider's FunctionStatus of a function's Deployment, omitempty fields left out as Go's JSON does. */
export function functionStatus(d: KubeObject, invocationCount: number): Record<string, unknown> {
  const spec = isRecord(d.spec) ? d.spec : {};
  const template = isRecord(spec.template) ? spec.template : {};
  const tmeta = isRecord(template.metadata) ? template.metadata : {};
  const pod = isRecord(template.spec) ? template.spec : {};
  const container = (Array.isArray(pod.containers) ? pod.containers.filter(isRecord) : [])[0] ?? {};
  const env = Array.isArray(container.env) ? container.env.filter(isRecord) : [];
  const envMap = Object.fromEntries(env.map((e) => [String(e.name), String(e.value ?? '')]));
  const res = isRecord(container.resources) ? container.resources : {};
  const quantities = (kind: string): Record<string, string> | undefined => {
    const list = isRecord(res[kind]) ? (res[kind] as Record<string, unknown>) : {};
    if (list.cpu === undefined && list.memory === undefined) return undefined;
    return { memory: String(list.memory ?? '0'), cpu: String(list.cpu ?? '0') };
  };
  const status = isRecord(d.status) ? d.status : {};
  const out: Record<string, unknown> = { name: d.metadata.name, image: String(container.image ?? ''), namespace: d.metadata.namespace };
  if (envMap.fprocess) out.envProcess = envMap.fprocess;
  if (env.length > 0) out.envVars = envMap;
  out.labels = tmeta.labels ?? {};
  out.annotations = tmeta.annotations ?? {};
  const limits = quantities('limits');
  if (limits) out.limits = limits;
  const requests = quantities('requests');
  if (requests) out.requests = requests;
  if (isRecord(container.securityContext) && container.securityContext.readOnlyRootFilesystem === true) out.readOnlyRootFilesystem = true;
  if (invocationCount > 0) out.invocationCount = invocationCount;
  if (typeof spec.replicas === 'number' && spec.replicas > 0) out.replicas = spec.replicas;
  if (typeof status.availableReplicas === 'number' && status.availableReplicas > 0) out.availableReplicas = status.availableReplicas;
  out.createdAt = d.metadata.creationTimestamp;
  return out;
}
