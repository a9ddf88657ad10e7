// Turns --cluster auto|kind|sandbox|none into the cluster this start runs, saying why; --cluster kind runs the
// whole preflight and stops with its report when something is missing.
import type { StartConfig } from '../config.js';
import { formatPreflight, KIND_NOT_BUILT, probeAuto, runPreflight, type Probes } from './kind/preflight.js';

export interface ResolvedCluster {
  cluster: 'sandbox' | 'none';
  /** Why this cluster, for the start-up line. */
  why: string;
}

export class ClusterUnavailable extends Error {}

export async function resolveCluster(
  config: Pick<StartConfig, 'cluster' | 'env' | 'ingressPort' | 'gatewayPort'>,
  probes: Partial<Probes> = {},
): Promise<ResolvedCluster> {
  switch (config.cluster) {
    case 'none':
      return { cluster: 'none', why: '--cluster none' };
    case 'sandbox':
      return { cluster: 'sandbox', why: 'embedded, no Docker' };
    case 'auto': {
      const choice = await probeAuto(config.env, probes);
      if (choice.cluster === 'sandbox') return { cluster: 'sandbox', why: choice.reason };
      // Docker and kind are here, but there is no provisioner yet: the sandbox, saying so.
      return { cluster: 'sandbox', why: `Docker and kind are here (${choice.reason}), but provisioning kind is not built yet (issue 7)` };
    }
    case 'kind': {
      const checks = await runPreflight({ env: config.env, ingressPort: config.ingressPort, gatewayPort: config.gatewayPort }, probes);
      const report = formatPreflight(checks);
      if (checks.some((c) => !c.ok)) throw new ClusterUnavailable(`--cluster kind: the preflight failed:\n${report}(--cluster sandbox runs without Docker.)`);
      throw new ClusterUnavailable(`--cluster kind: ${KIND_NOT_BUILT}\n${report}`);
    }
  }
}
