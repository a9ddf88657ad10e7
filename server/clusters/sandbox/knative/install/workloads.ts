// Deployments, Services and ServiceAccounts of serving-core and net-kourier, plus the quickstart's
// kourier-ingress NodePort: labels, container names, ports, probes and resources as the releases ship them
// (HorizontalPodAutoscalers, PodDisruptionBudgets, RBAC and webhook configurations are left out: the sandbox
// serves none of those kinds).
import type { KubeObject } from '../../kube-object.js';
import {
  ACTIVATOR_SERVICE,
  IMAGES,
  KNATIVE_SERVING_NAMESPACE as NS,
  KNATIVE_SERVING_VERSION,
  KOURIER_GATEWAY_APP,
  KOURIER_INGRESS_NODE_PORT,
  KOURIER_INGRESS_SERVICE,
  KOURIER_INTERNAL_SERVICE,
  KOURIER_NAMESPACE,
  KOURIER_SERVICE,
  kourierLabels,
  servingLabels,
} from './constants.js';

type Obj = Record<string, unknown>;

const fieldEnv = (name: string, fieldPath: string): Obj => ({ name, valueFrom: { fieldRef: { fieldPath } } });
const CONFIG_ENV: Obj[] = [
  { name: 'CONFIG_LOGGING_NAME', value: 'config-logging' },
  { name: 'CONFIG_OBSERVABILITY_NAME', value: 'config-observability' },
];
const RESTRICTED = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};
const port = (name: string, containerPort: number): Obj => ({ name, containerPort });
const METRICS_PORTS = [port('metrics', 9090), port('profiling', 8008)];
const resources = (cpu: string, memory: string, limitCpu: string, limitMemory: string): Obj => ({
  requests: { cpu, memory },
  limits: { cpu: limitCpu, memory: limitMemory },
});
/** Spread a component's replicas over nodes, as serving-core asks. */
const antiAffinity = (app: string): Obj => ({
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: { labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' }, weight: 100 }],
  },
});

function servingDeployment(name: string, selector: Record<string, string>, podSpec: Obj, strategy?: Obj): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, labels: servingLabels(name) },
    spec: {
      ...(strategy ? { strategy } : {}),
      selector: { matchLabels: selector },
      template: { metadata: { labels: { ...selector, ...servingLabels(name) } }, spec: { affinity: antiAffinity(name), ...podSpec } },
    },
  };
}

function service(name: string, namespace: string, labels: Record<string, string>, ports: Obj[], selector?: Record<string, string>, extra: Obj = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: { ...(selector ? { selector } : {}), ports, ...extra },
  };
}

const svcPort = (name: string, portNumber: number, targetPort: number, protocol?: string): Obj => ({ name, port: portNumber, targetPort, ...(protocol ? { protocol } : {}) });
const METRICS_SERVICE_PORTS = [svcPort('http-metrics', 9090, 9090), svcPort('http-profiling', 8008, 8008)];

function serviceAccount(name: string, namespace: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, labels } };
}

export function knativeServiceAccounts(): KubeObject[] {
  return [
    serviceAccount('controller', NS, servingLabels('controller')),
    serviceAccount('activator', NS, servingLabels('activator')),
    serviceAccount('net-kourier', NS, kourierLabels()),
  ];
}

/** The queue-proxy Image that serving-core caches (caching.internal.knative.dev). */
export function queueProxyImage(): KubeObject {
  return {
    apiVersion: 'caching.internal.knative.dev/v1alpha1',
    kind: 'Image',
    metadata: { name: 'queue-proxy', namespace: NS, labels: servingLabels('queue-proxy') },
    spec: { image: IMAGES.queue },
  };
}

export function knativeDeployments(): KubeObject[] {
  const activator = servingDeployment('activator', { app: 'activator', role: 'activator' }, {
    serviceAccountName: 'activator',
    containers: [
      {
        name: 'activator',
        image: IMAGES.activator,
        resources: resources('300m', '60Mi', '1000m', '600Mi'),
        env: [{ name: 'GOGC', value: '500' }, fieldEnv('POD_NAME', 'metadata.name'), fieldEnv('POD_IP', 'status.podIP'), fieldEnv('SYSTEM_NAMESPACE', 'metadata.namespace'), ...CONFIG_ENV],
        securityContext: RESTRICTED,
        ports: [...METRICS_PORTS, port('http1', 8012), port('h2c', 8013)],
        readinessProbe: { httpGet: { port: 8012 }, periodSeconds: 5, failureThreshold: 5 },
        livenessProbe: { httpGet: { port: 8012 }, periodSeconds: 10, failureThreshold: 12, initialDelaySeconds: 15 },
      },
    ],
    // The activator drains long requests before it stops.
    terminationGracePeriodSeconds: 600,
  });
  const autoscaler = servingDeployment('autoscaler', { app: 'autoscaler' }, {
    serviceAccountName: 'controller',
    containers: [
      {
        name: 'autoscaler',
        image: IMAGES.autoscaler,
        resources: resources('100m', '100Mi', '1000m', '1000Mi'),
        env: [fieldEnv('POD_NAME', 'metadata.name'), fieldEnv('POD_IP', 'status.podIP'), fieldEnv('SYSTEM_NAMESPACE', 'metadata.namespace'), ...CONFIG_ENV],
        securityContext: RESTRICTED,
        ports: [...METRICS_PORTS, port('websocket', 8080)],
        readinessProbe: { httpGet: { port: 8080 } },
        livenessProbe: { httpGet: { port: 8080 }, failureThreshold: 6 },
      },
    ],
  }, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } });
  (autoscaler.spec as Obj).replicas = 1;
  const controller = servingDeployment('controller', { app: 'controller' }, {
    serviceAccountName: 'controller',
    containers: [
      {
        name: 'controller',
        image: IMAGES.controller,
        resources: resources('100m', '100Mi', '1000m', '1000Mi'),
        env: [fieldEnv('POD_NAME', 'metadata.name'), fieldEnv('SYSTEM_NAMESPACE', 'metadata.namespace'), ...CONFIG_ENV],
        securityContext: RESTRICTED,
        livenessProbe: { httpGet: { path: '/health', port: 'probes', scheme: 'HTTP' }, periodSeconds: 5, failureThreshold: 6 },
        readinessProbe: { httpGet: { path: '/readiness', port: 'probes', scheme: 'HTTP' }, periodSeconds: 5, failureThreshold: 3 },
        ports: [...METRICS_PORTS, port('probes', 8080)],
      },
    ],
  });
  const webhook = servingDeployment('webhook', { app: 'webhook', role: 'webhook' }, {
    serviceAccountName: 'controller',
    containers: [
      {
        name: 'webhook',
        image: IMAGES.webhook,
        resources: resources('100m', '100Mi', '500m', '500Mi'),
        env: [fieldEnv('POD_NAME', 'metadata.name'), fieldEnv('SYSTEM_NAMESPACE', 'metadata.namespace'), ...CONFIG_ENV, { name: 'WEBHOOK_NAME', value: 'webhook' }, { name: 'WEBHOOK_PORT', value: '8443' }],
        securityContext: RESTRICTED,
        ports: [...METRICS_PORTS, port('https-webhook', 8443)],
        readinessProbe: { periodSeconds: 1, httpGet: { scheme: 'HTTPS', port: 8443 } },
        livenessProbe: { periodSeconds: 10, httpGet: { scheme: 'HTTPS', port: 8443 }, failureThreshold: 6, initialDelaySeconds: 20 },
      },
    ],
    terminationGracePeriodSeconds: 300,
  });
  return [activator, autoscaler, controller, webhook, kourierController(), kourierGateway()];
}

const SURGE = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '100%' } };

function kourierController(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'net-kourier-controller', namespace: NS, labels: kourierLabels() },
    spec: {
      strategy: SURGE,
      replicas: 1,
      selector: { matchLabels: { app: 'net-kourier-controller' } },
      template: {
        metadata: { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090', 'prometheus.io/path': '/metrics' }, labels: { app: 'net-kourier-controller' } },
        spec: {
          containers: [
            {
              name: 'controller',
              image: IMAGES.kourier,
              env: [
                { name: 'CERTS_SECRET_NAMESPACE', value: '' },
                { name: 'CERTS_SECRET_NAME', value: '' },
                fieldEnv('SYSTEM_NAMESPACE', 'metadata.namespace'),
                { name: 'METRICS_DOMAIN', value: 'knative.dev/samples' },
                { name: 'KOURIER_GATEWAY_NAMESPACE', value: KOURIER_NAMESPACE },
                { name: 'ENABLE_SECRET_INFORMER_FILTERING_BY_CERT_UID', value: 'false' },
                { name: 'KUBE_API_BURST', value: '200' },
                { name: 'KUBE_API_QPS', value: '200' },
              ],
              ports: [{ name: 'http2-xds', containerPort: 18000, protocol: 'TCP' }],
              readinessProbe: { grpc: { port: 18000 }, periodSeconds: 10, failureThreshold: 3 },
              livenessProbe: { grpc: { port: 18000 }, periodSeconds: 10, failureThreshold: 6 },
              securityContext: RESTRICTED,
              resources: resources('200m', '200Mi', '500m', '500Mi'),
            },
          ],
          restartPolicy: 'Always',
          serviceAccountName: 'net-kourier',
        },
      },
    },
  };
}

function kourierGateway(): KubeObject {
  const probe = (failureThreshold: number): Obj => ({
    httpGet: { httpHeaders: [{ name: 'Host', value: 'internalkourier' }], path: '/ready', port: 8081, scheme: 'HTTP' },
    initialDelaySeconds: 10,
    periodSeconds: 5,
    failureThreshold,
    timeoutSeconds: 3,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: KOURIER_GATEWAY_APP, namespace: KOURIER_NAMESPACE, labels: kourierLabels() },
    spec: {
      strategy: SURGE,
      selector: { matchLabels: { app: KOURIER_GATEWAY_APP } },
      template: {
        metadata: {
          labels: { app: KOURIER_GATEWAY_APP },
          annotations: { 'networking.knative.dev/poke': 'v0.26', 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9000', 'prometheus.io/path': '/stats/prometheus' },
        },
        spec: {
          containers: [
            {
              name: 'kourier-gateway',
              image: IMAGES.envoy,
              command: ['/usr/local/bin/envoy'],
              args: ['--base-id 1', '-c /tmp/config/envoy-bootstrap.yaml', '--log-level info', '--drain-time-s $(DRAIN_TIME_SECONDS)', '--drain-strategy immediate'],
              env: [{ name: 'DRAIN_TIME_SECONDS', value: '15' }],
              ports: [
                { name: 'http2-external', containerPort: 8080, protocol: 'TCP' },
                { name: 'http2-internal', containerPort: 8081, protocol: 'TCP' },
                { name: 'https-external', containerPort: 8443, protocol: 'TCP' },
                { name: 'http-probe', containerPort: 8090, protocol: 'TCP' },
                { name: 'https-probe', containerPort: 9443, protocol: 'TCP' },
              ],
              securityContext: { ...RESTRICTED, readOnlyRootFilesystem: false, runAsUser: 65534, runAsGroup: 65534 },
              volumeMounts: [{ name: 'config-volume', mountPath: '/tmp/config' }],
              lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'curl -X POST http://localhost:9901/drain_listeners?graceful; sleep $DRAIN_TIME_SECONDS'] } } },
              readinessProbe: probe(3),
              livenessProbe: probe(6),
              resources: resources('200m', '200Mi', '1', '800Mi'),
            },
          ],
          terminationGracePeriodSeconds: 30,
          volumes: [{ name: 'config-volume', configMap: { name: 'kourier-bootstrap' } }],
          restartPolicy: 'Always',
        },
      },
    },
  };
}

export function knativeServices(): KubeObject[] {
  const withApp = (app: string, component: string, more: Record<string, string> = {}): Record<string, string> => ({ app, ...more, ...servingLabels(component) });
  const kourier = kourierLabels();
  const gateway = { app: KOURIER_GATEWAY_APP };
  return [
    service(ACTIVATOR_SERVICE, NS, withApp('activator', 'activator'), [...METRICS_SERVICE_PORTS, svcPort('http', 80, 8012), svcPort('http2', 81, 8013), svcPort('https', 443, 8112)], { app: 'activator' }, { type: 'ClusterIP' }),
    service('autoscaler', NS, withApp('autoscaler', 'autoscaler'), [...METRICS_SERVICE_PORTS, svcPort('http', 8080, 8080)], { app: 'autoscaler' }),
    // The autoscaler makes this one itself for its single bucket of revisions: no selector, it keeps the
    // endpoints pointing at the bucket's leader.
    service('autoscaler-bucket-00-of-01', NS, { app: 'autoscaler', 'serving.knative.dev/release': `v${KNATIVE_SERVING_VERSION}` }, [svcPort('http', 8080, 8080)]),
    service('controller', NS, withApp('controller', 'controller'), METRICS_SERVICE_PORTS, { app: 'controller' }),
    service('webhook', NS, withApp('webhook', 'webhook', { role: 'webhook' }), [...METRICS_SERVICE_PORTS, svcPort('https-webhook', 443, 8443)], { app: 'webhook', role: 'webhook' }),
    service('net-kourier-controller', NS, kourier, [svcPort('grpc-xds', 18000, 18000, 'TCP')], { app: 'net-kourier-controller' }, { type: 'ClusterIP' }),
    service(KOURIER_SERVICE, KOURIER_NAMESPACE, kourier, [svcPort('http2', 80, 8080, 'TCP'), svcPort('https', 443, 8443, 'TCP')], gateway, { type: 'LoadBalancer' }),
    service(KOURIER_INTERNAL_SERVICE, KOURIER_NAMESPACE, kourier, [svcPort('http2', 80, 8081, 'TCP'), svcPort('https', 443, 8444, 'TCP')], gateway, { type: 'ClusterIP' }),
    // The quickstart's own addition: kind maps node port 31080 to the host's port 80.
    service(KOURIER_INGRESS_SERVICE, KOURIER_NAMESPACE, { 'networking.knative.dev/ingress-provider': 'kourier' }, [{ name: 'http2', port: 80, targetPort: 8080, nodePort: KOURIER_INGRESS_NODE_PORT }], gateway, { type: 'NodePort' }),
  ];
}
