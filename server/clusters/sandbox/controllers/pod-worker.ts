// One pod on the node, as kubelet runs it: the sandbox (an IP), then each init container to completion, then the
// containers: pull (or "already present"), create, start, restart by restartPolicy with kubelet's back-off,
// image pull failures as ErrImagePull / ImagePullBackOff, graceful termination on delete. Every step writes the
// pod's status and records kubelet's events.
import { randomBytes } from 'node:crypto';
import { isRecord, type KubeObject } from '../kube-object.js';
import type { ContainerExit, ContainerProcess, ContainerRuntime } from '../runtime/container-runtime.js';
import type { ContainerLog } from '../runtime/container-log.js';
import { pullBackOffMessage, resolveImage, type ImageResolution } from '../runtime/image-catalogue.js';
import type { ControllerContext } from './controller-context.js';
import { ContainerConfigError, containerEnv } from './container-env.js';
import type { PodIpAllocator } from './pod-ips.js';
import { podStatus, type ContainerState, type ContainerView, type TerminatedState } from './pod-status.js';
import { timestamp } from './time.js';
import { backoffMs } from './timing.js';
import { mountedSecretFiles } from './secret-volumes.js';

export interface NodeServices {
  ctx: ControllerContext;
  runtime: ContainerRuntime;
  ips: PodIpAllocator;
  /** Images this node has pulled (by resolved reference). */
  images: Set<string>;
  nodeName: string;
  hostIP: string;
}

interface Slot {
  spec: Record<string, unknown>;
  view: ContainerView;
  /** The running instance, while it runs. */
  process?: ContainerProcess;
  /** The last two instances, for `kubectl logs` and `kubectl logs --previous`. */
  runs: ContainerProcess[];
  /** Crashes since the container last ran long enough to reset the back-off. */
  crashes: number;
  pullFailures: number;
  startedAt?: Date;
}

/** Waiting reasons of a container that failed to start: the next container still starts, as in kubelet. */
const FAILED_WAITING = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'CreateContainerConfigError']);

/** A container that ran this long without crashing starts its back-off afresh (kubelet: 10 minutes). */
const BACKOFF_RESET_MS = 10 * 60_000;

export class PodWorker {
  private readonly slots: Slot[];
  private readonly timers = new Set<NodeJS.Timeout>();
  private podIP?: string;
  private sandboxReady = false;
  private finished = false;
  private stopping = false;
  private readonly startTime = timestamp(new Date());
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;

  constructor(
    private readonly node: NodeServices,
    pod: KubeObject,
  ) {
    this.uid = pod.metadata.uid as string;
    this.namespace = pod.metadata.namespace as string;
    this.name = pod.metadata.name as string;
    const spec = isRecord(pod.spec) ? pod.spec : {};
    const slot = (c: Record<string, unknown>, init: boolean): Slot => ({
      spec: c,
      view: { name: String(c.name), init, image: String(c.image ?? ''), imageID: '', state: { waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' } }, restartCount: 0, ready: false },
      crashes: 0,
      pullFailures: 0,
      runs: [],
    });
    const init = (Array.isArray(spec.initContainers) ? spec.initContainers.filter(isRecord) : []).map((c) => slot(c, true));
    const app = (Array.isArray(spec.containers) ? spec.containers.filter(isRecord) : []).map((c) => slot(c, false));
    if (init.length) for (const s of app) s.view.state = { waiting: { reason: 'PodInitializing' } };
    this.slots = [...init, ...app];
  }

  get ip(): string | undefined {
    return this.podIP;
  }

  start(): void {
    if (this.slots[0]?.view.init) this.slots[0].view.state = { waiting: { reason: 'PodInitializing' } };
    this.writeStatus();
    this.after(this.node.ctx.timing.sandboxMs, () => {
      // A hostNetwork pod shares the node's network namespace, so its IP is the node's.
      const spec = this.current()?.spec;
      this.podIP = isRecord(spec) && spec.hostNetwork === true ? this.node.hostIP : this.node.ips.allocate();
      this.sandboxReady = true;
      this.writeStatus();
      this.next();
    });
  }

  /** The pod was deleted with a grace period: stop every container (SIGTERM, then SIGKILL), then remove it. */
  async terminate(gracePeriodSeconds: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.clearTimers();
    const pod = this.current();
    await Promise.all(
      this.slots.map(async (slot) => {
        if (!slot.process || 'terminated' in slot.view.state) return;
        if (pod) this.event(pod, 'Normal', 'Killing', `Stopping container ${slot.view.name}`, slot);
        await slot.process.stop(gracePeriodSeconds);
      }),
    );
    this.node.ips.release(this.podIP);
    const { store, types } = this.node.ctx;
    const still = store.get(types.pods, this.namespace, this.name);
    if (still && still.metadata.uid === this.uid) store.delete(types.pods, this.namespace, this.name);
  }

  /** The pod object is gone already (a forced delete): stop everything at once. */
  kill(): void {
    this.stopping = true;
    this.clearTimers();
    for (const slot of this.slots) void slot.process?.stop(0);
    this.node.ips.release(this.podIP);
  }

  /** A container's running instance, if it runs now (not waiting, not ended). */
  running(container: string): ContainerProcess | undefined {
    const slot = this.slots.find((s) => s.view.name === container);
    return slot && 'running' in slot.view.state ? slot.process : undefined;
  }

  /** The log of a container (its previous run with `previous`), or the apiserver's refusal. */
  log(container: string | undefined, previous: boolean): ContainerLog | string {
    const apps = this.slots.filter((s) => !s.view.init);
    let slot: Slot | undefined;
    if (container === undefined) {
      if (apps.length !== 1) {
        return `a container name must be specified for pod ${this.name}, choose one of: [${apps.map((s) => s.view.name).join(' ')}]`;
      }
      slot = apps[0];
    } else {
      slot = this.slots.find((s) => s.view.name === container);
      if (!slot) return `container ${container} is not valid for pod ${this.name}`;
    }
    const s = slot as Slot;
    const latest = s.runs[s.runs.length - 1];
    if (previous) {
      // While a crashed container waits to restart, its last run is both the current and the previous log.
      const before = s.view.restartCount === 0 ? undefined : s.process ? s.runs[s.runs.length - 2] : latest;
      return before?.log ?? `previous terminated container "${s.view.name}" in pod "${this.name}" not found`;
    }
    if (latest) return latest.log;
    const waiting = 'waiting' in s.view.state ? s.view.state.waiting.reason : 'ContainerCreating';
    if (waiting === 'ImagePullBackOff' || waiting === 'ErrImagePull') {
      return `container "${s.view.name}" in pod "${this.name}" is waiting to start: trying and failing to pull image`;
    }
    if (waiting === 'InvalidImageName') return `container "${s.view.name}" in pod "${this.name}" is waiting to start: image can't be pulled`;
    return `container "${s.view.name}" in pod "${this.name}" is waiting to start: ${waiting}`;
  }

  /** The next thing to do: the first unfinished init container, else every app container not yet begun. */
  private next(): void {
    if (this.stopping) return;
    const init = this.slots.filter((s) => s.view.init);
    const pendingInit = init.find((s) => !('terminated' in s.view.state && s.view.state.terminated.exitCode === 0));
    if (pendingInit) {
      if (!pendingInit.process && !this.busy(pendingInit)) void this.startContainer(pendingInit);
      return;
    }
    // kubelet starts a pod's containers one after the other, each pulled, created and started in turn.
    const apps = this.slots.filter((s) => !s.view.init);
    if (apps.some((s) => this.busy(s))) return;
    const next = apps.find((s) => !s.process && s.runs.length === 0 && 'waiting' in s.view.state && !FAILED_WAITING.has(s.view.state.waiting.reason));
    if (next) void this.startContainer(next);
  }

  private readonly inFlight = new Set<Slot>();

  private busy(slot: Slot): boolean {
    return this.inFlight.has(slot);
  }

  private async startContainer(slot: Slot): Promise<void> {
    this.inFlight.add(slot);
    try {
      await this.pullAndStart(slot);
    } finally {
      this.inFlight.delete(slot);
      // Started or failed to start: either way the pod's next container gets its turn.
      if (!slot.view.init) setImmediate(() => this.next());
    }
  }

  private async pullAndStart(slot: Slot): Promise<void> {
    const pod = this.current();
    if (!pod || this.stopping) return;
    const image = slot.view.image;
    const resolution = resolveImage(image);
    if (!resolution.ok && resolution.reason === 'InvalidImageName') {
      this.event(pod, 'Warning', resolution.eventReason, resolution.eventMessage, slot);
      this.setState(slot, { waiting: { reason: 'InvalidImageName', message: resolution.message } });
      return;
    }
    const policy = typeof slot.spec.imagePullPolicy === 'string' ? slot.spec.imagePullPolicy : 'IfNotPresent';
    const present = resolution.ok && this.node.images.has(resolution.ref);
    if (policy === 'Never' && !present) {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      this.event(pod, 'Warning', 'ErrImageNeverPull', message, slot);
      this.setState(slot, { waiting: { reason: 'ErrImageNeverPull', message } });
      return;
    }
    if (policy === 'Always' || !present) {
      this.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, slot);
      const began = Date.now();
      await this.sleep(present ? this.node.ctx.timing.repullMs : this.node.ctx.timing.pullMs);
      if (this.stopping || !this.current()) return;
      if (!resolution.ok) return this.pullFailed(slot, image, resolution);
      slot.pullFailures = 0;
      this.node.images.add(resolution.ref);
      const took = formatDuration(Date.now() - began);
      this.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${imageSize(resolution.ref)} bytes.`, slot);
    } else {
      this.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, slot);
    }
    if (!resolution.ok) return;
    this.run(slot, resolution);
  }

  private pullFailed(slot: Slot, image: string, failure: Extract<ImageResolution, { ok: false }>): void {
    const pod = this.current();
    if (!pod) return;
    slot.pullFailures++;
    this.event(pod, 'Warning', failure.eventReason, failure.eventMessage, slot);
    this.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', slot);
    this.setState(slot, { waiting: { reason: 'ErrImagePull', message: failure.message } });
    this.after(this.node.ctx.timing.errImagePullMs, () => {
      const again = this.current();
      if (!again) return;
      this.event(again, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, slot);
      this.event(again, 'Warning', 'Failed', 'Error: ImagePullBackOff', slot);
      this.setState(slot, { waiting: { reason: 'ImagePullBackOff', message: pullBackOffMessage(image, { reason: 'ErrImagePull', message: failure.message }) } });
      this.after(backoffMs(this.node.ctx.timing, slot.pullFailures), () => void this.startContainer(slot));
    });
  }

  private run(slot: Slot, resolution: Extract<ImageResolution, { ok: true }>): void {
    const pod = this.current();
    if (!pod || this.stopping) return;
    let env: Array<{ name: string; value: string }>;
    try {
      env = containerEnv({ store: this.node.ctx.store, registry: this.node.ctx.registry, types: this.node.ctx.types }, { ...pod, status: { ...(isRecord(pod.status) ? pod.status : {}), podIP: this.podIP ?? '' } }, slot.spec);
    } catch (error) {
      if (!(error instanceof ContainerConfigError)) throw error;
      // kubelet retries the config on every sync; the sandbox looks again on the back-off schedule.
      this.event(pod, 'Warning', 'Failed', `Error: ${error.message}`, slot);
      this.setState(slot, { waiting: { reason: 'CreateContainerConfigError', message: error.message } });
      this.after(Math.min(this.node.ctx.timing.backoffBaseMs, 2_000), () => void this.startContainer(slot));
      return;
    }
    // `$(VAR)` in command and args is expanded by the runtime, as kubelet does before it starts the container.
    const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);
    const command = strings(slot.spec.command);
    const args = strings(slot.spec.args);
    this.event(pod, 'Normal', 'Created', `Created container: ${slot.view.name}`, slot);
    const process = this.node.runtime.start({
      namespace: this.namespace,
      podName: this.name,
      ...(this.podIP ? { podIP: this.podIP } : {}),
      podUid: this.uid,
      containerName: slot.view.name,
      resolved: resolution,
      ...(command ? { command } : {}),
      ...(args ? { args } : {}),
      env,
      ...(typeof slot.spec.workingDir === 'string' ? { workingDir: slot.spec.workingDir } : {}),
      files: mountedSecretFiles(this.node.ctx, pod, slot.spec),
    });
    slot.process = process;
    slot.runs.push(process);
    if (slot.runs.length > 2) slot.runs.shift();
    slot.startedAt = process.startedAt;
    slot.view.image = resolution.ref;
    slot.view.imageID = resolution.imageId;
    slot.view.containerID = `containerd://${randomBytes(32).toString('hex')}`;
    this.event(pod, 'Normal', 'Started', `Started container ${slot.view.name}`, slot);
    // Without a readiness delay the container is ready in the same status update that says it runs, as on kind.
    if (!slot.view.init && readinessDelayMs(slot.spec) === 0) slot.view.ready = true;
    this.setState(slot, { running: { startedAt: timestamp(process.startedAt) } });
    this.scheduleReadiness(slot, process);
    void process.exited.then((exit) => this.onExit(slot, process, exit));
  }

  /** Ready once running past the readiness probe's initial delay (probes are not run: the programs are known). */
  private scheduleReadiness(slot: Slot, process: ContainerProcess): void {
    if (slot.view.init) return;
    const delay = readinessDelayMs(slot.spec);
    if (delay === 0) return;
    const markReady = (): void => {
      if (slot.process !== process || !('running' in slot.view.state)) return;
      slot.view.ready = true;
      this.writeStatus();
    };
    this.after(delay, markReady);
  }

  private onExit(slot: Slot, process: ContainerProcess, exit: ContainerExit): void {
    if (slot.process !== process) return;
    slot.view.ready = false;
    const terminated: TerminatedState = {
      exitCode: exit.exitCode,
      reason: exit.reason,
      ...(exit.message ? { message: exit.message } : {}),
      startedAt: timestamp(process.startedAt),
      finishedAt: timestamp(exit.finishedAt),
      ...(slot.view.containerID ? { containerID: slot.view.containerID } : {}),
    };
    if (this.stopping) {
      this.setState(slot, { terminated });
      return;
    }
    const pod = this.current();
    if (!pod) return;
    const policy = isRecord(pod.spec) && typeof pod.spec.restartPolicy === 'string' ? pod.spec.restartPolicy : 'Always';
    const restart = policy === 'Always' || (policy === 'OnFailure' && exit.exitCode !== 0);
    if (!restart) {
      this.setState(slot, { terminated });
      if (slot.view.init && exit.exitCode === 0) this.next();
      else if (this.slots.filter((s) => !s.view.init).every((s) => 'terminated' in s.view.state) || slot.view.init) {
        this.finished = !slot.view.init || exit.exitCode !== 0;
        this.writeStatus();
      }
      return;
    }
    if (slot.view.init && exit.exitCode === 0) {
      this.setState(slot, { terminated });
      this.next();
      return;
    }
    // Restart: at once the first time, then after kubelet's back-off (CrashLoopBackOff while waiting).
    const ranLong = slot.startedAt !== undefined && Date.now() - slot.startedAt.getTime() > BACKOFF_RESET_MS;
    if (ranLong) slot.crashes = 0;
    slot.crashes++;
    this.setState(slot, { terminated });
    if (slot.crashes === 1) {
      this.after(this.node.ctx.timing.firstRestartMs, () => this.restart(slot, terminated));
      return;
    }
    const wait = backoffMs(this.node.ctx.timing, slot.crashes - 1);
    const message = `back-off ${formatBackoff(wait)} restarting failed container=${slot.view.name} pod=${this.name}_${this.namespace}(${this.uid})`;
    slot.view.lastState = terminated;
    slot.view.restartCount++;
    slot.process = undefined;
    this.setState(slot, { waiting: { reason: 'CrashLoopBackOff', message } });
    this.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${slot.view.name} in pod ${this.name}_${this.namespace}(${this.uid})`, slot);
    this.after(wait, () => void this.startContainer(slot));
  }

  private restart(slot: Slot, terminated: TerminatedState): void {
    if (this.stopping || !this.current()) return;
    slot.view.lastState = terminated;
    slot.view.restartCount++;
    slot.process = undefined;
    void this.startContainer(slot);
  }

  private setState(slot: Slot, state: ContainerState): void {
    slot.view.state = state;
    this.writeStatus();
  }

  private writeStatus(): void {
    const pod = this.current();
    if (!pod) return;
    const status = podStatus(pod, {
      ...(this.podIP ? { podIP: this.podIP } : {}),
      hostIP: this.node.hostIP,
      startTime: this.startTime,
      sandboxReady: this.sandboxReady,
      containers: this.slots.map((s) => s.view),
      finished: this.finished,
    }, isRecord(pod.status) ? pod.status : {});
    if (JSON.stringify(status) === JSON.stringify(pod.status)) return;
    this.node.ctx.store.modify(this.node.ctx.types.pods, this.namespace, this.name, (obj) => {
      obj.status = status;
    });
  }

  private event(pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, slot: Slot): void {
    const field = `spec.${slot.view.init ? 'initContainers' : 'containers'}{${slot.view.name}}`;
    this.node.ctx.events.record(pod, type, reason, message, { component: 'kubelet', host: this.node.nodeName }, field);
  }

  /** The pod as stored, if it is still this pod (not a new one with the same name). */
  private current(): KubeObject | undefined {
    const pod = this.node.ctx.store.get(this.node.ctx.types.pods, this.namespace, this.name);
    return pod && pod.metadata.uid === this.uid ? pod : undefined;
  }

  private after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopping) fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

function readinessDelayMs(container: Record<string, unknown>): number {
  const probe = isRecord(container.readinessProbe) ? container.readinessProbe : undefined;
  return probe && typeof probe.initialDelaySeconds === 'number' ? probe.initialDelaySeconds * 1000 : 0;
}

/** Go's Duration truncated to milliseconds, as kubelet prints pull times: 523ms, 1.204s. */
function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}

/** kubelet's back-off in messages: 10s, 20s, 40s, 1m20s, 2m40s, 5m0s. */
function formatBackoff(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${s % 60}s`;
}

/** A stable, plausible compressed size per image for the Pulled event. */
function imageSize(ref: string): number {
  let h = 0;
  for (const ch of ref) h = (Math.imul(h, 31) + (ch.codePointAt(0) as number)) >>> 0;
  return 2_000_000 + (h % 70_000_000);
}
