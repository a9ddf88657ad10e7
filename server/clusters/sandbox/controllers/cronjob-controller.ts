// CronJobs create Jobs on their schedule, as kube-controller-manager's cronjob controller (v2, 1.32) does: a Job
// `<cronjob>-<scheduled time in minutes since the epoch>` owned by the CronJob and annotated with the scheduled
// time, for the latest missed schedule only; concurrencyPolicy Forbid (skip) and Replace (delete the running
// ones); status active / lastScheduleTime / lastSuccessfulTime; finished Jobs beyond the history limits
// deleted. Times come from `now()` so tests can move the clock.
import { isDeepStrictEqual } from 'node:util';
import { isRecord, type KubeObject } from '../kube-object.js';
import { resourceKey, type StoreEvent } from '../object-store.js';
import { ApiError } from '../status.js';
import type { ControllerContext } from './controller-context.js';
import { CronParseError, isTimeZone, mostRecentSchedule, nextAfter, parseSchedule, rfc3339InZone, type CronSchedule } from './cron-schedule.js';
import { isTrue, jobConditions } from './job-conditions.js';
import { controllerOf, controllerRef, isControlledBy } from './owner.js';
import { timestamp } from './time.js';
import { keyOf, splitKey, WorkQueue } from './work-queue.js';

const SOURCE = { component: 'cronjob-controller' };
export const SCHEDULED_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** Look again a little after the next scheduled time, so it is surely in the past then. */
const SLACK_MS = 100;

export class CronJobController {
  readonly queue: WorkQueue;
  /** Jobs already reported as UnexpectedJob (kube repeats the warning each sync; one is enough here). */
  private readonly reported = new Set<string>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly now: () => number = Date.now,
  ) {
    this.queue = new WorkQueue('cronjob-controller', (key) => this.sync(key));
    ctx.store.subscribe((event) => this.onEvent(event));
  }

  private onEvent(event: StoreEvent): void {
    const obj = event.object;
    if (event.resource === resourceKey(this.ctx.types.cronJobs)) {
      if (event.type !== 'DELETED') this.queue.add(keyOf(obj.metadata.namespace, obj.metadata.name as string));
    } else if (event.resource === resourceKey(this.ctx.types.jobs)) {
      const owner = controllerOf(obj);
      if (owner?.kind === 'CronJob') this.queue.add(keyOf(obj.metadata.namespace, owner.name));
    }
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const { store, types, events } = this.ctx;
    const cj = store.get(types.cronJobs, namespace, name);
    if (!cj || cj.metadata.deletionTimestamp) return;
    const spec = isRecord(cj.spec) ? cj.spec : {};
    const status = isRecord(cj.status) ? cj.status : {};
    const jobs = store.select(types.jobs, namespace, (j) => isControlledBy(j, cj));
    let active = (Array.isArray(status.active) ? status.active.filter(isRecord) : []).map((r) => ({ ...r }));
    let lastSuccessfulTime = typeof status.lastSuccessfulTime === 'string' ? status.lastSuccessfulTime : undefined;
    let lastScheduleTime = typeof status.lastScheduleTime === 'string' ? status.lastScheduleTime : undefined;

    for (const job of jobs) {
      const uid = job.metadata.uid as string;
      const listed = active.some((r) => r.uid === uid);
      const finished = finishedType(job);
      if (!listed && !finished && !this.reported.has(uid)) {
        this.reported.add(uid);
        events.record(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata.name}`, SOURCE);
      } else if (listed && finished) {
        active = active.filter((r) => r.uid !== uid);
        events.record(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${finished}`, SOURCE);
        const completed = isRecord(job.status) && typeof job.status.completionTime === 'string' ? job.status.completionTime : undefined;
        if (finished === 'Complete' && completed && (!lastSuccessfulTime || completed > lastSuccessfulTime)) lastSuccessfulTime = completed;
      }
    }
    for (const ref of active.filter((r) => !jobs.some((j) => j.metadata.uid === r.uid))) {
      active = active.filter((r) => r !== ref);
      events.record(cj, 'Normal', 'MissingJob', `Active job went missing: ${String(ref.name)}`, SOURCE);
    }
    this.cleanHistory(cj, spec, jobs);

    const writeStatus = (): void => {
      const next = { ...(active.length ? { active } : {}), ...(lastScheduleTime ? { lastScheduleTime } : {}), ...(lastSuccessfulTime ? { lastSuccessfulTime } : {}) };
      if (isDeepStrictEqual(next, cj.status ?? {})) return;
      store.modify(types.cronJobs, namespace, name, (obj) => {
        obj.status = next;
      });
    };
    if (spec.suspend === true) return writeStatus();

    const zone = typeof spec.timeZone === 'string' ? spec.timeZone : 'UTC';
    let schedule: CronSchedule;
    try {
      if (!isTimeZone(zone)) {
        events.record(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(zone)}: unknown time zone ${zone}`, SOURCE);
        return writeStatus();
      }
      schedule = parseSchedule(String(spec.schedule ?? ''));
    } catch (error) {
      if (!(error instanceof CronParseError)) throw error;
      events.record(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${error.message}`, SOURCE);
      return writeStatus();
    }
    const now = this.now();
    const deadline = typeof spec.startingDeadlineSeconds === 'number' ? spec.startingDeadlineSeconds : undefined;
    let earliest = Date.parse(lastScheduleTime ?? String(cj.metadata.creationTimestamp));
    if (deadline !== undefined) earliest = Math.max(earliest, now - deadline * 1000);
    const { time: scheduled, missed } = mostRecentSchedule(schedule, earliest, now, zone);
    const requeue = (): void => {
      const next = nextAfter(schedule, now, zone);
      if (next !== undefined) this.queue.add(key, next - now + SLACK_MS);
    };
    if (missed > 100) {
      events.record(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`, SOURCE);
    }
    if (scheduled === undefined) {
      requeue();
      return writeStatus();
    }
    if (deadline !== undefined && scheduled + deadline * 1000 < now) {
      events.record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`, SOURCE);
      requeue();
      return writeStatus();
    }
    const policy = spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active.length > 0) {
      events.record(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', SOURCE);
      requeue();
      return writeStatus();
    }
    if (policy === 'Replace') {
      for (const ref of active) this.deleteJob(cj, String(ref.name));
      active = [];
    }
    const job = this.createJob(cj, spec, scheduled, zone);
    if (job && !active.some((r) => r.uid === job.metadata.uid)) active.push(jobReference(job));
    lastScheduleTime = timestamp(new Date(scheduled));
    requeue();
    writeStatus();
  }

  private createJob(cj: KubeObject, spec: Record<string, unknown>, scheduled: number, zone: string): KubeObject | undefined {
    const template = isRecord(spec.jobTemplate) ? spec.jobTemplate : {};
    const meta = isRecord(template.metadata) ? template.metadata : {};
    const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        ...(isRecord(meta.labels) ? { labels: structuredClone(meta.labels) as Record<string, string> } : {}),
        annotations: { ...(isRecord(meta.annotations) ? (structuredClone(meta.annotations) as Record<string, string>) : {}), [SCHEDULED_ANNOTATION]: rfc3339InZone(scheduled, zone) },
        ownerReferences: [controllerRef(cj)],
      },
      spec: structuredClone(isRecord(template.spec) ? template.spec : {}),
    };
    try {
      const created = this.ctx.createObject(this.ctx.types.jobs, job);
      this.ctx.events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`, SOURCE);
      return created;
    } catch (error) {
      // Already made for this time (a sync that raced its own status write): keep it if it is ours.
      if (!(error instanceof ApiError) || error.code !== 409) throw error;
      const existing = this.ctx.store.get(this.ctx.types.jobs, cj.metadata.namespace, name);
      return existing && isControlledBy(existing, cj) ? existing : undefined;
    }
  }

  /** Finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit go, oldest first. */
  private cleanHistory(cj: KubeObject, spec: Record<string, unknown>, jobs: KubeObject[]): void {
    for (const [type, field] of [['Complete', 'successfulJobsHistoryLimit'], ['Failed', 'failedJobsHistoryLimit']] as const) {
      const limit = spec[field];
      if (typeof limit !== 'number') continue;
      const finished = jobs.filter((j) => finishedType(j) === type).sort(byStartTime);
      for (const job of finished.slice(0, Math.max(0, finished.length - limit))) this.deleteJob(cj, job.metadata.name as string);
    }
  }

  private deleteJob(cj: KubeObject, name: string): void {
    if (!this.ctx.store.get(this.ctx.types.jobs, cj.metadata.namespace, name)) return;
    this.ctx.deleteObject(this.ctx.types.jobs, cj.metadata.namespace, name);
    this.ctx.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`, SOURCE);
  }
}

function finishedType(job: KubeObject): 'Complete' | 'Failed' | undefined {
  const conditions = jobConditions(job);
  if (isTrue(conditions, 'Complete')) return 'Complete';
  if (isTrue(conditions, 'Failed')) return 'Failed';
  return undefined;
}

function byStartTime(a: KubeObject, b: KubeObject): number {
  const start = (j: KubeObject): string => (isRecord(j.status) && typeof j.status.startTime === 'string' ? j.status.startTime : '');
  return start(a).localeCompare(start(b)) || String(a.metadata.name).localeCompare(String(b.metadata.name));
}

/** An ObjectReference to the Job, in Go's field order. */
function jobReference(job: KubeObject): Record<string, unknown> {
  return { kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name, uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata.resourceVersion };
}

/** Go's time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
function rfc1123z(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}
