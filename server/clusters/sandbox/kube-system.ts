// What `kind create cluster` (kind 0.27, Kubernetes 1.32.2) leaves in kube-system and local-path-storage: the
// control plane as the kubelet's mirror pods of kubeadm's static pods, CoreDNS and its kube-dns Service, the
// kindnet and kube-proxy DaemonSets, and the local-path provisioner. Everything but the mirror pods goes through
// the API's create path, so the sandbox's controllers roll them out as kube-controller-manager would.
import { randomBytes } from 'node:crypto';
import { NODE_IP, NODE_NAME } from './cluster-node.js';
import type { KubeObject } from './kube-object.js';
import type { SandboxApi } from './sandbox-api.js';
import { kubeSystemConfigMaps, kubeSystemWorkloads } from './kube-system-workloads.js';

export const KUBE_VERSION = 'v1.32.2';
export const LOCAL_PATH_NAMESPACE = 'local-path-storage';

interface StaticPod {
  component: string;
  image: string;
  command: string[];
  /** kubeadm's annotation naming the component's advertised endpoint, when it has one */
  endpoint?: [string, string];
  /** the port its probes ask (kubeadm's livez/healthz endpoints; the sandbox does not run probes) */
  probe: { path: string; port: number; readiness?: string };
  /** kubeadm's CPU request */
  cpu: string;
  volumes: Array<[string, string]>;
}

const PKI = '/etc/kubernetes/pki';

/** kubeadm's four static pods, with the flags that say the most about each (not every flag kubeadm passes). */
const STATIC_PODS: readonly StaticPod[] = [
  {
    component: 'etcd',
    cpu: '100m',
    image: 'registry.k8s.io/etcd:3.5.16-0',
    command: [
      'etcd',
      `--advertise-client-urls=https://${NODE_IP}:2379`,
      `--cert-file=${PKI}/etcd/server.crt`,
      '--data-dir=/var/lib/etcd',
      `--initial-advertise-peer-urls=https://${NODE_IP}:2380`,
      `--initial-cluster=${NODE_NAME}=https://${NODE_IP}:2380`,
      `--key-file=${PKI}/etcd/server.key`,
      `--listen-client-urls=https://127.0.0.1:2379,https://${NODE_IP}:2379`,
      '--listen-metrics-urls=http://127.0.0.1:2381',
      `--listen-peer-urls=https://${NODE_IP}:2380`,
      `--name=${NODE_NAME}`,
      '--snapshot-count=10000',
      `--trusted-ca-file=${PKI}/etcd/ca.crt`,
    ],
    endpoint: ['kubeadm.kubernetes.io/etcd.advertise-client-urls', `https://${NODE_IP}:2379`],
    probe: { path: '/livez', port: 2381, readiness: '/readyz' },
    volumes: [['etcd-certs', `${PKI}/etcd`], ['etcd-data', '/var/lib/etcd']],
  },
  {
    component: 'kube-apiserver',
    cpu: '250m',
    image: `registry.k8s.io/kube-apiserver:${KUBE_VERSION}`,
    command: [
      'kube-apiserver',
      `--advertise-address=${NODE_IP}`,
      '--allow-privileged=true',
      '--authorization-mode=Node,RBAC',
      `--client-ca-file=${PKI}/ca.crt`,
      '--enable-admission-plugins=NodeRestriction',
      '--etcd-servers=https://127.0.0.1:2379',
      '--runtime-config=',
      '--secure-port=6443',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--service-cluster-ip-range=10.96.0.0/16',
      `--tls-cert-file=${PKI}/apiserver.crt`,
      `--tls-private-key-file=${PKI}/apiserver.key`,
    ],
    endpoint: ['kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint', `${NODE_IP}:6443`],
    probe: { path: '/livez', port: 6443, readiness: '/readyz' },
    volumes: [['ca-certs', '/etc/ssl/certs'], ['k8s-certs', PKI]],
  },
  {
    component: 'kube-controller-manager',
    cpu: '200m',
    image: `registry.k8s.io/kube-controller-manager:${KUBE_VERSION}`,
    command: [
      'kube-controller-manager',
      '--allocate-node-cidrs=true',
      '--bind-address=127.0.0.1',
      '--cluster-cidr=10.244.0.0/16',
      '--cluster-name=kubeclass',
      '--controllers=*,bootstrapsigner,tokencleaner',
      '--enable-hostpath-provisioner=true',
      '--kubeconfig=/etc/kubernetes/controller-manager.conf',
      '--leader-elect=true',
      '--service-cluster-ip-range=10.96.0.0/16',
      '--use-service-account-credentials=true',
    ],
    probe: { path: '/healthz', port: 10257 },
    volumes: [['ca-certs', '/etc/ssl/certs'], ['k8s-certs', PKI], ['kubeconfig', '/etc/kubernetes/controller-manager.conf']],
  },
  {
    component: 'kube-scheduler',
    cpu: '100m',
    image: `registry.k8s.io/kube-scheduler:${KUBE_VERSION}`,
    command: ['kube-scheduler', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'],
    probe: { path: '/livez', port: 10259, readiness: '/readyz' },
    volumes: [['kubeconfig', '/etc/kubernetes/scheduler.conf']],
  },
];

/** A kubelet timestamp with nanoseconds, as config.seen carries it. */
function seenNow(): string {
  return new Date().toISOString().replace(/Z$/, `${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}Z`);
}

/** The mirror pod the kubelet posts for a static pod: owned by the Node, its config hash in the annotations. */
function mirrorPod(pod: StaticPod, nodeUid: string): KubeObject {
  const hash = randomBytes(16).toString('hex');
  const httpGet = (path: string): Record<string, unknown> => ({ host: pod.component === 'kube-apiserver' ? NODE_IP : '127.0.0.1', path, port: pod.probe.port, scheme: pod.probe.port === 2381 ? 'HTTP' : 'HTTPS' });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${pod.component}-${NODE_NAME}`,
      namespace: 'kube-system',
      labels: { component: pod.component, tier: 'control-plane' },
      annotations: {
        ...(pod.endpoint ? { [pod.endpoint[0]]: pod.endpoint[1] } : {}),
        'kubernetes.io/config.hash': hash,
        'kubernetes.io/config.mirror': hash,
        'kubernetes.io/config.seen': seenNow(),
        'kubernetes.io/config.source': 'file',
      },
      ownerReferences: [{ apiVersion: 'v1', controller: true, kind: 'Node', name: NODE_NAME, uid: nodeUid }],
    },
    spec: {
      containers: [
        {
          name: pod.component,
          image: pod.image,
          imagePullPolicy: 'IfNotPresent',
          command: pod.command,
          livenessProbe: { failureThreshold: 8, httpGet: httpGet(pod.probe.path), initialDelaySeconds: 10, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 15 },
          ...(pod.probe.readiness ? { readinessProbe: { failureThreshold: 3, httpGet: httpGet(pod.probe.readiness), periodSeconds: 1, successThreshold: 1, timeoutSeconds: 15 } } : {}),
          startupProbe: { failureThreshold: 24, httpGet: httpGet(pod.probe.path), initialDelaySeconds: 10, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 15 },
          resources: { requests: { cpu: pod.cpu } },
          volumeMounts: pod.volumes.map(([name, mountPath]) => ({ mountPath, name, readOnly: name !== 'etcd-data' })),
        },
      ],
      hostNetwork: true,
      nodeName: NODE_NAME,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
      volumes: pod.volumes.map(([name, path]) => ({ hostPath: { path, type: path.endsWith('.conf') ? 'FileOrCreate' : 'DirectoryOrCreate' }, name })),
    },
  };
}

/** Seeds kind's system components into a sandbox whose node and namespaces exist already. */
export function installKubeSystem(api: SandboxApi): void {
  const create = (obj: KubeObject): void => {
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    const type = api.registry.all().find((t) => t.group === group && t.version === version && t.kind === obj.kind);
    if (!type) throw new Error(`installKubeSystem: the sandbox serves no ${obj.apiVersion} ${obj.kind}`);
    api.createObject(type, obj);
  };
  const nodeType = api.registry.find('', 'v1', 'nodes');
  const node = nodeType ? api.store.get(nodeType, undefined, NODE_NAME) : undefined;
  if (!node) throw new Error('installKubeSystem: the node is not there yet');
  // The kubelet starts the static pods before anything else can be scheduled.
  for (const pod of STATIC_PODS) create(mirrorPod(pod, node.metadata.uid as string));
  create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: LOCAL_PATH_NAMESPACE } });
  for (const obj of kubeSystemConfigMaps()) create(obj);
  for (const obj of kubeSystemWorkloads()) create(obj);
}
