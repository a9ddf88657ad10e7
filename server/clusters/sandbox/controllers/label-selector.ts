// A LabelSelector (matchLabels, matchExpressions) as controllers apply it to labels.
import { isRecord } from '../kube-object.js';

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

export function labelSelectorMatcher(selector: unknown): LabelMatcher {
  if (!isRecord(selector)) return () => false; // a nil selector selects nothing
  const matchLabels = isRecord(selector.matchLabels) ? (selector.matchLabels as Record<string, string>) : {};
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isRecord) : [];
  return (labels = {}) => {
    for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
    for (const e of expressions) {
      const key = String(e.key);
      const values = Array.isArray(e.values) ? e.values.map(String) : [];
      const has = key in labels;
      switch (e.operator) {
        case 'In':
          if (!has || !values.includes(labels[key] as string)) return false;
          break;
        case 'NotIn':
          if (has && values.includes(labels[key] as string)) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  };
}

/** A Service's selector: a plain map; an empty one selects nothing (the endpoints are managed by hand). */
export function mapSelectorMatcher(selector: unknown): LabelMatcher | undefined {
  if (!isRecord(selector) || Object.keys(selector).length === 0) return undefined;
  const wanted = selector as Record<string, string>;
  return (labels = {}) => Object.entries(wanted).every(([k, v]) => labels[k] === v);
}
