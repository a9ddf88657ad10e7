// The resources a sandbox serves: what discovery lists, what the routes accept. Built-in kinds are fixed here;
// CustomResourceDefinitions add and remove types at run time.
import type { Schema } from './schema/types.js';

export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** e.g. 'status', 'scale', 'log'. */
  subresources: string[];
  /** Whether the apiserver keeps metadata.generation for this kind (workloads, CRDs, custom resources). */
  generation: boolean;
  /** A custom resource's structural schema (its CRD version's openAPIV3Schema); built-ins have theirs in schema/. */
  schema?: Schema;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function builtin(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<Pick<ResourceType, 'shortNames' | 'categories' | 'subresources' | 'verbs' | 'generation'>> = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames: extra.shortNames ?? [],
    categories: extra.categories ?? [],
    verbs: extra.verbs ?? ALL_VERBS,
    subresources: extra.subresources ?? [],
    generation: extra.generation ?? false,
  };
}

/** The kinds of a fresh kind cluster that lessons and kubectl touch, as a 1.32 apiserver describes them. */
export const BUILTIN_TYPES: readonly ResourceType[] = [
  builtin('', 'v1', 'Namespace', 'namespaces', false, { shortNames: ['ns'], subresources: ['status', 'finalize'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  builtin('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], subresources: ['status'] }),
  builtin('', 'v1', 'Pod', 'pods', true, { shortNames: ['po'], categories: ['all'], subresources: ['status', 'log'] }),
  builtin('', 'v1', 'Service', 'services', true, { shortNames: ['svc'], categories: ['all'], subresources: ['status'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }),
  builtin('', 'v1', 'Endpoints', 'endpoints', true, { shortNames: ['ep'] }),
  builtin('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  builtin('', 'v1', 'Secret', 'secrets', true),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
  builtin('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  builtin('apps', 'v1', 'DaemonSet', 'daemonsets', true, { shortNames: ['ds'], categories: ['all'], subresources: ['status'], generation: true }),
  builtin('apps', 'v1', 'Deployment', 'deployments', true, { shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], generation: true }),
  builtin('apps', 'v1', 'ReplicaSet', 'replicasets', true, { shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'], generation: true }),
  builtin('batch', 'v1', 'CronJob', 'cronjobs', true, { shortNames: ['cj'], categories: ['all'], subresources: ['status'], generation: true }),
  builtin('batch', 'v1', 'Job', 'jobs', true, { categories: ['all'], subresources: ['status'], generation: true }),
  builtin('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  builtin('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, {
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: ['status'],
    generation: true,
  }),
];

/** Preferred versions and ordering of groups in discovery, as kube-apiserver lists them. */
const GROUP_ORDER = ['', 'apps', 'batch', 'apiextensions.k8s.io', 'discovery.k8s.io'];

/** Looks resources up by route and lists them for discovery. */
export class ResourceRegistry {
  private readonly types: ResourceType[] = [...BUILTIN_TYPES];

  all(): readonly ResourceType[] {
    return this.types;
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  /** Groups with their versions, core first, then built-in order, then the rest by name. */
  groups(): Array<{ group: string; versions: string[] }> {
    const byGroup = new Map<string, string[]>();
    for (const t of this.types) {
      const versions = byGroup.get(t.group) ?? [];
      if (!versions.includes(t.version)) versions.push(t.version);
      byGroup.set(t.group, versions);
    }
    const rank = (g: string): number => {
      const i = GROUP_ORDER.indexOf(g);
      return i === -1 ? GROUP_ORDER.length : i;
    };
    return [...byGroup.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([group, versions]) => ({ group, versions }));
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.types.filter((t) => t.group === group && t.version === version);
  }

  add(type: ResourceType): void {
    this.remove(type.group, type.version, type.plural);
    this.types.push(type);
  }

  remove(group: string, version: string, plural: string): void {
    const i = this.types.findIndex((t) => t.group === group && t.version === version && t.plural === plural);
    if (i !== -1) this.types.splice(i, 1);
  }
}

export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** `configmaps` or `deployments.apps`: how kube names a resource in messages. */
export function qualifiedResource(type: ResourceType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}
