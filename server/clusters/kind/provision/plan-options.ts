// What a provisioning plan is built from; every default is the kind cluster `kubeclass start` uses.
export interface PlanOptions {
  clusterName: string;
  /** Host ports kind maps Kourier's NodePort and the OpenFaaS gateway's NodePort to. */
  ingressPort: number;
  gatewayPort: number;
  /** Where those ports listen; also the kourier LoadBalancer address and the sslip.io domain's address. */
  listenAddress: string;
  /** false: only the Kubernetes half (everything after `kind create cluster`), against a cluster that exists. */
  createCluster: boolean;
  /** An image archive (`kubeclass images save`) loaded into the node before anything is installed. */
  imageArchive?: string | undefined;
  /** OpenFaaS from the pinned Helm chart (upstream's way) or from rendered manifests (no helm needed). */
  openfaasFrom: 'helm' | 'manifest';
  /** Checks that the host ports answer at the end (off where nothing is mapped to the host). */
  probeHostPorts: boolean;
  /** Waits' scale: upstream's 10 s between retries, 12 webhook polls, 10 min pod waits (tests shrink them). */
  waits: Waits;
}

export interface Waits {
  applyAttempts: number;
  applyDelayMs: number;
  webhookAttempts: number;
  webhookDelayMs: number;
  podTimeout: string;
  /** How often, and how many times, a probe of a host port is tried. */
  probeAttempts: number;
  probeDelayMs: number;
}

/** kn quickstart's: every apply 3 times 10 s apart, the webhook 12 x 10 s, pods within 10 minutes. */
export const UPSTREAM_WAITS: Waits = {
  applyAttempts: 3,
  applyDelayMs: 10_000,
  webhookAttempts: 12,
  webhookDelayMs: 10_000,
  podTimeout: '10m',
  probeAttempts: 30,
  probeDelayMs: 2000,
};
