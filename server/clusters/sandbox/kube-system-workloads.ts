// The objects of kind's add-ons as kubeadm and kind apply them: CoreDNS (Deployment, kube-dns Service, Corefile),
// kube-proxy and kindnet (DaemonSets), the local-path provisioner (Deployment and its config), their
// ServiceAccounts. Shortened where a field tells a learner nothing (RBAC is not served by the sandbox).
import type { KubeObject } from './kube-object.js';

const KUBE_SYSTEM = 'kube-system';
const LOCAL_PATH = 'local-path-storage';

export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3';
export const KUBE_PROXY_IMAGE = 'registry.k8s.io/kube-proxy:v1.32.2';
export const KINDNETD_IMAGE = 'docker.io/kindest/kindnetd:v20241212-9f82dd49';
export const LOCAL_PATH_IMAGE = 'docker.io/kindest/local-path-provisioner:v20241212-8ac705d0';

const CONTROL_PLANE_TOLERATION = { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' };

const serviceAccount = (name: string, namespace: string): KubeObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });

const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

export function kubeSystemConfigMaps(): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: KUBE_SYSTEM }, data: { Corefile: COREFILE } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace: KUBE_SYSTEM, labels: { app: 'kube-proxy' } },
      data: {
        'config.conf': 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.244.0.0/16\nmode: iptables\n',
        'kubeconfig.conf': 'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: https://kubeclass-control-plane:6443\n  name: default\n',
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'local-path-config', namespace: LOCAL_PATH },
      data: { 'config.json': '{\n  "nodePathMap": [\n    {\n      "node": "DEFAULT_PATH_FOR_NON_LISTED_NODES",\n      "paths": ["/var/local-path-provisioner"]\n    }\n  ]\n}\n' },
    },
  ];
}

function coredns(): KubeObject {
  const labels = { 'k8s-app': 'kube-dns' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: KUBE_SYSTEM, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, CONTROL_PLANE_TOLERATION],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          dnsPolicy: 'Default',
          containers: [
            {
              name: 'coredns',
              image: COREDNS_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              args: ['-conf', '/etc/coredns/Corefile'],
              ports: [
                { containerPort: 53, name: 'dns', protocol: 'UDP' },
                { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
              ],
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              livenessProbe: { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
              readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
            },
          ],
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
        },
      },
    },
  };
}

function kubeDns(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: KUBE_SYSTEM,
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      clusterIP: '10.96.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
    },
  };
}

function kubeProxy(): KubeObject {
  const labels = { 'k8s-app': 'kube-proxy' };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: KUBE_SYSTEM, labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: 'system-node-critical',
          hostNetwork: true,
          serviceAccountName: 'kube-proxy',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'kube-proxy',
              image: KUBE_PROXY_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
              env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
              securityContext: { privileged: true },
              volumeMounts: [
                { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
                { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
                { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
            { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
          ],
        },
      },
    },
  };
}

function kindnet(): KubeObject {
  const labels = { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kindnet', namespace: KUBE_SYSTEM, labels },
    spec: {
      selector: { matchLabels: { app: 'kindnet' } },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          serviceAccountName: 'kindnet',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'kindnet-cni',
              image: KINDNETD_IMAGE,
              env: [
                { name: 'HOST_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.hostIP' } } },
                { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
                { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
                { name: 'POD_SUBNET', value: '10.244.0.0/16' },
                { name: 'CONTROL_PLANE_ENDPOINT', value: 'kubeclass-control-plane:6443' },
              ],
              resources: { limits: { cpu: '100m', memory: '50Mi' }, requests: { cpu: '100m', memory: '50Mi' } },
              securityContext: { capabilities: { add: ['NET_RAW', 'NET_ADMIN'] }, privileged: false },
              volumeMounts: [
                { mountPath: '/etc/cni/net.d', name: 'cni-cfg' },
                { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
                { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'cni-cfg', hostPath: { path: '/etc/cni/net.d' } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
            { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
          ],
        },
      },
    },
  };
}

function localPathProvisioner(): KubeObject {
  const labels = { app: 'local-path-provisioner' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'local-path-provisioner', namespace: LOCAL_PATH },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: 'local-path-provisioner-service-account',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [CONTROL_PLANE_TOLERATION, { effect: 'NoSchedule', key: 'node-role.kubernetes.io/master' }],
          containers: [
            {
              name: 'local-path-provisioner',
              image: LOCAL_PATH_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['local-path-provisioner', '--debug', 'start', '--config', '/etc/config/config.json'],
              env: [
                { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
                { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' },
              ],
              volumeMounts: [{ mountPath: '/etc/config/', name: 'config-volume' }],
            },
          ],
          volumes: [{ name: 'config-volume', configMap: { name: 'local-path-config' } }],
        },
      },
    },
  };
}

/** ServiceAccounts first (pods name them), then the workloads and the kube-dns Service. */
export function kubeSystemWorkloads(): KubeObject[] {
  return [
    serviceAccount('coredns', KUBE_SYSTEM),
    serviceAccount('kube-proxy', KUBE_SYSTEM),
    serviceAccount('kindnet', KUBE_SYSTEM),
    serviceAccount('local-path-provisioner-service-account', LOCAL_PATH),
    coredns(),
    kubeDns(),
    kubeProxy(),
    kindnet(),
    localPathProvisioner(),
  ];
}
