// batch/v1 Jobs and CronJobs: printJob and printCronJob as kube 1.32 has them. STATUS (added in 1.30) reads the
// conditions in a fixed order; SuccessCriteriaMet alone still reads Running (its own word came after 1.32).

import type { KubeObject } from '../kube-object.js';
import { ageColumn, column, containerCells, DOC, nameColumn } from './columns.js';
import { int, list, parseTime, rec, records, str } from './fields.js';
import { formatLabelSelector } from './labels.js';
import { age, humanDuration, timestampSince, type TablePrinter } from './table-printer.js';

const SELECTOR_DOC =
  'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors';

const jobColumns = [
  nameColumn,
  column('Status', 'string', 'Status of the job.'),
  column('Completions', 'string', 'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.'),
  column('Duration', 'string', 'Time required to complete the job.'),
  ageColumn,
  column('Containers', 'string', DOC.containerNames, 1),
  column('Images', 'string', DOC.containerImages, 1),
  column('Selector', 'string', SELECTOR_DOC, 1),
];

function hasCondition(job: KubeObject, type: string): boolean {
  return records(rec(job.status).conditions).some((c) => c.type === type && c.status === 'True');
}

export function jobStatus(job: KubeObject): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(spec: Record<string, unknown>, status: Record<string, unknown>): string {
  const succeeded = int(status.succeeded);
  if (typeof spec.completions === 'number') return `${succeeded}/${int(spec.completions)}`;
  const parallelism = int(spec.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** Time since the start while running, start to completion once complete, '' before the start. */
function duration(status: Record<string, unknown>, now: number): string {
  const start = parseTime(status.startTime);
  if (start === undefined) return '';
  const end = parseTime(status.completionTime);
  return humanDuration((end ?? now) - start);
}

function jobCells(job: KubeObject, now: number): unknown[] {
  const spec = rec(job.spec);
  const status = rec(job.status);
  const [names, images] = containerCells(records(rec(rec(spec.template).spec).containers));
  return [job.metadata.name ?? '', jobStatus(job), completions(spec, status), duration(status, now), age(job, now), names, images, formatLabelSelector(spec.selector)];
}

export const jobPrinter: TablePrinter = { columns: jobColumns, cells: jobCells };

const cronJobColumns = [
  nameColumn,
  column('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
  column('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process.'),
  column('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions. Defaults to false.'),
  column('Active', 'integer', 'A list of pointers to currently running jobs.'),
  column('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
  ageColumn,
  column('Containers', 'string', DOC.containerNames, 1),
  column('Images', 'string', DOC.containerImages, 1),
  column('Selector', 'string', SELECTOR_DOC, 1),
];

function cronJobCells(cronJob: KubeObject, now: number): unknown[] {
  const spec = rec(cronJob.spec);
  const status = rec(cronJob.status);
  const jobSpec = rec(rec(spec.jobTemplate).spec);
  const [names, images] = containerCells(records(rec(rec(jobSpec.template).spec).containers));
  // Pointers in Go: an unset suspend prints "<unset>", an unset zone "<none>", no schedule yet "<none>".
  const suspend = typeof spec.suspend === 'boolean' ? (spec.suspend ? 'True' : 'False') : '<unset>';
  const zone = typeof spec.timeZone === 'string' ? spec.timeZone : '<none>';
  const last = status.lastScheduleTime === undefined || status.lastScheduleTime === null ? '<none>' : timestampSince(status.lastScheduleTime, now);
  return [cronJob.metadata.name ?? '', str(spec.schedule), zone, suspend, list(status.active).length, last, age(cronJob, now), names, images, formatLabelSelector(jobSpec.selector)];
}

export const cronJobPrinter: TablePrinter = { columns: cronJobColumns, cells: cronJobCells };
