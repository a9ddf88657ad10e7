// The apiserver's fallback for resources registered without a printer (rest.NewDefaultTableConvertor):
// NAME and CREATED AT, a "date" column holding the RFC3339 creation time rather than an age. It is what
// `kubectl get customresourcedefinitions` (and roles, clusterroles, ...) shows. Custom resources are different:
// a CRD version without additionalPrinterColumns gets NAME and AGE, see crdPrinter([]).

import type { KubeObject } from '../kube-object.js';
import { column, DOC, nameColumn } from './columns.js';
import { parseTime } from './fields.js';
import type { TablePrinter } from './table-printer.js';

/** Go's time.Time.UTC().Format(time.RFC3339): whole seconds, "Z"; the zero time for an absent one. */
export function rfc3339(value: unknown): string {
  const at = parseTime(value);
  if (at === undefined) return '0001-01-01T00:00:00Z';
  return new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
}

export const defaultPrinter: TablePrinter = {
  columns: [nameColumn, column('Created At', 'date', DOC.creationTimestamp)],
  cells: (obj: KubeObject) => [obj.metadata.name ?? '', rfc3339(obj.metadata.creationTimestamp)],
};
