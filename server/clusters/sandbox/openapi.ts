// OpenAPI v3, as far as kubectl needs it: default `kubectl apply` downloads the index and the document of each
// group-version, finds the resource's PATCH operation by x-kubernetes-group-version-kind, and when it takes a
// `fieldValidation` parameter leaves validation to the server (fieldValidation=Strict). Without these documents
// apply fails with "failed to download openapi".
import { createHash } from 'node:crypto';
import { type ResourceRegistry, type ResourceType } from './resource-types.js';
import { builtinSchema } from './schema/kinds.js';
import { OpenApiSchemas } from './schema/openapi-schemas.js';

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** Adds the kind's schema (kube's Go-package names for built-ins, reversed group for custom kinds). */
function addSchema(schemas: OpenApiSchemas, type: ResourceType): string {
  const builtin = builtinSchema(type.group, type.version, type.kind);
  return builtin && type.schema === undefined ? schemas.addBuiltin(builtin) : schemas.addCustom(type);
}

export function openApiDocument(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const types = registry.inGroupVersion(group, version);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas = new OpenApiSchemas();
  for (const type of types) {
    const gvk = { group: type.group, version: type.version, kind: type.kind };
    const base = `/${gvPath(group, version)}${type.namespaced ? '/namespaces/{namespace}' : ''}/${type.plural}`;
    const ref = { $ref: `#/components/schemas/${addSchema(schemas, type)}` };
    const body = { content: { 'application/json': { schema: ref } } };
    const params = [
      { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
    ];
    const op = (action: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      operationId: `${action}${type.kind}`,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } },
      ...extra,
    });
    paths[base] = { post: op('post', { requestBody: body, parameters: params }), get: op('list') };
    paths[`${base}/{name}`] = {
      get: op('get'),
      put: op('put', { requestBody: body, parameters: params }),
      patch: op('patch', { parameters: params, requestBody: { content: { 'application/merge-patch+json': { schema: { type: 'object' } } } } }),
      delete: op('delete'),
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.2' }, paths, components: { schemas: schemas.components } };
}

/** GET /openapi/v3: where each group-version's document is. The hash changes when the document does. */
export function openApiIndex(registry: ResourceRegistry): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, versions } of registry.groups()) {
    for (const version of versions) {
      const doc = openApiDocument(registry, group, version);
      const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 128).toUpperCase();
      paths[gvPath(group, version)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${hash}` };
    }
  }
  return { paths };
}
