// The node: the scheduler's binding and kubelet's pod lifecycle for the sandbox's one node. Pods without a node
// are bound to it (event `Scheduled`, or `FailedScheduling` when their nodeSelector does not match); bound
// pods get a PodWorker that runs their containers; deleted pods terminate gracefully and then go.
import { isRecord, type KubeObject } from '../kube-object.js';
import { resourceKey, type StoreEvent } from '../object-store.js';
import type { ContainerLog } from '../runtime/container-log.js';
import type { ContainerProcess, ContainerRuntime } from '../runtime/container-runtime.js';
import type { ExecOptions, ExecProcess } from '../runtime/container-exec.js';
import type { ControllerContext } from './controller-context.js';
import { KIND_NODE_IMAGES } from '../runtime/catalogue-data.js';
import { PodIpAllocator } from './pod-ips.js';
import { podPhase } from './pod-state.js';
import { PodWorker, type NodeServices } from './pod-worker.js';
import { nowTimestamp } from './time.js';
import { keyOf, splitKey, WorkQueue } from './work-queue.js';

export class Kubelet {
  private readonly workers = new Map<string, PodWorker>();
  private readonly node: NodeServices;
  private readonly queue: WorkQueue;

  constructor(
    private readonly ctx: ControllerContext,
    runtime: ContainerRuntime,
    private readonly nodeName: string,
    hostIP: string,
  ) {
    // kind's node image comes with its own components' images: their pods find them already present.
    const preloaded = KIND_NODE_IMAGES.flatMap((image) => image.tags.map((tag) => `${image.repository}:${tag}`));
    this.node = { ctx, runtime, ips: new PodIpAllocator(), images: new Set(preloaded), nodeName, hostIP };
    this.queue = new WorkQueue('kubelet', (key) => this.sync(key));
    ctx.store.subscribe((event) => this.onEvent(event));
  }

  /** The container log a `pods/<name>/log` request reads, or the apiserver's message why there is none. */
  log(namespace: string, name: string, container: string | undefined, previous: boolean): ContainerLog | string {
    const pod = this.ctx.store.get(this.ctx.types.pods, namespace, name);
    const worker = pod ? this.workers.get(pod.metadata.uid as string) : undefined;
    if (!pod || !worker) {
      const spec = pod && isRecord(pod.spec) ? pod.spec : {};
      const containers = Array.isArray(spec.containers) ? spec.containers.filter(isRecord) : [];
      const c = container ?? (containers.length === 1 ? String(containers[0]?.name) : undefined);
      if (!c) return `a container name must be specified for pod ${name}, choose one of: [${containers.map((x) => String(x.name)).join(' ')}]`;
      return `container "${c}" in pod "${name}" is waiting to start: ContainerCreating`;
    }
    return worker.log(container, previous);
  }

  /** The running instance of a pod's container (exec, attach, port-forward); undefined when it is not running. */
  runningContainer(namespace: string, name: string, container: string): ContainerProcess | undefined {
    const pod = this.ctx.store.get(this.ctx.types.pods, namespace, name);
    return pod ? this.workers.get(pod.metadata.uid as string)?.running(container) : undefined;
  }

  /** `kubectl exec`: argv in the container's context, through the runtime that started it. */
  exec(process: ContainerProcess, argv: readonly string[], options: ExecOptions): ExecProcess | undefined {
    return this.node.runtime.exec(process, argv, options);
  }

  async close(): Promise<void> {
    this.queue.close();
    for (const worker of this.workers.values()) worker.kill();
    this.workers.clear();
    await this.node.runtime.stopAll();
  }

  private onEvent(event: StoreEvent): void {
    if (event.resource !== resourceKey(this.ctx.types.pods)) return;
    const pod = event.object;
    const uid = pod.metadata.uid as string;
    if (event.type === 'DELETED') {
      const worker = this.workers.get(uid);
      if (worker) {
        this.workers.delete(uid);
        worker.kill();
      }
      return;
    }
    this.queue.add(keyOf(pod.metadata.namespace, pod.metadata.name as string));
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const pod = this.ctx.store.get(this.ctx.types.pods, namespace, name);
    if (!pod) return;
    const uid = pod.metadata.uid as string;
    const spec = isRecord(pod.spec) ? pod.spec : {};
    const worker = this.workers.get(uid);
    if (pod.metadata.deletionTimestamp) {
      const grace = typeof pod.metadata.deletionGracePeriodSeconds === 'number' ? pod.metadata.deletionGracePeriodSeconds : 30;
      if (worker) void worker.terminate(grace).finally(() => this.workers.delete(uid));
      else this.ctx.store.delete(this.ctx.types.pods, namespace, name); // nothing runs: it goes at once
      return;
    }
    if (!spec.nodeName) {
      this.schedule(pod, spec);
      return;
    }
    if (spec.nodeName !== this.nodeName || worker) return;
    const phase = podPhase(pod);
    if ((phase === 'Succeeded' || phase === 'Failed') && isRecord(pod.status) && pod.status.startTime) return;
    const started = new PodWorker(this.node, pod);
    this.workers.set(uid, started);
    started.start();
  }

  private schedule(pod: KubeObject, spec: Record<string, unknown>): void {
    if (spec.schedulerName !== undefined && spec.schedulerName !== 'default-scheduler') return;
    const node = this.ctx.store.get(this.ctx.types.nodes, undefined, this.nodeName);
    const labels = node?.metadata.labels ?? {};
    const selector = isRecord(spec.nodeSelector) ? (spec.nodeSelector as Record<string, string>) : {};
    const fits = Object.entries(selector).every(([k, v]) => labels[k] === v);
    const source = { component: 'default-scheduler' };
    const now = nowTimestamp();
    if (!fits) {
      const message = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";
      const scheduled = isRecord(pod.status) && Array.isArray(pod.status.conditions) ? pod.status.conditions.filter(isRecord).find((c) => c.type === 'PodScheduled') : undefined;
      if (scheduled?.reason === 'Unschedulable') return;
      this.ctx.events.record(pod, 'Warning', 'FailedScheduling', message, source);
      this.ctx.store.modify(this.ctx.types.pods, pod.metadata.namespace, pod.metadata.name as string, (obj) => {
        obj.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'Unschedulable', message }], qosClass: isRecord(obj.status) ? obj.status.qosClass : undefined };
      });
      return;
    }
    this.ctx.store.modify(this.ctx.types.pods, pod.metadata.namespace, pod.metadata.name as string, (obj) => {
      obj.spec = { ...(isRecord(obj.spec) ? obj.spec : {}), nodeName: this.nodeName };
      obj.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }] };
    });
    this.ctx.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${this.nodeName}`, source);
  }
}
