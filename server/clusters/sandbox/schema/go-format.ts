// Go's renderings of values that end up in kube's messages about patches.
import { isPlainObject } from './decode.js';

/** fmt's %+v of a decoded JSON map: map[a:1 b:map[c:x] d:[x y]], keys sorted, strings bare. */
export function goPlusV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goPlusV).join(' ')}]`;
  if (isPlainObject(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goPlusV(v[k])}`).join(' ')}]`;
  if (typeof v === 'number' && !Number.isInteger(v)) return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
  return String(v);
}

/** encoding/json's Marshal of a map: keys sorted, compact, <, > and & escaped. */
export function goJson(v: unknown): string {
  return JSON.stringify(sortKeys(v)).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isPlainObject(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
}

/** strconv.Quote, near enough: JSON string syntax is Go's for the characters kube's values carry. */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}
