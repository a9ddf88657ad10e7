// Custom resources as the apiextensions apiserver treats them: the CRD's openAPIV3Schema prunes unknown fields
// (unless x-kubernetes-preserve-unknown-fields), applies defaults, then validates types, required fields, enums
// and bounds with kube-openapi's wording (`spec.replicas in body must be of type integer: "string"`).
import { isPlainObject } from './decode.js';
import { ObjectMeta } from './meta.js';
import type { Schema } from './types.js';

export interface Cause {
  field: string;
  message: string;
  reason: string;
}

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/** A CRD version's openAPIV3Schema (JSONSchemaProps) as a structural schema; undefined when there is none. */
export function crdSchema(openAPIV3Schema: unknown): Schema | undefined {
  return isPlainObject(openAPIV3Schema) ? read(openAPIV3Schema) : undefined;
}

function read(j: Record<string, unknown>): Schema {
  const s: Schema = {};
  if (typeof j.type === 'string' && TYPES.has(j.type)) s.type = j.type as Schema['type'];
  if (typeof j.description === 'string') s.description = j.description;
  if (typeof j.format === 'string') s.format = j.format;
  if (isPlainObject(j.properties)) {
    s.properties = Object.fromEntries(Object.entries(j.properties).filter(([, v]) => isPlainObject(v)).map(([k, v]) => [k, read(v as Record<string, unknown>)]));
  }
  if (isPlainObject(j.items)) s.items = read(j.items);
  if (isPlainObject(j.additionalProperties)) s.additionalProperties = read(j.additionalProperties);
  if (Array.isArray(j.required)) s.required = j.required.filter((r): r is string => typeof r === 'string');
  if (Array.isArray(j.enum)) s.enum = j.enum;
  if ('default' in j) s.default = j.default;
  if (j['x-kubernetes-int-or-string'] === true) s.intOrString = true;
  if (j['x-kubernetes-preserve-unknown-fields'] === true) s.preserveUnknown = true;
  if (j.nullable === true) s.nullable = true;
  for (const k of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const) {
    if (typeof j[k] === 'number') s[k] = j[k];
  }
  if (typeof j.pattern === 'string') s.pattern = j.pattern;
  return s;
}

/** The object's schema with the fields every object has; metadata is ObjectMeta, whatever the CRD says. */
function rootOf(schema: Schema): Schema {
  const str: Schema = { type: 'string' };
  return { ...schema, type: 'object', properties: { ...schema.properties, apiVersion: str, kind: str, metadata: ObjectMeta } };
}

/** Prunes unknown fields (returning their paths) and applies defaults, in place: the decoding step. */
export function pruneAndDefault(obj: Record<string, unknown>, schema: Schema): string[] {
  const unknown: string[] = [];
  prune(obj, rootOf(schema), '', unknown);
  return unknown;
}

function prune(v: unknown, s: Schema, path: string, unknown: string[]): void {
  if (Array.isArray(v)) {
    if (s.items) v.forEach((item, i) => prune(item, s.items as Schema, `${path}[${i}]`, unknown));
    return;
  }
  if (!isPlainObject(v)) return;
  if (s.additionalProperties) {
    for (const [k, item] of Object.entries(v)) prune(item, s.additionalProperties, `${path}[${k}]`, unknown);
    return;
  }
  const props = s.properties ?? {};
  for (const [k, prop] of Object.entries(props)) {
    // Structural defaulting: absent (or null where null is not allowed) takes the default.
    if (prop.default !== undefined && (v[k] === undefined || (v[k] === null && !prop.nullable))) v[k] = structuredClone(prop.default);
  }
  for (const k of Object.keys(v)) {
    const prop = props[k];
    const at = path ? `${path}.${k}` : k;
    if (prop) prune(v[k], prop, at, unknown);
    else if (!s.preserveUnknown && s.properties !== undefined) {
      unknown.push(at);
      delete v[k];
    } else if (!s.preserveUnknown && s.type === 'object') {
      // An object schema with no properties and no preserve-unknown keeps nothing.
      unknown.push(at);
      delete v[k];
    }
  }
}

/** Validation errors against the schema, as causes of a 422 Invalid. */
export function validateCustom(obj: Record<string, unknown>, schema: Schema): Cause[] {
  const causes: Cause[] = [];
  const root = rootOf(schema);
  for (const [k, prop] of Object.entries(root.properties ?? {})) {
    if (k === 'metadata' || k === 'apiVersion' || k === 'kind') continue;
    if (obj[k] !== undefined) check(obj[k], prop, k, causes);
  }
  for (const r of root.required ?? []) {
    if (obj[r] === undefined) causes.push({ field: r, message: 'Required value', reason: 'FieldValueRequired' });
  }
  return causes;
}

export function dataType(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return Array.isArray(v) ? 'array' : 'object';
}

/** A value as field.Error prints it: strings quoted, numbers and booleans bare. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return '"null"';
  return JSON.stringify(v);
}

function typeMatches(v: unknown, s: Schema): boolean {
  if (s.intOrString) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  switch (s.type) {
    case undefined:
      return true;
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isPlainObject(v);
  }
}

function check(v: unknown, s: Schema, path: string, causes: Cause[]): void {
  if (v === null) {
    if (s.nullable || (s.type === undefined && !s.intOrString)) return;
  }
  if (!typeMatches(v, s) || v === null) {
    const want = s.intOrString ? 'integer,string' : (s.type as string);
    causes.push({ field: path, message: `Invalid value: "${dataType(v)}": ${path} in body must be of type ${want}: "${dataType(v)}"`, reason: 'FieldValueTypeInvalid' });
    return;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    const supported = s.enum.map((e) => JSON.stringify(typeof e === 'string' ? e : String(e))).join(', ');
    causes.push({ field: path, message: `Unsupported value: ${goValue(v)}: supported values: ${supported}`, reason: 'FieldValueNotSupported' });
  }
  if (typeof v === 'number') {
    if (s.maximum !== undefined && v > s.maximum) causes.push({ field: path, message: `Invalid value: ${v}: ${path} in body should be less than or equal to ${s.maximum}`, reason: 'FieldValueInvalid' });
    if (s.minimum !== undefined && v < s.minimum) causes.push({ field: path, message: `Invalid value: ${v}: ${path} in body should be greater than or equal to ${s.minimum}`, reason: 'FieldValueInvalid' });
  }
  if (typeof v === 'string') {
    if (s.maxLength !== undefined && [...v].length > s.maxLength) causes.push({ field: path, message: `Too long: may not be more than ${s.maxLength} bytes`, reason: 'FieldValueTooLong' });
    if (s.minLength !== undefined && [...v].length < s.minLength) causes.push({ field: path, message: `Invalid value: ${goValue(v)}: ${path} in body should be at least ${s.minLength} chars long`, reason: 'FieldValueInvalid' });
    if (s.pattern !== undefined && !safeRegExp(s.pattern)?.test(v)) causes.push({ field: path, message: `Invalid value: ${goValue(v)}: ${path} in body should match '${s.pattern}'`, reason: 'FieldValueInvalid' });
  }
  if (Array.isArray(v)) {
    if (s.maxItems !== undefined && v.length > s.maxItems) causes.push({ field: path, message: `Too many: ${v.length}: must have at most ${s.maxItems} items`, reason: 'FieldValueTooMany' });
    if (s.minItems !== undefined && v.length < s.minItems) causes.push({ field: path, message: `Invalid value: ${v.length}: ${path} in body should have at least ${s.minItems} items`, reason: 'FieldValueInvalid' });
    if (s.items) v.forEach((item, i) => check(item, s.items as Schema, `${path}[${i}]`, causes));
  }
  if (isPlainObject(v)) {
    for (const r of s.required ?? []) {
      if (v[r] === undefined) causes.push({ field: `${path}.${r}`, message: 'Required value', reason: 'FieldValueRequired' });
    }
    if (s.additionalProperties) {
      for (const [k, item] of Object.entries(v)) check(item, s.additionalProperties, `${path}.${k}`, causes);
    }
    for (const [k, prop] of Object.entries(s.properties ?? {})) {
      if (v[k] !== undefined) check(v[k], prop, `${path}.${k}`, causes);
    }
  }
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}
