// The part of Kubernetes JSONPath (k8s.io/client-go/util/jsonpath) that CRD printer columns use:
// `.field` (with `\.` escaping a dot inside a name), `['field']`, `[n]` (negative counts from the end), `[*]`/`.*`,
// and `[?(@.a.b == "x")]` filters (==, !=, <, >, <=, >=, or bare `@.a` for "exists").
// Like the apiserver's evaluation (AllowMissingKeys on), a missing field yields no result, while an index out of
// range, indexing or filtering a non-array, or comparing unlike types is an error (and the cell becomes null).

import { isRecord } from '../kube-object.js';

export class JsonPathError extends Error {}

type Literal = string | number | boolean;

export type Segment =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; left: Segment[]; op: string; right?: Literal | Segment[] };

const FIELD_END = new Set(['.', '[', ']', ' ', '(', ')', '=', '!', '<', '>']);

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Segment[] {
    const segments: Segment[] = [];
    this.skipSpaces();
    if (this.text[this.pos] === '$' || this.text[this.pos] === '@') this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '.') {
        this.pos++;
        if (this.text[this.pos] === '.') throw new JsonPathError('recursive descent (..) is not supported');
        if (this.text[this.pos] === '*') {
          this.pos++;
          segments.push({ kind: 'wildcard' });
        } else {
          segments.push({ kind: 'field', name: this.fieldName() });
        }
      } else if (c === '[') {
        segments.push(this.bracket());
      } else if (c === ' ') {
        break;
      } else {
        throw new JsonPathError(`unexpected ${JSON.stringify(c)} at ${this.pos} in ${this.text}`);
      }
    }
    this.skipSpaces();
    if (this.pos < this.text.length) throw new JsonPathError(`unexpected text in ${this.text}`);
    return segments;
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }

  private fieldName(): string {
    let name = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] ?? '';
      if (c === '\\' && this.text[this.pos + 1] === '.') {
        name += '.';
        this.pos += 2;
        continue;
      }
      if (FIELD_END.has(c)) break;
      name += c;
      this.pos++;
    }
    if (name === '') throw new JsonPathError(`empty field name in ${this.text}`);
    return name;
  }

  private bracket(): Segment {
    const close = this.text.indexOf(']', this.pos);
    if (this.text.startsWith('[?(', this.pos)) return this.filter();
    if (close < 0) throw new JsonPathError(`unclosed [ in ${this.text}`);
    const inner = this.text.slice(this.pos + 1, close).trim();
    this.pos = close + 1;
    if (inner === '*') return { kind: 'wildcard' };
    if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
    const quoted = /^(['"])(.*)\1$/.exec(inner);
    // client-go re-reads a quoted key as a `.field`, so `\.` escapes a dot there too (Knative's label columns).
    if (quoted) return { kind: 'field', name: (quoted[2] ?? '').replace(/\\\./g, '.') };
    throw new JsonPathError(`unsupported [${inner}] in ${this.text}`);
  }

  /** `[?(left op right)]`; the closing `)]` is the first one outside a quoted literal. */
  private filter(): Segment {
    let i = this.pos + 3;
    let quote = '';
    for (; i < this.text.length; i++) {
      const c = this.text[i];
      if (quote !== '') {
        if (c === quote && this.text[i - 1] !== '\\') quote = '';
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === ')' && this.text[i + 1] === ']') {
        break;
      }
    }
    if (i >= this.text.length) throw new JsonPathError(`unterminated filter in ${this.text}`);
    const body = this.text.slice(this.pos + 3, i);
    this.pos = i + 2;
    const match = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(body);
    if (!match) return { kind: 'filter', left: operandPath(body), op: 'exists' };
    const op = match[2] ?? '';
    if (!['==', '!=', '<', '>', '<=', '>='].includes(op)) throw new JsonPathError(`unknown filter operator ${op}`);
    return { kind: 'filter', left: operandPath(match[1] ?? ''), op, right: operand(match[3] ?? '') };
  }
}

function operandPath(text: string): Segment[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('@')) throw new JsonPathError(`filter operand must start with @: ${trimmed}`);
  return new Parser(trimmed).parse();
}

function operand(text: string): Literal | Segment[] {
  const trimmed = text.trim();
  const quoted = /^(['"])(.*)\1$/.exec(trimmed);
  if (quoted) return (quoted[2] ?? '').replace(/\\(.)/g, '$1');
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  return operandPath(trimmed);
}

/** Parses a path as written in a CRD column (without the surrounding braces). */
export function parseJsonPath(path: string): Segment[] {
  return new Parser(path.trim()).parse();
}

function compare(left: unknown, op: string, right: unknown): boolean {
  const kind = typeof left;
  if (kind !== typeof right || !['string', 'number', 'boolean'].includes(kind)) {
    throw new JsonPathError(`incompatible types for comparison: ${JSON.stringify(left)} ${op} ${JSON.stringify(right)}`);
  }
  const l = left as string | number | boolean;
  const r = right as string | number | boolean;
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '<':
      return l < r;
    case '>':
      return l > r;
    case '<=':
      return l <= r;
    default:
      return l >= r;
  }
}

function step(values: unknown[], segment: Segment): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    if (value === null || value === undefined) continue;
    switch (segment.kind) {
      case 'field':
        if (isRecord(value) && Object.hasOwn(value, segment.name)) out.push(value[segment.name]);
        break;
      case 'wildcard':
        if (Array.isArray(value)) out.push(...value);
        else if (isRecord(value)) out.push(...Object.values(value));
        break;
      case 'index': {
        if (!Array.isArray(value)) throw new JsonPathError('not an array or slice');
        const index = segment.index < 0 ? segment.index + value.length : segment.index;
        if (index < 0 || index >= value.length) throw new JsonPathError(`array index out of bounds: index ${index}, length ${value.length}`);
        out.push(value[index]);
        break;
      }
      case 'filter':
        if (!Array.isArray(value)) throw new JsonPathError('not an array or slice and cannot be filtered');
        for (const item of value) {
          const lefts = evaluate(segment.left, item);
          if (segment.op === 'exists') {
            if (lefts.length > 0) out.push(item);
            continue;
          }
          if (lefts.length === 0) continue;
          if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time');
          const rights = Array.isArray(segment.right) ? evaluate(segment.right, item) : [segment.right];
          if (rights.length === 0) continue;
          if (compare(lefts[0], segment.op, rights[0])) out.push(item);
        }
        break;
    }
  }
  return out;
}

function evaluate(path: Segment[], data: unknown): unknown[] {
  let values = [data];
  for (const segment of path) values = step(values, segment);
  return values;
}

/** Every value the path selects, in document order; throws JsonPathError where the apiserver's evaluation fails. */
export function evaluateJsonPath(path: string | Segment[], data: unknown): unknown[] {
  return evaluate(typeof path === 'string' ? parseJsonPath(path) : path, data);
}
