// Sandboxes in worker threads: a few host threads (one per core but the main thread's, at least one), each
// holding many sandboxes, spoken to by messages (messages.ts). Used where many sandboxes share a process (a
// classroom's seats): their API work then runs beside the main thread's terminals and sockets instead of ahead of
// them. Tests and the single-learner playground keep the in-process RunningSandbox, whose `api` they reach.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { allocateLoopback, releaseLoopback } from '../loopback.js';
import type { SandboxOptions } from '../sandbox-server.js';
import type { RestoreReport } from '../snapshot.js';
import type { FromHost, SandboxAddresses, ToHost } from './messages.js';

type Request = ToHost extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

class HostThread {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: FromHost) => void; reject: (error: Error) => void }>();
  private ended: Error | undefined;
  /** Sandboxes it holds (to place new ones on the least loaded thread). */
  load = 0;

  constructor(
    private readonly worker: Worker,
    log: (message: string) => void,
  ) {
    worker.on('message', (message: FromHost) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!waiting) return;
      if (message.type === 'error') waiting.reject(new Error(message.message));
      else waiting.resolve(message);
    });
    const end = (error: Error): void => {
      if (this.ended) return;
      this.ended = error;
      log(`sandbox host thread: ${error.message}`);
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', end);
    worker.on('exit', (code) => end(new Error(`stopped (exit ${code}); its sandboxes are gone`)));
  }

  request(message: Request): Promise<FromHost> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id } as ToHost);
    });
  }

  terminate(): Promise<number> {
    this.ended ??= new Error('the sandbox host is closed');
    return this.worker.terminate();
  }
}

/** One sandbox in a host thread: its addresses, and what can be asked of it. */
export class HostedSandbox {
  constructor(
    private readonly thread: HostThread,
    private readonly id: number,
    /** Its addresses; `openfaas.password` follows a restore. */
    readonly addresses: SandboxAddresses,
    /** Its loopback address. */
    readonly host: string,
  ) {}

  get url(): string {
    return this.addresses.url;
  }

  async snapshot(): Promise<string> {
    const reply = await this.thread.request({ type: 'snapshot', sandbox: this.id });
    if (reply.type !== 'snapshot') throw new Error(`unexpected ${reply.type} for a snapshot`);
    return reply.snapshot;
  }

  async restore(snapshot: string): Promise<RestoreReport> {
    const reply = await this.thread.request({ type: 'restore', sandbox: this.id, snapshot });
    if (reply.type !== 'restored') throw new Error(`unexpected ${reply.type} for a restore`);
    this.addresses.openfaas = reply.openfaas;
    return reply.report;
  }

  async close(): Promise<void> {
    try {
      await this.thread.request({ type: 'close', sandbox: this.id });
    } finally {
      this.thread.load--;
      releaseLoopback(this.host);
    }
  }
}

export class SandboxHost {
  private readonly threads: HostThread[];
  private nextSandbox = 1;

  constructor(options: { threads?: number; log?: (message: string) => void } = {}) {
    const count = options.threads ?? Math.max(1, availableParallelism() - 1);
    const log = options.log ?? (() => undefined);
    this.threads = Array.from({ length: count }, () => new HostThread(new Worker(new URL('./sandbox-worker.js', import.meta.url)), log));
  }

  get size(): number {
    return this.threads.length;
  }

  /**
   * A sandbox on a loopback address of its own (`address` when it is free: a restored seat's), on the least loaded
   * thread; resolves once it listens.
   */
  async start(options: Omit<SandboxOptions, 'host'> = {}, address?: string): Promise<HostedSandbox> {
    // Addresses are handed out here: each thread would otherwise count from the same first one.
    const host = await allocateLoopback(address);
    const thread = this.threads.reduce((a, b) => (b.load < a.load ? b : a));
    const id = this.nextSandbox++;
    thread.load++;
    try {
      const reply = await thread.request({ type: 'start', sandbox: id, options: { ...options, host } });
      if (reply.type !== 'started') throw new Error(`unexpected ${reply.type} for a start`);
      return new HostedSandbox(thread, id, reply.addresses, host);
    } catch (error) {
      thread.load--;
      releaseLoopback(host);
      throw error;
    }
  }

  /** Ends the threads (and every sandbox still in them). */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}
