// fieldValidation for one write: decodes the object against its schema (built-in or the CRD's), refuses or
// warns about unknown fields by the request's fieldValidation, drops them, defaults custom resources, and runs
// validation. Errors are worded as kube-apiserver words them for the same request.
import type { KubeObject } from '../kube-object.js';
import type { ResourceType } from '../resource-types.js';
import { ApiError, errors } from '../status.js';
import { pruneAndDefault, validateCustom } from './custom.js';
import { converterMessage, decodeBuiltin, dropUnknown, jsonDecodeMessage } from './decode.js';
import { goJson, goPlusV, goQuote } from './go-format.js';
import { validateBuiltin } from './rules.js';
import type { Schema } from './types.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteCheck {
  type: ResourceType;
  obj: KubeObject;
  mode: FieldValidation;
  schema: Schema | undefined;
  /** Custom resources are pruned, defaulted and validated by their CRD's schema. */
  custom: boolean;
  /** For patches: the patch as sent, and whether it was strategic (kube then converts a map, not JSON). */
  patch?: { body: unknown; strategic: boolean };
}

export function fieldValidationOf(value: string | null): FieldValidation {
  if (value === null || value === '' || value === 'Warn') return 'Warn';
  if (value === 'Strict' || value === 'Ignore') return value;
  throw errors.badRequest(`fieldValidation parameter unsupported: ${value}`);
}

/** Checks and normalises `check.obj` in place; returns the warnings (unknown fields under Warn). */
export function checkWrite(check: WriteCheck): string[] {
  const { type, obj, mode, schema, patch } = check;
  if (!schema) return [];
  // Kube words patch failures with the patch (strategic) or the patched object (JSON and merge patches).
  const patchValue = (): string => goQuote(patch?.strategic ? goPlusV(patch.body) : goJson(before ?? obj));
  const decodeError = (detail: string): ApiError =>
    patch ? errors.invalidPatch(patchValue(), detail) : errors.badRequest(`${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${detail}`);
  let before: unknown;
  let unknown: string[];
  if (check.custom) {
    if (patch && !patch.strategic && mode === 'Strict') before = structuredClone(obj);
    unknown = pruneAndDefault(obj, schema);
  } else {
    const decoded = decodeBuiltin(obj, schema);
    if (decoded.typeError) throw decodeError(patch?.strategic ? converterMessage(decoded.typeError) : jsonDecodeMessage(decoded.typeError));
    unknown = decoded.unknown;
    if (unknown.length > 0 && mode === 'Strict') throw decodeError(strictMessage(patch?.strategic ? [...unknown].sort() : unknown));
    dropUnknown(decoded);
  }
  if (unknown.length > 0 && mode === 'Strict') throw decodeError(strictMessage(unknown));
  const causes = check.custom ? validateCustom(obj, schema) : validateBuiltin(type.kind, obj);
  if (causes.length > 0) throw errors.invalid(type, obj.metadata.name ?? '', causes);
  return mode === 'Warn' ? unknown.map((u) => `unknown field "${u}"`) : [];
}

function strictMessage(unknown: string[]): string {
  return `strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`;
}

/** A Warning header value as kube-apiserver sends it (code 299, no agent). */
export function warningHeader(text: string): string {
  return `299 - ${goQuote(text)}`;
}
