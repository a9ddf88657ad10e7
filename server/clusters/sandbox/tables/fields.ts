// Tolerant readers for the untyped parts of stored objects. The Go printers read typed structs, where an absent
// field is the zero value; these give the same zero values ('' , 0, [], {}) so the printers read like the Go ones.

import { isRecord } from '../kube-object.js';

export function rec(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** The record, or undefined: for the Go fields that are pointers (a terminated state, a selector). */
export function recOrUndefined(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function records(value: unknown): Array<Record<string, unknown>> {
  return list(value).map(rec);
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** An integer field; Go's int32/int64 fields hold no fractions, so any is dropped. */
export function int(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}

/** The number of keys of a map field (len(map) in Go). */
export function size(value: unknown): number {
  return isRecord(value) ? Object.keys(value).length : 0;
}

// metav1.Time.IsZero: Go's zero time serializes as null (absent here) but may also come back spelled out.
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/** Milliseconds since the epoch of a metav1.Time / MicroTime string, or undefined for a zero or unreadable time. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms === GO_ZERO_TIME) return undefined;
  return ms;
}
