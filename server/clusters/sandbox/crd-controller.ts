// CustomResourceDefinitions become served resources, as the apiextensions apiserver makes them: each served
// version appears in discovery and OpenAPI, answers CRUD, prints its additionalPrinterColumns, and the CRD's
// status says Established. Deleting the CRD deletes its objects and the resource.
import { isRecord, type KubeObject } from './kube-object.js';
import type { ObjectStore, StoreEvent } from './object-store.js';
import type { ResourceRegistry, ResourceType } from './resource-types.js';
import type { PrinterColumn } from './tables/index.js';
import { crdSchema } from './schema/custom.js';

const CRD_RESOURCE = 'apiextensions.k8s.io/customresourcedefinitions';
const VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

interface CrdNames {
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  shortNames: string[];
  categories: string[];
}

function names(spec: Record<string, unknown>): CrdNames | undefined {
  const n = isRecord(spec.names) ? spec.names : undefined;
  if (!n || typeof n.plural !== 'string' || typeof n.kind !== 'string') return undefined;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    plural: n.plural,
    singular: typeof n.singular === 'string' && n.singular ? n.singular : n.kind.toLowerCase(),
    kind: n.kind,
    listKind: typeof n.listKind === 'string' && n.listKind ? n.listKind : `${n.kind}List`,
    shortNames: strings(n.shortNames),
    categories: strings(n.categories),
  };
}

export class CrdController {
  /** The resource types each CRD added, by CRD name, so an update or delete can take them away. */
  private readonly served = new Map<string, ResourceType[]>();

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly store: ObjectStore,
    private readonly printerColumns: Map<string, PrinterColumn[]>,
  ) {
    store.subscribe((event) => this.onEvent(event));
  }

  private onEvent(event: StoreEvent): void {
    if (event.resource !== CRD_RESOURCE) return;
    const crd = event.object;
    const name = crd.metadata.name as string;
    this.unserve(name, event.type === 'DELETED');
    if (event.type === 'DELETED') return;
    const spec = isRecord(crd.spec) ? crd.spec : {};
    const n = names(spec);
    const group = typeof spec.group === 'string' ? spec.group : '';
    if (!n || !group || !Array.isArray(spec.versions)) return;
    const types: ResourceType[] = [];
    for (const v of spec.versions) {
      if (!isRecord(v) || typeof v.name !== 'string' || v.served === false) continue;
      const subresources = isRecord(v.subresources) ? Object.keys(v.subresources).filter((s) => s === 'status' || s === 'scale') : [];
      const type: ResourceType = {
        group,
        version: v.name,
        kind: n.kind,
        listKind: n.listKind,
        plural: n.plural,
        singular: n.singular,
        namespaced: spec.scope !== 'Cluster',
        shortNames: n.shortNames,
        categories: n.categories,
        verbs: VERBS,
        subresources,
        generation: true,
      };
      const schema = crdSchema(isRecord(v.schema) ? v.schema.openAPIV3Schema : undefined);
      if (schema) type.schema = schema;
      this.registry.add(type);
      types.push(type);
      const columns = Array.isArray(v.additionalPrinterColumns) ? (v.additionalPrinterColumns.filter(isRecord) as unknown as PrinterColumn[]) : [];
      this.printerColumns.set(`${group}/${n.plural}`, columns);
    }
    this.served.set(name, types);
    this.markEstablished(crd, n);
  }

  private unserve(crdName: string, deleteObjects: boolean): void {
    for (const type of this.served.get(crdName) ?? []) {
      if (deleteObjects) this.store.dropResource(type);
      this.registry.remove(type.group, type.version, type.plural);
      this.printerColumns.delete(`${type.group}/${type.plural}`);
    }
    this.served.delete(crdName);
  }

  /** Status as the apiextensions controllers leave it: names accepted, Established, storedVersions. */
  private markEstablished(crd: KubeObject, n: CrdNames): void {
    const status = isRecord(crd.status) ? crd.status : {};
    const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isRecord) : [];
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return;
    const type = this.registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions') as ResourceType;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const spec = isRecord(crd.spec) ? crd.spec : {};
    const storage = Array.isArray(spec.versions) ? spec.versions.filter(isRecord).find((v) => v.storage === true)?.name : undefined;
    // Deferred: the change that triggered this event is still being delivered to other listeners.
    setImmediate(() => {
      if (!this.store.get(type, undefined, crd.metadata.name as string)) return;
      this.store.modify(type, undefined, crd.metadata.name as string, (obj) => {
        obj.status = {
          acceptedNames: { ...n, shortNames: n.shortNames.length ? n.shortNames : undefined, categories: n.categories.length ? n.categories : undefined },
          conditions: [
            { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
            { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
          ],
          storedVersions: storage ? [storage] : [],
        };
      });
    });
  }
}
