// `kubeclass cluster up|down|status`: the kind cluster managed outside the page. up runs the preflight, then the
// provisioning plan with its progress in the terminal; down removes the cluster and kubeclass's files about it;
// status prints the preflight, auto's choice, and for an existing cluster which parts are in place.
import { kindClusters } from './kind/checks/existing-cluster.js';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCacheDir, defaultDataDir, hostPortOption } from '../config.js';
import { checkMark, chooseCluster, formatPreflight, runPreflight, type Probes } from './kind/preflight.js';
import { DEFAULT_GATEWAY_PORT, DEFAULT_INGRESS_PORT, KIND_CLUSTER_NAME } from './kind/pins.js';
import { inspectKind, kindKubeconfigPath, provisionKind, toolEnv } from './kind/provision/kind-provisioner.js';
import { ProgressPrinter } from './kind/provision/progress-printer.js';
import { spawnExec, type Exec } from './kind/provision/provision-tools.js';
import { KNATIVE_SERVING_VERSION, NET_KOURIER_VERSION, OPENFAAS_CHART_VERSION } from './kind/provision/release.js';

export const CLUSTER_USAGE = `Usage: kubeclass cluster up [--ingress-port N] [--gateway-port N] [--images FILE] [--force]
       kubeclass cluster down [--purge-cache]
       kubeclass cluster status [--ingress-port N] [--gateway-port N]

up      creates the kind cluster ${KIND_CLUSTER_NAME} (or reuses it) and installs Knative Serving ${KNATIVE_SERVING_VERSION}
        with Kourier ${NET_KOURIER_VERSION} and OpenFaaS CE (chart ${OPENFAAS_CHART_VERSION}): pinned, checksummed downloads,
        each step shown with its time. Run it again to repair: what is in place is skipped.
          --images FILE   load an archive from \`kubeclass images save\` first (no pulls)
          --force         run every step again, even those in place
down    deletes the kind cluster and its kubeconfig (downloads stay cached; --purge-cache removes them)
status  checks what a kind cluster needs (Docker daemon, kind / kubectl / helm versions, memory, CPUs,
        host ports, an existing cluster), says which cluster \`kubeclass start --cluster auto\` would choose,
        and for an existing cluster which parts are in place. Exits 0 when the preflight passes, 1 if not.

Environment: KUBECLASS_DATA_DIR (kubeconfig), KUBECLASS_CACHE_DIR (downloads), KUBECLASS_MIRROR (a folder or
URL laid out as <host>/<path> to download from instead of the internet).
`;

type Output = (text: string) => void;

export interface ClusterCommandIo {
  out: Output;
  err: Output;
  env: Readonly<Record<string, string | undefined>>;
  /** Redraw progress in place (a terminal) or print a line per change. */
  tty?: boolean;
  probes?: Partial<Probes>;
  exec?: Exec;
}

export async function clusterCommand(argv: string[], out: Output, err: Output, env: Readonly<Record<string, string | undefined>>, probes: Partial<Probes> = {}, extra: Partial<ClusterCommandIo> = {}): Promise<number> {
  const io: ClusterCommandIo = { out, err, env, probes, ...extra };
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    out(CLUSTER_USAGE);
    return 0;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        'ingress-port': { type: 'string' },
        'gateway-port': { type: 'string' },
        images: { type: 'string' },
        force: { type: 'boolean' },
        'purge-cache': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    err(`kubeclass: ${(error as Error).message}\n`);
    return 2;
  }
  let ports: { ingressPort: number; gatewayPort: number };
  try {
    ports = {
      ingressPort: hostPortOption('ingress-port', values['ingress-port'] as string | undefined, DEFAULT_INGRESS_PORT),
      gatewayPort: hostPortOption('gateway-port', values['gateway-port'] as string | undefined, DEFAULT_GATEWAY_PORT),
    };
  } catch (error) {
    err(`kubeclass: ${(error as Error).message}\n`);
    return 2;
  }
  switch (sub) {
    case 'status':
      return status(io, ports);
    case 'up':
      return up(io, ports, { images: values.images as string | undefined, force: values.force === true });
    case 'down':
      return down(io, values['purge-cache'] === true);
    default:
      err(`kubeclass: cluster: unknown subcommand ${sub === undefined ? '(none)' : `"${sub}"`}\n\n${CLUSTER_USAGE}`);
      return 2;
  }
}

async function status(io: ClusterCommandIo, ports: { ingressPort: number; gatewayPort: number }): Promise<number> {
  const checks = await runPreflight({ env: io.env, ...ports }, io.probes);
  const docker = checks.find((c) => c.name === 'Docker daemon')!;
  const kind = checks.find((c) => c.name === 'kind')!;
  const existing = checks.find((c) => c.name === 'existing cluster')!;
  const choice = chooseCluster(docker, kind);
  io.out(`Preflight for a kind cluster named ${KIND_CLUSTER_NAME}:\n${formatPreflight(checks)}\n`);
  io.out(`--cluster auto would choose: ${choice.cluster} (${choice.reason})\n`);
  const exists = checkMark(existing) === '!' && /exists/.test(existing.detail);
  io.out(`kind cluster ${KIND_CLUSTER_NAME}: ${exists ? 'exists' : existing.detail}\n`);
  if (exists) io.out(await inspectCluster(io, ports));
  return checks.some((c) => !c.ok) ? 1 : 0;
}

/** Each step's in-place check against the existing cluster, without changing anything but the kubeconfig file. */
async function inspectCluster(io: ClusterCommandIo, ports: { ingressPort: number; gatewayPort: number }): Promise<string> {
  const dataDir = defaultDataDir(io.env);
  const lines: string[] = [];
  const checks = await inspectKind({ dataDir, cacheDir: defaultCacheDir(io.env), env: io.env, plan: ports, ...(io.exec ? { exec: io.exec } : {}) });
  const width = Math.max(...checks.map((c) => c.title.length));
  for (const c of checks) lines.push(`  ${c.state === 'in place' ? '✓' : c.state === 'missing' ? '✗' : '?'} ${c.title.padEnd(width)}  ${c.state}${c.detail ? `: ${c.detail}` : ''}`);
  const missing = checks.filter((c) => c.state !== 'in place').length;
  return `What is in place (kubeconfig ${kindKubeconfigPath(dataDir)}):\n${lines.join('\n')}\n${missing ? `${missing} not in place: kubeclass cluster up repairs them.` : 'Everything is in place.'}\n`;
}

async function up(io: ClusterCommandIo, ports: { ingressPort: number; gatewayPort: number }, options: { images: string | undefined; force: boolean }): Promise<number> {
  const checks = await runPreflight({ env: io.env, ...ports }, io.probes);
  if (checks.some((c) => !c.ok)) {
    io.err(`kubeclass: cannot create the kind cluster, the preflight failed:\n${formatPreflight(checks)}(\`kubeclass start --cluster sandbox\` runs without Docker.)\n`);
    return 1;
  }
  const dataDir = defaultDataDir(io.env);
  io.out(
    `Provisioning the kind cluster ${KIND_CLUSTER_NAME}: Knative Serving ${KNATIVE_SERVING_VERSION}, Kourier ${NET_KOURIER_VERSION}, OpenFaaS CE (chart ${OPENFAAS_CHART_VERSION}).\n`,
  );
  const printer = new ProgressPrinter(io.out, io.tty ?? false);
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    const view = await provisionKind({
      dataDir,
      cacheDir: defaultCacheDir(io.env),
      env: io.env,
      plan: { ...ports, imageArchive: options.images },
      force: options.force,
      signal: controller.signal,
      onChange: (v) => printer.update(v),
      note: (m) => io.out(`  note: ${m}\n`),
      ...(io.exec ? { exec: io.exec } : {}),
    });
    printer.finish(view);
    if (view.state !== 'done') return 1;
    const kubeconfig = kindKubeconfigPath(dataDir);
    const port = (p: number): string => (p === 80 ? '' : `:${p}`);
    io.out(
      `\nKnative:  curl -H "Host: <service>.default.127.0.0.1.sslip.io" http://127.0.0.1${port(ports.ingressPort)}\n` +
        `OpenFaaS: http://127.0.0.1:${ports.gatewayPort} (user admin; the password: kubectl get secret -n openfaas basic-auth -o jsonpath='{.data.basic-auth-password}' | base64 -d)\n` +
        `kubectl:  export KUBECONFIG=${kubeconfig}\n` +
        `The playground uses it with: kubeclass start --cluster kind\n`,
    );
    return 0;
  } finally {
    process.off('SIGINT', interrupt);
  }
}

async function down(io: ClusterCommandIo, purgeCache: boolean): Promise<number> {
  const exec = io.exec ?? spawnExec;
  const signal = new AbortController().signal;
  const env = toolEnv(io.env);
  const listed = await exec('kind', ['get', 'clusters'], { env, signal });
  if (listed.code === 127) {
    io.err(`kubeclass: kind is not installed, so there is no kind cluster to remove (kubeclass tools installs kind)\n`);
    return 1;
  }
  const exists = listed.code === 0 && kindClusters(listed.stdout).includes(KIND_CLUSTER_NAME);
  if (exists) {
    io.out(`Deleting the kind cluster ${KIND_CLUSTER_NAME}...\n`);
    const deleted = await exec('kind', ['delete', 'cluster', '--name', KIND_CLUSTER_NAME], { env, signal, timeoutMs: 5 * 60_000 });
    if (deleted.code !== 0) {
      io.err(`kubeclass: kind delete cluster failed (exit ${deleted.code}):\n${deleted.stderr || deleted.stdout}`);
      return 1;
    }
  } else {
    io.out(`There is no kind cluster named ${KIND_CLUSTER_NAME}${listed.code === 0 ? '' : ` (kind get clusters: ${(listed.stderr || listed.stdout).trim()})`}.\n`);
  }
  rmSync(dirname(kindKubeconfigPath(defaultDataDir(io.env))), { recursive: true, force: true });
  if (purgeCache) {
    rmSync(defaultCacheDir(io.env), { recursive: true, force: true });
    io.out(`Removed the download cache ${defaultCacheDir(io.env)}.\n`);
  }
  io.out(`Removed ${exists ? `the cluster and ` : ''}its kubeconfig.\n`);
  return 0;
}
