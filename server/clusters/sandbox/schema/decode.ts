// What kube's decoders do with a body for a built-in kind: unknown fields are dropped (and reported, for
// fieldValidation Warn and Strict, with their paths), and the first value of the wrong JSON type fails the
// whole request, named as Go's encoding/json names it (struct, field path, Go type).
import { resolve, shortName, type Schema } from './types.js';

export type JsonKind = 'string' | 'number' | 'bool' | 'array' | 'object';

export interface GoTypeError {
  /** What the body had: Go words it "string", "number", "number 1.5", "bool", "array", "object". */
  value: JsonKind;
  number?: number;
  /** Go struct holding the field, e.g. DeploymentSpec. */
  struct: string;
  /** JSON field path without list indices, e.g. spec.template.spec.containers.image. */
  field: string;
  /** Where the decoder expected the value. */
  expected: Schema;
  /** A special decoder's own message (quantities, base64) instead of encoding/json's. */
  message?: string;
}

export interface DecodeResult {
  /** Paths of unknown fields, in the body's order, e.g. spec.template.spec.containers[0].imagePullPolicyy. */
  unknown: string[];
  typeError?: GoTypeError;
  /** Unknown fields, removed by dropUnknown once the caller has worded its errors. */
  drop: Array<{ parent: Record<string, unknown>; key: string }>;
}

const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
export const QUANTITY_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

export function jsonKind(v: unknown): JsonKind {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? 'array' : 'object';
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The Go type kube's structs give a field of this schema, as encoding/json prints it. */
export function goType(schema: Schema): string {
  if (schema.goType) return schema.goType;
  const s = resolve(schema);
  if (s.goType) return s.goType;
  if (s.name) return `v1.${shortName(s.name)}`;
  switch (s.type) {
    case 'string':
      return 'string';
    case 'integer':
      return s.format === 'int64' ? 'int64' : 'int32';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float64';
    case 'array':
      return `[]${s.items ? goType(s.items) : 'interface {}'}`;
    case 'object':
      return s.additionalProperties ? `map[string]${goType(s.additionalProperties)}` : 'map[string]interface {}';
    default:
      return 'interface {}';
  }
}

/** Decodes `value` against a built-in kind's schema: its unknown fields and first type error. */
export function decodeBuiltin(value: Record<string, unknown>, schema: Schema): DecodeResult {
  const out: DecodeResult = { unknown: [], drop: [] };
  walk(value, schema, '', '', shortName(schema.name ?? ''), out);
  return out;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function walk(v: unknown, field: Schema, path: string, goPath: string, struct: string, out: DecodeResult): void {
  if (v === null || v === undefined || out.typeError) return; // null leaves Go's zero value
  const s = resolve(field);
  const fail = (message?: string): void => {
    out.typeError = { value: jsonKind(v), ...(typeof v === 'number' ? { number: v } : {}), struct, field: goPath, expected: field, ...(message ? { message } : {}) };
  };
  if (s.quantity) {
    if (typeof v === 'number') return;
    if (typeof v !== 'string' || !QUANTITY.test(v.trim())) fail(QUANTITY_MESSAGE);
    return;
  }
  if (s.intOrString) {
    if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))) return;
    out.typeError = { value: jsonKind(v), ...(typeof v === 'number' ? { number: v } : {}), struct, field: goPath, expected: { type: 'integer', format: 'int32' } };
    return;
  }
  switch (s.type) {
    case undefined:
      return;
    case 'string':
      if (typeof v !== 'string') return fail();
      if (s.format === 'byte') {
        const bad = base64Error(v);
        if (bad !== undefined) fail(`illegal base64 data at input byte ${bad}`);
      }
      return;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v) || !fits(v, s.format)) fail();
      return;
    case 'number':
      if (typeof v !== 'number') fail();
      return;
    case 'boolean':
      if (typeof v !== 'boolean') fail();
      return;
    case 'array':
      if (!Array.isArray(v)) return fail();
      v.forEach((item, i) => walk(item, s.items ?? {}, `${path}[${i}]`, goPath, struct, out));
      return;
    case 'object': {
      if (!isPlainObject(v)) return fail();
      if (s.additionalProperties) {
        for (const item of Object.values(v)) walk(item, s.additionalProperties, path, goPath, struct, out);
        return;
      }
      const props = s.properties ?? {};
      const inner = s.name ? shortName(s.name) : struct;
      for (const key of Object.keys(v)) {
        const prop = props[key];
        if (prop) {
          walk(v[key], prop, join(path, key), join(goPath, key), inner, out);
        } else if (!s.preserveUnknown) {
          out.unknown.push(join(path, key));
          out.drop.push({ parent: v, key });
        }
        if (out.typeError) return;
      }
    }
  }
}

function fits(n: number, format: string | undefined): boolean {
  return format === 'int64' ? Number.isSafeInteger(n) : n >= -2147483648 && n <= 2147483647;
}

/** Where Go's base64.StdEncoding gives up on a string, or undefined when it decodes. */
function base64Error(text: string): number | undefined {
  const alphabet = /[A-Za-z0-9+/]/;
  let i = 0;
  let chars = 0;
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\r' || c === '\n') continue;
    if (c === '=') break;
    if (!alphabet.test(c)) return i;
    chars++;
  }
  const rest = text.slice(i).replace(/[\r\n]/g, '');
  const padding = rest.length;
  if (rest !== '' && !/^={1,2}$/.test(rest)) return i;
  if ((chars + padding) % 4 !== 0 || (padding > 0 && chars % 4 < 2)) return Math.max(0, text.length - ((chars + padding) % 4 || 4));
  return undefined;
}

/** encoding/json's wording: `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`. */
export function jsonDecodeMessage(e: GoTypeError): string {
  if (e.message) return e.message;
  // Go adds the literal only when a number does not fit the integer it was meant for.
  const value = e.value === 'number' && e.number !== undefined && resolve(e.expected).type === 'integer' ? `number ${e.number}` : e.value;
  return `json: cannot unmarshal ${value} into Go struct field ${e.struct}.${e.field} of type ${goType(e.expected)}`;
}

/**
 * The unstructured converter's wording, which strategic merge patches meet (the patched map is converted to the
 * typed object, not decoded from JSON).
 */
export function converterMessage(e: GoTypeError): string {
  if (e.message) return e.message;
  const s = resolve(e.expected);
  const from = e.value === 'number' ? (Number.isInteger(e.number) ? 'int64' : 'float64') : e.value === 'array' ? 'slice' : e.value === 'object' ? 'map' : e.value;
  if (s.type === 'array') return `cannot restore slice from ${from}`;
  if (s.type === 'object' && s.additionalProperties) return `cannot restore map from ${from}`;
  if (s.type === 'object') return `cannot restore struct from: ${from}`;
  const target = goType({ ...s, goType: undefined });
  if (from === 'int64' && s.type === 'string') return `cannot convert int64 to ${target}`;
  if (from === 'float64' && s.type === 'integer') return `cannot convert float64 to ${target}`;
  return `unrecognized type: ${target}`;
}

/** Removes the unknown fields a decode found, as Go's decoder leaves them out of the typed object. */
export function dropUnknown(result: DecodeResult): void {
  for (const { parent, key } of result.drop) delete parent[key];
}
