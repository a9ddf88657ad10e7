// A Job's status conditions as the job controller writes them (JobCondition: type, status, lastProbeTime,
// lastTransitionTime, reason, message), and the reasons and messages of 1.32.
import { isRecord, type KubeObject } from '../kube-object.js';

export type JobCondition = Record<string, unknown> & { type: string; status: string };

export const JOB_REASONS = {
  completions: { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
  backoffLimit: { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
  deadline: { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
  suspended: { reason: 'JobSuspended', message: 'Job suspended' },
  resumed: { reason: 'JobResumed', message: 'Job resumed' },
} as const;

export function jobConditions(job: KubeObject): JobCondition[] {
  const status = isRecord(job.status) ? job.status : {};
  const list = Array.isArray(status.conditions) ? status.conditions.filter(isRecord) : [];
  return list.filter((c): c is JobCondition => typeof c.type === 'string' && typeof c.status === 'string').map((c) => ({ ...c }));
}

export function findCondition(conditions: JobCondition[], type: string): JobCondition | undefined {
  return conditions.find((c) => c.type === type);
}

export function isTrue(conditions: JobCondition[], type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/** Complete or Failed: nothing more happens to the Job (but the ttl-after-finished controller). */
export function isFinished(job: KubeObject): boolean {
  const conditions = jobConditions(job);
  return isTrue(conditions, 'Complete') || isTrue(conditions, 'Failed');
}

/** Sets a condition, appending it or updating it in place; the transition time moves only when status changes. */
export function setCondition(conditions: JobCondition[], type: string, status: 'True' | 'False', why: { reason: string; message: string }, now: string): void {
  const existing = findCondition(conditions, type);
  if (existing) {
    if (existing.status !== status) existing.lastTransitionTime = now;
    Object.assign(existing, { status, lastProbeTime: now, reason: why.reason, message: why.message });
    return;
  }
  conditions.push({ type, status, lastProbeTime: now, lastTransitionTime: now, reason: why.reason, message: why.message });
}
