// What the apiserver and its controllers do to a Service: defaults, a ClusterIP from 10.96.0.0/12, NodePorts
// from 30000-32767 (with kube's conflict message), the immutability of clusterIP, and for a LoadBalancer the
// address a cloud provider would give (the sandbox's own, so that `curl` to it reaches its ingress).
import { KOURIER_INGRESS_NODE_PORT } from './knative/install/constants.js';
import { isRecord, type KubeObject } from './kube-object.js';
import { GATEWAY_NODE_PORT } from './openfaas/install/constants.js';
import type { ResourceType } from './resource-types.js';
import { errors } from './status.js';

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
// The apiserver hands out random NodePorts from the upper band first (ServiceNodePortStaticSubrange: the lowest
// min(max(16, size/32), 128) ports are kept for Services that ask for one), so static ones rarely collide.
const NODE_PORT_STATIC_BAND_END = NODE_PORT_MIN + Math.min(Math.max(16, Math.floor((NODE_PORT_MAX - NODE_PORT_MIN + 1) / 32)), 128);
// The ports the kind config maps to the host, which the installs claim after Kourier's LoadBalancer has taken
// random ones: on kind a clash there is a 1-in-1,400 accident; in the sandbox it must never happen.
const HOST_MAPPED_NODE_PORTS = new Set([KOURIER_INGRESS_NODE_PORT, GATEWAY_NODE_PORT]);

interface Allocations {
  clusterIPs: Set<string>;
  nodePorts: Set<number>;
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
}

function allocateClusterIP(used: Set<string>): string {
  // 10.96.0.1 is the kubernetes Service, 10.96.0.10 kube-dns on kind: start after them, in order, as the
  // allocator's first pass does.
  for (let n = ipToNumber('10.96.0.11'); n < ipToNumber('10.111.255.255'); n++) {
    const ip = numberToIp(n);
    if (!used.has(ip)) return ip;
  }
  throw errors.badRequest('no ClusterIP left in 10.96.0.0/12');
}

function allocateNodePort(used: Set<number>): number {
  const free = (port: number): boolean => !used.has(port) && !HOST_MAPPED_NODE_PORTS.has(port);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = NODE_PORT_STATIC_BAND_END + Math.floor(Math.random() * (NODE_PORT_MAX - NODE_PORT_STATIC_BAND_END + 1));
    if (free(port)) return port;
  }
  for (let port = NODE_PORT_MIN; port <= NODE_PORT_MAX; port++) if (free(port)) return port;
  throw errors.badRequest('no NodePort left in 30000-32767');
}

/** Allocations of every Service but `except` (the one being written). */
export function currentAllocations(services: KubeObject[], except?: KubeObject): Allocations {
  // kubernetes and kube-dns hold theirs as Services; the reservation keeps them out of reach after a delete too.
  const clusterIPs = new Set<string>(['10.96.0.1', ...(except?.metadata.name === 'kube-dns' && except.metadata.namespace === 'kube-system' ? [] : ['10.96.0.10'])]);
  const nodePorts = new Set<number>();
  for (const svc of services) {
    if (except && svc.metadata.namespace === except.metadata.namespace && svc.metadata.name === except.metadata.name) continue;
    const spec = isRecord(svc.spec) ? svc.spec : {};
    if (typeof spec.clusterIP === 'string') clusterIPs.add(spec.clusterIP);
    for (const p of Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : []) if (typeof p.nodePort === 'number') nodePorts.add(p.nodePort);
  }
  return { clusterIPs, nodePorts };
}

/** Fills and checks a Service before it is stored; `previous` on update. Throws kube's 422 on conflicts. */
export function admitService(type: ResourceType, svc: KubeObject, allocations: Allocations, previous?: KubeObject): void {
  const name = svc.metadata.name as string;
  const spec: Record<string, unknown> = isRecord(svc.spec) ? { ...svc.spec } : {};
  const prev = previous && isRecord(previous.spec) ? previous.spec : undefined;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type !== 'ExternalName') {
    if (prev && typeof prev.clusterIP === 'string') {
      if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = prev.clusterIP;
      else if (spec.clusterIP !== prev.clusterIP) {
        throw errors.invalid(type, name, [{ field: 'spec.clusterIPs[0]', message: `Invalid value: []string{"${String(spec.clusterIP)}"}: may not change once set` }]);
      }
    }
    if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = allocateClusterIP(allocations.clusterIPs);
    else if (spec.clusterIP !== 'None' && !prev && allocations.clusterIPs.has(spec.clusterIP as string)) {
      throw errors.invalid(type, name, [{ field: 'spec.clusterIPs', message: `Invalid value: []string{"${String(spec.clusterIP)}"}: failed to allocate IP ${String(spec.clusterIP)}: provided IP is already allocated` }]);
    }
    spec.clusterIPs = [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
  }
  const wantsNodePort = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  const prevPorts = prev && Array.isArray(prev.ports) ? prev.ports.filter(isRecord) : [];
  spec.ports = (Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : []).map((p, i) => {
    const port: Record<string, unknown> = { protocol: 'TCP', ...p };
    port.targetPort ??= port.port;
    if (wantsNodePort) {
      if (typeof port.nodePort !== 'number') {
        const kept = prevPorts.find((q) => q.port === port.port && typeof q.nodePort === 'number')?.nodePort;
        port.nodePort = typeof kept === 'number' ? kept : allocateNodePort(allocations.nodePorts);
      } else if (allocations.nodePorts.has(port.nodePort)) {
        throw errors.invalid(type, name, [{ field: `spec.ports[${i}].nodePort`, message: `Invalid value: ${port.nodePort}: provided port is already allocated` }]);
      }
      allocations.nodePorts.add(port.nodePort as number);
    } else {
      delete port.nodePort;
    }
    return port;
  });
  svc.spec = spec;
  if (!isRecord(svc.status)) svc.status = { loadBalancer: {} };
}

/** The address a LoadBalancer Service gets, as cloud-provider-kind would give one. */
export function loadBalancerStatus(address: string): Record<string, unknown> {
  return { loadBalancer: { ingress: [{ ip: address, ipMode: 'VIP' }] } };
}
