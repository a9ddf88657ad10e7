// The queue-proxy sidecar Knative adds to every revision pod: in the sandbox the gateway does its work (request
// accounting for the autoscaler), so the container is there for what learners see (`2/2` READY, its ports and
// environment in `kubectl describe`). Its image comes from config-deployment's queue-sidecar-image, as in Knative.
import type { KubeObject } from '../../kube-object.js';
import { LABEL } from './knative-types.js';
import { spec } from './reconcile.js';
import { QUEUE_PROXY_IMAGE } from '../install/constants.js';

export { QUEUE_PROXY_IMAGE };


export function queueProxyContainer(rev: KubeObject, userPort: number, timeoutSeconds: number, image: string = QUEUE_PROXY_IMAGE): Record<string, unknown> {
  const l = rev.metadata.labels ?? {};
  const s = spec(rev);
  const env = (name: string, value: string): Record<string, string> => ({ name, value });
  const field = (name: string, fieldPath: string): Record<string, unknown> => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });
  return {
    name: 'queue-proxy',
    image,
    ports: [
      { name: 'http-queueadm', containerPort: 8022, protocol: 'TCP' },
      { name: 'http-autometric', containerPort: 9090, protocol: 'TCP' },
      { name: 'http-usermetric', containerPort: 9091, protocol: 'TCP' },
      { name: 'queue-port', containerPort: 8012, protocol: 'TCP' },
      { name: 'https-port', containerPort: 8112, protocol: 'TCP' },
    ],
    env: [
      env('SERVING_NAMESPACE', rev.metadata.namespace ?? ''),
      env('SERVING_SERVICE', l[LABEL.service] ?? ''),
      env('SERVING_CONFIGURATION', l[LABEL.configuration] ?? ''),
      env('SERVING_REVISION', rev.metadata.name as string),
      env('QUEUE_SERVING_PORT', '8012'),
      env('QUEUE_SERVING_TLS_PORT', '8112'),
      env('CONTAINER_CONCURRENCY', String(s.containerConcurrency ?? 0)),
      env('REVISION_TIMEOUT_SECONDS', String(timeoutSeconds)),
      env('REVISION_RESPONSE_START_TIMEOUT_SECONDS', '0'),
      env('REVISION_IDLE_TIMEOUT_SECONDS', '0'),
      field('SERVING_POD', 'metadata.name'),
      field('SERVING_POD_IP', 'status.podIP'),
      env('SERVING_LOGGING_LEVEL', ''),
      env('SERVING_ENABLE_REQUEST_LOG', 'false'),
      env('SERVING_REQUEST_METRICS_BACKEND', 'prometheus'),
      env('TRACING_CONFIG_BACKEND', 'none'),
      env('USER_PORT', String(userPort)),
      env('SYSTEM_NAMESPACE', 'knative-serving'),
      env('METRICS_DOMAIN', 'knative.dev/internal/serving'),
      env('SERVING_READINESS_PROBE', JSON.stringify({ tcpSocket: { port: userPort, host: '127.0.0.1' }, successThreshold: 1 })),
      env('ENABLE_PROFILING', 'false'),
      field('HOST_IP', 'status.hostIP'),
    ],
    readinessProbe: { httpGet: { port: 8012, httpHeaders: [{ name: 'K-Network-Probe', value: 'queue' }], path: '' }, successThreshold: 1, periodSeconds: 0 },
    resources: { requests: { cpu: '25m' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  };
}
