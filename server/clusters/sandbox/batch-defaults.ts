// What the apiserver fills into batch/v1 Jobs and CronJobs on create: SetDefaults_Job / SetDefaults_CronJob, the
// pod template's defaults, and the selector and labels a Job generates from its uid (1.27+ writes both the
// `batch.kubernetes.io/` labels and the legacy unprefixed ones).
import { isRecord, type KubeObject } from './kube-object.js';
import { defaultPodSpec, defaultPodTemplate } from './pod-defaults.js';

export const JOB_LABELS = {
  controllerUid: 'batch.kubernetes.io/controller-uid',
  jobName: 'batch.kubernetes.io/job-name',
  legacyControllerUid: 'controller-uid',
  legacyJobName: 'job-name',
} as const;

export function defaultJob(job: KubeObject, uid: string | undefined): void {
  const spec = isRecord(job.spec) ? job.spec : {};
  job.spec = spec;
  // Both unset: one pod to one completion. Completions alone unset means "work queue" (any success ends it).
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.manualSelector ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy !== undefined ? 'Failed' : 'TerminatingOrFailed';
  const template = isRecord(spec.template) ? spec.template : {};
  spec.template = template;
  const meta = isRecord(template.metadata) ? template.metadata : {};
  template.metadata = meta;
  const podSpec = isRecord(template.spec) ? template.spec : {};
  template.spec = podSpec;
  defaultPodSpec(podSpec);
  if (spec.manualSelector !== true && uid) generateSelector(job, spec, meta, uid);
  // A Job without labels of its own takes its pod template's (the generated ones included).
  if (!job.metadata.labels || Object.keys(job.metadata.labels).length === 0) {
    if (isRecord(meta.labels)) job.metadata.labels = { ...(meta.labels as Record<string, string>) };
  }
}

/** Labels naming the Job and its uid on the template (those the user set stay), and a selector on the uid. */
function generateSelector(job: KubeObject, spec: Record<string, unknown>, meta: Record<string, unknown>, uid: string): void {
  const name = job.metadata.name ?? '';
  const labels = isRecord(meta.labels) ? (meta.labels as Record<string, string>) : {};
  labels[JOB_LABELS.controllerUid] ??= uid;
  labels[JOB_LABELS.jobName] ??= name;
  labels[JOB_LABELS.legacyControllerUid] ??= uid;
  labels[JOB_LABELS.legacyJobName] ??= name;
  meta.labels = labels;
  const selector = isRecord(spec.selector) ? spec.selector : {};
  const matchLabels = isRecord(selector.matchLabels) ? selector.matchLabels : {};
  matchLabels[JOB_LABELS.controllerUid] ??= uid;
  selector.matchLabels = matchLabels;
  spec.selector = selector;
}

export function defaultCronJob(cronJob: KubeObject): void {
  const spec = isRecord(cronJob.spec) ? cronJob.spec : {};
  cronJob.spec = spec;
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  // The job template gets only its pod template's defaults: a Job's own defaults come when a Job is made from it.
  const jobTemplate = isRecord(spec.jobTemplate) ? spec.jobTemplate : {};
  spec.jobTemplate = jobTemplate;
  const jobSpec = isRecord(jobTemplate.spec) ? jobTemplate.spec : {};
  jobTemplate.spec = jobSpec;
  const template = isRecord(jobSpec.template) ? jobSpec.template : {};
  jobSpec.template = template;
  defaultPodTemplate(template);
}
