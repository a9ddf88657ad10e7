// Deployments roll ReplicaSets, as kube-controller-manager's deployment controller does: a ReplicaSet per pod
// template (`<deployment>-<pod-template-hash>`), rolling updates bounded by maxSurge / maxUnavailable, Recreate,
// revisions in `deployment.kubernetes.io/revision` (so `kubectl rollout history|undo` work), events
// `ScalingReplicaSet`, the Available and Progressing conditions with kube's reasons and messages (what
// `kubectl rollout status` reads), the progress deadline, and old ReplicaSets pruned past revisionHistoryLimit.
import { isDeepStrictEqual } from 'node:util';
import { isRecord, type KubeObject } from '../kube-object.js';
import { resourceKey, type StoreEvent } from '../object-store.js';
import type { ControllerContext } from './controller-context.js';
import { controllerOf, controllerRef, isControlledBy } from './owner.js';
import { podTemplateHash } from './pod-template-hash.js';
import { nowTimestamp } from './time.js';
import { keyOf, splitKey, WorkQueue } from './work-queue.js';

const SOURCE = { component: 'deployment-controller' };
const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX = 'deployment.kubernetes.io/max-replicas';
const HASH_LABEL = 'pod-template-hash';

type Condition = Record<string, unknown> & { type: string; status: string; reason: string; message: string };

export class DeploymentController {
  readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('deployment-controller', (key) => this.sync(key));
    ctx.store.subscribe((event) => this.onEvent(event));
  }

  private onEvent(event: StoreEvent): void {
    const obj = event.object;
    if (event.resource === resourceKey(this.ctx.types.deployments)) {
      this.queue.add(keyOf(obj.metadata.namespace, obj.metadata.name as string));
    } else if (event.resource === resourceKey(this.ctx.types.replicaSets)) {
      const owner = controllerOf(obj);
      if (owner?.kind === 'Deployment') this.queue.add(keyOf(obj.metadata.namespace, owner.name));
    }
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const { store, types } = this.ctx;
    const d = store.get(types.deployments, namespace, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const spec = isRecord(d.spec) ? d.spec : {};
    const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const all = store.select(types.replicaSets, namespace, (rs) => isControlledBy(rs, d));
    const template = isRecord(spec.template) ? spec.template : {};
    let newRs = all.find((rs) => sameTemplate(rs, template));
    const old = all.filter((rs) => rs !== newRs);
    const conditions: Condition[] = currentConditions(d);
    const { surge, unavailable } = rollingBounds(spec, desired);
    const recreate = isRecord(spec.strategy) && spec.strategy.type === 'Recreate';
    const paused = spec.paused === true;
    const maxOldRevision = Math.max(0, ...old.map(revisionOf));

    if (!newRs && !paused) {
      const oldPods = old.reduce((n, rs) => n + replicasOf(rs), 0);
      const initial = recreate ? (oldPods > 0 ? 0 : desired) : Math.max(0, Math.min(desired, desired + surge - oldPods));
      newRs = this.createReplicaSet(d, template, initial, maxOldRevision + 1, desired + surge);
      setCondition(conditions, 'Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${newRs.metadata.name}"`);
    } else if (newRs && revisionOf(newRs) <= maxOldRevision) {
      // A rollback to an older template: that ReplicaSet becomes the newest revision again.
      newRs = this.annotate(newRs, { [REVISION]: String(maxOldRevision + 1) });
    }

    if (newRs && !paused) {
      if (recreate) this.rolloutRecreate(d, newRs, old, desired);
      else this.rolloutRolling(d, newRs, old, desired, surge, unavailable);
    } else if (paused) {
      // A paused Deployment still scales: the ReplicaSet of its current template follows spec.replicas.
      if (newRs && replicasOf(newRs) !== desired && old.every((rs) => replicasOf(rs) === 0)) this.scale(d, newRs, desired, desired + surge);
    }
    this.cleanup(d, spec, old);
    this.updateStatus(d, spec, desired, unavailable, newRs, conditions);
  }

  private rolloutRolling(d: KubeObject, newRs: KubeObject, old: KubeObject[], desired: number, surge: number, maxUnavailable: number): void {
    // Scale up the new ReplicaSet within maxSurge.
    const newReplicas = replicasOf(newRs);
    const total = newReplicas + old.reduce((n, rs) => n + replicasOf(rs), 0);
    if (newReplicas > desired) {
      this.scale(d, newRs, desired, desired + surge);
    } else if (newReplicas < desired) {
      const target = Math.min(desired, newReplicas + Math.max(0, desired + surge - total));
      if (target > newReplicas) this.scale(d, newRs, target, desired + surge);
    }
    // Scale down old ReplicaSets within maxUnavailable: first their unhealthy replicas, then as many available
    // ones as keep desired - maxUnavailable pods available (kube's cleanupUnhealthyReplicas, then
    // scaleDownOldReplicaSetsForRollingUpdate).
    const oldWithPods = old.filter((rs) => replicasOf(rs) > 0).sort((a, b) => revisionOf(a) - revisionOf(b));
    if (oldWithPods.length === 0) return;
    const maxTotal = desired + surge;
    const minAvailable = desired - maxUnavailable;
    const allReplicas = replicasOf(newRs) + oldWithPods.reduce((n, rs) => n + replicasOf(rs), 0);
    const maxCleanup = allReplicas - minAvailable - (replicasOf(newRs) - available(newRs));
    if (maxCleanup <= 0) return;
    let cleaned = 0;
    for (const rs of oldWithPods) {
      const unhealthy = replicasOf(rs) - available(rs);
      if (cleaned >= maxCleanup || unhealthy <= 0) continue;
      const down = Math.min(maxCleanup - cleaned, unhealthy);
      this.scale(d, rs, replicasOf(rs) - down, maxTotal);
      cleaned += down;
    }
    let budget = available(newRs) + oldWithPods.reduce((n, rs) => n + available(rs), 0) - minAvailable;
    for (const rs of oldWithPods) {
      if (budget <= 0) break;
      const down = Math.min(replicasOf(rs), budget);
      if (down <= 0) continue;
      this.scale(d, rs, replicasOf(rs) - down, maxTotal);
      budget -= down;
    }
  }

  private rolloutRecreate(d: KubeObject, newRs: KubeObject, old: KubeObject[], desired: number): void {
    for (const rs of old) if (replicasOf(rs) > 0) this.scale(d, rs, 0, desired);
    // The new pods start only when every old pod is gone.
    const oldPodsLeft = this.ctx.store
      .list(this.ctx.types.pods, d.metadata.namespace)
      .some((p) => old.some((rs) => isControlledBy(p, rs)));
    if (!oldPodsLeft && replicasOf(newRs) !== desired) this.scale(d, newRs, desired, desired);
  }

  private createReplicaSet(d: KubeObject, template: Record<string, unknown>, replicas: number, revision: number, maxReplicas: number): KubeObject {
    const spec = isRecord(d.spec) ? d.spec : {};
    const collisionCount = isRecord(d.status) && typeof d.status.collisionCount === 'number' ? d.status.collisionCount : undefined;
    const hash = podTemplateHash(template, collisionCount);
    const meta = isRecord(template.metadata) ? template.metadata : {};
    const labels = { ...(isRecord(meta.labels) ? (meta.labels as Record<string, string>) : {}), [HASH_LABEL]: hash };
    const selector = isRecord(spec.selector) ? structuredClone(spec.selector) : {};
    selector.matchLabels = { ...(isRecord(selector.matchLabels) ? selector.matchLabels : {}), [HASH_LABEL]: hash };
    const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels,
        annotations: { [DESIRED]: String(desired), [MAX]: String(maxReplicas), [REVISION]: String(revision) },
        ownerReferences: [controllerRef(d)],
      },
      spec: {
        replicas,
        ...(typeof spec.minReadySeconds === 'number' ? { minReadySeconds: spec.minReadySeconds } : {}),
        selector,
        template: { ...structuredClone(template), metadata: { ...structuredClone(meta), labels } },
      },
    };
    const created = this.ctx.createObject(this.ctx.types.replicaSets, rs);
    this.annotateDeployment(d, String(revision));
    if (replicas > 0) {
      this.ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`, SOURCE);
    }
    return created;
  }

  private scale(d: KubeObject, rs: KubeObject, to: number, maxReplicas: number): void {
    const from = replicasOf(rs);
    const desired = String(isRecord(d.spec) && typeof d.spec.replicas === 'number' ? d.spec.replicas : 1);
    this.ctx.store.modify(this.ctx.types.replicaSets, rs.metadata.namespace, rs.metadata.name as string, (obj) => {
      obj.spec = { ...(isRecord(obj.spec) ? obj.spec : {}), replicas: to };
      obj.metadata.generation = (obj.metadata.generation ?? 1) + 1;
      obj.metadata.annotations = { ...obj.metadata.annotations, [DESIRED]: desired, [MAX]: String(maxReplicas) };
    });
    if (from !== to) {
      const how = to > from ? 'up' : 'down';
      this.ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${how} replica set ${rs.metadata.name} from ${from} to ${to}`, SOURCE);
    }
    if (isRecord(rs.spec)) rs.spec.replicas = to; // later steps of this sync read the new size
  }

  private annotate(rs: KubeObject, annotations: Record<string, string>): KubeObject {
    const next = this.ctx.store.modify(this.ctx.types.replicaSets, rs.metadata.namespace, rs.metadata.name as string, (obj) => {
      obj.metadata.annotations = { ...obj.metadata.annotations, ...annotations };
    });
    const revision = annotations[REVISION];
    if (revision) this.annotateDeployment(rs, revision);
    return next;
  }

  private annotateDeployment(owned: KubeObject, revision: string): void {
    const owner = owned.kind === 'Deployment' ? owned : undefined;
    const name = owner ? owner.metadata.name : controllerOf(owned)?.name;
    if (!name) return;
    const current = this.ctx.store.get(this.ctx.types.deployments, owned.metadata.namespace, name);
    if (!current || current.metadata.annotations?.[REVISION] === revision) return;
    this.ctx.store.modify(this.ctx.types.deployments, owned.metadata.namespace, name, (obj) => {
      obj.metadata.annotations = { ...obj.metadata.annotations, [REVISION]: revision };
    });
  }

  /** Old ReplicaSets scaled to zero beyond revisionHistoryLimit (default 10) are deleted, oldest first. */
  private cleanup(d: KubeObject, spec: Record<string, unknown>, old: KubeObject[]): void {
    const limit = typeof spec.revisionHistoryLimit === 'number' ? spec.revisionHistoryLimit : 10;
    const idle = old.filter((rs) => replicasOf(rs) === 0 && statusReplicas(rs) === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
      this.ctx.deleteObject(this.ctx.types.replicaSets, rs.metadata.namespace, rs.metadata.name as string);
    }
  }

  private updateStatus(d: KubeObject, spec: Record<string, unknown>, desired: number, maxUnavailable: number, newRs: KubeObject | undefined, conditions: Condition[]): void {
    const all = this.ctx.store.select(this.ctx.types.replicaSets, d.metadata.namespace, (rs) => isControlledBy(rs, d));
    const fresh = newRs ? all.find((rs) => rs.metadata.uid === newRs.metadata.uid) : undefined;
    const sum = (f: (rs: KubeObject) => number): number => all.reduce((n, rs) => n + f(rs), 0);
    const replicas = sum(statusReplicas);
    const updated = fresh ? statusReplicas(fresh) : 0;
    const ready = sum((rs) => statusNumber(rs, 'readyReplicas'));
    const availableCount = sum(available);
    const unavailableCount = Math.max(0, desired - availableCount);
    const generation = d.metadata.generation ?? 1;

    if (availableCount >= desired - maxUnavailable) {
      setCondition(conditions, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.');
    } else {
      setCondition(conditions, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.');
    }
    const rsName = fresh?.metadata.name ?? '';
    const complete = fresh !== undefined && updated === desired && replicas === desired && availableCount === desired;
    const progressing = conditions.find((c) => c.type === 'Progressing');
    if (spec.paused === true) {
      setCondition(conditions, 'Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused');
    } else if (complete) {
      setCondition(conditions, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`);
    } else if (fresh && progressing?.reason !== 'ProgressDeadlineExceeded') {
      const before = isRecord(d.status) ? d.status : {};
      const moved = updated !== statusNumber({ status: before } as unknown as KubeObject, 'updatedReplicas') ||
        availableCount !== statusNumber({ status: before } as unknown as KubeObject, 'availableReplicas') ||
        progressing === undefined || progressing.reason === 'DeploymentPaused' || progressing.reason === 'NewReplicaSetAvailable';
      if (moved) {
        setCondition(conditions, 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`, true);
      }
      const deadline = typeof spec.progressDeadlineSeconds === 'number' ? spec.progressDeadlineSeconds : 600;
      const current = conditions.find((c) => c.type === 'Progressing');
      const since = Date.parse(String(current?.lastUpdateTime ?? ''));
      if (Number.isFinite(since)) {
        const left = since + deadline * 1000 - Date.now();
        if (left <= 0) {
          setCondition(conditions, 'Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${rsName}" has timed out progressing.`);
          this.ctx.events.record(d, 'Warning', 'ProgressDeadlineExceeded', `Deployment "${d.metadata.name}" has timed out progressing.`, SOURCE);
        } else {
          this.queue.add(keyOf(d.metadata.namespace, d.metadata.name as string), left + 50);
        }
      }
    }

    const status: Record<string, unknown> = {};
    if (generation) status.observedGeneration = generation;
    if (replicas) status.replicas = replicas;
    if (updated) status.updatedReplicas = updated;
    if (ready) status.readyReplicas = ready;
    if (availableCount) status.availableReplicas = availableCount;
    if (unavailableCount) status.unavailableReplicas = unavailableCount;
    status.conditions = conditions;
    const before = isRecord(d.status) ? d.status : {};
    if (typeof before.collisionCount === 'number') status.collisionCount = before.collisionCount;
    if (isDeepStrictEqual(status, d.status)) return;
    this.ctx.store.modify(this.ctx.types.deployments, d.metadata.namespace, d.metadata.name as string, (obj) => {
      obj.status = status;
    });
  }
}

function sameTemplate(rs: KubeObject, template: Record<string, unknown>): boolean {
  const rsTemplate = isRecord(rs.spec) && isRecord(rs.spec.template) ? structuredClone(rs.spec.template) : {};
  const meta = isRecord(rsTemplate.metadata) ? rsTemplate.metadata : {};
  if (isRecord(meta.labels)) {
    delete meta.labels[HASH_LABEL];
    if (Object.keys(meta.labels).length === 0 && !(isRecord(template.metadata) && isRecord(template.metadata.labels))) delete meta.labels;
  }
  return isDeepStrictEqual(normalise(rsTemplate), normalise(template));
}

/** Templates compare without empty metadata (`{}` and absent are the same template). */
function normalise(template: Record<string, unknown>): Record<string, unknown> {
  const out = { ...template };
  if (isRecord(out.metadata) && Object.keys(out.metadata).length === 0) delete out.metadata;
  return out;
}

function replicasOf(rs: KubeObject): number {
  return isRecord(rs.spec) && typeof rs.spec.replicas === 'number' ? rs.spec.replicas : 0;
}

function statusNumber(obj: KubeObject, field: string): number {
  return isRecord(obj.status) && typeof obj.status[field] === 'number' ? (obj.status[field] as number) : 0;
}

function statusReplicas(rs: KubeObject): number {
  return statusNumber(rs, 'replicas');
}

function available(rs: KubeObject): number {
  return statusNumber(rs, 'availableReplicas');
}

function revisionOf(rs: KubeObject): number {
  const n = Number(rs.metadata.annotations?.[REVISION] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** maxSurge (rounded up) and maxUnavailable (rounded down) for this many replicas; both 0 would deadlock, so 1. */
export function rollingBounds(spec: Record<string, unknown>, desired: number): { surge: number; unavailable: number } {
  const strategy = isRecord(spec.strategy) ? spec.strategy : {};
  if (strategy.type === 'Recreate') return { surge: 0, unavailable: desired };
  const rolling = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const resolve = (value: unknown, roundUp: boolean): number => {
    if (typeof value === 'number') return value;
    const text = typeof value === 'string' ? value : '25%';
    const match = /^(\d+)%$/.exec(text);
    if (!match) return Number(text) || 0;
    const exact = (Number(match[1]) * desired) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  };
  const surge = resolve(rolling.maxSurge, true);
  let unavailable = resolve(rolling.maxUnavailable, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

function currentConditions(d: KubeObject): Condition[] {
  const status = isRecord(d.status) ? d.status : {};
  return Array.isArray(status.conditions) ? (structuredClone(status.conditions.filter(isRecord)) as Condition[]) : [];
}

/**
 * As kube's SetDeploymentCondition: an unchanged status and reason leaves the condition alone; otherwise the
 * old one is removed and the new one appended (which is why a settled Deployment lists Available first).
 * `touch` refreshes lastUpdateTime of an unchanged Progressing condition, which is what keeps the deadline away.
 */
function setCondition(conditions: Condition[], type: string, status: string, reason: string, message: string, touch = false): void {
  const now = nowTimestamp();
  const i = conditions.findIndex((c) => c.type === type);
  const existing = conditions[i];
  if (existing && existing.status === status && existing.reason === reason) {
    if (touch || existing.message !== message) {
      existing.message = message;
      existing.lastUpdateTime = now;
    }
    return;
  }
  const transition = existing && existing.status === status ? existing.lastTransitionTime : now;
  if (i !== -1) conditions.splice(i, 1);
  conditions.push({ type, status, lastUpdateTime: now, lastTransitionTime: transition, reason, message });
}
