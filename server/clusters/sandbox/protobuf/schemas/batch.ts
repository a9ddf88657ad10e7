// batch/v1 Job and CronJob (`kubectl create job|cronjob`, `kubectl create job --from=cronjob/x`). Fields
// marked (c) were checked against bodies kubectl 1.32 encoded; the rest are from batch/v1/generated.proto.
import { msg, optionalBool, optionalInt, optionalStr, str, type MessageSchema } from '../schema-types.js';
import { labelSelector, metadata } from './meta.js';
import { podTemplateSpec } from './pod.js';

const jobSpec: MessageSchema = {
  1: optionalInt('parallelism'), // (c)
  2: optionalInt('completions'), // (c)
  3: optionalInt('activeDeadlineSeconds'), // (c)
  4: msg('selector', labelSelector),
  5: optionalBool('manualSelector'),
  6: msg('template', podTemplateSpec), // (c)
  7: optionalInt('backoffLimit'), // (c)
  8: optionalInt('ttlSecondsAfterFinished'), // (c)
  9: optionalStr('completionMode'),
  10: optionalBool('suspend'),
};

export const job: MessageSchema = { 1: metadata, 2: msg('spec', jobSpec) };

const cronJobSpec: MessageSchema = {
  1: str('schedule'), // (c)
  2: optionalInt('startingDeadlineSeconds'),
  3: str('concurrencyPolicy'),
  4: optionalBool('suspend'),
  5: msg('jobTemplate', { 1: metadata, 2: msg('spec', jobSpec) }), // (c)
  6: optionalInt('successfulJobsHistoryLimit'),
  7: optionalInt('failedJobsHistoryLimit'),
  8: optionalStr('timeZone'),
};

export const cronJob: MessageSchema = { 1: metadata, 2: msg('spec', cronJobSpec) };
