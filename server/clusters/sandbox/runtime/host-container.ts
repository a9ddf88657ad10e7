// A container whose argv runs for real on the host (see host-process.ts for the confinement).
import type { ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { ContainerLogBuffer } from './container-log.js';
import { exitReason, type ContainerExit, type ContainerProcess } from './container-types.js';
import { catchesSignal, findExecutable, killContainer, signalProcess, spawnConfined, startErrorMessage } from './host-process.js';

export interface HostContainerOptions {
  argv: readonly string[];
  env: Readonly<Record<string, string>>;
  cwd: string;
  marker: string;
  stopSignal: NodeJS.Signals;
  maxLogBytes: number;
  /** false: signals go to the whole process group, as a plain `kill` would (no PID 1 rule) */
  pid1Signals: boolean;
  /** the image has no executables but its own (emulated) program: any other argv[0] is not found */
  noExecutables?: boolean;
}

function notFound(name: string): { error: string } {
  return { error: name.includes('/') ? `exec: "${name}": stat ${name}: no such file or directory` : `exec: "${name}": executable file not found in $PATH` };
}

/** How long to wait for the output pipes to drain after the main process ended. */
const DRAIN_MS = 2000;

export class HostContainer implements ContainerProcess {
  readonly kind = 'host' as const;
  readonly startedAt = new Date();
  readonly log: ContainerLogBuffer;
  readonly exited: Promise<ContainerExit>;
  private settle!: (exit: ContainerExit) => void;
  private child: ChildProcess | undefined;
  private done = false;
  private killTimer: NodeJS.Timeout | undefined;
  private killedBy: NodeJS.Signals | undefined;

  constructor(private readonly options: HostContainerOptions) {
    this.log = new ContainerLogBuffer(options.maxLogBytes);
    this.exited = new Promise((resolve) => (this.settle = resolve));
    const name = options.argv[0] ?? '';
    const found = options.noExecutables ? notFound(name) : findExecutable(name, options.env.PATH ?? '', options.cwd);
    if ('error' in found) {
      this.finishStartError(found.error);
      return;
    }
    const child = spawnConfined({ file: found.file, argv: options.argv, env: options.env, cwd: options.cwd });
    this.child = child;
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => this.log.write('stdout', text));
    child.stderr?.on('data', (text: string) => this.log.write('stderr', text));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) this.finishStartError(`exec: "${name}": ${error.code === 'EACCES' ? 'permission denied' : error.message}`);
    });
    child.on('exit', (code, signal) => this.onExit(code, signal));
  }

  private finishStartError(execError: string): void {
    if (this.done) return;
    this.done = true;
    this.log.end();
    const exit: ContainerExit = { exitCode: 128, reason: 'StartError', finishedAt: new Date(), message: startErrorMessage(execError) };
    queueMicrotask(() => this.settle(exit));
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.killTimer);
    const child = this.child;
    // PID 1 ended: the kernel kills the rest of its PID namespace.
    killContainer(child?.pid, this.options.marker);
    const exitCode = code ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0);
    const finishedAt = new Date();
    const finish = (): void => {
      this.log.end();
      const exit: ContainerExit = { exitCode, reason: exitReason(exitCode), finishedAt };
      const by = signal ?? undefined;
      if (by !== undefined) exit.signal = by;
      this.settle(exit);
    };
    if (!child || (child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false)) {
      finish();
      return;
    }
    // Output still in the pipes is part of the log: wait for them to close.
    const timer = setTimeout(finish, DRAIN_MS);
    child.once('close', () => {
      clearTimeout(timer);
      finish();
    });
  }

  stop(gracePeriodSeconds: number): Promise<ContainerExit> {
    const pid = this.child?.pid;
    if (this.done || pid === undefined || this.killTimer !== undefined || this.killedBy !== undefined) return this.exited;
    const signal = this.options.stopSignal;
    if (!this.options.pid1Signals) signalProcess(-pid, signal);
    else if (catchesSignal(pid, signal)) signalProcess(pid, signal);
    this.killTimer = setTimeout(() => this.kill(), Math.max(0, gracePeriodSeconds) * 1000);
    return this.exited;
  }

  /** SIGKILL now (grace over, or sandbox shutdown). */
  kill(): Promise<ContainerExit> {
    if (!this.done) {
      this.killedBy = 'SIGKILL';
      killContainer(this.child?.pid, this.options.marker);
    }
    return this.exited;
  }
}
