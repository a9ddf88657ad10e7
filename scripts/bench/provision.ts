// bench:provision: how long `kubeclass cluster up` takes, cold (no cluster) and warm (everything in place), per
// step, beside `kn quickstart kind --install-serving` + `arkade install openfaas-ce` run in sequence; the goal
// (issue 7) is at most 60% of their total. That needs Docker, kind, helm, kn with its quickstart plugin and
// arkade. Without Docker it measures what can be measured here: the Kubernetes half (every step after
// `kind create cluster`) against a bare sandbox, with upstream's waits, and says the comparison was not run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDocker } from '../../server/clusters/kind/checks/docker.js';
import { PinnedDownloads } from '../../server/clusters/kind/provision/downloads.js';
import { provisionKind, toolEnv } from '../../server/clusters/kind/provision/kind-provisioner.js';
import { UPSTREAM_WAITS } from '../../server/clusters/kind/provision/plan-options.js';
import { buildPlan } from '../../server/clusters/kind/provision/plan.js';
import { ProvisionTools } from '../../server/clusters/kind/provision/provision-tools.js';
import { runPlan, type ProvisionView } from '../../server/clusters/kind/provision/runner.js';
import { writeSandboxRelease } from '../../server/clusters/kind/provision/sandbox-release.js';
import { writeKubeconfig } from '../../server/clusters/sandbox/kubeconfig.js';
import { startSandbox } from '../../server/clusters/sandbox/sandbox-server.js';

const GOAL_RATIO = 0.6;

function seconds(ms: number | undefined): string {
  return ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;
}

/** Runs a program to its end, its output passed through; resolves with the wall time. */
function timed(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number | null }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', () => resolve({ ms: Date.now() - started, code: 127 }));
    child.on('close', (code) => resolve({ ms: Date.now() - started, code }));
  });
}

async function has(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  return (await timed(program, args, { ...env })).code === 0;
}

function printRuns(title: string, cold: ProvisionView, warm: ProvisionView): void {
  const width = Math.max(...cold.steps.map((s) => s.title.length), 5);
  process.stdout.write(`\n${title}\n\n| ${'step'.padEnd(width)} | cold | warm |\n|${'-'.repeat(width + 2)}|------:|------:|\n`);
  for (const step of cold.steps) {
    const w = warm.steps.find((s) => s.id === step.id);
    const show = (s: ProvisionView['steps'][number] | undefined): string => (s?.state === 'skipped' ? `in place ${seconds(s.elapsedMs)}` : s?.state === 'done' ? seconds(s.elapsedMs) : (s?.state ?? '—'));
    process.stdout.write(`| ${step.title.padEnd(width)} | ${show(step)} | ${show(w)} |\n`);
  }
  process.stdout.write(`| ${'total (wall)'.padEnd(width)} | ${seconds(cold.elapsedMs)} | ${seconds(warm.elapsedMs)} |\n`);
}

async function sandboxMode(why: string): Promise<void> {
  process.stdout.write(`No kind run here (${why}): timing the Kubernetes half against a bare sandbox, with upstream's waits.\n`);
  const dir = mkdtempSync(join(tmpdir(), 'kubeclass-bench-provision-'));
  const sandbox = await startSandbox({ knative: false, openfaas: false });
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, sandbox.url, sandbox.token, sandbox.caPem);
    const address = new URL(sandbox.url).hostname;
    const release = writeSandboxRelease(join(dir, 'mirror'), address);
    const run = async (): Promise<ProvisionView> => {
      const downloads = new PinnedDownloads({ cacheDir: join(dir, 'cache'), mirror: release.mirror, files: release.files });
      const tools = new ProvisionTools({ env: { ...toolEnv(process.env), HOME: dir }, kubeconfig, download: (id) => downloads.get(id) });
      const view = await runPlan(buildPlan({ createCluster: false, openfaasFrom: 'manifest', probeHostPorts: false, listenAddress: address, waits: UPSTREAM_WAITS }), tools);
      if (view.state !== 'done') throw new Error(`provisioning failed: ${JSON.stringify(view.steps.filter((s) => s.state === 'failed'))}`);
      return view;
    };
    const cold = await run();
    const warm = await run();
    printRuns('Kubernetes half against a sandbox (no kind create, no image pulls)', cold, warm);
    process.stdout.write(
      `\nComparison with kn quickstart kind + arkade install openfaas-ce: not measured (${why}).\n` +
        `Goal (issue 7): cluster up cold <= ${GOAL_RATIO * 100}% of their total, judged on a machine with Docker: npm run bench:provision there.\n`,
    );
    writeFileSync(join(process.cwd(), 'test', 'artifacts', 'bench-provision.json'), `${JSON.stringify({ mode: 'sandbox', why, cold, warm }, null, 2)}\n`);
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function kindMode(): Promise<void> {
  const env = toolEnv(process.env);
  const dataDir = mkdtempSync(join(tmpdir(), 'kubeclass-bench-provision-'));
  const cacheDir = join(dataDir, 'cache');
  const up = () => provisionKind({ dataDir, cacheDir, env: process.env });
  process.stdout.write('kubeclass cluster up, cold (no cluster, empty download cache)...\n');
  await timed('kind', ['delete', 'cluster', '--name', 'kubeclass'], env);
  const cold = await up();
  process.stdout.write('kubeclass cluster up, warm (everything in place)...\n');
  const warm = await up();
  await timed('kind', ['delete', 'cluster', '--name', 'kubeclass'], env);
  printRuns('kubeclass cluster up on kind', cold, warm);
  const peersThere = (await has('kn', ['quickstart', '--help'], env)) && (await has('arkade', ['version'], env));
  if (!peersThere) {
    process.stdout.write('\nkn (with the quickstart plugin) or arkade is not installed: the comparison was not run.\n');
    return;
  }
  await timed('kind', ['delete', 'cluster', '--name', 'knative'], env);
  const kn = await timed('kn', ['quickstart', 'kind', '--install-serving'], env);
  const arkade = await timed('arkade', ['install', 'openfaas-ce'], { ...env, KUBECONFIG: '' });
  await timed('kind', ['delete', 'cluster', '--name', 'knative'], env);
  const peers = kn.ms + arkade.ms;
  const ratio = cold.elapsedMs / peers;
  process.stdout.write(
    `\n| run | time |\n|---|---:|\n| kn quickstart kind --install-serving | ${seconds(kn.ms)} |\n| arkade install openfaas-ce | ${seconds(arkade.ms)} |\n` +
      `| both, in sequence | ${seconds(peers)} |\n| kubeclass cluster up, cold | ${seconds(cold.elapsedMs)} (${(ratio * 100).toFixed(0)}%) |\n` +
      `\nGoal: cold <= ${GOAL_RATIO * 100}% of their total: ${ratio <= GOAL_RATIO && cold.state === 'done' && kn.code === 0 && arkade.code === 0 ? 'PASS' : 'MISS'}\n`,
  );
  rmSync(dataDir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const docker = await checkDocker(process.env, 2000);
  const env = toolEnv(process.env);
  if (!docker.ok) return sandboxMode(`no Docker daemon: ${docker.detail}`);
  if (!(await has('kind', ['version'], env))) return sandboxMode('kind is not installed (kubeclass tools installs it)');
  return kindMode();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:provision: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
