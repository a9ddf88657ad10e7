// Jobs run pods to completion, as kube-controller-manager's job controller (1.32) does for NonIndexed Jobs: pods
// `<job>-<5 random>` owned by the Job with the tracking finalizer, up to `parallelism` at once until
// `completions` succeed; failed pods are replaced after an exponential back-off (10 s, 20 s, ... up to 10 min)
// until more than `backoffLimit` have failed; activeDeadlineSeconds and suspend; a status with the counts
// 1.32 writes (ready, terminating and uncountedTerminatedPods always), and the conditions SuccessCriteriaMet
// then Complete, or FailureTarget then Failed once the remaining pods are gone.
import { isDeepStrictEqual } from 'node:util';
import { isRecord, type KubeObject } from '../kube-object.js';
import { resourceKey, type StoreEvent } from '../object-store.js';
import type { ControllerContext } from './controller-context.js';
import { findCondition, isTrue, JOB_REASONS, jobConditions, setCondition, type JobCondition } from './job-conditions.js';
import { controllerOf, isControlledBy } from './owner.js';
import { podFromTemplate } from './pod-template.js';
import { isReady, podPhase } from './pod-state.js';
import { nowTimestamp, timestamp } from './time.js';
import { keyOf, splitKey, WorkQueue } from './work-queue.js';

const SOURCE = { component: 'job-controller' };
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** At most this many pods created per sync (kube's burst). */
const BURST = 500;
/** Kube's back-off between failed pods tops out at 10 min: sixty times its 10 s base. */
const BACKOFF_MAX_FACTOR = 60;

interface Backoff {
  failures: number;
  lastFailureAt: number;
}

export class JobController {
  readonly queue: WorkQueue;
  /** Failures since the last success, by Job uid: the pod back-off. */
  private readonly backoff = new Map<string, Backoff>();
  /** Pods seen with the tracking finalizer, by Job uid: one that vanishes uncounted counts as failed. */
  private readonly uncounted = new Map<string, Set<string>>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('job-controller', (key) => this.sync(key));
    ctx.store.subscribe((event) => this.onEvent(event));
  }

  private onEvent(event: StoreEvent): void {
    const obj = event.object;
    if (event.resource === resourceKey(this.ctx.types.jobs)) {
      if (event.type === 'DELETED') {
        this.backoff.delete(obj.metadata.uid as string);
        this.uncounted.delete(obj.metadata.uid as string);
        return;
      }
      this.queue.add(keyOf(obj.metadata.namespace, obj.metadata.name as string));
    } else if (event.resource === resourceKey(this.ctx.types.pods)) {
      const owner = controllerOf(obj);
      if (owner?.kind === 'Job') this.queue.add(keyOf(obj.metadata.namespace, owner.name));
    }
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const { store, types } = this.ctx;
    const job = store.get(types.jobs, namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
    const uid = job.metadata.uid as string;
    const spec = isRecord(job.spec) ? job.spec : {};
    const status = isRecord(job.status) ? job.status : {};
    const conditions = jobConditions(job);
    const now = Date.now();
    const nowText = timestamp(new Date(now));
    const pods = store.select(types.pods, namespace, (p) => isControlledBy(p, job));

    // Count pods that finished since the last sync (they still carry the finalizer), then release them.
    let succeeded = num(status.succeeded);
    let failed = num(status.failed);
    const backoff = this.backoff.get(uid) ?? { failures: 0, lastFailureAt: 0 };
    const seen = this.uncounted.get(uid) ?? new Set<string>();
    const present = new Set(pods.map((p) => p.metadata.uid as string));
    for (const gone of [...seen].filter((u) => !present.has(u))) {
      // Deleted before it was counted: with podReplacementPolicy TerminatingOrFailed that is a failure.
      seen.delete(gone);
      failed++;
      backoff.failures++;
      backoff.lastFailureAt = now;
    }
    const release: KubeObject[] = [];
    for (const pod of pods) {
      const tracked = pod.metadata.finalizers?.includes(TRACKING_FINALIZER) ?? false;
      const phase = podPhase(pod);
      if (tracked && (phase === 'Succeeded' || phase === 'Failed')) {
        release.push(pod);
        seen.delete(pod.metadata.uid as string);
        if (phase === 'Succeeded') {
          succeeded++;
          backoff.failures = 0;
        } else {
          failed++;
          backoff.failures++;
          backoff.lastFailureAt = now;
        }
      } else if (tracked) {
        seen.add(pod.metadata.uid as string);
      }
    }
    this.backoff.set(uid, backoff);
    this.uncounted.set(uid, seen);
    for (const pod of release) this.releasePod(pod);

    if (isTrue(conditions, 'Complete') || isTrue(conditions, 'Failed')) {
      this.writeStatus(job, { ...status, ...(succeeded ? { succeeded } : {}), ...(failed ? { failed } : {}) });
      return;
    }

    let active = pods.filter((p) => isRunning(p) && !p.metadata.deletionTimestamp);
    let startTime = typeof status.startTime === 'string' ? status.startTime : undefined;
    const suspended = spec.suspend === true;
    if (suspended) {
      this.deletePods(job, active);
      active = [];
      startTime = undefined;
      if (!isTrue(conditions, 'Suspended')) {
        setCondition(conditions, 'Suspended', 'True', JOB_REASONS.suspended, nowText);
        this.ctx.events.record(job, 'Normal', 'Suspended', 'Job suspended', SOURCE);
      }
    } else {
      if (isTrue(conditions, 'Suspended')) {
        setCondition(conditions, 'Suspended', 'False', JOB_REASONS.resumed, nowText);
        this.ctx.events.record(job, 'Normal', 'Resumed', 'Job resumed', SOURCE);
        startTime = undefined;
      }
      startTime ??= nowText;
    }

    const backoffLimit = typeof spec.backoffLimit === 'number' ? spec.backoffLimit : 6;
    const deadline = typeof spec.activeDeadlineSeconds === 'number' && startTime ? Date.parse(startTime) + spec.activeDeadlineSeconds * 1000 : undefined;
    let failure = findCondition(conditions, 'FailureTarget');
    if (!failure && !suspended) {
      const why =
        failed > backoffLimit || pastBackoffLimitOnFailure(spec, active, backoffLimit)
          ? JOB_REASONS.backoffLimit
          : deadline !== undefined && now >= deadline
            ? JOB_REASONS.deadline
            : undefined;
      if (why) {
        setCondition(conditions, 'FailureTarget', 'True', why, nowText);
        failure = findCondition(conditions, 'FailureTarget');
      }
    }

    let completionTime: string | undefined;
    const completions = typeof spec.completions === 'number' ? spec.completions : undefined;
    if (failure) {
      this.deletePods(job, active);
      active = [];
      if (!pods.some((p) => isRunning(p))) this.finish(job, conditions, 'Failed', failure);
    } else if (!suspended && (completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0)) {
      setCondition(conditions, 'SuccessCriteriaMet', 'True', JOB_REASONS.completions, nowText);
      this.deletePods(job, active);
      active = [];
      if (!pods.some((p) => isRunning(p))) {
        completionTime = nowText;
        this.finish(job, conditions, 'Complete', findCondition(conditions, 'SuccessCriteriaMet') as JobCondition);
      }
    } else if (!suspended) {
      const parallelism = typeof spec.parallelism === 'number' ? spec.parallelism : 1;
      const wanted = completions !== undefined ? Math.min(parallelism, completions - succeeded) : succeeded > 0 ? 0 : parallelism;
      const missing = Math.min(wanted - active.length, BURST);
      if (missing > 0) {
        const wait = this.backoffRemaining(backoff, now);
        if (wait > 0) this.queue.add(key, wait);
        else for (let i = 0; i < missing; i++) active.push(this.createPod(job, spec));
      }
      if (deadline !== undefined) this.queue.add(key, Math.max(1, deadline - now));
    }

    const terminating = this.ctx.store.count(types.pods, namespace, (p) => isControlledBy(p, job) && p.metadata.deletionTimestamp !== undefined && isRunning(p));
    // Go's field order; int32 counts with omitempty are left out at zero, the pointer fields always written.
    this.writeStatus(job, {
      ...(conditions.length ? { conditions } : {}),
      ...(startTime ? { startTime } : {}),
      ...(completionTime ? { completionTime } : typeof status.completionTime === 'string' ? { completionTime: status.completionTime } : {}),
      ...(active.length ? { active: active.length } : {}),
      ...(succeeded ? { succeeded } : {}),
      ...(failed ? { failed } : {}),
      terminating,
      uncountedTerminatedPods: {},
      ready: active.filter(isReady).length,
    });
  }

  /** The terminal condition after the interim one, with its event. */
  private finish(job: KubeObject, conditions: JobCondition[], type: 'Complete' | 'Failed', interim: JobCondition): void {
    const why = { reason: String(interim.reason), message: String(interim.message) };
    setCondition(conditions, type, 'True', why, nowTimestamp());
    if (type === 'Complete') this.ctx.events.record(job, 'Normal', 'Completed', 'Job completed', SOURCE);
    else this.ctx.events.record(job, 'Warning', why.reason, why.message, SOURCE);
  }

  private backoffRemaining(backoff: Backoff, now: number): number {
    if (backoff.failures === 0) return 0;
    const base = this.ctx.timing.backoffBaseMs;
    const delay = Math.min(base * BACKOFF_MAX_FACTOR, base * 2 ** (backoff.failures - 1));
    return Math.max(0, backoff.lastFailureAt + delay - now);
  }

  private createPod(job: KubeObject, spec: Record<string, unknown>): KubeObject {
    const pod = podFromTemplate(job, spec.template);
    // The job controller counts a pod before it lets it go.
    pod.metadata.finalizers = [TRACKING_FINALIZER];
    const created = this.ctx.createObject(this.ctx.types.pods, pod);
    this.ctx.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
    return created;
  }

  private deletePods(job: KubeObject, pods: KubeObject[]): void {
    for (const pod of pods) {
      this.ctx.deleteObject(this.ctx.types.pods, pod.metadata.namespace, pod.metadata.name as string);
      this.ctx.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, SOURCE);
    }
  }

  /** Counted: the tracking finalizer comes off, as the real controller removes it once status has the pod. */
  private releasePod(pod: KubeObject): void {
    const { store, types } = this.ctx;
    if (!store.get(types.pods, pod.metadata.namespace, pod.metadata.name as string)) return;
    store.modify(types.pods, pod.metadata.namespace, pod.metadata.name as string, (p) => {
      p.metadata.finalizers = p.metadata.finalizers?.filter((f) => f !== TRACKING_FINALIZER);
      if (p.metadata.finalizers?.length === 0) delete p.metadata.finalizers;
    });
  }

  private writeStatus(job: KubeObject, status: Record<string, unknown>): void {
    if (isDeepStrictEqual(status, job.status)) return;
    this.ctx.store.modify(this.ctx.types.jobs, job.metadata.namespace, job.metadata.name as string, (obj) => {
      obj.status = status;
    });
  }
}

/** Not finished: Pending or Running. */
function isRunning(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed';
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** restartPolicy OnFailure restarts containers in place: their restarts count against backoffLimit. */
function pastBackoffLimitOnFailure(spec: Record<string, unknown>, active: KubeObject[], limit: number): boolean {
  const template = isRecord(spec.template) ? spec.template : {};
  if (!isRecord(template.spec) || template.spec.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of active) {
    const status = isRecord(pod.status) ? pod.status : {};
    for (const list of [status.initContainerStatuses, status.containerStatuses]) {
      if (!Array.isArray(list)) continue;
      for (const c of list.filter(isRecord)) restarts += typeof c.restartCount === 'number' ? c.restartCount : 0;
    }
  }
  return limit === 0 ? restarts > 0 : restarts >= limit;
}
