// A pod's status as kubelet writes it, from the state of its containers: phase, the five conditions in kubelet's
// order, container statuses (waiting / running / terminated, lastState, restartCount, ready, started), IPs and
// QoS class.
import { isRecord, type KubeObject } from '../kube-object.js';
import { timestamp } from './time.js';

export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | { terminated: TerminatedState };

export interface TerminatedState {
  exitCode: number;
  reason: string;
  message?: string;
  signal?: number;
  startedAt: string;
  finishedAt: string;
  containerID?: string;
}

export interface ContainerView {
  name: string;
  init: boolean;
  image: string;
  imageID: string;
  containerID?: string;
  state: ContainerState;
  lastState?: TerminatedState;
  restartCount: number;
  ready: boolean;
}

export interface PodView {
  podIP?: string;
  hostIP: string;
  startTime: string;
  sandboxReady: boolean;
  containers: ContainerView[];
  /** The pod's containers have all finished for good (restartPolicy Never / OnFailure). */
  finished: boolean;
}

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

export function podStatus(pod: KubeObject, view: PodView, previous: Record<string, unknown>): Record<string, unknown> {
  const app = view.containers.filter((c) => !c.init);
  const init = view.containers.filter((c) => c.init);
  const initDone = init.every((c) => 'terminated' in c.state && c.state.terminated.exitCode === 0);
  const phase = podPhase(pod, view, initDone);
  const completed = phase === 'Succeeded' || phase === 'Failed';
  const unready = app.filter((c) => !c.ready).map((c) => c.name);
  const incompleteInit = init.filter((c) => !('terminated' in c.state && c.state.terminated.exitCode === 0)).map((c) => c.name);
  const notReady = (): Condition =>
    completed
      ? { type: '', status: 'False', reason: 'PodCompleted' }
      : { type: '', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  const conditions: Condition[] = [
    { type: 'PodReadyToStartContainers', status: view.sandboxReady && !completed ? 'True' : 'False' },
    initDone
      ? { type: 'Initialized', status: 'True', ...(completed ? { reason: 'PodCompleted' } : {}) }
      : { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incompleteInit.join(' ')}]` },
    unready.length === 0 && !completed ? { type: 'Ready', status: 'True' } : { ...notReady(), type: 'Ready' },
    unready.length === 0 && !completed ? { type: 'ContainersReady', status: 'True' } : { ...notReady(), type: 'ContainersReady' },
    { type: 'PodScheduled', status: 'True' },
  ];
  const before = Array.isArray(previous.conditions) ? previous.conditions.filter(isRecord) : [];
  const now = timestamp(new Date());
  const status: Record<string, unknown> = {
    conditions: conditions.map((c) => {
      const old = before.find((b) => b.type === c.type);
      return {
        type: c.type,
        status: c.status,
        lastProbeTime: null,
        lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now,
        ...(c.reason ? { reason: c.reason } : {}),
        ...(c.message ? { message: c.message } : {}),
      };
    }),
    ...(init.length ? { initContainerStatuses: init.map((c) => containerStatus(c)) } : {}),
    containerStatuses: app.map((c) => containerStatus(c)),
    hostIP: view.hostIP,
    hostIPs: [{ ip: view.hostIP }],
    phase,
    ...(view.podIP ? { podIP: view.podIP, podIPs: [{ ip: view.podIP }] } : {}),
    qosClass: qosClass(pod),
    startTime: view.startTime,
  };
  return status;
}

function podPhase(pod: KubeObject, view: PodView, initDone: boolean): string {
  const app = view.containers.filter((c) => !c.init);
  const restartPolicy = isRecord(pod.spec) && typeof pod.spec.restartPolicy === 'string' ? pod.spec.restartPolicy : 'Always';
  if (!initDone) {
    const failed = view.containers.some((c) => c.init && 'terminated' in c.state && c.state.terminated.exitCode !== 0);
    return failed && restartPolicy === 'Never' ? 'Failed' : 'Pending';
  }
  if (view.finished) {
    return app.every((c) => 'terminated' in c.state && c.state.terminated.exitCode === 0) ? 'Succeeded' : 'Failed';
  }
  const begun = app.every((c) => !('waiting' in c.state) || c.restartCount > 0 || c.lastState !== undefined);
  return begun ? 'Running' : 'Pending';
}

function containerStatus(c: ContainerView): Record<string, unknown> {
  const running = 'running' in c.state;
  return {
    ...(c.containerID ? { containerID: c.containerID } : {}),
    image: c.image,
    imageID: c.imageID,
    lastState: c.lastState ? { terminated: c.lastState } : {},
    name: c.name,
    ready: c.ready,
    restartCount: c.restartCount,
    started: running,
    state: c.state,
  };
}

/** Guaranteed when every container's requests equal its limits for cpu and memory, BestEffort with none, else Burstable. */
export function qosClass(pod: KubeObject): string {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const containers = [...(Array.isArray(spec.containers) ? spec.containers : []), ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])].filter(isRecord);
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const resources = isRecord(c.resources) ? c.resources : {};
    const limits = isRecord(resources.limits) ? resources.limits : {};
    const requests = isRecord(resources.requests) ? resources.requests : {};
    for (const r of ['cpu', 'memory']) {
      if (r in limits || r in requests) any = true;
      const request = r in requests ? requests[r] : limits[r];
      if (!(r in limits) || String(limits[r]) !== String(request)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
