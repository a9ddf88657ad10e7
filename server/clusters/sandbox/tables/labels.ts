// Label maps and label selectors as the printers spell them (k8s.io/apimachinery/pkg/labels and
// metav1.LabelSelectorAsSelector): requirements sorted by key, values of in/notin sorted, joined by commas.

import { isRecord } from '../kube-object.js';
import { list, str } from './fields.js';

/** labels.FormatLabels: "k=v" sorted by key, or '<none>' for an empty map. */
export function formatLabels(map: unknown): string {
  const text = isRecord(map)
    ? Object.keys(map)
        .sort()
        .map((key) => `${key}=${str(map[key])}`)
        .join(',')
    : '';
  return text === '' ? '<none>' : text;
}

const OPERATORS: Record<string, string> = { In: ' in ', NotIn: ' notin ', Exists: '', DoesNotExist: '' };

/**
 * metav1.LabelSelectorAsSelector(selector).String(): '' for a missing or empty selector, undefined when an
 * expression has an operator the API does not know (the Go conversion fails there).
 */
export function selectorString(selector: unknown): string | undefined {
  if (!isRecord(selector)) return '';
  const requirements: Array<{ key: string; text: string }> = [];
  const matchLabels = isRecord(selector.matchLabels) ? selector.matchLabels : {};
  for (const key of Object.keys(matchLabels)) requirements.push({ key, text: `${key}=${str(matchLabels[key])}` });
  for (const expression of list(selector.matchExpressions)) {
    const expr = isRecord(expression) ? expression : {};
    const key = str(expr.key);
    const operator = str(expr.operator);
    if (!(operator in OPERATORS)) return undefined;
    if (operator === 'Exists') requirements.push({ key, text: key });
    else if (operator === 'DoesNotExist') requirements.push({ key, text: `!${key}` });
    else {
      const values = list(expr.values).map(str).sort();
      if (values.length === 0) return undefined; // labels.NewRequirement refuses in/notin without values
      requirements.push({ key, text: `${key}${OPERATORS[operator]}(${values.join(',')})` });
    }
  }
  // Go sorts the requirements by key only; a stable sort keeps match labels before expressions on a tie.
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return requirements.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: like selectorString, '<none>' when empty and '<error>' when invalid. */
export function formatLabelSelector(selector: unknown): string {
  const text = selectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}
