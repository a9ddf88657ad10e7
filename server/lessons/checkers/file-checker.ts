// `file`: a workspace file exists and, YAML-aware, has a field equal to / matching a value; without `field`,
// its text matches. Multi-document YAML passes when any document has the field as expected.
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Checker } from './context.js';
import { fail, pass } from './context.js';
import { readField, showValue, valueEquals } from './field-path.js';
import { describePattern, matchesPattern } from './pattern.js';

export const evaluateFile: Checker<'file'> = async (spec, context) => {
  const path = resolve(context.workspace, spec.path);
  const inside = relative(context.workspace, path);
  if (inside.startsWith('..') || isAbsolute(inside)) return fail(context, `${spec.path} is outside the workspace`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(context, code === 'ENOENT' ? `expected a file ${spec.path} in your workspace, saw none` : `cannot read ${spec.path}: ${code ?? String(error)}`);
  }
  if (spec.field === undefined) {
    if (spec.matches !== undefined && !matchesPattern(spec.matches, text)) return fail(context, `expected ${spec.path} to contain ${describePattern(spec.matches)}, it does not`);
    if (spec.equals !== undefined && text.trim() !== String(spec.equals)) return fail(context, `expected ${spec.path} to read ${String(spec.equals)}, saw ${showValue(text.trim())}`);
    return pass(context);
  }
  const documents = parseAllDocuments(text);
  const broken = (Array.isArray(documents) ? documents : [documents]).flatMap((d) => d.errors);
  const first = broken[0];
  if (first) return fail(context, `${spec.path} is not valid YAML: line ${first.linePos?.[0].line ?? '?'}: ${first.message.split('\n')[0] ?? ''}`);
  const values = (Array.isArray(documents) ? documents : []).map((d) => readField(d.toJS() as unknown, spec.field ?? ''));
  const ok = values.some((value) => {
    if (spec.equals !== undefined) return valueEquals(value, spec.equals);
    if (spec.matches !== undefined) return (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && matchesPattern(spec.matches, String(value));
    return value !== undefined && value !== null;
  });
  if (ok) return pass(context);
  const seen = showValue(values.find((v) => v !== undefined));
  const wanted = spec.equals !== undefined ? `to be ${String(spec.equals)}` : spec.matches !== undefined ? `to match ${describePattern(spec.matches)}` : 'to be set';
  return fail(context, `expected ${spec.field} in ${spec.path} ${wanted}, saw ${seen}`);
};
