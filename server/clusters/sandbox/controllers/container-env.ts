// A container's environment as kubelet builds it: service links (FOO_SERVICE_HOST...), envFrom, env with
// valueFrom (fieldRef, configMapKeyRef, secretKeyRef), and `$(VAR)` expansion in values, command and args.
// A missing ConfigMap or Secret is kubelet's CreateContainerConfigError, with its message.
import { isRecord, type KubeObject } from '../kube-object.js';
import type { ObjectStore } from '../object-store.js';
import type { BuiltinTypes } from './controller-context.js';
import type { ResourceRegistry } from '../resource-types.js';

export class ContainerConfigError extends Error {}

export interface EnvSources {
  store: ObjectStore;
  registry: ResourceRegistry;
  types: BuiltinTypes;
}

export function containerEnv(sources: EnvSources, pod: KubeObject, container: Record<string, unknown>): Array<{ name: string; value: string }> {
  const env = new Map<string, string>();
  const namespace = pod.metadata.namespace as string;
  const spec = isRecord(pod.spec) ? pod.spec : {};
  if (spec.enableServiceLinks !== false) for (const [k, v] of serviceLinks(sources, namespace)) env.set(k, v);
  for (const from of Array.isArray(container.envFrom) ? container.envFrom.filter(isRecord) : []) {
    const prefix = typeof from.prefix === 'string' ? from.prefix : '';
    const ref = reference(from.configMapRef, from.secretRef);
    if (!ref) continue;
    const data = readData(sources, namespace, ref.kind, String(ref.name), ref.optional === true);
    for (const [k, v] of Object.entries(data ?? {})) env.set(`${prefix}${k}`, v);
  }
  for (const e of Array.isArray(container.env) ? container.env.filter(isRecord) : []) {
    const name = String(e.name);
    if (typeof e.value === 'string') env.set(name, expand(e.value, env));
    else if (isRecord(e.valueFrom)) {
      const value = valueFrom(sources, pod, e.valueFrom);
      if (value !== undefined) env.set(name, value);
    } else env.set(name, '');
  }
  return [...env].map(([name, value]) => ({ name, value }));
}

/** `$(VAR)` replaced by the variable's value; `$$(VAR)` escapes; unknown references stay as written. */
export function expand(text: string, env: Map<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && env.has(name) ? (env.get(name) as string) : match;
  });
}

function valueFrom(sources: EnvSources, pod: KubeObject, from: Record<string, unknown>): string | undefined {
  const namespace = pod.metadata.namespace as string;
  if (isRecord(from.fieldRef)) return fieldValue(pod, String(from.fieldRef.fieldPath));
  const ref = reference(from.configMapKeyRef, from.secretKeyRef);
  if (!ref) return undefined;
  const optional = ref.optional === true;
  const data = readData(sources, namespace, ref.kind, String(ref.name), optional);
  if (!data) return undefined;
  const key = String(ref.key);
  if (!(key in data)) {
    if (optional) return undefined;
    throw new ContainerConfigError(`couldn't find key ${key} in ${ref.kind === 'secret' ? 'Secret' : 'ConfigMap'} ${namespace}/${String(ref.name)}`);
  }
  return data[key];
}

interface Reference {
  kind: 'configmap' | 'secret';
  name?: unknown;
  key?: unknown;
  optional?: unknown;
}

function reference(configMap: unknown, secret: unknown): Reference | undefined {
  if (isRecord(configMap)) return { ...configMap, kind: 'configmap' };
  if (isRecord(secret)) return { ...secret, kind: 'secret' };
  return undefined;
}

function fieldValue(pod: KubeObject, path: string): string {
  const status = isRecord(pod.status) ? pod.status : {};
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const labelMatch = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (labelMatch) {
    const map = labelMatch[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[labelMatch[2] as string] ?? '';
  }
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return String(spec.nodeName ?? '');
    case 'spec.serviceAccountName':
      return String(spec.serviceAccountName ?? '');
    case 'status.podIP':
      return String(status.podIP ?? '');
    case 'status.hostIP':
      return String(status.hostIP ?? '');
    default:
      return '';
  }
}

function readData(sources: EnvSources, namespace: string, kind: string, name: string, optional: boolean): Record<string, string> | undefined {
  const type = kind === 'secret' ? sources.registry.find('', 'v1', 'secrets') : sources.registry.find('', 'v1', 'configmaps');
  const obj = type ? sources.store.get(type, namespace, name) : undefined;
  if (!obj) {
    if (optional) return undefined;
    throw new ContainerConfigError(`${kind} "${name}" not found`);
  }
  const data = isRecord(obj.data) ? obj.data : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string') continue;
    out[k] = kind === 'secret' ? Buffer.from(v, 'base64').toString() : v;
  }
  return out;
}

/** Docker-link style variables for the namespace's Services (kubelet's enableServiceLinks). */
function serviceLinks(sources: EnvSources, namespace: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const svc of sources.store.list(sources.types.services, namespace)) {
    const spec = isRecord(svc.spec) ? svc.spec : {};
    const ip = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
    if (!ip || ip === 'None') continue;
    const ports = Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : [];
    const first = ports[0];
    if (!first) continue;
    const base = (svc.metadata.name as string).toUpperCase().replace(/-/g, '_');
    out.set(`${base}_SERVICE_HOST`, ip);
    out.set(`${base}_SERVICE_PORT`, String(first.port));
    for (const p of ports) if (typeof p.name === 'string' && p.name) out.set(`${base}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port));
    const proto = String(first.protocol ?? 'TCP').toLowerCase();
    out.set(`${base}_PORT`, `${proto}://${ip}:${String(first.port)}`);
    for (const p of ports) {
      const pp = String(p.protocol ?? 'TCP');
      const prefix = `${base}_PORT_${String(p.port)}_${pp}`;
      out.set(prefix, `${pp.toLowerCase()}://${ip}:${String(p.port)}`);
      out.set(`${prefix}_PROTO`, pp.toLowerCase());
      out.set(`${prefix}_PORT`, String(p.port));
      out.set(`${prefix}_ADDR`, ip);
    }
  }
  return out;
}
