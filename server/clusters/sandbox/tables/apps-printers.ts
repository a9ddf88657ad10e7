// apps/v1 Deployments and ReplicaSets: printDeployment and printReplicaSet. Their descriptions are the
// extensions/v1beta1 field docs, because that is the package the Go printer takes them from.

import type { KubeObject } from '../kube-object.js';
import { ageColumn, column, containerCells, DOC, nameColumn } from './columns.js';
import { int, rec, records } from './fields.js';
import { formatLabelSelector, selectorString } from './labels.js';
import { age, type TablePrinter } from './table-printer.js';

/** spec.replicas, which the apiserver defaults to 1. */
function desired(spec: Record<string, unknown>): number {
  return typeof spec.replicas === 'number' ? int(spec.replicas) : 1;
}

function templateContainers(spec: Record<string, unknown>): Array<Record<string, unknown>> {
  return records(rec(rec(spec.template).spec).containers);
}

const deploymentColumns = [
  nameColumn,
  column('Ready', 'string', 'Number of the pod with ready state'),
  column('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
  column('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
  ageColumn,
  column('Containers', 'string', DOC.containerNames, 1),
  column('Images', 'string', DOC.containerImages, 1),
  column(
    'Selector',
    'string',
    'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
    1,
  ),
];

function deploymentCells(deployment: KubeObject, now: number): unknown[] {
  const spec = rec(deployment.spec);
  const status = rec(deployment.status);
  const [names, images] = containerCells(templateContainers(spec));
  // Unlike the ReplicaSet printer, an empty selector stays '' here and a broken one reads "<invalid>".
  const selector = selectorString(spec.selector) ?? '<invalid>';
  return [
    deployment.metadata.name ?? '',
    `${int(status.readyReplicas)}/${desired(spec)}`,
    int(status.updatedReplicas),
    int(status.availableReplicas),
    age(deployment, now),
    names,
    images,
    selector,
  ];
}

export const deploymentPrinter: TablePrinter = { columns: deploymentColumns, cells: deploymentCells };

const replicaSetColumns = [
  nameColumn,
  column(
    'Desired',
    'integer',
    'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller',
  ),
  column(
    'Current',
    'integer',
    'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller',
  ),
  column('Ready', 'integer', 'readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.'),
  ageColumn,
  column('Containers', 'string', DOC.containerNames, 1),
  column('Images', 'string', DOC.containerImages, 1),
  column(
    'Selector',
    'string',
    'Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    1,
  ),
];

function replicaSetCells(rs: KubeObject, now: number): unknown[] {
  const spec = rec(rs.spec);
  const status = rec(rs.status);
  const [names, images] = containerCells(templateContainers(spec));
  return [
    rs.metadata.name ?? '',
    desired(spec),
    int(status.replicas),
    int(status.readyReplicas),
    age(rs, now),
    names,
    images,
    formatLabelSelector(spec.selector),
  ];
}

export const replicaSetPrinter: TablePrinter = { columns: replicaSetColumns, cells: replicaSetCells };
