// Owns every terminal session: creates them in their workspaces, hands them to pages, keeps a detached one
// alive for a grace period (a dropped connection or a reload comes back to the same shell), and ends them.
import { randomBytes } from 'node:crypto';
import type { CommandEvent } from '../common/protocol.js';
import { secureSeatDirs } from './confine/seat-dirs.js';
import { killSessionProcesses, killSessionProcessesNow } from './process-tree.js';
import { shellCommand, type ShellCommand } from './shell-launch.js';
import { yieldingCommand } from './shell-priority.js';
import { TerminalSession, type AttachResult, type SessionClient } from './terminal-session.js';
import { ensureWorkspace, stateDir, workspaceExists } from './workspace.js';

export interface SessionManagerOptions {
  dataDir: string;
  shell: string;
  /** How long a session without a page stays alive. */
  graceMs: number;
  maxSessions: number;
  ringBytes?: number;
  serverEnv: Readonly<Record<string, string | undefined>>;
  /** Variables every shell gets (KUBECONFIG of the cluster). */
  shellEnv?: Readonly<Record<string, string>>;
  log: (message: string) => void;
  /**
   * A classroom seat: each shell runs through `wrap` (see confine/confine-command.ts). With `owner`, the data
   * dir and each workspace belong to the seat's user, owner-only. Absent: the playground, shells run as is.
   */
  confine?: {
    wrap: (command: ShellCommand, workspace: string) => ShellCommand;
    owner?: { uid: number; gid: number };
  };
  /** A nice value for every shell (see shell-priority.ts): a classroom's, so fifty shells' kubectl runs do not
   * starve the server that relays them. Absent: shells run as the server does. */
  shellNice?: number;
}

export type OpenResult =
  | { ok: true; session: TerminalSession; attach: AttachResult; newShell: boolean }
  | { ok: false; reason: string };

export const TAKEOVER_REASON = 'this terminal was opened in another tab or window';

export class SessionManager {
  private readonly sessions = new Map<string, TerminalSession>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  private readonly commandListeners = new Set<(sessionId: string, event: CommandEvent) => void>();
  private closed = false;

  constructor(private readonly options: SessionManagerOptions) {}

  get size(): number {
    return this.sessions.size;
  }

  get(sessionId: string): TerminalSession | undefined {
    return this.sessions.get(sessionId);
  }

  all(): TerminalSession[] {
    return [...this.sessions.values()];
  }

  /** Every finished command of every session: the feed lesson checkers subscribe to. */
  onCommand(listener: (sessionId: string, event: CommandEvent) => void): () => void {
    this.commandListeners.add(listener);
    return () => this.commandListeners.delete(listener);
  }

  /**
   * Attaches a page: to its running session when it names one, to a new shell in its kept workspace when
   * that session's shell has ended (or the server restarted), or to a brand-new session.
   */
  open(
    request: { sessionId?: string | undefined; resumeFrom: number; cols: number; rows: number },
    client: SessionClient,
  ): OpenResult {
    if (this.closed) return { ok: false, reason: 'the server is shutting down' };
    const existing = request.sessionId ? this.sessions.get(request.sessionId) : undefined;
    if (existing && !existing.exited) {
      this.cancelGrace(existing.id);
      existing.resize(request.cols, request.rows);
      const attach = existing.attach(client, {
        resumeFrom: request.resumeFrom,
        newShell: false,
        takeoverReason: TAKEOVER_REASON,
      });
      return { ok: true, session: existing, attach, newShell: false };
    }
    if (this.sessions.size >= this.options.maxSessions) {
      return { ok: false, reason: `the server is full (${this.options.maxSessions} sessions)` };
    }
    const reuse = request.sessionId && workspaceExists(this.options.dataDir, request.sessionId);
    const id = reuse && request.sessionId ? request.sessionId : TerminalSession.newId();
    const session = this.create(id, request.cols, request.rows);
    const attach = session.attach(client, {
      resumeFrom: request.resumeFrom,
      newShell: true,
      takeoverReason: TAKEOVER_REASON,
    });
    return { ok: true, session, attach, newShell: true };
  }

  /** The page went away: keep the shell for the grace period. */
  detach(session: TerminalSession, client: SessionClient): void {
    if (!session.detach(client) || session.exited || this.closed) return;
    this.cancelGrace(session.id);
    const timer = setTimeout(() => {
      this.graceTimers.delete(session.id);
      if (!session.attached) {
        this.options.log(`session ${session.id.slice(0, 8)}: no page for ${this.options.graceMs} ms, ending it`);
        void this.end(session);
      }
    }, this.options.graceMs);
    timer.unref();
    this.graceTimers.set(session.id, timer);
  }

  async end(session: TerminalSession): Promise<void> {
    this.cancelGrace(session.id);
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    await session.dispose();
  }

  /** Ends every session and its processes. */
  async close(): Promise<void> {
    this.closed = true;
    const sessions = this.all();
    for (const session of sessions) {
      this.cancelGrace(session.id);
      this.sessions.delete(session.id);
      session.detachForShutdown();
    }
    await killSessionProcesses(sessions.map((s) => s.processes));
    await Promise.all(sessions.map((s) => s.dispose({ alreadyKilled: true })));
  }

  /** For process exit: kill everything synchronously. */
  killAllNow(): void {
    killSessionProcessesNow(this.all().map((s) => s.processes));
  }

  private create(id: string, cols: number, rows: number): TerminalSession {
    const workspace = ensureWorkspace(this.options.dataDir, id);
    const confine = this.options.confine;
    if (confine?.owner) secureSeatDirs(this.options.dataDir, workspace, confine.owner);
    const nonce = TerminalSession.newNonce();
    const marker = `${id}.${randomBytes(4).toString('hex')}`;
    const shell = shellCommand({
      shell: this.options.shell,
      home: workspace,
      nonce,
      marker,
      serverEnv: this.options.serverEnv,
      extraEnv: { ...this.options.shellEnv, KUBECLASS_STATE_DIR: stateDir(workspace) },
    });
    const command = confine ? confine.wrap(shell, workspace) : shell;
    const session = new TerminalSession({
      id,
      workspace,
      command: yieldingCommand(command, this.options.shellNice ?? 0),
      cols,
      rows,
      marker,
      nonce,
      ...(this.options.ringBytes !== undefined ? { ringBytes: this.options.ringBytes } : {}),
    });
    this.sessions.set(id, session);
    session.onCommandFinished((event) => {
      for (const listener of this.commandListeners) listener(id, event);
    });
    session.onExited(({ exitCode }) => {
      this.options.log(`session ${id.slice(0, 8)}: shell exited with code ${exitCode}`);
      this.cancelGrace(id);
      if (this.sessions.get(id) === session) this.sessions.delete(id);
    });
    this.options.log(`session ${id.slice(0, 8)}: started ${command.file} (pid ${session.pid}) in ${workspace}`);
    return session;
  }

  private cancelGrace(id: string): void {
    const timer = this.graceTimers.get(id);
    if (timer) clearTimeout(timer);
    this.graceTimers.delete(id);
  }
}
