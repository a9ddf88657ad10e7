// One learner's seat: their environment (sandbox, user), their folder (workspace and HOME, the kubeconfig of
// their own cluster inside it), one terminal session, the lesson service that grades it, and the sockets that
// hear the classroom's broadcasts. Everything here is theirs only: nothing routes another learner's requests to it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import type { SeatServerMessage } from '../common/classroom-protocol.js';
import { ClusterReadiness } from '../clusters/cluster-readiness.js';
import { handOutAssets } from '../lessons/assets.js';
import { CheckerEngine } from '../lessons/checkers/checker-engine.js';
import type { LessonCatalog } from '../lessons/service/lesson-catalog.js';
import { LessonService } from '../lessons/service/lesson-service.js';
import type { ProgressStore } from '../store/progress-store.js';
import { chownTree } from '../terminal/confine/seat-dirs.js';
import { SessionManager } from '../terminal/session-manager.js';
import type { ShellCommand } from '../terminal/shell-launch.js';
import { ensureWorkspace } from '../terminal/workspace.js';
import type { SeatEnvironment } from './seat-environment.js';

export interface SeatOptions {
  learnerId: string;
  name: string;
  /** The learner's folder (kept across restarts, removed when the seat expires). */
  dir: string;
  env: SeatEnvironment;
  catalog: LessonCatalog;
  store: ProgressStore;
  shell: string;
  serverEnv: Readonly<Record<string, string | undefined>>;
  graceMs: number;
  /** Wraps the shell's command (bubblewrap, the seat's user, limits). */
  confine?: ((command: ShellCommand, workspace: string) => ShellCommand) | undefined;
  /** The nice value of the seat's shells (SessionManagerOptions.shellNice). */
  shellNice?: number;
  /** The learner pressed "I'm still here". */
  onExtend: () => void;
  log: (message: string) => void;
}

export class Seat {
  readonly learnerId: string;
  readonly name: string;
  readonly env: SeatEnvironment;
  readonly workspace: string;
  readonly sessions: SessionManager;
  readonly lessons: LessonService;
  private readonly engine: CheckerEngine;
  private readonly readiness: ClusterReadiness;
  private readonly peers = new Set<WebSocket>();
  expiresAt = 0;
  warned = false;

  constructor(readonly options: SeatOptions) {
    this.learnerId = options.learnerId;
    this.name = options.name;
    this.env = options.env;
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.workspace = ensureWorkspace(options.dir, options.learnerId);
    const kubeconfig = join(this.workspace, '.kube', 'config');
    mkdirSync(join(this.workspace, '.kube'), { recursive: true, mode: 0o700 });
    writeFileSync(kubeconfig, options.env.kubeconfig, { mode: 0o600 });
    // A seat from the pool after a restart has another user: the learner's files become that user's.
    if (options.env.user) chownTree(options.dir, options.env.user);
    const log = (m: string): void => options.log(`seat ${options.name}: ${m}`);
    this.sessions = new SessionManager({
      dataDir: options.dir,
      shell: options.shell,
      graceMs: options.graceMs,
      maxSessions: 1,
      serverEnv: options.serverEnv,
      shellEnv: { KUBECONFIG: kubeconfig },
      ...(options.shellNice ? { shellNice: options.shellNice } : {}),
      ...(options.confine ? { confine: { wrap: options.confine, ...(options.env.user ? { owner: { uid: options.env.user.uid, gid: options.env.user.gid } } : {}) } } : {}),
      log,
    });
    this.engine = new CheckerEngine({ kubeconfigPath: kubeconfig, gateways: options.env.gateways, log });
    this.readiness = new ClusterReadiness({ kubeconfigPath: kubeconfig, kind: options.env.kind, knative: options.env.kind === 'sandbox', openfaas: options.env.kind === 'sandbox', log });
    this.readiness.start();
    this.lessons = new LessonService({
      catalog: options.catalog,
      store: options.store,
      engine: this.engine,
      sessions: this.sessions,
      dataDir: options.dir,
      cluster: this.readiness,
      onExtendSeat: () => options.onExtend(),
      fileOwner: options.env.user,
      handOutAssets: (lesson, workspace) => {
        handOutAssets(lesson, workspace);
        if (options.env.user) chownTree(workspace, options.env.user);
      },
      log,
    });
  }

  /** A learner page's lesson socket: it also hears broadcasts and this seat's expiry. */
  addPeer(ws: WebSocket): void {
    this.peers.add(ws);
    ws.once('close', () => this.peers.delete(ws));
    this.send({ type: 'seat', name: this.name, expiresAt: this.expiresAt, warning: this.warned });
  }

  get online(): boolean {
    return this.peers.size > 0;
  }

  send(message: SeatServerMessage): void {
    const text = JSON.stringify(message);
    for (const ws of this.peers) if (ws.readyState === ws.OPEN) ws.send(text);
  }

  /** Ends the shell and stops grading; with `removeFiles`, the learner's folder goes too (an expired seat). */
  async close(removeFiles: boolean): Promise<void> {
    for (const ws of this.peers) ws.close(1001, removeFiles ? 'your seat expired: join again to get a new one' : 'the classroom is restarting');
    this.lessons.close();
    this.engine.close();
    this.readiness.close();
    await this.sessions.close();
    if (removeFiles) rmSync(this.options.dir, { recursive: true, force: true });
  }
}
