// Services and Endpoints: printService and printEndpoints. The apiserver prints with Wide=true, so a long
// load-balancer address list is never cut to 16 characters here (that clipping only happens in narrow output).

import type { KubeObject } from '../kube-object.js';
import { ageColumn, column, nameColumn } from './columns.js';
import { int, list, rec, records, str } from './fields.js';
import { formatLabels } from './labels.js';
import { age, type TablePrinter } from './table-printer.js';

const serviceColumns = [
  nameColumn,
  column(
    'Type',
    'string',
    'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is "None", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
  ),
  column(
    'Cluster-IP',
    'string',
    'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
  ),
  column(
    'External-IP',
    'string',
    'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.',
  ),
  column(
    'Port(s)',
    'string',
    'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
  ),
  ageColumn,
  column(
    'Selector',
    'string',
    'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/',
    1,
  ),
];

/** loadBalancerStatusStringer (wide): the ingress IPs, else hostnames, sorted and without duplicates. */
function loadBalancerAddresses(status: Record<string, unknown>): string {
  const found = new Set<string>();
  for (const ingress of records(rec(status.loadBalancer).ingress)) {
    const value = str(ingress.ip) || str(ingress.hostname);
    if (value !== '') found.add(value);
  }
  return [...found].sort().join(',');
}

function externalIP(type: string, spec: Record<string, unknown>, status: Record<string, unknown>): string {
  const externalIPs = list(spec.externalIPs).map(str);
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(status);
      if (externalIPs.length > 0) return [...(lb === '' ? [] : lb.split(',')), ...externalIPs].join(',');
      return lb === '' ? '<pending>' : lb;
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

/** makePortString: "port/protocol", or "port:nodePort/protocol" when a node port is allocated. */
function ports(spec: Record<string, unknown>): string {
  const text = records(spec.ports)
    .map((port) => {
      // Protocol defaults to TCP at admission, so a stored port always has one.
      const protocol = str(port.protocol) || 'TCP';
      const nodePort = int(port.nodePort);
      return nodePort > 0 ? `${int(port.port)}:${nodePort}/${protocol}` : `${int(port.port)}/${protocol}`;
    })
    .join(',');
  return text === '' ? '<none>' : text;
}

function serviceCells(service: KubeObject, now: number): unknown[] {
  const spec = rec(service.spec);
  const status = rec(service.status);
  const type = str(spec.type) || 'ClusterIP'; // the apiserver's default
  // clusterIPs is what the Go printer reads; a service that only spells clusterIP is converted to the same.
  const clusterIPs = list(spec.clusterIPs);
  const clusterIP = clusterIPs.length > 0 ? str(clusterIPs[0]) : str(spec.clusterIP) || '<none>';
  return [
    service.metadata.name ?? '',
    type,
    clusterIP,
    externalIP(type, spec, status),
    ports(spec),
    age(service, now),
    formatLabels(spec.selector),
  ];
}

export const servicePrinter: TablePrinter = { columns: serviceColumns, cells: serviceCells };

const endpointsColumns = [
  nameColumn,
  column(
    'Endpoints',
    'string',
    'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.',
  ),
  ageColumn,
];

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** formatEndpoints: up to three ready "ip:port", then " + N more..."; not-ready addresses are not shown. */
export function formatEndpoints(subsets: unknown): string {
  const all = records(subsets);
  if (all.length === 0) return '<none>';
  const max = 3;
  const shown: string[] = [];
  let more = false;
  let count = 0;
  for (const subset of all) {
    const addresses = records(subset.addresses);
    const subsetPorts = records(subset.ports);
    // A headless service may have no ports: then the bare IPs.
    const targets = subsetPorts.length === 0 ? [undefined] : subsetPorts.map((p) => int(p.port));
    for (const port of targets) {
      count += addresses.length;
      for (const addr of addresses) {
        if (shown.length === max) {
          more = true;
          break;
        }
        shown.push(port === undefined ? str(addr.ip) : joinHostPort(str(addr.ip), port));
      }
    }
  }
  const text = shown.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

export const endpointsPrinter: TablePrinter = {
  columns: endpointsColumns,
  cells: (endpoints, now) => [endpoints.metadata.name ?? '', formatEndpoints(endpoints.subsets), age(endpoints, now)],
};
