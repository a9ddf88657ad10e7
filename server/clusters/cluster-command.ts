// `kubeclass cluster status`: the kind preflight, what `--cluster auto` would choose and why, and whether the
// kind cluster exists. `cluster up|down` are named but not built yet (issue 7).
import { parseArgs } from 'node:util';
import { hostPortOption } from '../config.js';
import { checkMark, chooseCluster, formatPreflight, runPreflight, type Probes } from './kind/preflight.js';
import { DEFAULT_GATEWAY_PORT, DEFAULT_INGRESS_PORT, KIND_CLUSTER_NAME } from './kind/pins.js';

export const CLUSTER_USAGE = `Usage: kubeclass cluster status [--ingress-port N] [--gateway-port N]
       kubeclass cluster up|down

status  checks what a kind cluster needs (Docker daemon, kind / kubectl / helm versions, memory, CPUs,
        host ports, an existing cluster named ${KIND_CLUSTER_NAME}), and says which cluster
        \`kubeclass start --cluster auto\` would choose and why. Exits 0 when the preflight passes, 1 if not.
up      create or repair the kind cluster with Knative and OpenFaaS: not built yet (issue 7)
down    remove it: not built yet (issue 7)
`;

type Output = (text: string) => void;

export async function clusterCommand(argv: string[], out: Output, err: Output, env: Readonly<Record<string, string | undefined>>, probes: Partial<Probes> = {}): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    out(CLUSTER_USAGE);
    return 0;
  }
  if (sub === 'up' || sub === 'down') {
    err(`kubeclass: cluster ${sub} is not built yet (issue 7): kubeclass cannot ${sub === 'up' ? 'create' : 'remove'} a kind cluster yet.${sub === 'down' ? ` To remove one by hand: kind delete cluster --name ${KIND_CLUSTER_NAME}` : ' `kubeclass cluster status` shows what it would need.'}\n`);
    return 2;
  }
  if (sub !== 'status') {
    err(`kubeclass: cluster: unknown subcommand ${sub === undefined ? '(none)' : `"${sub}"`}\n\n${CLUSTER_USAGE}`);
    return 2;
  }
  let values;
  try {
    values = parseArgs({ args: rest, options: { 'ingress-port': { type: 'string' }, 'gateway-port': { type: 'string' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    err(`kubeclass: ${(error as Error).message}\n`);
    return 2;
  }
  let ingressPort: number;
  let gatewayPort: number;
  try {
    ingressPort = hostPortOption('ingress-port', values['ingress-port'], DEFAULT_INGRESS_PORT);
    gatewayPort = hostPortOption('gateway-port', values['gateway-port'], DEFAULT_GATEWAY_PORT);
  } catch (error) {
    err(`kubeclass: ${(error as Error).message}\n`);
    return 2;
  }
  const checks = await runPreflight({ env, ingressPort, gatewayPort }, probes);
  const docker = checks.find((c) => c.name === 'Docker daemon')!;
  const kind = checks.find((c) => c.name === 'kind')!;
  const existing = checks.find((c) => c.name === 'existing cluster')!;
  const choice = chooseCluster(docker, kind);
  out(`Preflight for a kind cluster named ${KIND_CLUSTER_NAME}:\n${formatPreflight(checks)}\n`);
  out(
    `--cluster auto would choose: ${choice.cluster} (${choice.reason})` +
      (choice.cluster === 'kind' ? '; until provisioning kind is built (issue 7), start runs the sandbox instead' : '') +
      '\n',
  );
  out(`kind cluster ${KIND_CLUSTER_NAME}: ${checkMark(existing) === '!' && /exists/.test(existing.detail) ? 'exists' : existing.detail}\n`);
  return checks.some((c) => !c.ok) ? 1 : 0;
}
