// The schemas as OpenAPI v3 components, as kube-apiserver publishes them: named types under
// components.schemas referred to with allOf/$ref, kinds tagged with x-kubernetes-group-version-kind.
// `kubectl explain` reads these; `kubectl apply` only needs the kinds to be found.
import type { ResourceType } from '../resource-types.js';
import { ObjectMeta, TYPE_META } from './meta.js';
import { resolve, type Schema } from './types.js';

type Json = Record<string, unknown>;

const SPECIAL: Record<string, { name: string; schema: Json }> = {
  intOrString: { name: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString', schema: { type: 'string', format: 'int-or-string', description: 'An integer or a string (a port number or name, a count or a percentage).' } },
  quantity: { name: 'io.k8s.apimachinery.pkg.api.resource.Quantity', schema: { type: 'string', description: 'A fixed-point amount, e.g. 500m (CPU), 128Mi (memory) or 2.' } },
  time: { name: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', schema: { type: 'string', format: 'date-time', description: 'A timestamp in RFC 3339 form, to the second.' } },
};

export class OpenApiSchemas {
  readonly components: Record<string, Json> = {};

  /** Adds a built-in kind (and every type it refers to); returns its component name. */
  addBuiltin(schema: Schema): string {
    const name = schema.name as string;
    this.define(schema);
    return name;
  }

  /** Adds a custom resource's schema, inline as apiextensions publishes it; returns its component name. */
  addCustom(type: ResourceType): string {
    const name = `${type.group.split('.').reverse().join('.')}.${type.version}.${type.kind}`;
    const root = type.schema ?? { type: 'object', preserveUnknown: true };
    const body = this.emit(root, true);
    const props = (body.properties ?? {}) as Record<string, Json>;
    this.define(ObjectMeta);
    this.components[name] = {
      ...body,
      type: 'object',
      description: root.description ?? `${type.kind} is a custom resource of ${type.group}.`,
      properties: {
        apiVersion: this.emit(TYPE_META.apiVersion, true),
        kind: this.emit(TYPE_META.kind, true),
        metadata: { allOf: [{ $ref: `#/components/schemas/${ObjectMeta.name}` }], description: 'Standard object metadata.' },
        ...props,
      },
      'x-kubernetes-group-version-kind': [{ group: type.group, version: type.version, kind: type.kind }],
    };
    return name;
  }

  private define(schema: Schema): void {
    const name = schema.name as string;
    if (this.components[name]) return;
    this.components[name] = {}; // placeholder: a type met again while it is being emitted
    const out: Json = { description: schema.description, type: 'object' };
    if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, this.emit(v, false)]));
    if (schema.required) out.required = schema.required;
    if (schema.gvk) out['x-kubernetes-group-version-kind'] = [schema.gvk];
    this.components[name] = out;
  }

  private refTo(name: string, description: string | undefined): Json {
    return { allOf: [{ $ref: `#/components/schemas/${name}` }], ...(description ? { description } : {}) };
  }

  private emit(field: Schema, custom: boolean): Json {
    const s = resolve(field);
    const description = field.description ?? s.description;
    if (s.name) {
      this.define(s);
      // List items refer bare; a property carries its own description beside the reference.
      return this.refTo(s.name, field === s ? undefined : description);
    }
    for (const key of ['intOrString', 'quantity'] as const) {
      const special = SPECIAL[key] as { name: string; schema: Json };
      if (s[key] && !custom) {
        this.components[special.name] ??= special.schema;
        return this.refTo(special.name, description);
      }
    }
    if (!custom && s.goType === 'v1.Time') {
      this.components[SPECIAL.time!.name] ??= SPECIAL.time!.schema;
      return this.refTo(SPECIAL.time!.name, description);
    }
    const out: Json = {};
    if (description) out.description = description;
    if (s.intOrString) {
      out['x-kubernetes-int-or-string'] = true;
      out.anyOf = [{ type: 'integer' }, { type: 'string' }];
    }
    if (s.type) out.type = s.type;
    else if (!s.intOrString && !s.quantity) out.type = 'object';
    if (s.quantity && !custom) out.type = 'string';
    if (s.format && s.format !== 'int-or-string') out.format = s.format;
    if (s.enum) out.enum = s.enum;
    if (s.default !== undefined) out.default = s.default;
    if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, this.emit(v, custom)]));
    if (s.required) out.required = s.required;
    if (s.items) out.items = this.emit(s.items, custom);
    if (s.additionalProperties) out.additionalProperties = this.emit(s.additionalProperties, custom);
    if (custom && s.preserveUnknown) out['x-kubernetes-preserve-unknown-fields'] = true;
    if (s.nullable) out.nullable = true;
    for (const k of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern'] as const) {
      if (s[k] !== undefined) out[k] = s[k];
    }
    return out;
  }
}
