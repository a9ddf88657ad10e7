// DaemonSets keep one pod from their template on each node that fits it, as kube-controller-manager's daemonset
// controller does: pods named `<ds>-<5 random>`, owned by the DaemonSet, pinned to their node by node affinity
// (the scheduler then binds them), labelled with the template's revision; a changed template replaces a node's
// pod (RollingUpdate, one node at a time; OnDelete waits for the pod to be deleted). Events `SuccessfulCreate`
// / `SuccessfulDelete`; status counts nodes, not pods.
import { isDeepStrictEqual } from 'node:util';
import { isRecord, type KubeObject } from '../kube-object.js';
import type { StoreEvent } from '../object-store.js';
import { resourceKey } from '../object-store.js';
import type { ControllerContext } from './controller-context.js';
import { controllerOf, isControlledBy } from './owner.js';
import { podFromTemplate } from './pod-template.js';
import { podTemplateHash } from './pod-template-hash.js';
import { isActive, isAvailable, isReady } from './pod-state.js';
import { keyOf, splitKey, WorkQueue } from './work-queue.js';

const SOURCE = { component: 'daemonset-controller' };
const REVISION_LABEL = 'controller-revision-hash';

/** The tolerations the controller adds to every daemon pod, so node conditions do not evict or block it. */
const DAEMON_TOLERATIONS: ReadonlyArray<[string, string]> = [
  ['node.kubernetes.io/not-ready', 'NoExecute'],
  ['node.kubernetes.io/unreachable', 'NoExecute'],
  ['node.kubernetes.io/disk-pressure', 'NoSchedule'],
  ['node.kubernetes.io/memory-pressure', 'NoSchedule'],
  ['node.kubernetes.io/pid-pressure', 'NoSchedule'],
  ['node.kubernetes.io/unschedulable', 'NoSchedule'],
];

export class DaemonSetController {
  readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('daemonset-controller', (key) => this.sync(key));
    ctx.store.subscribe((event) => this.onEvent(event));
  }

  private onEvent(event: StoreEvent): void {
    const obj = event.object;
    const { types } = this.ctx;
    if (event.resource === resourceKey(types.daemonSets)) {
      this.queue.add(keyOf(obj.metadata.namespace, obj.metadata.name as string));
    } else if (event.resource === resourceKey(types.pods)) {
      const owner = controllerOf(obj);
      if (owner?.kind === 'DaemonSet') this.queue.add(keyOf(obj.metadata.namespace, owner.name));
    } else if (event.resource === resourceKey(types.nodes)) {
      // A node's labels or taints decide which DaemonSets run there: look at all of them again.
      for (const ds of this.ctx.store.select(types.daemonSets, undefined, () => true)) {
        this.queue.add(keyOf(ds.metadata.namespace, ds.metadata.name as string));
      }
    }
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const { store, types } = this.ctx;
    const ds = store.get(types.daemonSets, namespace, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const spec = rec(ds.spec);
    const template = rec(spec.template);
    const revision = podTemplateHash(template);
    const onDelete = rec(spec.updateStrategy).type === 'OnDelete';
    const owned = store.select(types.pods, namespace, (p) => isControlledBy(p, ds)).filter(isActive);
    const nodes = store.select(types.nodes, undefined, () => true);
    const wanted = nodes.filter((node) => fits(node, rec(template.spec)));
    for (const node of nodes) {
      const nodeName = node.metadata.name as string;
      const here = owned.filter((p) => podNode(p) === nodeName);
      const shouldRun = wanted.includes(node);
      if (!shouldRun || here.length > 1) {
        // Not wanted here, or duplicates: keep at most the oldest where it should run.
        const keep = shouldRun ? oldest(here) : undefined;
        for (const pod of here) if (pod !== keep) this.deletePod(ds, pod);
      } else if (here.length === 0) {
        this.createPod(ds, template, nodeName, revision);
      } else if (!onDelete && here[0]?.metadata.labels?.[REVISION_LABEL] !== revision) {
        this.deletePod(ds, here[0] as KubeObject); // its replacement comes when the deletion is seen
      }
    }
    this.updateStatus(ds, spec, revision, wanted.map((n) => n.metadata.name as string), owned);
  }

  private createPod(ds: KubeObject, template: Record<string, unknown>, nodeName: string, revision: string): void {
    const pod = podFromTemplate(ds, template);
    pod.metadata.labels = {
      ...pod.metadata.labels,
      [REVISION_LABEL]: revision,
      'pod-template-generation': String(ds.metadata.generation ?? 1),
    };
    const spec = rec(pod.spec);
    spec.affinity = {
      ...rec(spec.affinity),
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
        },
      },
    };
    const tolerations = Array.isArray(spec.tolerations) ? spec.tolerations.filter(isRecord) : [];
    for (const [key, effect] of DAEMON_TOLERATIONS) {
      if (!tolerations.some((t) => t.key === key)) tolerations.push({ effect, key, operator: 'Exists' });
    }
    spec.tolerations = tolerations;
    const created = this.ctx.createObject(this.ctx.types.pods, pod);
    this.ctx.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
  }

  private deletePod(ds: KubeObject, pod: KubeObject): void {
    this.ctx.deleteObject(this.ctx.types.pods, pod.metadata.namespace, pod.metadata.name as string);
    this.ctx.events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, SOURCE);
  }

  private updateStatus(ds: KubeObject, spec: Record<string, unknown>, revision: string, wanted: string[], owned: KubeObject[]): void {
    const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    const onWanted = owned.filter((p) => wanted.includes(podNode(p) ?? ''));
    const nodesWhere = (test: (p: KubeObject) => boolean): number => new Set(onWanted.filter(test).map(podNode)).size;
    const scheduled = nodesWhere(() => true);
    const available = nodesWhere((p) => isAvailable(p, minReady));
    // int32 fields with omitempty; the four counts kubectl prints are always written.
    const status: Record<string, unknown> = {
      currentNumberScheduled: scheduled,
      desiredNumberScheduled: wanted.length,
      numberMisscheduled: new Set(owned.filter((p) => !wanted.includes(podNode(p) ?? '')).map(podNode)).size,
      numberReady: nodesWhere(isReady),
      observedGeneration: ds.metadata.generation ?? 1,
    };
    const updated = nodesWhere((p) => p.metadata.labels?.[REVISION_LABEL] === revision);
    if (updated) status.updatedNumberScheduled = updated;
    if (available) status.numberAvailable = available;
    if (wanted.length - available > 0) status.numberUnavailable = wanted.length - available;
    if (isDeepStrictEqual(status, ds.status)) return;
    this.ctx.store.modify(this.ctx.types.daemonSets, ds.metadata.namespace, ds.metadata.name as string, (obj) => {
      obj.status = status;
    });
    const ready = status.numberReady as number;
    if (minReady > 0 && ready > available) this.queue.add(keyOf(ds.metadata.namespace, ds.metadata.name as string), minReady * 1000);
  }
}

function rec(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** The node a daemon pod runs on, or is pinned to before the scheduler binds it. */
function podNode(pod: KubeObject): string | undefined {
  const spec = rec(pod.spec);
  if (typeof spec.nodeName === 'string' && spec.nodeName) return spec.nodeName;
  const terms = rec(rec(rec(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms;
  const fields = Array.isArray(terms) && isRecord(terms[0]) && Array.isArray(terms[0].matchFields) ? terms[0].matchFields.filter(isRecord) : [];
  const byName = fields.find((f) => f.key === 'metadata.name');
  return Array.isArray(byName?.values) && typeof byName.values[0] === 'string' ? byName.values[0] : undefined;
}

/** Whether a node fits a pod template: its nodeSelector matches and each NoSchedule/NoExecute taint is tolerated. */
function fits(node: KubeObject, podSpec: Record<string, unknown>): boolean {
  const labels = node.metadata.labels ?? {};
  const selector = rec(podSpec.nodeSelector);
  if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return false;
  const taints = Array.isArray(rec(node.spec).taints) ? (rec(node.spec).taints as unknown[]).filter(isRecord) : [];
  const tolerations = Array.isArray(podSpec.tolerations) ? podSpec.tolerations.filter(isRecord) : [];
  return taints
    .filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
    .every((taint) =>
      tolerations.some(
        (t) =>
          (t.key === undefined || t.key === '' ? t.operator === 'Exists' : t.key === taint.key) &&
          (t.operator === 'Exists' || t.value === taint.value) &&
          (t.effect === undefined || t.effect === '' || t.effect === taint.effect),
      ),
    );
}

function oldest(pods: KubeObject[]): KubeObject | undefined {
  return [...pods].sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)))[0];
}
