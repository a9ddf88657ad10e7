// The ttl-after-finished controller: a finished Job with spec.ttlSecondsAfterFinished is deleted (its pods with
// it, by the garbage collector) that many seconds after it completed or failed.
import { isRecord, type KubeObject } from '../kube-object.js';
import { resourceKey, type StoreEvent } from '../object-store.js';
import type { ControllerContext } from './controller-context.js';
import { findCondition, isTrue, jobConditions } from './job-conditions.js';
import { keyOf, splitKey, WorkQueue } from './work-queue.js';

export class TtlAfterFinishedController {
  readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('ttl-after-finished-controller', (key) => this.sync(key));
    ctx.store.subscribe((event) => this.onEvent(event));
  }

  private onEvent(event: StoreEvent): void {
    if (event.resource !== resourceKey(this.ctx.types.jobs) || event.type === 'DELETED') return;
    this.queue.add(keyOf(event.object.metadata.namespace, event.object.metadata.name as string));
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const job = this.ctx.store.get(this.ctx.types.jobs, namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
    const ttl = isRecord(job.spec) ? job.spec.ttlSecondsAfterFinished : undefined;
    const finishedAt = finishTime(job);
    if (typeof ttl !== 'number' || finishedAt === undefined) return;
    const remaining = finishedAt + ttl * 1000 - Date.now();
    if (remaining > 0) {
      this.queue.add(key, remaining);
      return;
    }
    this.ctx.deleteObject(this.ctx.types.jobs, namespace, name);
  }
}

/** When the Job completed or failed: its completionTime, else the terminal condition's transition. */
function finishTime(job: KubeObject): number | undefined {
  const conditions = jobConditions(job);
  const terminal = isTrue(conditions, 'Complete') ? 'Complete' : isTrue(conditions, 'Failed') ? 'Failed' : undefined;
  if (!terminal) return undefined;
  const status = isRecord(job.status) ? job.status : {};
  const at = Date.parse(String(status.completionTime ?? findCondition(conditions, terminal)?.lastTransitionTime ?? ''));
  return Number.isFinite(at) ? at : Date.now();
}
