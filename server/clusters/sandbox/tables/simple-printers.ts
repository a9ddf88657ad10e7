// The small core printers: printNamespace, printConfigMap, printSecret, printServiceAccount. Their counts are
// integers in the cells even though the columns are declared "string", exactly as the Go printers send them.

import type { KubeObject } from '../kube-object.js';
import { ageColumn, column, nameColumn } from './columns.js';
import { list, rec, size, str } from './fields.js';
import { age, type TablePrinter } from './table-printer.js';

function name(obj: KubeObject): string {
  return obj.metadata.name ?? '';
}

export const namespacePrinter: TablePrinter = {
  columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  cells(ns, now) {
    // The apiserver sets the phase at create (Active) and at delete (Terminating); fill it the same way if absent.
    const phase = str(rec(ns.status).phase) || (ns.metadata.deletionTimestamp ? 'Terminating' : 'Active');
    return [name(ns), phase, age(ns, now)];
  },
};

export const configMapPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column(
      'Data',
      'string',
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
    ),
    ageColumn,
  ],
  cells: (cm, now) => [name(cm), size(cm.data) + size(cm.binaryData), age(cm, now)],
};

export const secretPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column(
      'Type',
      'string',
      'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
    ),
    column(
      'Data',
      'string',
      "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
    ),
    ageColumn,
  ],
  // Type defaults to Opaque; stringData never reaches storage (the apiserver merges it into data).
  cells: (secret, now) => [name(secret), str(secret.type) || 'Opaque', size(secret.data), age(secret, now)],
};

export const serviceAccountPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret',
    ),
    ageColumn,
  ],
  cells: (sa, now) => [name(sa), list(sa.secrets).length, age(sa, now)],
};
