// The meta.k8s.io/v1 Table a `kubectl get` receives (Accept: application/json;as=Table;v=v1;g=meta.k8s.io),
// with each row's object shaped by ?includeObject= as the apiserver's asTable does.

import type { KubeObject, ObjectMeta } from '../kube-object.js';
import type { ColumnDefinition, TablePrinter, TableRowCondition } from './table-printer.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface RenderTableOptions {
  now: number;
  resourceVersion: string;
  /** kubectl asks for Metadata; it is also the apiserver's default when the parameter is absent. */
  includeObject: IncludeObject;
  /** For a chunked list (kubectl get sends limit=500): where the next page starts. */
  continue?: string;
  remainingItemCount?: number;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: KubeObject | PartialObjectMetadata;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: ColumnDefinition[];
  rows: TableRow[];
}

function partialObjectMetadata(obj: KubeObject): PartialObjectMetadata {
  // A shallow copy: the field bookkeeping is left out to keep rows small (kubectl never reads it from a Table).
  const { managedFields: _managedFields, ...metadata } = obj.metadata;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

export function renderTable(printer: TablePrinter, objects: KubeObject[], opts: RenderTableOptions): Table {
  const rows = objects.map((obj): TableRow => {
    const row: TableRow = { cells: printer.cells(obj, opts.now) };
    const conditions = printer.conditions?.(obj);
    if (conditions && conditions.length > 0) row.conditions = conditions.map((c) => ({ ...c }));
    if (opts.includeObject === 'Object') row.object = obj;
    else if (opts.includeObject === 'Metadata') row.object = partialObjectMetadata(obj);
    return row;
  });
  // ListMeta's fields are omitempty in Go: an empty resourceVersion is left out, not sent as "".
  const metadata: Table['metadata'] = {};
  if (opts.resourceVersion !== '') metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
