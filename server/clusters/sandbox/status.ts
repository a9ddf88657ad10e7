// Kubernetes `Status` errors with the codes, reasons and messages kube-apiserver uses: kubectl prints them as
// `Error from server (<Reason>): <message>`, so their wording is what a learner reads.
import type { ResourceType } from './resource-types.js';
import { qualifiedResource } from './resource-types.js';

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: Array<{ reason: string; message: string; field: string }> };
  code: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusBody['details'],
  ) {
    super(message);
  }

  toStatus(): StatusBody {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

function details(type: ResourceType, name: string): StatusBody['details'] {
  return { name, ...(type.group ? { group: type.group } : {}), kind: type.plural };
}

export const errors = {
  notFound: (type: ResourceType, name: string) =>
    new ApiError(404, 'NotFound', `${qualifiedResource(type)} "${name}" not found`, details(type, name)),
  namespaceNotFound: (name: string) =>
    new ApiError(404, 'NotFound', `namespaces "${name}" not found`, { name, kind: 'namespaces' }),
  alreadyExists: (type: ResourceType, name: string) =>
    new ApiError(409, 'AlreadyExists', `${qualifiedResource(type)} "${name}" already exists`, details(type, name)),
  conflict: (type: ResourceType, name: string) =>
    new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      details(type, name),
    ),
  invalid: (type: ResourceType, name: string, causes: Array<{ field: string; message: string; reason?: string }>) =>
    new ApiError(
      422,
      'Invalid',
      // As NewInvalid: the group-qualified kind (Deployment.apps), the errors aggregated ([a, b] when several).
      `${type.group ? `${type.kind}.${type.group}` : type.kind} "${name}" is invalid: ${aggregate(causes.map((c) => `${c.field}: ${c.message}`))}`,
      {
        name,
        ...(type.group ? { group: type.group } : {}),
        kind: type.kind,
        causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field })),
      },
    ),
  /** A patch whose result cannot become the object: kube names neither kind nor object, only `patch`. */
  invalidPatch: (value: string, detail: string) =>
    new ApiError(422, 'Invalid', ` "" is invalid: patch: Invalid value: ${value}: ${detail}`, {
      causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${detail}`, field: 'patch' }],
    }),
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  notFoundPath: () => new ApiError(404, 'NotFound', 'the server could not find the requested resource'),
  methodNotAllowed: (method: string) => new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`),
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  expired: (requested: number, oldest: number) =>
    new ApiError(410, 'Expired', `too old resource version: ${requested} (${oldest})`),
  tooLarge: () => new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'),
  unsupportedBody: (type: string) =>
    new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got ${type})`),
  unsupportedMediaType: (type: string) => new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${type})`),
};

/** utilerrors.NewAggregate's text: one message alone, several (duplicates dropped) as [a, b]. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(', ')}]`;
}
