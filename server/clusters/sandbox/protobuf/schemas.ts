// The built-in kinds whose protobuf bodies the sandbox reads, by `apiVersion/kind`: what kubectl's typed
// commands send (`kubectl create configmap|secret|namespace|serviceaccount|deployment|service|job|cronjob|ingress`).
// A kind missing here is answered 415 with a message that says so.
import type { MessageSchema } from './schema-types.js';
import { deployment } from './schemas/apps.js';
import { cronJob, job } from './schemas/batch.js';
import { configMap, namespace, secret, serviceAccount } from './schemas/core.js';
import { ingress } from './schemas/networking.js';
import { pod } from './schemas/pod.js';
import { service } from './schemas/service.js';

export type { FieldType, MessageSchema } from './schema-types.js';

export const KIND_SCHEMAS: Record<string, MessageSchema> = {
  'v1/ConfigMap': configMap,
  'v1/Secret': secret,
  'v1/Namespace': namespace,
  'v1/ServiceAccount': serviceAccount,
  // kubectl 1.32 sends Pods as JSON (`kubectl run`); other clients (client-go's typed client) send protobuf.
  'v1/Pod': pod,
  'v1/Service': service,
  'apps/v1/Deployment': deployment,
  'batch/v1/Job': job,
  'batch/v1/CronJob': cronJob,
  'networking.k8s.io/v1/Ingress': ingress,
};
