// ReplicaSets keep `spec.replicas` pods running from their template, as kube-controller-manager's replicaset
// controller does: pods named `<rs>-<5 random>`, owned by the ReplicaSet, events `SuccessfulCreate` /
// `SuccessfulDelete`, and a status counting the pods that are there, ready and available.
import { isDeepStrictEqual } from 'node:util';
import { isRecord, type KubeObject } from '../kube-object.js';
import type { StoreEvent } from '../object-store.js';
import { resourceKey } from '../object-store.js';
import type { ControllerContext } from './controller-context.js';
import { controllerOf, isControlledBy } from './owner.js';
import { podFromTemplate } from './pod-template.js';
import { isActive, isAvailable, isReady, podPhase } from './pod-state.js';
import { keyOf, splitKey, WorkQueue } from './work-queue.js';

const SOURCE = { component: 'replicaset-controller' };
/** At most this many pods created or deleted per sync (kube's burstReplicas). */
const BURST = 500;

export class ReplicaSetController {
  readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('replicaset-controller', (key) => this.sync(key));
    ctx.store.subscribe((event) => this.onEvent(event));
  }

  private onEvent(event: StoreEvent): void {
    const obj = event.object;
    if (event.resource === resourceKey(this.ctx.types.replicaSets)) {
      this.queue.add(keyOf(obj.metadata.namespace, obj.metadata.name as string));
    } else if (event.resource === resourceKey(this.ctx.types.pods)) {
      const owner = controllerOf(obj);
      if (owner?.kind === 'ReplicaSet') this.queue.add(keyOf(obj.metadata.namespace, owner.name));
    }
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const { store, types } = this.ctx;
    const rs = store.get(types.replicaSets, namespace, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const spec = isRecord(rs.spec) ? rs.spec : {};
    const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const owned = store.select(types.pods, namespace, (p) => isControlledBy(p, rs));
    const active = owned.filter(isActive);
    const diff = active.length - desired;
    if (diff < 0) {
      for (let i = 0; i < Math.min(-diff, BURST); i++) this.createPod(rs, spec);
    } else if (diff > 0) {
      for (const pod of deletionOrder(active).slice(0, Math.min(diff, BURST))) {
        this.ctx.deleteObject(types.pods, namespace, pod.metadata.name as string);
        this.ctx.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, SOURCE);
      }
    }
    this.updateStatus(rs, spec, active);
  }

  private createPod(rs: KubeObject, spec: Record<string, unknown>): void {
    const pod = podFromTemplate(rs, spec.template);
    const created = this.ctx.createObject(this.ctx.types.pods, pod);
    this.ctx.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
  }

  private updateStatus(rs: KubeObject, spec: Record<string, unknown>, active: KubeObject[]): void {
    const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    const ready = active.filter(isReady).length;
    const available = active.filter((p) => isAvailable(p, minReady)).length;
    // int32 fields with omitempty: zeros are left out, except replicas, which is always written.
    const status: Record<string, unknown> = { replicas: active.length };
    if (active.length) status.fullyLabeledReplicas = active.length;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    status.observedGeneration = rs.metadata.generation ?? 1;
    if (isDeepStrictEqual(status, rs.status)) return;
    this.ctx.store.modify(this.ctx.types.replicaSets, rs.metadata.namespace, rs.metadata.name as string, (obj) => {
      obj.status = status;
    });
    // A pod that becomes ready is available only after minReadySeconds: look again then.
    if (minReady > 0 && ready > available) this.queue.add(keyOf(rs.metadata.namespace, rs.metadata.name as string), minReady * 1000);
  }
}

/** Which pods go first on scale-down, as kube ranks them: unscheduled, pending, not ready, then the newest. */
function deletionOrder(pods: KubeObject[]): KubeObject[] {
  const rank = (p: KubeObject): number => {
    if (!isRecord(p.spec) || !p.spec.nodeName) return 0;
    if (podPhase(p) === 'Pending') return 1;
    if (!isReady(p)) return 2;
    return 3;
  };
  return [...pods].sort(
    (a, b) => rank(a) - rank(b) || String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)),
  );
}
