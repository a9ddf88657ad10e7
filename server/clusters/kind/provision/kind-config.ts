// The kind cluster's configuration: one control-plane node of the pinned image, with Kourier's NodePort (31080)
// and the OpenFaaS gateway's (31112) mapped to host ports, on 127.0.0.1 only (kn quickstart binds 0.0.0.0;
// kubeclass keeps the cluster's doors off the room's network unless told otherwise).
import { stringify } from 'yaml';
import { KIND_NODE_IMAGE } from '../pins.js';

export const KOURIER_NODE_PORT = 31080;
export const GATEWAY_NODE_PORT = 31112;

export interface KindConfigOptions {
  name: string;
  ingressPort: number;
  gatewayPort: number;
  listenAddress: string;
  nodeImage?: string;
}

export function kindConfig(options: KindConfigOptions): string {
  return stringify({
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: options.name,
    nodes: [
      {
        role: 'control-plane',
        image: options.nodeImage ?? KIND_NODE_IMAGE,
        extraPortMappings: [
          { containerPort: KOURIER_NODE_PORT, hostPort: options.ingressPort, listenAddress: options.listenAddress, protocol: 'TCP' },
          { containerPort: GATEWAY_NODE_PORT, hostPort: options.gatewayPort, listenAddress: options.listenAddress, protocol: 'TCP' },
        ],
      },
    ],
  });
}

/** The host ports an existing node container publishes, from `docker inspect`'s PortBindings JSON. */
export function publishedPorts(portBindingsJson: string): Map<number, { host: string; port: number }> {
  const out = new Map<number, { host: string; port: number }>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(portBindingsJson);
  } catch {
    return out;
  }
  if (!parsed || typeof parsed !== 'object') return out;
  for (const [key, bindings] of Object.entries(parsed as Record<string, unknown>)) {
    const containerPort = Number.parseInt(key, 10);
    const first = Array.isArray(bindings) ? (bindings[0] as { HostIp?: string; HostPort?: string } | undefined) : undefined;
    if (Number.isFinite(containerPort) && first?.HostPort) out.set(containerPort, { host: first.HostIp ?? '', port: Number(first.HostPort) });
  }
  return out;
}
