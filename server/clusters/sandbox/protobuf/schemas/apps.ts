// apps/v1 Deployment (`kubectl create deployment`). Replicas, selector and template were checked against
// bodies kubectl 1.32 encoded; strategy and the limits are from k8s.io/api apps/v1/generated.proto.
import { bool, field, INT_OR_STRING, int, msg, optionalInt, str, type MessageSchema } from '../schema-types.js';
import { labelSelector, metadata } from './meta.js';
import { podTemplateSpec } from './pod.js';

const deploymentStrategy: MessageSchema = {
  1: str('type'),
  2: msg('rollingUpdate', {
    1: field('maxUnavailable', INT_OR_STRING, { presence: true }),
    2: field('maxSurge', INT_OR_STRING, { presence: true }),
  }),
};

const deploymentSpec: MessageSchema = {
  1: optionalInt('replicas'),
  2: msg('selector', labelSelector),
  3: msg('template', podTemplateSpec),
  4: msg('strategy', deploymentStrategy),
  5: int('minReadySeconds'),
  6: optionalInt('revisionHistoryLimit'),
  7: bool('paused'),
  9: optionalInt('progressDeadlineSeconds'),
};

/** Status (3) is the server's to set and is read past. */
export const deployment: MessageSchema = { 1: metadata, 2: msg('spec', deploymentSpec) };
