// A container whose program is emulated in-process: no process, no timer while it runs.
import type { ExecOptions, ExecProcess } from './container-exec.js';
import { ContainerLogBuffer } from './container-log.js';
import { exitReason, type ContainerExit, type ContainerProcess, type HttpHandler } from './container-types.js';
import type { EmulatedProgram, ProgramContext, ProgramDefinition } from './emulated/program.js';

export interface EmulatedContainerOptions {
  definition: ProgramDefinition;
  context: Omit<ProgramContext, 'log' | 'exit' | 'spawn'>;
  /** a real process in this container's context; the container is known only once constructed */
  spawn?: (container: EmulatedContainer, argv: readonly string[], options: ExecOptions) => ExecProcess | undefined;
  stopSignal: NodeJS.Signals;
  maxLogBytes: number;
}

export class EmulatedContainer implements ContainerProcess {
  readonly kind = 'emulated' as const;
  readonly startedAt = new Date();
  readonly log: ContainerLogBuffer;
  readonly exited: Promise<ContainerExit>;
  private settle!: (exit: ContainerExit) => void;
  private readonly program: EmulatedProgram;
  private done = false;
  private stopping = false;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: EmulatedContainerOptions) {
    this.log = new ContainerLogBuffer(options.maxLogBytes);
    this.exited = new Promise((resolve) => (this.settle = resolve));
    this.program = options.definition.start({
      ...options.context,
      log: (line) => this.log.writeLines(line),
      exit: (code) => this.finish(code),
      ...(options.spawn ? { spawn: (argv, execOptions) => options.spawn?.(this, argv, execOptions) } : {}),
    });
  }

  private finish(exitCode: number, signal?: NodeJS.Signals): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.killTimer);
    this.log.end();
    const exit: ContainerExit = { exitCode, reason: exitReason(exitCode), finishedAt: new Date() };
    if (signal !== undefined) exit.signal = signal;
    // A program may end during its own start: settle after the caller has the process in hand.
    queueMicrotask(() => this.settle(exit));
  }

  http(port: number): HttpHandler | undefined {
    return this.done ? undefined : this.program.http?.(port);
  }

  stop(gracePeriodSeconds: number): Promise<ContainerExit> {
    if (this.done || this.stopping) return this.exited;
    this.stopping = true;
    const handled = this.program.signal?.(this.options.stopSignal) ?? false;
    if (!handled && !this.done) {
      this.killTimer = setTimeout(() => this.kill(), Math.max(0, gracePeriodSeconds) * 1000);
    }
    return this.exited;
  }

  kill(): Promise<ContainerExit> {
    this.finish(137, 'SIGKILL');
    return this.exited;
  }
}
