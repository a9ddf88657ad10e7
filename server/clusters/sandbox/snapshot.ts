// What a learner made in a sandbox, kept outside it so a new sandbox can be given the same state (a classroom
// restarts; the sandbox lives in memory). Saved is what no controller would make again: objects without an owner,
// not of a kind controllers write (events, endpoints, leases), that are new or changed since the sandbox was
// installed, and the installed ones the learner deleted. Restoring applies them through the API's own admission,
// so the new sandbox's controllers build the rest (ReplicaSets, pods, Revisions, Routes) as they did the first time.
import { isDeepStrictEqual } from 'node:util';
import { cloneJson } from './clone.js';
import { isRecord, type KubeObject } from './kube-object.js';
import type { SandboxApi } from './sandbox-api.js';
import type { ResourceType } from './resource-types.js';

export const SNAPSHOT_FORMAT = 'kubeclass.dev/sandbox-snapshot/v1';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ClusterSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  takenAt: string;
  /** In the order they are restored: definitions, then namespaces, then the rest. */
  objects: KubeObject[];
  /** Installed objects the learner deleted. */
  deleted: ObjectRef[];
}

export interface RestoreReport {
  created: number;
  updated: number;
  deleted: number;
  /** What the new sandbox refused, with its reason; the rest is restored. */
  failed: Array<{ ref: ObjectRef; message: string }>;
}

/** Kinds only controllers write: what they hold is made again from the objects that are restored. */
const CONTROLLER_KINDS = new Set(['Event', 'Endpoints', 'EndpointSlice', 'Lease', 'Node']);
/** What every namespace gets from controllers (and the root CA one names the old sandbox's CA). */
const NAMESPACE_SEEDS = new Set(['ServiceAccount/default', 'ConfigMap/kube-root-ca.crt']);
/** Annotations controllers write on objects they do not own. */
const CONTROLLER_ANNOTATIONS = ['deployment.kubernetes.io/revision'];
/** Kept whether changed or not: the admin password must outlive the sandbox, or the learner's `faas-cli login` breaks. */
const ALWAYS_KEPT = new Set(['openfaas/Secret/basic-auth']);
/** Written by the apiserver, not the learner. */
const SERVER_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.kind}/${obj.metadata.name ?? ''}`;
}

function refOf(obj: KubeObject): ObjectRef {
  return { apiVersion: obj.apiVersion, kind: obj.kind, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), name: obj.metadata.name as string };
}

/** Trims a copy to the object as the learner would write it again: no status, no fields the apiserver fills in. */
function makePortable(copy: KubeObject): KubeObject {
  delete copy.status;
  for (const field of SERVER_FIELDS) delete (copy.metadata as Record<string, unknown>)[field];
  return copy;
}

/** What tells a learner's change from the installed object: the portable object, less controllers' annotations. */
function fingerprint(obj: KubeObject): KubeObject {
  const annotations = obj.metadata.annotations;
  if (!annotations) return obj;
  const kept = Object.fromEntries(Object.entries(annotations).filter(([a]) => !CONTROLLER_ANNOTATIONS.includes(a)));
  const { annotations: _all, ...metadata } = obj.metadata;
  return { ...obj, metadata: Object.keys(kept).length ? { ...metadata, annotations: kept } : metadata };
}

/**
 * Each stored resource once (a CRD served at two versions shares one store), as portable objects: the store's
 * copies are this function's own, so they are trimmed in place rather than copied again.
 */
function storedObjects(api: SandboxApi): KubeObject[] {
  const seen = new Set<string>();
  const out: KubeObject[] = [];
  for (const type of api.registry.all()) {
    const resource = `${type.group}/${type.plural}`;
    if (seen.has(resource) || CONTROLLER_KINDS.has(type.kind)) continue;
    seen.add(resource);
    out.push(...api.store.select(type, undefined, (o) => !o.metadata.ownerReferences?.length && !o.metadata.deletionTimestamp));
  }
  return out.filter((o) => !NAMESPACE_SEEDS.has(`${o.kind}/${o.metadata.name ?? ''}`)).map(makePortable);
}

/** The installed state, recorded once the sandbox is up, that snapshots are compared with. */
export class SnapshotBaseline {
  private readonly installed = new Map<string, KubeObject>();

  constructor(api: SandboxApi) {
    for (const obj of storedObjects(api)) this.installed.set(keyOf(obj), fingerprint(obj));
  }

  take(api: SandboxApi, now = new Date()): ClusterSnapshot {
    const objects: KubeObject[] = [];
    const present = new Set<string>();
    for (const obj of storedObjects(api)) {
      const key = keyOf(obj);
      present.add(key);
      const installed = this.installed.get(key);
      if (!installed || ALWAYS_KEPT.has(key) || !isDeepStrictEqual(installed, fingerprint(obj))) objects.push(obj);
    }
    const deleted = [...this.installed.entries()].filter(([key]) => !present.has(key)).map(([, obj]) => refOf(obj));
    return { format: SNAPSHOT_FORMAT, takenAt: now.toISOString(), objects: objects.sort(byRestoreOrder), deleted };
  }
}

function rank(obj: KubeObject): number {
  if (obj.kind === 'CustomResourceDefinition') return 0;
  if (obj.kind === 'Namespace') return 1;
  if (obj.kind === 'ServiceAccount' || obj.kind === 'ConfigMap' || obj.kind === 'Secret') return 2;
  return 3;
}

function byRestoreOrder(a: KubeObject, b: KubeObject): number {
  return rank(a) - rank(b) || keyOf(a).localeCompare(keyOf(b));
}

function typeOf(api: SandboxApi, apiVersion: string, kind: string): ResourceType | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const version = slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
  const all = api.registry.all().filter((t) => t.group === group && t.kind === kind);
  return all.find((t) => t.version === version) ?? all[0];
}

/** A restore in a line's words: how many objects, and each refused one with the sandbox's reason. */
export function describeRestore(report: RestoreReport): { restored: number; failed: string[] } {
  const ref = (r: ObjectRef): string => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
  return { restored: report.created + report.updated + report.deleted, failed: report.failed.map((f) => `${ref(f.ref)}: ${f.message}`) };
}

/** Reads a snapshot saved earlier; anything else is refused with what is wrong. */
export function parseSnapshot(text: string): ClusterSnapshot {
  const value: unknown = JSON.parse(text);
  if (!isRecord(value) || value.format !== SNAPSHOT_FORMAT || !Array.isArray(value.objects) || !Array.isArray(value.deleted)) {
    throw new Error(`not a sandbox snapshot (expected format ${SNAPSHOT_FORMAT})`);
  }
  const wellFormed = (o: unknown): o is KubeObject =>
    isRecord(o) && typeof o.apiVersion === 'string' && typeof o.kind === 'string' && isRecord(o.metadata) && typeof o.metadata.name === 'string';
  const isRef = (r: unknown): r is ObjectRef => isRecord(r) && typeof r.apiVersion === 'string' && typeof r.kind === 'string' && typeof r.name === 'string';
  if (!value.objects.every(wellFormed) || !value.deleted.every(isRef)) throw new Error('a sandbox snapshot holds an entry that is not an object');
  return value as unknown as ClusterSnapshot;
}

/**
 * Puts a snapshot's objects into a fresh sandbox: created, or replacing the installed one; installed objects the
 * learner had deleted are deleted. An object the sandbox refuses is reported and the rest still restored.
 */
export function restoreSnapshot(api: SandboxApi, snapshot: ClusterSnapshot): RestoreReport {
  const report: RestoreReport = { created: 0, updated: 0, deleted: 0, failed: [] };
  for (const saved of snapshot.objects) {
    const obj = cloneJson(saved);
    try {
      const type = typeOf(api, obj.apiVersion, obj.kind);
      if (!type) throw new Error(`no resource ${obj.kind} in ${obj.apiVersion}: its definition was not restored`);
      const current = api.store.get(type, type.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name as string);
      if (current) {
        obj.metadata.resourceVersion = current.metadata.resourceVersion;
        if (obj.kind === 'Service' && isRecord(obj.spec) && isRecord(current.spec)) keepServiceAddresses(obj.spec, current.spec);
        api.replaceObject(type, obj);
        report.updated++;
      } else {
        createRestored(api, type, obj);
        report.created++;
      }
    } catch (error) {
      report.failed.push({ ref: refOf(saved), message: error instanceof Error ? error.message : String(error) });
    }
  }
  for (const ref of snapshot.deleted) {
    const type = typeOf(api, ref.apiVersion, ref.kind);
    if (!type || !api.store.get(type, type.namespaced ? ref.namespace : undefined, ref.name)) continue;
    try {
      api.deleteObject(type, type.namespaced ? ref.namespace : undefined, ref.name);
      report.deleted++;
    } catch (error) {
      report.failed.push({ ref, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}

/** clusterIP cannot change on update: the new sandbox's allocation stays. */
function keepServiceAddresses(spec: Record<string, unknown>, current: Record<string, unknown>): void {
  for (const field of ['clusterIP', 'clusterIPs']) {
    if (field in current) spec[field] = current[field];
    else delete spec[field];
  }
}

/** A Service keeps its addresses where the new sandbox has them free, and takes new ones where it does not. */
function createRestored(api: SandboxApi, type: ResourceType, obj: KubeObject): void {
  try {
    api.createObject(type, cloneJson(obj));
  } catch (error) {
    if (obj.kind !== 'Service' || !isRecord(obj.spec)) throw error;
    const spec = obj.spec;
    delete spec.clusterIP;
    delete spec.clusterIPs;
    for (const port of Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : []) delete port.nodePort;
    api.createObject(type, obj);
  }
}
