// apps/v1 DaemonSets: printDaemonSet. Counts are nodes (desired, current, ready, up-to-date, available), then the
// template's nodeSelector; the descriptions are the DaemonSetStatus and PodSpec field docs, as the Go printer's.

import type { KubeObject } from '../kube-object.js';
import { ageColumn, column, containerCells, DOC, nameColumn } from './columns.js';
import { int, rec, records } from './fields.js';
import { formatLabelSelector, formatLabels } from './labels.js';
import { age, type TablePrinter } from './table-printer.js';

const MORE_INFO = 'More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/';

const columns = [
  nameColumn,
  column('Desired', 'integer', `The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). ${MORE_INFO}`),
  column('Current', 'integer', `The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. ${MORE_INFO}`),
  column('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
  column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
  column('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
  column(
    'Node Selector',
    'string',
    "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
  ),
  ageColumn,
  column('Containers', 'string', DOC.containerNames, 1),
  column('Images', 'string', DOC.containerImages, 1),
  column('Selector', 'string', 'A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template\'s labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 1),
];

function cells(ds: KubeObject, now: number): unknown[] {
  const spec = rec(ds.spec);
  const status = rec(ds.status);
  const podSpec = rec(rec(spec.template).spec);
  const [names, images] = containerCells(records(podSpec.containers));
  return [
    ds.metadata.name ?? '',
    int(status.desiredNumberScheduled),
    int(status.currentNumberScheduled),
    int(status.numberReady),
    int(status.updatedNumberScheduled),
    int(status.numberAvailable),
    formatLabels(podSpec.nodeSelector),
    age(ds, now),
    names,
    images,
    formatLabelSelector(spec.selector),
  ];
}

export const daemonSetPrinter: TablePrinter = { columns, cells };
