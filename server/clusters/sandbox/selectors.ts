// Label and field selectors as the apiserver parses them (`-l app=web,tier in (a,b),!canary`,
// `--field-selector metadata.name=x,status.phase!=Running`). A malformed one is a 400, as in kube.
import { isRecord, type KubeObject } from './kube-object.js';
import { errors } from './status.js';

type LabelRequirement =
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' };

export type Matcher = (obj: KubeObject) => boolean;

/** Splits on commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') terms.push(current.trim());
  return terms;
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function parseLabelSelector(text: string | null): Matcher {
  if (!text) return () => true;
  const requirements: LabelRequirement[] = splitTerms(text).map((term) => {
    let m: RegExpExecArray | null;
    if ((m = /^(\S+?)\s*(!=|==|=)\s*(\S*)$/.exec(term))) {
      return { key: m[1] as string, op: m[2] === '!=' ? '!=' : '=', value: m[3] as string };
    }
    if ((m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term))) {
      return { key: m[1] as string, op: m[2] as 'in' | 'notin', values: (m[3] as string).split(',').map((v) => v.trim()).filter(Boolean) };
    }
    if ((m = /^!\s*(\S+)$/.exec(term))) return { key: m[1] as string, op: '!' };
    if (LABEL_KEY.test(term)) return { key: term, op: 'exists' };
    throw errors.badRequest(`unable to parse requirement: found '${term}', expected: identifier`);
  });
  return (obj) => {
    const labels = obj.metadata.labels ?? {};
    return requirements.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      const value = labels[r.key];
      switch (r.op) {
        case '=':
          return has && value === r.value;
        case '!=':
          return !has || value !== r.value;
        case 'in':
          return has && r.values.includes(value as string);
        case 'notin':
          return !has || !r.values.includes(value as string);
        case 'exists':
          return has;
        case '!':
          return !has;
      }
    });
  };
}

/** The value of a dotted field path as a string, as field selectors compare ('' when missing). */
export function fieldValue(obj: unknown, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!isRecord(cur)) return '';
    cur = cur[part];
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

export function parseFieldSelector(text: string | null): Matcher {
  if (!text) return () => true;
  const terms = splitTerms(text).map((term) => {
    const m = /^([A-Za-z0-9_.]+)\s*(!=|==|=)\s*(.*)$/.exec(term);
    if (!m) throw errors.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    return { path: m[1] as string, negate: m[2] === '!=', value: m[3] as string };
  });
  return (obj) => terms.every((t) => (fieldValue(obj, t.path) === t.value) !== t.negate);
}
