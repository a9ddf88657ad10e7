// Parses a YAML block of a Markdown file and validates it, reporting every problem at its line in the Markdown
// file: YAML's own errors carry offsets, zod's carry paths, and the document maps a path back to its node.
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { LessonError } from './types.js';

export type Parsed<T> = { value: T } | { errors: LessonError[] };

/**
 * `text` is the block's content; its first line is line `firstLine` of `file`. An empty block is `{}` so that a
 * schema's defaults apply.
 */
export function parseYamlBlock<S extends z.ZodType>(schema: S, text: string, file: string, firstLine: number): Parsed<z.output<S>> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): number => lines.linePos(offset).line + firstLine - 1;
  if (doc.errors.length > 0) {
    return { errors: doc.errors.map((e) => ({ file, line: at(e.pos[0]), message: `YAML: ${e.message}` })) };
  }
  const result = schema.safeParse(doc.contents === null ? {} : doc.toJS());
  if (result.success) return { value: result.data };
  return {
    errors: result.error.issues.map((issue) => ({
      file,
      line: at(offsetOf(doc, issue)),
      message: `${formatPath(issue.path)}${readable(issue.message)}`,
    })),
  };
}

/** Where an issue is: the deepest node on its path that exists (a missing key is reported at its map). */
function offsetOf(doc: Document, issue: z.core.$ZodIssue): number {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (!isNode(node) || !node.range) continue;
    // An unknown key is reported at the key itself, not at the start of its map.
    if (issue.code === 'unrecognized_keys' && depth === path.length && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && issue.keys.includes(String(item.key.value)));
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    }
    return node.range[0];
  }
  return 0;
}

function formatPath(path: PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out ? `${out}: ` : '';
}

/** zod says "Invalid input: expected string, received undefined" for a key that is not there. */
function readable(message: string): string {
  const missing = /^Invalid input: expected (\w+), received undefined$/.exec(message);
  return missing ? `required (${missing[1]})` : message;
}

