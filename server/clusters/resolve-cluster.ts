// Turns --cluster auto|kind|sandbox|none into the cluster this start runs, saying why. kind (asked for, or
// auto's choice when a Docker daemon answers and kind is installed) needs the whole preflight to pass: asked
// for, a failure stops the start with the report; chosen by auto, it falls back to the sandbox saying why.
import type { StartConfig } from '../config.js';
import { formatPreflight, probeAuto, runPreflight, type CheckResult, type Probes } from './kind/preflight.js';

export interface ResolvedCluster {
  cluster: 'kind' | 'sandbox' | 'none';
  /** Why this cluster, for the start-up line. */
  why: string;
}

export class ClusterUnavailable extends Error {}

export async function resolveCluster(
  config: Pick<StartConfig, 'cluster' | 'env' | 'ingressPort' | 'gatewayPort'>,
  probes: Partial<Probes> = {},
): Promise<ResolvedCluster> {
  const preflight = (): Promise<CheckResult[]> => runPreflight({ env: config.env, ingressPort: config.ingressPort, gatewayPort: config.gatewayPort }, probes);
  switch (config.cluster) {
    case 'none':
      return { cluster: 'none', why: '--cluster none' };
    case 'sandbox':
      return { cluster: 'sandbox', why: 'embedded, no Docker' };
    case 'auto': {
      const choice = await probeAuto(config.env, probes);
      if (choice.cluster === 'sandbox') return { cluster: 'sandbox', why: choice.reason };
      const failed = (await preflight()).filter((c) => !c.ok);
      if (failed.length === 0) return { cluster: 'kind', why: `Docker and kind are here: ${choice.reason}` };
      return { cluster: 'sandbox', why: `Docker and kind are here, but the kind preflight failed (${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}); \`kubeclass cluster status\` shows what to do` };
    }
    case 'kind': {
      const checks = await preflight();
      if (checks.some((c) => !c.ok)) throw new ClusterUnavailable(`--cluster kind: the preflight failed:\n${formatPreflight(checks)}(--cluster sandbox runs without Docker.)`);
      return { cluster: 'kind', why: '--cluster kind, the preflight passed' };
    }
  }
}
