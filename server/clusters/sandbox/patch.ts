// PATCH bodies: JSON merge patch (RFC 7386, what kubectl sends for custom resources), JSON patch (RFC 6902,
// via fast-json-patch) and strategic merge patch (what `kubectl apply`, `edit`, `scale`... send for built-in
// kinds: lists of named things merge by key instead of being replaced).
import jsonPatch from 'fast-json-patch';
import { isRecord } from './kube-object.js';
import { errors } from './status.js';

export const PATCH_TYPES = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** RFC 7386: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** RFC 6902. Failed tests and bad paths are the client's error (422 in kube, with the operation's message). */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw errors.badRequest('json patch must be a list of operations');
  try {
    return jsonPatch.applyPatch(structuredClone(target), patch as jsonPatch.Operation[], true, false).newDocument;
  } catch (error) {
    throw errors.badRequest(`the server rejected our request due to an error in our request: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * Merge keys of list fields in built-in kinds (the `patchMergeKey` struct tags of k8s.io/api), by field name and,
 * where a name means different lists, by the parent field.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  'containers.ports': 'containerPort',
  'initContainers.ports': 'containerPort',
  'spec.ports': 'port',
};

/** Lists of scalars whose patch strategy is merge (a union) rather than replace. */
const MERGED_SCALAR_LISTS = new Set(['finalizers']);

function mergeKeyFor(parent: string, field: string): string | undefined {
  return MERGE_KEYS[`${parent}.${field}`] ?? (field === 'ports' ? undefined : MERGE_KEYS[field]);
}

/** Strategic merge patch for built-in kinds: directives `$patch`, `$setElementOrder/…`, `$deleteFromPrimitiveList/…`, `$retainKeys`. */
export function strategicMergePatch(target: unknown, patch: unknown, parent = ''): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _directive, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  const orders: Array<[string, unknown[]]> = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (key === '$retainKeys') {
      if (Array.isArray(value)) for (const k of Object.keys(out)) if (!value.includes(k) && !(k in patch)) delete out[k];
      continue;
    }
    if (key.startsWith('$setElementOrder/')) {
      if (Array.isArray(value)) orders.push([key.slice('$setElementOrder/'.length), value]);
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(value)) out[field] = (out[field] as unknown[]).filter((v) => !value.includes(v));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const mergeKey = mergeKeyFor(parent, key);
    if (Array.isArray(value) && mergeKey) {
      out[key] = mergeKeyedList(Array.isArray(out[key]) ? (out[key] as unknown[]) : [], value, mergeKey, key);
    } else if (Array.isArray(value) && MERGED_SCALAR_LISTS.has(key)) {
      const current = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
      out[key] = [...current, ...value.filter((v) => !current.includes(v))];
    } else if (isRecord(value)) {
      const merged = strategicMergePatch(out[key], value, key);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    } else {
      out[key] = structuredClone(value);
    }
  }
  for (const [field, order] of orders) {
    const mergeKey = mergeKeyFor(parent, field);
    if (mergeKey && Array.isArray(out[field])) out[field] = reorder(out[field] as unknown[], order, mergeKey);
  }
  return out;
}

function mergeKeyedList(current: unknown[], patch: unknown[], mergeKey: string, field: string): unknown[] {
  const out = current.map((item) => structuredClone(item));
  for (const item of patch) {
    if (!isRecord(item) || !(mergeKey in item)) throw errors.badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    const index = out.findIndex((existing) => isRecord(existing) && existing[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (index !== -1) out.splice(index, 1);
      continue;
    }
    if (index === -1) {
      const { $patch: _directive, ...added } = item;
      out.push(added);
    } else {
      out[index] = strategicMergePatch(out[index], item, field);
    }
  }
  return out;
}

/** `$setElementOrder`: the listed elements first in the given order, any others after, as they were. */
function reorder(items: unknown[], order: unknown[], mergeKey: string): unknown[] {
  const keyOf = (v: unknown): unknown => (isRecord(v) ? v[mergeKey] : v);
  const wanted = order.map(keyOf);
  const ranked = items.filter((i) => wanted.includes(keyOf(i))).sort((a, b) => wanted.indexOf(keyOf(a)) - wanted.indexOf(keyOf(b)));
  return [...ranked, ...items.filter((i) => !wanted.includes(keyOf(i)))];
}
