// Validation of batch/v1 Jobs and CronJobs, worded as kube-apiserver words it: a pod template whose
// restartPolicy is neither OnFailure nor Never (Always is the pod default, so an unset one fails too), a
// schedule robfig/cron cannot read, TZ in the schedule, and time zones Go cannot load.
import { CronParseError, isTimeZone, parseSchedule } from '../controllers/cron-schedule.js';
import type { Cause } from './custom.js';
import { isPlainObject } from './decode.js';
import { RESTART_POLICIES } from './pod.js';

type PodTemplateRules = (spec: Record<string, unknown>, restartPolicies: string[], at: string) => Cause[];

const invalid = (field: string, value: unknown, detail: string): Cause => ({ field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}`, reason: 'FieldValueInvalid' });

export function jobSpecRules(spec: Record<string, unknown>, at: string, podTemplate: PodTemplateRules): Cause[] {
  const causes: Cause[] = [];
  for (const field of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished']) {
    const value = spec[field];
    if (typeof value === 'number' && value < 0) causes.push({ field: `${at}.${field}`, message: `Invalid value: ${value}: must be greater than or equal to 0`, reason: 'FieldValueInvalid' });
  }
  causes.push(...podTemplate(spec, RESTART_POLICIES, at));
  const template = isPlainObject(spec.template) ? spec.template : {};
  const podSpec = isPlainObject(template.spec) ? template.spec : {};
  if (podSpec.restartPolicy !== 'OnFailure' && podSpec.restartPolicy !== 'Never') {
    causes.push({ field: `${at}.template.spec.restartPolicy`, message: 'Required value: valid values: "OnFailure", "Never"', reason: 'FieldValueRequired' });
  }
  return causes;
}

export function cronJobRules(spec: Record<string, unknown>, podTemplate: PodTemplateRules): Cause[] {
  const causes: Cause[] = [];
  const schedule = spec.schedule;
  if (typeof schedule !== 'string' || schedule === '') {
    causes.push({ field: 'spec.schedule', message: 'Required value', reason: 'FieldValueRequired' });
  } else {
    try {
      parseSchedule(schedule);
    } catch (error) {
      if (!(error instanceof CronParseError)) throw error;
      causes.push(invalid('spec.schedule', schedule, error.message));
    }
    // New CronJobs name their zone in spec.timeZone (GA in 1.27); TZ in the schedule is refused on create.
    if (schedule.includes('TZ')) causes.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  const zone = spec.timeZone;
  if (typeof zone === 'string') {
    if (zone === '') causes.push(invalid('spec.timeZone', zone, 'timeZone must be nil or non-empty string'));
    else if (zone.toLowerCase() === 'local') causes.push(invalid('spec.timeZone', zone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
    else if (!isTimeZone(zone)) causes.push(invalid('spec.timeZone', zone, `unknown time zone ${zone}`));
  }
  const policy = spec.concurrencyPolicy;
  if (policy !== undefined && policy !== '' && !['Allow', 'Forbid', 'Replace'].includes(String(policy))) {
    causes.push({ field: 'spec.concurrencyPolicy', message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Allow", "Forbid", "Replace"`, reason: 'FieldValueNotSupported' });
  }
  const jobTemplate = isPlainObject(spec.jobTemplate) ? spec.jobTemplate : {};
  causes.push(...jobSpecRules(isPlainObject(jobTemplate.spec) ? jobTemplate.spec : {}, 'spec.jobTemplate.spec', podTemplate));
  return causes;
}
