// A sandbox's objects, in memory, with what the API promises about them: one resourceVersion counter for the
// whole store (as etcd's revision), uid and creationTimestamp on create, generation bumped when the spec
// changes, optimistic concurrency, and a log of recent changes so a watch can resume from a resourceVersion.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { cloneJson } from './clone.js';
import type { KubeObject } from './kube-object.js';
import { errors } from './status.js';
import { apiVersionOf, type ResourceType } from './resource-types.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  resource: string;
  object: KubeObject;
  resourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;

/** Changes kept for watches that resume from an older resourceVersion; older ones get 410 Gone. */
export const EVENT_LOG_SIZE = 10_000;

/** Fields whose change is not a spec change (generation stays). */
const NON_SPEC_FIELDS = new Set(['metadata', 'status', 'apiVersion', 'kind']);

export function resourceKey(type: ResourceType): string {
  return `${type.group}/${type.plural}`;
}

function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

const clone = cloneJson;

export class ObjectStore {
  private revision = 0;
  private readonly byResource = new Map<string, Map<string, KubeObject>>();
  private readonly log: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();

  get resourceVersion(): number {
    return this.revision;
  }

  /** The oldest resourceVersion a watch can resume after. */
  get oldestResumable(): number {
    return this.log.length > 0 ? (this.log[0] as StoreEvent).resourceVersion - 1 : this.revision;
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    const objects = [...(this.byResource.get(resourceKey(type))?.values() ?? [])];
    const scoped = namespace ? objects.filter((o) => o.metadata.namespace === namespace) : objects;
    return scoped
      .sort((a, b) =>
        (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
      )
      .map(clone);
  }

  /**
   * Copies of the objects that match, unsorted: controllers' hot paths look for a few objects among many, and
   * copying only those keeps a sandbox with hundreds of pods cheap. `match` sees the stored object: read only.
   */
  select(type: ResourceType, namespace: string | undefined, match: (obj: Readonly<KubeObject>) => boolean): KubeObject[] {
    const out: KubeObject[] = [];
    for (const obj of this.byResource.get(resourceKey(type))?.values() ?? []) {
      if (namespace !== undefined && obj.metadata.namespace !== namespace) continue;
      if (match(obj)) out.push(clone(obj));
    }
    return out;
  }

  /** How many objects match, copying none. */
  count(type: ResourceType, namespace: string | undefined, match: (obj: Readonly<KubeObject>) => boolean): number {
    let n = 0;
    for (const obj of this.byResource.get(resourceKey(type))?.values() ?? []) {
      if ((namespace === undefined || obj.metadata.namespace === namespace) && match(obj)) n++;
    }
    return n;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.byResource.get(resourceKey(type))?.get(objectKey(namespace, name));
    return found ? clone(found) : undefined;
  }

  /** `uid`: one the API chose before storing (a Job's generated selector names it). */
  create(type: ResourceType, input: KubeObject, options: { uid?: string } = {}): KubeObject {
    const map = this.mapFor(type);
    const name = input.metadata.name as string;
    const key = objectKey(type.namespaced ? input.metadata.namespace : undefined, name);
    if (map.has(key)) throw errors.alreadyExists(type, name);
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    const meta = obj.metadata;
    delete meta.managedFields;
    meta.uid = options.uid ?? randomUUID();
    meta.creationTimestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (type.generation) meta.generation = 1;
    else delete meta.generation;
    delete meta.deletionTimestamp;
    this.commit(type, map, key, obj, 'ADDED');
    return clone(obj);
  }

  /** Replaces an object. A resourceVersion in the input must match the stored one (409 otherwise). */
  update(type: ResourceType, input: KubeObject, options: { subresource?: 'status' } = {}): KubeObject {
    const map = this.mapFor(type);
    const name = input.metadata.name as string;
    const key = objectKey(type.namespaced ? input.metadata.namespace : undefined, name);
    const current = map.get(key);
    if (!current) throw errors.notFound(type, name);
    const rv = input.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== current.metadata.resourceVersion) throw errors.conflict(type, name);
    let next: KubeObject;
    if (options.subresource === 'status') {
      // The status subresource changes status only; everything else stays as stored.
      next = clone(current);
      if ('status' in input) next.status = clone(input.status);
      else delete next.status;
    } else {
      next = clone(input);
      // Status is written through its own subresource when the type has one.
      if (this.hasStatusSubresource(type)) {
        if ('status' in current) next.status = clone(current.status);
        else delete next.status;
      }
      next.metadata = {
        ...next.metadata,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        ...(current.metadata.deletionTimestamp ? { deletionTimestamp: current.metadata.deletionTimestamp } : {}),
      };
      delete next.metadata.managedFields;
      const specChanged = !isDeepStrictEqual(specOf(current), specOf(next));
      if (type.generation) next.metadata.generation = (current.metadata.generation ?? 1) + (specChanged ? 1 : 0);
      else delete next.metadata.generation;
    }
    next.apiVersion = apiVersionOf(type);
    next.kind = type.kind;
    if (isDeepStrictEqual(withoutVersion(next), withoutVersion(current))) return clone(current); // a no-op keeps its version
    this.commit(type, map, key, next, 'MODIFIED');
    return clone(next);
  }

  /** For controllers: changes an object in place (metadata included), outside the API's update rules. */
  modify(type: ResourceType, namespace: string | undefined, name: string, change: (obj: KubeObject) => void): KubeObject {
    const map = this.mapFor(type);
    const key = objectKey(type.namespaced ? namespace : undefined, name);
    const current = map.get(key);
    if (!current) throw errors.notFound(type, name);
    const next = clone(current);
    change(next);
    this.commit(type, map, key, next, 'MODIFIED');
    return clone(next);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const map = this.mapFor(type);
    const key = objectKey(type.namespaced ? namespace : undefined, name);
    const current = map.get(key);
    if (!current) throw errors.notFound(type, name);
    map.delete(key);
    const gone = clone(current);
    this.record(type, gone, 'DELETED');
    return clone(gone);
  }

  /** Every change from now on, in order. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes after `resourceVersion` still in the log; throws 410 when that version is older than the log. */
  changesSince(resourceVersion: number): StoreEvent[] {
    if (resourceVersion < this.oldestResumable) throw errors.expired(resourceVersion, this.oldestResumable);
    return this.log.filter((e) => e.resourceVersion > resourceVersion);
  }

  /** Forgets a resource type's objects (a CRD was deleted). */
  dropResource(type: ResourceType): void {
    for (const obj of this.list(type)) this.delete(type, obj.metadata.namespace, obj.metadata.name as string);
    this.byResource.delete(resourceKey(type));
  }

  private hasStatusSubresource(type: ResourceType): boolean {
    return type.subresources.includes('status');
  }

  private mapFor(type: ResourceType): Map<string, KubeObject> {
    const key = resourceKey(type);
    let map = this.byResource.get(key);
    if (!map) {
      map = new Map();
      this.byResource.set(key, map);
    }
    return map;
  }

  private commit(type: ResourceType, map: Map<string, KubeObject>, key: string, obj: KubeObject, kind: WatchEventType): void {
    this.revision++;
    obj.metadata.resourceVersion = String(this.revision);
    map.set(key, obj);
    this.record(type, obj, kind, false);
  }

  private record(type: ResourceType, obj: KubeObject, kind: WatchEventType, bump = true): void {
    if (bump) {
      this.revision++;
      obj.metadata.resourceVersion = String(this.revision);
    }
    const event: StoreEvent = { type: kind, resource: resourceKey(type), object: clone(obj), resourceVersion: this.revision };
    this.log.push(event);
    if (this.log.length > EVENT_LOG_SIZE) this.log.splice(0, this.log.length - EVENT_LOG_SIZE);
    for (const listener of this.listeners) listener(event);
  }
}

function specOf(obj: KubeObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!NON_SPEC_FIELDS.has(k)) out[k] = v;
  return out;
}

function withoutVersion(obj: KubeObject): KubeObject {
  const { resourceVersion: _rv, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}
