// Pods: a port of printPod (pkg/printers/internalversion/printers.go, release-1.32). The STATUS logic is kubectl's
// well-known one: init containers first (with restartable "sidecar" init containers counted as containers), then
// the app containers from last to first so the first container's waiting/terminated reason wins.

import type { KubeObject } from '../kube-object.js';
import { ageColumn, column, nameColumn } from './columns.js';
import { int, list, parseTime, rec, recOrUndefined, records, str } from './fields.js';
import { age, humanDuration, type TablePrinter, type TableRowCondition } from './table-printer.js';

const columns = [
  nameColumn,
  column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'string', 'The aggregate status of the containers in this pod.'),
  column(
    'Restarts',
    'string',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  ),
  ageColumn,
  column('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
  column(
    'Node',
    'string',
    'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename',
    1,
  ),
  column(
    'Nominated Node',
    'string',
    'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.',
    1,
  ),
  column(
    'Readiness Gates',
    'string',
    'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
    1,
  ),
];

function isRestartable(container: Record<string, unknown> | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

/** The first condition of the type is True (isPodInitializedConditionTrue, the readiness gate count). */
function conditionTrue(status: Record<string, unknown>, type: string): boolean {
  const condition = records(status.conditions).find((c) => c.type === type);
  return condition?.status === 'True';
}

/** lastState.terminated.finishedAt, the time a container last stopped before its current run. */
function lastTermination(containerStatus: Record<string, unknown>): number | undefined {
  const terminated = recOrUndefined(rec(containerStatus.lastState).terminated);
  return terminated ? parseTime(terminated.finishedAt) : undefined;
}

function later(current: number | undefined, candidate: number | undefined): number | undefined {
  if (candidate === undefined) return current;
  return current === undefined || current < candidate ? candidate : current;
}

function cells(pod: KubeObject, now: number): unknown[] {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  // The apiserver sets phase Pending on create, so a stored pod always has one.
  const phase = str(status.phase) || 'Pending';
  const initSpecs = records(spec.initContainers);
  let totalContainers = list(spec.containers).length;
  let readyContainers = 0;
  let restarts = 0;
  let restartableInitRestarts = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  let reason = str(status.reason) || phase;
  if (records(status.conditions).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  const initByName = new Map<string, Record<string, unknown>>();
  for (const container of initSpecs) {
    initByName.set(str(container.name), container);
    if (isRestartable(container)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = records(status.initContainerStatuses);
  for (const [i, container] of initStatuses.entries()) {
    restarts += int(container.restartCount);
    lastRestart = later(lastRestart, lastTermination(container));
    const restartable = isRestartable(initByName.get(str(container.name)));
    if (restartable) {
      restartableInitRestarts += int(container.restartCount);
      lastRestartableInitRestart = later(lastRestartableInitRestart, lastTermination(container));
    }
    const state = rec(container.state);
    const terminated = recOrUndefined(state.terminated);
    const waiting = recOrUndefined(state.waiting);
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready === true) readyContainers++;
      continue;
    }
    if (terminated) {
      // initialization failed
      if (str(terminated.reason) === '') {
        reason = int(terminated.signal) !== 0 ? `Init:Signal:${int(terminated.signal)}` : `Init:ExitCode:${int(terminated.exitCode)}`;
      } else {
        reason = `Init:${str(terminated.reason)}`;
      }
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status, 'Initialized')) {
    // Restarts of finished init containers no longer count once the pod is initialized; sidecars' do.
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const containerStatuses = records(status.containerStatuses);
    for (let i = containerStatuses.length - 1; i >= 0; i--) {
      const container = containerStatuses[i] ?? {};
      restarts += int(container.restartCount);
      lastRestart = later(lastRestart, lastTermination(container));
      const state = rec(container.state);
      const waiting = recOrUndefined(state.waiting);
      const terminated = recOrUndefined(state.terminated);
      if (waiting && str(waiting.reason) !== '') {
        reason = str(waiting.reason);
      } else if (terminated && str(terminated.reason) !== '') {
        reason = str(terminated.reason);
      } else if (terminated) {
        reason = int(terminated.signal) !== 0 ? `Signal:${int(terminated.signal)}` : `ExitCode:${int(terminated.exitCode)}`;
      } else if (container.ready === true && recOrUndefined(state.running)) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose first container completed while another still runs is not "Completed".
    if (reason === 'Completed' && hasRunning) {
      const ready = records(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }

  const deleting = parseTime(pod.metadata.deletionTimestamp) !== undefined;
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const restartsCell =
    restarts !== 0 && lastRestart !== undefined ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);

  const podIPs = records(status.podIPs);
  const podIP = (podIPs.length > 0 ? str(podIPs[0]?.ip) : str(status.podIP)) || '<none>';
  const gates = records(spec.readinessGates);
  let readinessGates = '<none>';
  if (gates.length > 0) {
    const passing = gates.filter((gate) => conditionTrue(status, str(gate.conditionType))).length;
    readinessGates = `${passing}/${gates.length}`;
  }
  return [
    pod.metadata.name ?? '',
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsCell,
    age(pod, now),
    podIP,
    str(spec.nodeName) || '<none>',
    str(status.nominatedNodeName) || '<none>',
    readinessGates,
  ];
}

const SUCCEEDED: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const FAILED: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

export const podPrinter: TablePrinter = {
  columns,
  cells,
  conditions(pod) {
    const phase = rec(pod.status).phase;
    return phase === 'Succeeded' ? SUCCEEDED : phase === 'Failed' ? FAILED : undefined;
  },
};
