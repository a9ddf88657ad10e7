// Nodes: printNode. STATUS looks at the Ready condition only (any status but True reads "NotReady", no condition
// reads "Unknown"); ROLES come from node-role.kubernetes.io/<role> labels and the older kubernetes.io/role label.

import type { KubeObject } from '../kube-object.js';
import { ageColumn, column, nameColumn } from './columns.js';
import { rec, records, str } from './fields.js';
import { age, type TablePrinter } from './table-printer.js';

const columns = [
  nameColumn,
  column('Status', 'string', 'The status of the node'),
  column('Roles', 'string', 'The roles of the node'),
  ageColumn,
  column('Version', 'string', 'Kubelet Version reported by the node.'),
  // Both address columns carry NodeStatus.addresses' doc, as in the Go printer.
  column(
    'Internal-IP',
    'string',
    "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/concepts/nodes/node/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).",
    1,
  ),
  column(
    'External-IP',
    'string',
    "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/concepts/nodes/node/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).",
    1,
  ),
  column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
  column('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
  column(
    'Container-Runtime',
    'string',
    'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
    1,
  ),
];

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** findNodeRoles: sorted, without duplicates. */
export function nodeRoles(node: KubeObject): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(ROLE_PREFIX)) {
      const role = key.slice(ROLE_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (key === 'kubernetes.io/role' && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

function address(status: Record<string, unknown>, type: string): string {
  const found = records(status.addresses).find((a) => a.type === type);
  return found ? str(found.address) : '<none>';
}

function cells(node: KubeObject, now: number): unknown[] {
  const status = rec(node.status);
  const info = rec(status.nodeInfo);
  // The Go code keeps the last condition of each type (a map keyed by type).
  const ready = records(status.conditions).filter((c) => c.type === 'Ready').pop();
  const states = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (rec(node.spec).unschedulable === true) states.push('SchedulingDisabled');
  const roles = nodeRoles(node).join(',');
  return [
    node.metadata.name ?? '',
    states.join(','),
    roles === '' ? '<none>' : roles,
    age(node, now),
    str(info.kubeletVersion),
    address(status, 'InternalIP'),
    address(status, 'ExternalIP'),
    str(info.osImage) || '<unknown>',
    str(info.kernelVersion) || '<unknown>',
    str(info.containerRuntimeVersion) || '<unknown>',
  ];
}

export const nodePrinter: TablePrinter = { columns, cells };
