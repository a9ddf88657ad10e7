// The composition root: builds the parts from the configuration, starts them, and takes them down again.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { StartConfig } from './config.js';
import { allowedOrigins, isLoopback } from './http/auth.js';
import { createHttpServer } from './http/http-server.js';
import { loadStaticFiles } from './http/static-files.js';
import { SessionManager } from './terminal/session-manager.js';
import { resolveShell } from './terminal/shell-launch.js';
import { startSandbox, type RunningSandbox } from './clusters/sandbox/sandbox-server.js';
import { describeRestore, parseSnapshot } from './clusters/sandbox/snapshot.js';
import { writeKubeconfig } from './clusters/sandbox/kubeconfig.js';
import { resolveCluster } from './clusters/resolve-cluster.js';
import { ClusterReadiness, type ClusterStatus } from './clusters/cluster-readiness.js';
import { defaultCacheDir } from './config.js';
import { kindKubeconfigPath, provisionKind } from './clusters/kind/provision/kind-provisioner.js';
import { ProvisionStatus } from './clusters/kind/provision/provision-status.js';
import { handOutAssets } from './lessons/assets.js';
import { CheckerEngine } from './lessons/checkers/checker-engine.js';
import { LessonCatalog } from './lessons/service/lesson-catalog.js';
import { LessonService } from './lessons/service/lesson-service.js';
import { ProgressStore } from './store/progress-store.js';

export interface RunningServer {
  /** The address to open, token included. */
  url: string;
  port: number;
  sessions: SessionManager;
  lessons: LessonService;
  /** Ends every shell and stops listening. Idempotent. */
  close(): Promise<void>;
  /** Synchronous last resort for process exit. */
  killNow(): void;
}

const CLIENT_DIR = fileURLToPath(new URL('../client/', import.meta.url));

export async function startServer(config: StartConfig, log: (message: string) => void): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const files = loadStaticFiles(CLIENT_DIR);
  if (!files.has('index.html')) log(`warning: the page is not built (${CLIENT_DIR}); run npm run build`);
  const chosen = await resolveCluster(config);
  if (chosen.cluster === 'none') log(`cluster: none (${chosen.why})`);
  const sandboxCluster = chosen.cluster === 'sandbox' ? await startPlaygroundSandbox(config.dataDir, chosen.why, log) : undefined;
  const kindCluster = chosen.cluster === 'kind' ? startKindCluster(config, chosen.why, log) : undefined;
  // Saved as the learner works too, so a crash loses at most the last half minute of it.
  const saving = sandboxCluster ? setInterval(() => saveSandbox(sandboxCluster.sandbox, config.dataDir, log), 30_000) : undefined;
  saving?.unref();
  const readiness = sandboxCluster
    ? new ClusterReadiness({ kubeconfigPath: sandboxCluster.kubeconfig, kind: 'sandbox', knative: true, openfaas: true, log })
    : undefined;
  readiness?.start();
  const clusterStatus: ClusterStatus = readiness ?? kindCluster?.status ?? ClusterReadiness.none();
  const cluster = sandboxCluster
    ? { kubeconfig: sandboxCluster.kubeconfig, gateways: { ingress: sandboxCluster.sandbox.ingress, openfaas: sandboxCluster.sandbox.openfaas } }
    : kindCluster;
  const store = ProgressStore.open(join(config.dataDir, 'kubeclass.db'), log);
  const sessions = new SessionManager({
    dataDir: config.dataDir,
    shell: resolveShell(config.shell),
    graceMs: config.graceMs,
    maxSessions: config.maxSessions,
    serverEnv: config.env,
    ...(cluster ? { shellEnv: { KUBECONFIG: cluster.kubeconfig } } : {}),
    log,
  });
  const engine = new CheckerEngine({
    ...(cluster ? { kubeconfigPath: cluster.kubeconfig, gateways: cluster.gateways } : {}),
    log,
  });
  const lessons = new LessonService({
    catalog: LessonCatalog.load(config.lessonsDir, log),
    store,
    engine,
    sessions,
    dataDir: config.dataDir,
    cluster: clusterStatus,
    handOutAssets,
    log,
  });
  // With --port 0 the origins are only known after listening; the set is filled then.
  const origins = new Set<string>();
  const server = createHttpServer({ token: config.token, origins, files, sessions, lessons, log });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${config.port} on ${config.host} is in use: pass --port N (or --port 0 for any free port)`));
      else if (error.code === 'EADDRNOTAVAIL') reject(new Error(`${config.host} is not an address of this machine (--host)`));
      else reject(error);
    };
    server.once('error', onError);
    server.listen(config.port, config.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  for (const origin of allowedOrigins(config.host, port, config.allowOrigins)) origins.add(origin);
  const shownHost = isLoopback(config.host) || config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/?token=${config.token}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    sessions,
    lessons,
    close() {
      closing ??= (async () => {
        lessons.close();
        engine.close();
        readiness?.close();
        kindCluster?.stop();
        server.closeAllConnections();
        await Promise.all([
          sessions.close(),
          new Promise<void>((resolve) => server.close(() => resolve())),
        ]);
        if (saving) clearInterval(saving);
        if (sandboxCluster) {
          // The shells have ended: what the learner made is all there.
          saveSandbox(sandboxCluster.sandbox, config.dataDir, log);
          await sandboxCluster.sandbox.close();
        }
        store.close();
      })();
      return closing;
    },
    killNow() {
      sessions.killAllNow();
    },
  };
}

/**
 * The kind cluster, provisioned in the background (a cluster already in place takes seconds): the page's progress
 * bar shows each step. The cluster outlives the playground; `kubeclass cluster down` removes it.
 */
function startKindCluster(config: StartConfig, why: string, log: (message: string) => void) {
  const status = new ProvisionStatus();
  const controller = new AbortController();
  const kubeconfig = kindKubeconfigPath(config.dataDir);
  log(`cluster: kind (${why}); provisioning it, the page shows each step (kubeconfig ${kubeconfig})`);
  const reported = new Map<string, string>();
  void provisionKind({
    dataDir: config.dataDir,
    cacheDir: defaultCacheDir(config.env),
    env: config.env,
    plan: { ingressPort: config.ingressPort, gatewayPort: config.gatewayPort },
    signal: controller.signal,
    note: (m) => log(`cluster: ${m}`),
    onChange: (view) => {
      status.update(view);
      for (const step of view.steps) {
        if (reported.get(step.id) === step.state || (step.state !== 'failed' && step.state !== 'done')) continue;
        reported.set(step.id, step.state);
        log(`cluster: ${step.state === 'failed' ? `${step.title} failed: ${step.detail ?? ''} (${step.fix ?? ''})` : `${step.title} done in ${Math.round(step.elapsedMs / 100) / 10} s`}`);
      }
    },
  }).then(
    (view) => log(`cluster: kind ${view.state === 'done' ? `ready in ${Math.round(view.elapsedMs / 1000)} s` : 'provisioning failed: `kubeclass cluster up` shows each step; run it again to repair'}`),
    (error: unknown) => log(`cluster: provisioning stopped: ${(error as Error).message}`),
  );
  const host = '127.0.0.1';
  return {
    status,
    kubeconfig,
    gateways: { ingress: { host, port: config.ingressPort }, openfaas: { host, port: config.gatewayPort } },
    stop: () => controller.abort(),
  };
}

/**
 * The playground's cluster where there is no Docker: one sandbox on 127.0.0.1, as a kind cluster's ports are
 * (Kourier on port 80, the OpenFaaS gateway on 31112, when free), with its kubeconfig in the data directory.
 */
async function startPlaygroundSandbox(dataDir: string, why: string, log: (message: string) => void): Promise<{ sandbox: RunningSandbox; kubeconfig: string }> {
  const runtimeDir = join(dataDir, 'sandbox');
  mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  const sandbox = await startSandbox({ host: '127.0.0.1', runtimeDir });
  restoreSandbox(sandbox, dataDir, log);
  const kubeconfig = join(dataDir, 'kubeconfig');
  writeKubeconfig(kubeconfig, sandbox.url, sandbox.token, sandbox.caPem);
  const extras = [sandbox.ingress ? `Knative at http://${sandbox.ingress.host}:${sandbox.ingress.port}` : '', sandbox.openfaas ? `OpenFaaS at http://${sandbox.openfaas.host}:${sandbox.openfaas.port}` : ''].filter(Boolean);
  log(`cluster: sandbox (${why}) at ${sandbox.url}${extras.length ? `; ${extras.join(', ')}` : ''}`);
  return { sandbox, kubeconfig };
}

/** Where the playground's sandbox is kept between runs: it lives in memory, this file outlives it. */
function snapshotFile(dataDir: string): string {
  return join(dataDir, 'sandbox-snapshot.json');
}

/** What the learner made in the sandbox before the last stop, given to this one (snapshot.ts). */
function restoreSandbox(sandbox: RunningSandbox, dataDir: string, log: (message: string) => void): void {
  const file = snapshotFile(dataDir);
  if (!existsSync(file)) return;
  try {
    const { restored, failed } = describeRestore(sandbox.restore(parseSnapshot(readFileSync(file, 'utf8'))));
    log(`cluster: restored what was made before the last stop (${restored} objects)${failed.length ? `; not restored: ${failed.join('; ')}` : ''}`);
  } catch (error) {
    // A damaged file must not stop the playground: the cluster starts fresh, the file is kept aside, and it is said.
    renameSync(file, `${file}.unreadable`);
    log(`cluster: ${file} could not be restored (${error instanceof Error ? error.message : String(error)}); starting fresh, the file is kept as ${basename(file)}.unreadable`);
  }
}

/** Writes the snapshot whole or not at all (a crash mid-write leaves the previous one). */
function saveSandbox(sandbox: RunningSandbox, dataDir: string, log: (message: string) => void): void {
  const file = snapshotFile(dataDir);
  try {
    writeFileSync(`${file}.tmp`, JSON.stringify(sandbox.snapshot()), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  } catch (error) {
    log(`cluster: could not save the sandbox: ${error instanceof Error ? error.message : String(error)}`);
  }
}
