// The classroom's composition root: the lesson, the stores, the seat pool and confinement, the HTTP front; what
// it prints for the instructor; and taking it all down again.
import { chmodSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowedOrigins, isLoopback } from '../http/auth.js';
import { loadStaticFiles } from '../http/static-files.js';
import { LessonCatalog } from '../lessons/service/lesson-catalog.js';
import { ProgressStore } from '../store/progress-store.js';
import { resolveShell } from '../terminal/shell-launch.js';
import { DEFAULT_GRACE_SECONDS, defaultCacheDir, defaultDataDir } from '../config.js';
import { formatPreflight, runPreflight } from '../clusters/kind/preflight.js';
import { DEFAULT_GATEWAY_PORT, DEFAULT_INGRESS_PORT } from '../clusters/kind/pins.js';
import { kindKubeconfigPath, provisionKind, toolEnv } from '../clusters/kind/provision/kind-provisioner.js';
import { failureReport, ProgressPrinter } from '../clusters/kind/provision/progress-printer.js';
import { spawnExec } from '../clusters/kind/provision/provision-tools.js';
import { SandboxHost } from '../clusters/sandbox/thread/sandbox-host.js';
import { KindSeat } from './kind-seats.js';
import { Classroom } from './classroom.js';
import type { ClassroomConfig } from './classroom-config.js';
import { createClassroomServer } from './classroom-http.js';
import { seatConfinement } from './confinement.js';
import { SandboxSeat, type EnvironmentFactory, type SeatUser } from './seat-environment.js';

const CLIENT_DIR = fileURLToPath(new URL('../../client/', import.meta.url));
const WARNING_MS = 5 * 60_000;

export interface RunningClassroom {
  port: number;
  instructorUrl: string;
  joinUrl: string;
  joinCode: string;
  classroom: Classroom;
  close(): Promise<void>;
}

export async function startClassroom(config: ClassroomConfig, log: (message: string) => void, overrides: { idleMs?: number; warningMs?: number; saveEveryMs?: number } = {}): Promise<RunningClassroom> {
  // Traversable (not listable) by the seats' users: bubblewrap, running as a seat's user, binds its workspace by
  // its path below here. What is inside stays private (the databases are 0600, each learner folder its user's).
  mkdirSync(join(config.dataDir, 'learners'), { recursive: true, mode: 0o711 });
  chmodSync(config.dataDir, 0o711);
  chmodSync(join(config.dataDir, 'learners'), 0o711);
  const lesson = LessonCatalog.load(config.lessonsDir, log).get(config.lessonId);
  if (!lesson) throw new Error(`no lesson "${config.lessonId}" in ${config.lessonsDir} (kubeclass lesson lint ${config.lessonsDir} says why one is left out)`);
  const confinement = seatConfinement({ dataDir: config.dataDir, unconfined: config.unconfined, log });
  log(`classroom: ${confinement.summary}`);
  // Seats' sandboxes live in host threads (one per core but this one's), not on the terminals' event loop.
  const host = config.cluster === 'kind' ? undefined : new SandboxHost({ log });
  if (host) log(`classroom: seats' clusters run in ${host.size} thread${host.size === 1 ? '' : 's'} beside the server's`);
  const environments = host
    ? SandboxSeat.factory({ makeUser: confinement.makeUser, runtimeDir: (name) => join(config.dataDir, 'runtime', name), host })
    : await kindEnvironments(config, confinement.makeUser, log);
  const progress = ProgressStore.open(join(config.dataDir, 'kubeclass.db'), log);
  const idleMs = overrides.idleMs ?? config.idleMinutes * 60_000;
  const classroom = await Classroom.open({
    dataDir: config.dataDir,
    lesson,
    progress,
    maxSeats: config.seats,
    warmSeats: config.warm,
    idleMs,
    warningMs: Math.min(overrides.warningMs ?? WARNING_MS, idleMs / 2),
    ...(overrides.saveEveryMs === undefined ? {} : { saveEveryMs: overrides.saveEveryMs }),
    shell: resolveShell(config.shell),
    serverEnv: config.env,
    graceMs: DEFAULT_GRACE_SECONDS * 1000,
    environments,
    confineFor: confinement.confineFor,
    shellNice: config.shellNice,
    killUser: confinement.killUser,
    log,
  }).catch(async (error: unknown) => {
    await host?.close();
    progress.close();
    throw error;
  });
  const origins = new Set<string>();
  let joinUrl = '';
  const server = createClassroomServer({ classroom, origins, files: loadStaticFiles(CLIENT_DIR), joinUrl: () => joinUrl, log });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new Error(`port ${config.port} on ${config.host} is in use: pass --port N`) : error));
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await classroom.close();
    await host?.close();
    progress.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  for (const origin of allowedOrigins(config.host, port, config.allowOrigins)) origins.add(origin);
  const shown = isLoopback(config.host) ? '127.0.0.1' : config.host === '0.0.0.0' || config.host === '::' ? lanAddress(origins) : config.host;
  const base = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  joinUrl = `${base}/join?code=${classroom.joinCode}`;
  let closing: Promise<void> | undefined;
  return {
    port,
    instructorUrl: `${base}/instructor?token=${classroom.instructorToken}`,
    joinUrl,
    joinCode: classroom.joinCode,
    classroom,
    close() {
      closing ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await classroom.close();
        await host?.close();
        progress.close();
      })();
      return closing;
    },
  };
}

/** The address the room's laptops can reach: the first non-loopback IPv4 among the allowed origins. */
function lanAddress(origins: ReadonlySet<string>): string {
  for (const origin of origins) {
    const host = new URL(origin).hostname;
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host) && !host.startsWith('127.')) return host;
  }
  return '127.0.0.1';
}

/** The shared kind cluster, made or repaired first (its steps logged), then a namespace per seat. */
async function kindEnvironments(config: ClassroomConfig, makeUser: (name: string) => Promise<SeatUser | undefined>, log: (message: string) => void): Promise<EnvironmentFactory> {
  const checks = await runPreflight({ env: config.env });
  if (checks.some((c) => !c.ok)) throw new Error(`--cluster kind: the preflight failed:\n${formatPreflight(checks)}(--cluster sandbox runs without Docker.)`);
  const dataDir = defaultDataDir(config.env);
  const printer = new ProgressPrinter((text) => log(text.replace(/\n$/, '')), false);
  const view = await provisionKind({ dataDir, cacheDir: defaultCacheDir(config.env), env: config.env, onChange: (v) => printer.update(v) });
  if (view.state !== 'done') throw new Error(`the kind cluster could not be provisioned:${failureReport(view)}`);
  const host = '127.0.0.1';
  return KindSeat.factory({
    adminKubeconfig: kindKubeconfigPath(dataDir),
    gateways: { ingress: { host, port: DEFAULT_INGRESS_PORT }, openfaas: { host, port: DEFAULT_GATEWAY_PORT } },
    makeUser,
    exec: spawnExec,
    env: toolEnv(config.env),
  });
}
