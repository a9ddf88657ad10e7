// A structural schema: the subset of OpenAPI v3 that kube's decoders and the apiextensions apiserver act on.
// Built-in kinds are written with the helpers below; a CRD's openAPIV3Schema is read into the same shape.

export interface Schema {
  /** Absent: any value (free-form, as JSONSchemaProps or a preserve-unknown subtree). */
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  format?: string;
  /** A named definition (built-in kinds): published under components.schemas, named in Go-style errors. */
  name?: string;
  /** A property that is a named definition: validated as `ref`, documented with its own description. */
  ref?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  /** Map values (labels, data, resources.limits). */
  additionalProperties?: Schema;
  enum?: unknown[];
  default?: unknown;
  intOrString?: boolean;
  /** resource.Quantity: a string or number matching kube's quantity grammar. */
  quantity?: boolean;
  /** Fields not listed are kept (and never reported unknown). */
  preserveUnknown?: boolean;
  nullable?: boolean;
  /** The Go type kube names in decode errors when it differs from what type/format imply (v1.Protocol). */
  goType?: string;
  /** Checks only CRD schemas carry (kube-openapi validations). */
  minimum?: number;
  maximum?: number;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  /** Where the definition comes from, for x-kubernetes-group-version-kind. */
  gvk?: { group: string; version: string; kind: string };
}

export type Fields = Record<string, Schema>;

export const str = (description: string, extra: Partial<Schema> = {}): Schema => ({ type: 'string', description, ...extra });
export const int32 = (description: string): Schema => ({ type: 'integer', format: 'int32', description });
export const int64 = (description: string): Schema => ({ type: 'integer', format: 'int64', description });
export const bool = (description: string): Schema => ({ type: 'boolean', description });
export const time = (description: string): Schema => ({ type: 'string', format: 'date-time', description, goType: 'v1.Time' });
export const intOrString = (description: string): Schema => ({ intOrString: true, format: 'int-or-string', description, goType: 'intstr.IntOrString' });
export const quantity = (description: string): Schema => ({ quantity: true, description, goType: 'resource.Quantity' });
export const enumOf = (goType: string, values: string[], description: string): Schema => ({ type: 'string', enum: values, goType, description });
export const list = (items: Schema, description: string): Schema => ({ type: 'array', items, description });
export const strings = (description: string): Schema => list({ type: 'string' }, description);
export const stringMap = (description: string): Schema => ({ type: 'object', additionalProperties: { type: 'string' }, description });
export const anything = (description: string): Schema => ({ description, preserveUnknown: true });
export const ref = (schema: Schema, description: string): Schema => ({ ref: schema, description });

/** A named object definition; `required` as kube lists it for the type. */
export function named(name: string, description: string, properties: Fields, required: string[] = []): Schema {
  return { name, type: 'object', description, properties, ...(required.length ? { required } : {}) };
}

/** The definition a property stands for (itself, or what it refers to). */
export function resolve(schema: Schema): Schema {
  return schema.ref ?? schema;
}

/** `Container` from `io.k8s.api.core.v1.Container`. */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}
