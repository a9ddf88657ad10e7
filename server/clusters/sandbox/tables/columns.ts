// Column definitions shared by the printers, and the field documentation the real ones use as descriptions
// (the Go printers take them from the generated SwaggerDoc() maps, so they are the API's own field docs).

import type { ColumnDefinition } from './table-printer.js';

export function column(name: string, type: string, description: string, priority = 0, format = ''): ColumnDefinition {
  return { name, type, format, description, priority };
}

export const DOC = {
  name:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  creationTimestamp:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  containerNames: 'Names of each container in the template.',
  containerImages: 'Images referenced by each container in the template.',
} as const;

/** Every printer's first column. */
export const nameColumn = column('Name', 'string', DOC.name, 0, 'name');
/** The AGE column; a string (the printers render the age themselves), not a date. */
export const ageColumn = column('Age', 'string', DOC.creationTimestamp);

/** The wide CONTAINERS and IMAGES cells of workload printers (layoutContainerCells). */
export function containerCells(containers: Array<Record<string, unknown>>): [string, string] {
  const names = containers.map((c) => (typeof c.name === 'string' ? c.name : ''));
  const images = containers.map((c) => (typeof c.image === 'string' ? c.image : ''));
  return [names.join(','), images.join(',')];
}
