// The openfaas chart's Deployments, Services, ServiceAccounts and ConfigMaps as it renders them for CE with its
// default values (basic auth on, async on, HTTP probes, NodePort gateway-external). RBAC, the Function CRD and
// Profiles are left out: the sandbox serves none of those kinds, and CE's faas-netes does not use the CRD.
import type { KubeObject } from '../../kube-object.js';
import {
  BASIC_AUTH_SECRET,
  chartLabels,
  FUNCTION_NAMESPACE,
  GATEWAY_NODE_PORT,
  OPENFAAS_IMAGES,
  OPENFAAS_NAMESPACE as NS,
} from './constants.js';

type Obj = Record<string, unknown>;

const env = (values: Record<string, string>): Obj[] => Object.entries(values).map(([name, value]) => ({ name, value }));
const requests = (cpu: string | undefined, memory: string): Obj => ({ requests: { ...(cpu ? { cpu } : {}), memory } });
const httpProbe = (path: string, port: number): Obj => ({ httpGet: { path, port } });
const NON_ROOT = { readOnlyRootFilesystem: true, runAsUser: 10001 };

function deployment(component: string, podSpec: Obj, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: component, namespace: NS, labels: chartLabels(component) },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: component } },
      template: { metadata: { ...(annotations ? { annotations } : {}), labels: { app: component } }, spec: podSpec },
    },
  };
}

function service(name: string, component: string, ports: Obj[], extra: Obj = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS, labels: chartLabels(component) },
    spec: { type: 'ClusterIP', ports, selector: { app: component }, ...extra },
  };
}

const AUTH_VOLUME = { name: 'auth', secret: { secretName: BASIC_AUTH_SECRET } };
const AUTH_MOUNT = { name: 'auth', readOnly: true, mountPath: '/var/secrets' };

export function openfaasServiceAccounts(): KubeObject[] {
  return ['openfaas-controller', 'openfaas-prometheus'].map((name) => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: NS, labels: chartLabels(name.replace('openfaas-', '')) },
  }));
}

/** The scrape and alerting configuration the chart ships (shortened: the sandbox has nothing to scrape). */
export function openfaasConfigMaps(): KubeObject[] {
  const cm = (name: string, component: string, data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS, labels: chartLabels(component) }, data });
  return [
    cm('prometheus-config', 'prometheus-config', {
      'prometheus.yml': 'global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\nrule_files:\n  - alert.rules.yml\nscrape_configs:\n  - job_name: openfaas-pods\n    kubernetes_sd_configs:\n      - role: pod\n        namespaces:\n          names: [openfaas]\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [alertmanager:9093]\n',
      'alert.rules.yml': 'groups:\n  - name: openfaas\n    rules:\n      - alert: APIHighInvocationRate\n        expr: sum(rate(gateway_function_invocation_total[10s])) BY (function_name) > 5\n        for: 5s\n',
    }),
    cm('alertmanager-config', 'alertmanager-config', {
      'alertmanager.yml': 'route:\n  group_by: [alertname, cluster, service]\n  group_wait: 5s\n  group_interval: 10s\n  repeat_interval: 30s\n  receiver: scale-up\nreceivers:\n  - name: scale-up\n    webhook_configs:\n      - url: http://gateway.openfaas:8080/system/alert\n        send_resolved: true\n        http_config:\n          basic_auth:\n            username: admin\n            password_file: /var/secrets/basic-auth-password\n',
    }),
  ];
}

export function openfaasDeployments(): KubeObject[] {
  const gateway = deployment(
    'gateway',
    {
      serviceAccountName: 'openfaas-controller',
      volumes: [{ name: 'faas-netes-temp-volume', emptyDir: {} }, AUTH_VOLUME],
      containers: [
        {
          name: 'gateway',
          resources: requests('100m', '120Mi'),
          image: OPENFAAS_IMAGES.gateway,
          imagePullPolicy: 'Always',
          command: ['./gateway'],
          securityContext: NON_ROOT,
          livenessProbe: httpProbe('/healthz', 8080),
          readinessProbe: httpProbe('/healthz', 8080),
          env: env({
            read_timeout: '65s',
            write_timeout: '65s',
            upstream_timeout: '60s',
            functions_provider_url: 'http://127.0.0.1:8081/',
            direct_functions: 'false',
            direct_functions_suffix: `${FUNCTION_NAMESPACE}.svc.cluster.local`,
            function_namespace: FUNCTION_NAMESPACE,
            faas_nats_address: `nats.${NS}.svc.cluster.local`,
            faas_nats_port: '4222',
            faas_nats_channel: 'faas-request',
            basic_auth: 'true',
            secret_mount_path: '/var/secrets',
            scale_from_zero: 'true',
            max_idle_conns: '1024',
            max_idle_conns_per_host: '1024',
            probe_functions: 'false',
          }),
          volumeMounts: [AUTH_MOUNT],
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        },
        {
          name: 'faas-netes',
          resources: requests('100m', '120Mi'),
          image: OPENFAAS_IMAGES.faasNetes,
          imagePullPolicy: 'Always',
          securityContext: NON_ROOT,
          command: ['./faas-netes', '-operator=false'],
          env: env({
            port: '8081',
            function_namespace: FUNCTION_NAMESPACE,
            read_timeout: '60s',
            profiles_namespace: NS,
            write_timeout: '60s',
            image_pull_policy: 'Always',
            http_probe: 'true',
            set_nonroot_user: 'false',
            readiness_probe_initial_delay_seconds: '2',
            readiness_probe_timeout_seconds: '1',
            readiness_probe_period_seconds: '2',
            readiness_probe_success_threshold: '1',
            readiness_probe_failure_threshold: '3',
            liveness_probe_initial_delay_seconds: '2',
            liveness_probe_timeout_seconds: '1',
            liveness_probe_period_seconds: '2',
            liveness_probe_failure_threshold: '3',
            cluster_role: 'false',
            basic_auth: 'true',
            secret_mount_path: '/var/secrets',
          }),
          volumeMounts: [AUTH_MOUNT, { mountPath: '/tmp', name: 'faas-netes-temp-volume' }],
          ports: [{ containerPort: 8081, protocol: 'TCP' }],
        },
      ],
    },
    { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8082' },
  );
  const nats = deployment(
    'nats',
    {
      containers: [
        {
          name: 'nats',
          resources: requests('100m', '120Mi'),
          image: OPENFAAS_IMAGES.nats,
          imagePullPolicy: 'Always',
          ports: [{ containerPort: 4222, protocol: 'TCP' }],
          command: ['/nats-streaming-server'],
          args: ['--store', 'memory', '--cluster_id', 'faas-cluster'],
        },
      ],
    },
    { 'sidecar.istio.io/inject': 'false', 'prometheus.io/scrape': 'false' },
  );
  const queueWorker = deployment('queue-worker', {
    volumes: [AUTH_VOLUME],
    containers: [
      {
        name: 'queue-worker',
        resources: requests('50m', '120Mi'),
        image: OPENFAAS_IMAGES.queueWorker,
        imagePullPolicy: 'Always',
        env: env({
          faas_nats_address: `nats.${NS}.svc.cluster.local`,
          faas_nats_channel: 'faas-request',
          faas_nats_queue_group: 'faas',
          faas_gateway_address: `gateway.${NS}.svc.cluster.local`,
          gateway_invoke: 'true',
          faas_function_suffix: `.${FUNCTION_NAMESPACE}.svc.cluster.local`,
          max_inflight: '1',
          ack_wait: '60s',
          secret_mount_path: '/var/secrets',
          basic_auth: 'true',
        }),
        volumeMounts: [AUTH_MOUNT],
      },
    ],
  });
  const prometheus = deployment(
    'prometheus',
    {
      serviceAccountName: 'openfaas-prometheus',
      containers: [
        {
          name: 'prometheus',
          resources: requests('100m', '512Mi'),
          image: OPENFAAS_IMAGES.prometheus,
          command: ['prometheus'],
          args: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus/data', '--storage.tsdb.retention.time=15m'],
          imagePullPolicy: 'Always',
          livenessProbe: { ...httpProbe('/-/healthy', 9090), timeoutSeconds: 30 },
          readinessProbe: { ...httpProbe('/-/healthy', 9090), timeoutSeconds: 30 },
          ports: [{ containerPort: 9090, protocol: 'TCP' }],
          volumeMounts: [
            { mountPath: '/etc/prometheus/prometheus.yml', name: 'prometheus-config', subPath: 'prometheus.yml' },
            { mountPath: '/etc/prometheus/alert.rules.yml', name: 'prometheus-config', subPath: 'alert.rules.yml' },
            { mountPath: '/prometheus/data', name: 'prom-data' },
          ],
        },
      ],
      volumes: [
        { name: 'prometheus-config', configMap: { name: 'prometheus-config', items: [{ key: 'prometheus.yml', path: 'prometheus.yml', mode: 0o644 }, { key: 'alert.rules.yml', path: 'alert.rules.yml', mode: 0o644 }] } },
        { name: 'prom-data', emptyDir: {} },
      ],
    },
    { 'sidecar.istio.io/inject': 'true' },
  );
  const alertmanager = deployment(
    'alertmanager',
    {
      containers: [
        {
          name: 'alertmanager',
          image: OPENFAAS_IMAGES.alertmanager,
          imagePullPolicy: 'Always',
          command: ['alertmanager'],
          args: ['--config.file=/alertmanager.yml', '--storage.path=/alertmanager', '--cluster.listen-address='],
          livenessProbe: { ...httpProbe('/-/ready', 9093), timeoutSeconds: 30 },
          readinessProbe: { ...httpProbe('/-/ready', 9093), timeoutSeconds: 30 },
          ports: [{ name: 'http', containerPort: 9093, protocol: 'TCP' }],
          resources: { requests: { cpu: '50m', memory: '25Mi' }, limits: { memory: '50Mi' } },
          volumeMounts: [
            { mountPath: '/alertmanager.yml', name: 'alertmanager-config', subPath: 'alertmanager.yml' },
            AUTH_MOUNT,
          ],
        },
      ],
      volumes: [{ name: 'alertmanager-config', configMap: { name: 'alertmanager-config', items: [{ key: 'alertmanager.yml', path: 'alertmanager.yml', mode: 0o644 }] } }, AUTH_VOLUME],
    },
    { 'sidecar.istio.io/inject': 'true' },
  );
  return [alertmanager, gateway, nats, prometheus, queueWorker];
}

export function openfaasServices(): KubeObject[] {
  return [
    service('gateway', 'gateway', [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]),
    service('gateway-external', 'gateway', [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 8080, nodePort: GATEWAY_NODE_PORT }], { type: 'NodePort' }),
    service('gateway-provider', 'gateway', [{ name: 'provider', port: 8081, targetPort: 8081, protocol: 'TCP' }]),
    service('nats', 'nats', [{ name: 'client', port: 4222, targetPort: 4222, protocol: 'TCP' }]),
    service('prometheus', 'prometheus', [{ name: 'http', port: 9090, targetPort: 9090, protocol: 'TCP' }]),
    service('alertmanager', 'alertmanager', [{ name: 'http', port: 9093, targetPort: 9093, protocol: 'TCP' }]),
  ];
}
