// The composition root: builds the parts from the configuration, starts them, and takes them down again.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { StartConfig } from './config.js';
import { allowedOrigins, isLoopback } from './http/auth.js';
import { createHttpServer } from './http/http-server.js';
import { loadStaticFiles } from './http/static-files.js';
import { SessionManager } from './terminal/session-manager.js';
import { resolveShell } from './terminal/shell-launch.js';
import { startSandbox, type RunningSandbox } from './clusters/sandbox/sandbox-server.js';
import { writeKubeconfig } from './clusters/sandbox/kubeconfig.js';
import { resolveCluster } from './clusters/resolve-cluster.js';
import { ClusterReadiness, type ClusterStatus } from './clusters/cluster-readiness.js';
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
  const cluster = chosen.cluster === 'sandbox' ? await startPlaygroundSandbox(config.dataDir, chosen.why, log) : undefined;
  const readiness = cluster
    ? new ClusterReadiness({ kubeconfigPath: cluster.kubeconfig, kind: 'sandbox', knative: true, openfaas: true, log })
    : undefined;
  readiness?.start();
  const clusterStatus: ClusterStatus = readiness ?? ClusterReadiness.none();
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
    ...(cluster ? { kubeconfigPath: cluster.kubeconfig, gateways: { ingress: cluster.sandbox.ingress, openfaas: cluster.sandbox.openfaas } } : {}),
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
        server.closeAllConnections();
        await Promise.all([
          sessions.close(),
          new Promise<void>((resolve) => server.close(() => resolve())),
        ]);
        await cluster?.sandbox.close();
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
 * The playground's cluster where there is no Docker: one sandbox on 127.0.0.1, as a kind cluster's ports are
 * (Kourier on port 80, the OpenFaaS gateway on 31112, when free), with its kubeconfig in the data directory.
 */
async function startPlaygroundSandbox(dataDir: string, why: string, log: (message: string) => void): Promise<{ sandbox: RunningSandbox; kubeconfig: string }> {
  const runtimeDir = join(dataDir, 'sandbox');
  mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  const sandbox = await startSandbox({ host: '127.0.0.1', runtimeDir });
  const kubeconfig = join(dataDir, 'kubeconfig');
  writeKubeconfig(kubeconfig, sandbox.url, sandbox.token, sandbox.caPem);
  const extras = [sandbox.ingress ? `Knative at http://${sandbox.ingress.host}:${sandbox.ingress.port}` : '', sandbox.openfaas ? `OpenFaaS at http://${sandbox.openfaas.host}:${sandbox.openfaas.port}` : ''].filter(Boolean);
  log(`cluster: sandbox (${why}) at ${sandbox.url}${extras.length ? `; ${extras.join(', ')}` : ''}`);
  return { sandbox, kubeconfig };
}
