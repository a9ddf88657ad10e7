// `file`: a workspace file exists and, YAML-aware, has a field equal to / matching a value; without `field`,
// its text matches. Multi-document YAML passes when any document has the field as expected.
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Checker } from './context.js';
import { fail, messagesOf, pass } from './context.js';
import { readField, showValue, valueEquals } from './field-path.js';
import { describePattern, matchesPattern } from './pattern.js';

export const evaluateFile: Checker<'file'> = async (spec, context) => {
  const t = messagesOf(context);
  const path = resolve(context.workspace, spec.path);
  const inside = relative(context.workspace, path);
  if (inside.startsWith('..') || isAbsolute(inside)) return fail(context, t.file.outside(spec.path));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(context, code === 'ENOENT' ? t.file.missing(spec.path) : t.file.unreadable(spec.path, code ?? String(error)));
  }
  if (spec.field === undefined) {
    if (spec.matches !== undefined && !matchesPattern(spec.matches, text)) return fail(context, t.file.notContaining(spec.path, describePattern(spec.matches)));
    if (spec.equals !== undefined && text.trim() !== String(spec.equals)) return fail(context, t.file.notReading(spec.path, String(spec.equals), showValue(text.trim(), t)));
    return pass(context);
  }
  const documents = parseAllDocuments(text);
  const broken = (Array.isArray(documents) ? documents : [documents]).flatMap((d) => d.errors);
  const first = broken[0];
  if (first) return fail(context, t.file.notYaml(spec.path, String(first.linePos?.[0].line ?? '?'), first.message.split('\n')[0] ?? ''));
  const values = (Array.isArray(documents) ? documents : []).map((d) => readField(d.toJS() as unknown, spec.field ?? ''));
  const ok = values.some((value) => {
    if (spec.equals !== undefined) return valueEquals(value, spec.equals);
    if (spec.matches !== undefined) return (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && matchesPattern(spec.matches, String(value));
    return value !== undefined && value !== null;
  });
  if (ok) return pass(context);
  const seen = showValue(values.find((v) => v !== undefined), t);
  const field = t.field.inFile(spec.field, spec.path);
  if (spec.equals !== undefined) return fail(context, t.field.equals(field, String(spec.equals), seen));
  if (spec.matches !== undefined) return fail(context, t.field.matches(field, describePattern(spec.matches), seen));
  return fail(context, t.field.set(field, seen));
};
