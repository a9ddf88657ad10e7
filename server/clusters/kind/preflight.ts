// The preflight for a kind cluster: every check at once, printed as a list with ✓ / ✗ / ! and a summary; and the
// choice `--cluster auto` makes from the Docker and kind checks.
import { runCommand, type CheckResult, type RunCommand } from './check.js';
import { checkDocker } from './checks/docker.js';
import { checkExistingCluster } from './checks/existing-cluster.js';
import { checkPort, tryListen } from './checks/ports.js';
import { availableMemory, checkCpus, checkMemory, cpuCount } from './checks/resources.js';
import { checkHelm, checkKind, checkKubectl } from './checks/tools.js';
import { DEFAULT_GATEWAY_PORT, DEFAULT_INGRESS_PORT, KIND_CLUSTER_NAME } from './pins.js';

export type { CheckResult } from './check.js';

export interface PreflightOptions {
  env: Readonly<Record<string, string | undefined>>;
  ingressPort?: number;
  gatewayPort?: number;
  clusterName?: string;
}

/** How the checks look at the machine; the real ones by default. */
export interface Probes {
  run: RunCommand;
  memory: () => number;
  cpus: () => number;
  listen: (port: number, host: string) => Promise<string | undefined>;
  dockerTimeoutMs: number;
}

const REAL_PROBES: Probes = { run: runCommand, memory: availableMemory, cpus: cpuCount, listen: tryListen, dockerTimeoutMs: 2000 };

export async function runPreflight(options: PreflightOptions, probes: Partial<Probes> = {}): Promise<CheckResult[]> {
  const p = { ...REAL_PROBES, ...probes };
  const ingress = options.ingressPort ?? DEFAULT_INGRESS_PORT;
  const gateway = options.gatewayPort ?? DEFAULT_GATEWAY_PORT;
  const checks = await Promise.all([
    checkDocker(options.env, p.dockerTimeoutMs),
    checkKind(p.run),
    checkKubectl(p.run),
    checkHelm(p.run),
    Promise.resolve(checkMemory(p.memory())),
    Promise.resolve(checkCpus(p.cpus())),
    checkPort({ port: ingress, role: 'Knative ingress (Kourier, NodePort 31080)', flag: '--ingress-port', alternative: ingress === 8080 ? 8081 : 8080 }, '127.0.0.1', p.listen),
    checkPort({ port: gateway, role: 'OpenFaaS gateway (NodePort 31112)', flag: '--gateway-port', alternative: gateway === 31113 ? 31114 : 31113 }, '127.0.0.1', p.listen),
    checkExistingCluster(p.run, options.clusterName ?? KIND_CLUSTER_NAME),
  ]);
  return reusedClusterPorts(checks);
}

/** A cluster that exists holds its own host ports: in use is then expected, and provisioning checks its mappings. */
function reusedClusterPorts(checks: CheckResult[]): CheckResult[] {
  const existing = checks.find((c) => c.name === 'existing cluster');
  if (!existing?.warning || !/exists/.test(existing.detail)) return checks;
  return checks.map((c) =>
    c.name.startsWith('port ') && !c.ok && /in use/.test(c.detail)
      ? { ...c, ok: true, warning: true, detail: `${c.detail.replace(/;.*/, '')}, most likely by the existing kind cluster (its mappings are checked when it is reused)` }
      : c,
  );
}

export function checkMark(check: CheckResult): string {
  return !check.ok ? '✗' : check.warning ? '!' : '✓';
}

/** A line per check (its fix indented below it when there is one), then a summary line. */
export function formatPreflight(checks: CheckResult[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.map((c) => `  ${checkMark(c)} ${c.name.padEnd(width)}  ${c.detail}${c.fix && (!c.ok || c.warning) ? `\n    ${' '.repeat(width)}  -> ${c.fix}` : ''}`);
  return `${lines.join('\n')}\n${preflightSummary(checks)}\n`;
}

export function preflightSummary(checks: CheckResult[]): string {
  const failed = checks.filter((c) => !c.ok).length;
  const warned = checks.filter((c) => c.ok && c.warning).length;
  const passed = checks.length - failed - warned;
  const counts = `${passed} passed, ${warned} warning${warned === 1 ? '' : 's'}, ${failed} failed`;
  return failed ? `Preflight failed (${counts}): fix what is marked ✗ and run it again.` : `Preflight passed (${counts}).`;
}

export interface ClusterChoice {
  cluster: 'kind' | 'sandbox';
  reason: string;
}

/** What `--cluster auto` picks: kind when a Docker daemon answers and kind is installed, else the sandbox. */
export function chooseCluster(docker: CheckResult, kind: CheckResult): ClusterChoice {
  if (docker.ok && kind.ok) return { cluster: 'kind', reason: `${docker.detail}; kind ${kind.detail}` };
  const missing = [!docker.ok ? docker.detail : '', !kind.ok ? `kind: ${kind.detail}` : ''].filter(Boolean).join('; ');
  return { cluster: 'sandbox', reason: `${missing}; --cluster kind needs Docker and kind` };
}

/** Only the two checks `auto` needs (fast: a refused socket and a missing program answer at once). */
export async function probeAuto(env: Readonly<Record<string, string | undefined>>, probes: Partial<Probes> = {}): Promise<ClusterChoice> {
  const p = { ...REAL_PROBES, ...probes };
  const [docker, kind] = await Promise.all([checkDocker(env, p.dockerTimeoutMs), checkKind(p.run)]);
  return chooseCluster(docker, kind);
}

