// The built-in Table printers by '<group>/<resource>' (group '' for the core API), and the rest of the tables API.

import { deploymentPrinter, replicaSetPrinter } from './apps-printers.js';
import { daemonSetPrinter } from './daemonset-printer.js';
import { cronJobPrinter, jobPrinter } from './batch-printers.js';
import { defaultPrinter } from './default-printer.js';
import { endpointSlicePrinter } from './endpointslice-printer.js';
import { eventPrinter } from './event-printer.js';
import { nodePrinter } from './node-printer.js';
import { podPrinter } from './pod-printer.js';
import { endpointsPrinter, servicePrinter } from './service-printers.js';
import { configMapPrinter, namespacePrinter, secretPrinter, serviceAccountPrinter } from './simple-printers.js';
import type { TablePrinter } from './table-printer.js';

export const builtinPrinters: Record<string, TablePrinter> = {
  '/namespaces': namespacePrinter,
  '/nodes': nodePrinter,
  '/pods': podPrinter,
  '/services': servicePrinter,
  '/endpoints': endpointsPrinter,
  '/configmaps': configMapPrinter,
  '/secrets': secretPrinter,
  '/serviceaccounts': serviceAccountPrinter,
  '/events': eventPrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
  'apps/daemonsets': daemonSetPrinter,
  'apps/deployments': deploymentPrinter,
  'apps/replicasets': replicaSetPrinter,
  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  // CRDs have no printer of their own in the apiserver: they get the default NAME, CREATED AT.
  'apiextensions.k8s.io/customresourcedefinitions': defaultPrinter,
};

export { crdPrinter, type PrinterColumn } from './crd-printer.js';
export { defaultPrinter } from './default-printer.js';
export { evaluateJsonPath, JsonPathError, parseJsonPath } from './jsonpath.js';
export {
  renderTable,
  type IncludeObject,
  type PartialObjectMetadata,
  type RenderTableOptions,
  type Table,
  type TableRow,
} from './render-table.js';
export {
  age,
  humanDuration,
  type ColumnDefinition,
  type TablePrinter,
  type TableRowCondition,
} from './table-printer.js';
