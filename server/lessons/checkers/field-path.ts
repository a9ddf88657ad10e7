// A small reader for the dotted paths lessons use: `spec.template.spec.containers[0].image`,
// `status.conditions[type=Ready].status`, with an optional leading dot as kubectl's JSONPath writes it.
import type { Messages } from './messages/index.js';

export type PathStep = { key: string } | { index: number } | { filterKey: string; filterValue: string };

export function parseFieldPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  const re = /\.?([^.[\]]+)|\[(\d+)\]|\[([^=\]]+)=([^\]]*)\]/gy;
  const source = path.startsWith('.') || path.startsWith('[') ? path : `.${path}`;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < source.length && (m = re.exec(source))) {
    if (m[1] !== undefined) steps.push({ key: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else steps.push({ filterKey: m[3] ?? '', filterValue: m[4] ?? '' });
  }
  if (re.lastIndex !== source.length) throw new Error(`cannot read the field path ${JSON.stringify(path)} at ${JSON.stringify(source.slice(re.lastIndex))}`);
  return steps;
}

/** The value at `path`, or undefined when any step is missing. */
export function readField(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const step of parseFieldPath(path)) {
    if (current === null || current === undefined) return undefined;
    if ('key' in step) {
      current = typeof current === 'object' ? (current as Record<string, unknown>)[step.key] : undefined;
    } else if ('index' in step) {
      current = Array.isArray(current) ? current[step.index] : undefined;
    } else {
      current = Array.isArray(current)
        ? current.find((item: unknown) => typeof item === 'object' && item !== null && String((item as Record<string, unknown>)[step.filterKey]) === step.filterValue)
        : undefined;
    }
  }
  return current;
}

/** A field's value as a message shows it, in the messages' locale. */
export function showValue(value: unknown, t: Messages): string {
  if (value === undefined) return t.field.notSet;
  if (typeof value === 'string') return value === '' ? t.field.emptyString : value;
  return JSON.stringify(value);
}

/** Lesson values are scalars: compare as kubectl's output would print them. */
export function valueEquals(actual: unknown, expected: string | number | boolean): boolean {
  if (actual === null || actual === undefined || typeof actual === 'object') return false;
  return String(actual) === String(expected);
}
