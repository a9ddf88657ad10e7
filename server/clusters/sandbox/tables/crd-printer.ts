// Custom resources: the apiextensions-apiserver table convertor (registry/customresource/tableconvertor).
// NAME, then one column per additionalPrinterColumn evaluated with its JSONPath against the object. A column
// that selects nothing (or fails) gives a null cell, which kubectl shows as <none>; a "date" column becomes an age.

import { isRecord, type KubeObject } from '../kube-object.js';
import { column, DOC, nameColumn } from './columns.js';
import { evaluateJsonPath, parseJsonPath, type Segment } from './jsonpath.js';
import { humanDuration, type ColumnDefinition, type TablePrinter } from './table-printer.js';

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** What a CRD version without additionalPrinterColumns is served with (serveDefaultColumnsIfEmpty). */
const DEFAULT_COLUMNS: PrinterColumn[] = [
  { name: 'Age', type: 'date', description: DOC.creationTimestamp, jsonPath: '.metadata.creationTimestamp' },
];

/** Go's json.Marshal of decoded JSON: keys sorted, <, > and & escaped, no spaces. */
function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : isRecord(v)
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
        : v;
  const escapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
  return JSON.stringify(sorted(value)).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c] ?? c);
}

/** fmt.Fprint of a decoded JSON number: int64 when integral, else a float64 in %v (shortest, e-notation from 1e6). */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return String(n);
  const exponent = Math.floor(Math.log10(Math.abs(n)));
  if (exponent >= -4 && exponent < 6) return String(n);
  return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A "string" column prints its value the way jsonpath's PrintResults does. */
function stringCell(value: unknown): unknown {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return null;
  return goJson(value);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** cellForJSONValue: the cell for a non-string column, null when the value does not fit its type. */
function typedCell(type: string, value: unknown, now: number): unknown {
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      if (value === '' || value === 'null') return '<unknown>'; // metav1.Time's zero
      if (!RFC3339.test(value)) return '<invalid>';
      const at = Date.parse(value);
      if (Number.isNaN(at)) return '<invalid>';
      return at === Date.parse('0001-01-01T00:00:00Z') ? '<unknown>' : humanDuration(now - at);
    }
    default:
      return null;
  }
}

/**
 * The printer for one served version of a CRD, from its additionalPrinterColumns. As in the apiserver, a column
 * whose JSONPath does not parse ends the list: the columns before it are kept, it and those after are dropped.
 */
export function crdPrinter(printerColumns: PrinterColumn[]): TablePrinter {
  const definitions: ColumnDefinition[] = [nameColumn];
  const paths: Segment[][] = [];
  for (const col of printerColumns.length > 0 ? printerColumns : DEFAULT_COLUMNS) {
    let path: Segment[];
    try {
      path = parseJsonPath(col.jsonPath);
    } catch {
      break;
    }
    paths.push(path);
    const description = col.description || `Custom resource definition column (in JSONPath format): ${col.jsonPath}`;
    definitions.push(column(col.name, col.type, description, col.priority ?? 0, col.format ?? ''));
  }
  return {
    columns: definitions,
    cells(obj: KubeObject, now: number): unknown[] {
      const cells: unknown[] = [obj.metadata.name ?? ''];
      paths.forEach((path, i) => {
        const type = definitions[i + 1]?.type ?? '';
        let results: unknown[];
        try {
          results = evaluateJsonPath(path, obj);
        } catch {
          results = [];
        }
        // Only the first value counts, as the apiserver assumes simple paths.
        if (results.length === 0) cells.push(null);
        else cells.push(type === 'string' ? stringCell(results[0]) : typedCell(type, results[0], now));
      });
      return cells;
    },
  };
}
