// API discovery, in both forms kubectl understands: aggregated (apidiscovery.k8s.io/v2, one request for
// everything; kubectl misreads it unless the Content-Type names it exactly) and the legacy per-group documents.
import { apiVersionOf, type ResourceRegistry, type ResourceType } from './resource-types.js';

export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** True when the client accepts aggregated discovery v2. */
export function wantsAggregated(accept: string | undefined): boolean {
  return accept !== undefined && /g=apidiscovery\.k8s\.io;\s*v=v2;\s*as=APIGroupDiscoveryList/.test(accept);
}

const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  log: ['get'],
  finalize: ['update'],
};

function subresourceKind(type: ResourceType, sub: string): { group: string; version: string; kind: string } {
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  return { group: type.group, version: type.version, kind: type.kind };
}

function aggregatedResource(type: ResourceType): Record<string, unknown> {
  return {
    resource: type.plural,
    responseKind: { group: type.group, version: type.version, kind: type.kind },
    scope: type.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: type.singular,
    verbs: type.verbs,
    ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
    ...(type.categories.length ? { categories: type.categories } : {}),
    ...(type.subresources.length
      ? {
          subresources: type.subresources.map((sub) => ({
            subresource: sub,
            responseKind: subresourceKind(type, sub),
            verbs: SUBRESOURCE_VERBS[sub] ?? ['get'],
          })),
        }
      : {}),
  };
}

/** GET /api (core: true) or /apis (core: false), aggregated. */
export function aggregatedDiscovery(registry: ResourceRegistry, core: boolean): Record<string, unknown> {
  const items = registry
    .groups()
    .filter(({ group }) => (group === '') === core)
    .map(({ group, versions }) => ({
      metadata: { name: group, creationTimestamp: null },
      versions: versions.map((version) => ({
        version,
        resources: registry.inGroupVersion(group, version).map(aggregatedResource),
        freshness: 'Current',
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

/** GET /api, legacy. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** GET /apis, legacy. */
export function apiGroupList(registry: ResourceRegistry): Record<string, unknown> {
  const groups = registry
    .groups()
    .filter(({ group }) => group !== '')
    .map(({ group, versions }) => {
      const list = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
      return { name: group, versions: list, preferredVersion: list[0] };
    });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** GET /api/v1 or /apis/<group>/<version>, legacy. Undefined when nothing is served there. */
export function apiResourceList(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const types = registry.inGroupVersion(group, version);
  if (types.length === 0) return undefined;
  const resources = types.flatMap((type) => [
    {
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: type.verbs,
      ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
      ...(type.categories.length ? { categories: type.categories } : {}),
    },
    ...type.subresources.map((sub) => {
      const kind = subresourceKind(type, sub);
      return {
        name: `${type.plural}/${sub}`,
        singularName: '',
        namespaced: type.namespaced,
        ...(kind.group !== type.group ? { group: kind.group, version: kind.version } : {}),
        kind: kind.kind,
        verbs: SUBRESOURCE_VERBS[sub] ?? ['get'],
      };
    }),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(registry.inGroupVersion(group, version)[0] as ResourceType), resources };
}
