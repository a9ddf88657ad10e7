// What a fresh kind cluster has before anyone touches it, as far as a learner's kubectl sees: its namespaces,
// one Ready control-plane node, the `kubernetes` Service, default ServiceAccounts and root CA ConfigMaps, and
// kind's system components (kube-system.ts).
import type { KubeObject } from './kube-object.js';
import type { ResourceType } from './resource-types.js';
import { seedNamespace, type SandboxApi } from './sandbox-api.js';

import { NODE_IP, NODE_NAME } from './cluster-node.js';
import { installKubeSystem } from './kube-system.js';

export { NODE_NAME } from './cluster-node.js';
export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

function typeOf(api: SandboxApi, group: string, plural: string): ResourceType {
  const type = api.registry.find(group, 'v1', plural);
  if (!type) throw new Error(`no built-in type ${plural}`);
  return type;
}

export function seedCluster(api: SandboxApi): void {
  const nsType = typeOf(api, '', 'namespaces');
  for (const name of SYSTEM_NAMESPACES) {
    api.store.create(nsType, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    seedNamespace(api, name);
  }
  api.store.create(typeOf(api, '', 'nodes'), node());
  api.store.create(typeOf(api, '', 'services'), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  });
  // The apiserver keeps the endpoints of `kubernetes` itself: its own address on the node.
  api.store.create(typeOf(api, '', 'endpoints'), {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: NODE_IP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
  api.store.create(typeOf(api, 'discovery.k8s.io', 'endpointslices'), {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [NODE_IP], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  });
  installKubeSystem(api);
}

function node(): KubeObject {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const condition = (type: string, status: string, reason: string, message: string): Record<string, string> => ({
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: NODE_NAME,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': NODE_NAME,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'], providerID: `kind://docker/kubeclass/${NODE_NAME}` },
    status: {
      addresses: [
        { type: 'InternalIP', address: NODE_IP },
        { type: 'Hostname', address: NODE_NAME },
      ],
      allocatable: { cpu: '2', 'ephemeral-storage': '102626232Ki', memory: '24576Mi', pods: '110' },
      capacity: { cpu: '2', 'ephemeral-storage': '102626232Ki', memory: '24576Mi', pods: '110' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: '00000000-0000-0000-0000-000000000000',
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.1.0-kubeclass',
        kubeProxyVersion: 'v1.32.2',
        kubeletVersion: 'v1.32.2',
        machineID: 'kubeclass',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: '00000000-0000-0000-0000-000000000000',
      },
    },
  };
}
