// Lesson patterns: a plain string matches as a substring, `/source/flags` as a regular expression.
import type { Pattern } from '../check-spec.js';

const REGEX_FORM = /^\/(.*)\/([dgimsuvy]*)$/s;

export function compilePattern(pattern: Pattern): RegExp {
  const m = REGEX_FORM.exec(pattern);
  if (m) return new RegExp(m[1] ?? '', (m[2] ?? '').replace('g', '')); // 'g' would make test() stateful
  return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

export function matchesPattern(pattern: Pattern, text: string): boolean {
  return compilePattern(pattern).test(text);
}

/** How a pattern reads in a message: regexes as written, strings quoted. */
export function describePattern(pattern: Pattern): string {
  return REGEX_FORM.test(pattern) ? pattern : JSON.stringify(pattern);
}
