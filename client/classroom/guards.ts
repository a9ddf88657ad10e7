// Type guards for reading the server's JSON at the page's boundary (no DOM here: unit tests load it in Node).

export type Fields = Record<string, unknown>;

export const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** Absent, or present and of the type (JSON has no `undefined`, so an absent field is what `undefined` becomes). */
export const optional = <T>(v: unknown, is: (x: unknown) => x is T): boolean => v === undefined || is(v);
