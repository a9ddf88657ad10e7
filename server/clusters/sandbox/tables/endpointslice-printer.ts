// discovery.k8s.io/v1 EndpointSlices: printEndpointSlice's NAME, ADDRESSTYPE, PORTS, ENDPOINTS, AGE.

import { ageColumn, column, nameColumn } from './columns.js';
import { int, records, str } from './fields.js';
import { age, type TablePrinter } from './table-printer.js';

const columns = [
  nameColumn,
  column('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
  column('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
  column('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
  ageColumn,
];

/** Ports joined by commas, `<unset>` for a port without a number, `<unset>` for none. */
function formatPorts(ports: unknown): string {
  const all = records(ports);
  if (all.length === 0) return '<unset>';
  return all.map((p) => (typeof p.port === 'number' ? String(int(p.port)) : '<unset>')).join(',');
}

/** The first three addresses, then " + N more...", `<unset>` for none. */
function formatAddresses(endpoints: unknown): string {
  const addresses = records(endpoints).flatMap((e) => (Array.isArray(e.addresses) ? e.addresses.map(str) : []));
  if (addresses.length === 0) return '<unset>';
  const shown = addresses.slice(0, 3).join(',');
  return addresses.length > 3 ? `${shown} + ${addresses.length - 3} more...` : shown;
}

export const endpointSlicePrinter: TablePrinter = {
  columns,
  cells: (slice, now) => [slice.metadata.name ?? '', str(slice.addressType), formatPorts(slice.ports), formatAddresses(slice.endpoints), age(slice, now)],
};
