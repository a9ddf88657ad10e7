// The benchmark's side of one session: receives output, "processes" it in one of three ways and acknowledges
// what it processed (so each peer's flow control sees a real consumer):
// - immediate: processed on arrival (keystroke echo, first prompt);
// - headless: parsed by an @xterm/headless Terminal, acknowledged from the write callback (throughput);
// - slow: a renderer that manages `rate` bytes per second, acknowledging only what it got through (Ctrl-C).
// Prompt detection runs on processed output, so "the prompt reappeared" means the consumer has seen it.
import headless from '@xterm/headless';
import { MarkerScanner } from './marker-scanner.js';
import type { Ack, BenchSession, Chunk, SessionHandlers } from './types.js';

type Mode = 'immediate' | 'headless' | 'slow';

interface Pending {
  chunk: Chunk;
  ack: Ack;
}

interface ChunkWaiter {
  predicate: (chunk: Chunk) => boolean;
  resolve: (at: number) => void;
}

export function chunkLength(chunk: Chunk): number {
  return chunk.length;
}

export function chunkBytes(chunk: Chunk): number {
  return typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
}

export function chunkIncludes(chunk: Chunk, char: string): boolean {
  return typeof chunk === 'string' ? chunk.includes(char) : chunk.includes(char.charCodeAt(0));
}

export class Driver {
  session: BenchSession | undefined;
  /** Output bytes processed so far (UTF-8 bytes, also for wetty's strings). */
  processedBytes = 0;
  receivedBytes = 0;
  /** Output chunks (frames / socket.io events) received. */
  receivedChunks = 0;
  lastReceiveAt = performance.now();
  closed: string | undefined;

  private mode: Mode = 'immediate';
  private readonly scanner: MarkerScanner;
  private promptWaiters: Array<(at: number) => void> = [];
  private chunkWaiters: ChunkWaiter[] = [];
  private term: InstanceType<typeof headless.Terminal> | undefined;
  private queue: Pending[] = [];
  private slowTimer: NodeJS.Timeout | undefined;
  private slowRate = 0;
  private slowLast = 0;
  private slowBudget = 0;

  readonly handlers: SessionHandlers = {
    onOutput: (chunk, ack) => this.receive(chunk, ack),
    onClose: (reason) => {
      this.closed = reason;
    },
  };

  constructor(promptMarker: string) {
    this.scanner = new MarkerScanner(promptMarker);
  }

  /** Resolves with the time the next prompt marker is processed. Arm before sending what causes it. */
  nextPrompt(): Promise<number> {
    return new Promise((resolve) => this.promptWaiters.push(resolve));
  }

  /** Resolves with the arrival time of the next received chunk that matches. */
  nextChunk(predicate: (chunk: Chunk) => boolean): Promise<number> {
    return new Promise((resolve) => this.chunkWaiters.push({ predicate, resolve }));
  }

  /** Waits until nothing arrived for quietMs and nothing waits to be processed. */
  async quiet(quietMs: number, timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const now = performance.now();
      const idle = now - this.lastReceiveAt;
      if (idle >= quietMs && this.queue.length === 0 && this.headlessPending === 0) return;
      if (now > deadline) throw new Error(`output did not settle within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, Math.max(2, Math.min(quietMs - idle, 20))));
    }
  }

  useImmediate(): void {
    this.stopSlow();
    this.term?.dispose();
    this.term = undefined;
    this.mode = 'immediate';
  }

  useHeadless(cols = 120, rows = 40): void {
    this.useImmediate();
    this.term = new headless.Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true });
    this.mode = 'headless';
  }

  /** A consumer that processes `bytesPerSecond`, in 10 ms ticks. */
  useSlow(bytesPerSecond: number): void {
    this.useImmediate();
    this.mode = 'slow';
    this.slowRate = bytesPerSecond;
    this.slowLast = performance.now();
    this.slowBudget = 0;
    this.slowTimer = setInterval(() => this.drainSlow(), 10);
  }

  get backlog(): number {
    return this.queue.reduce((sum, p) => sum + chunkLength(p.chunk), 0);
  }

  private headlessPending = 0;

  private receive(chunk: Chunk, ack: Ack): void {
    const now = performance.now();
    this.lastReceiveAt = now;
    this.receivedBytes += chunkLength(chunk);
    this.receivedChunks++;
    if (this.chunkWaiters.length > 0) {
      const waiting = this.chunkWaiters;
      this.chunkWaiters = [];
      for (const w of waiting) {
        if (w.predicate(chunk)) w.resolve(now);
        else this.chunkWaiters.push(w);
      }
    }
    switch (this.mode) {
      case 'immediate':
        this.process(chunk, ack, now);
        break;
      case 'headless': {
        const term = this.term;
        if (!term) throw new Error('headless terminal missing');
        this.headlessPending++;
        term.write(chunk, () => {
          this.headlessPending--;
          this.process(chunk, ack, performance.now());
        });
        break;
      }
      case 'slow':
        this.queue.push({ chunk, ack });
        break;
    }
  }

  private process(chunk: Chunk, ack: Ack, at: number): void {
    this.processedBytes += chunkBytes(chunk);
    ack(chunkLength(chunk));
    if (this.scanner.feed(chunk) && this.promptWaiters.length > 0) {
      const waiting = this.promptWaiters;
      this.promptWaiters = [];
      for (const resolve of waiting) resolve(at);
    }
  }

  private drainSlow(): void {
    const now = performance.now();
    // Budget accrues with elapsed time, capped at one tick's worth after an idle spell.
    this.slowBudget = Math.min(this.slowBudget + ((now - this.slowLast) * this.slowRate) / 1000, this.slowRate / 50);
    this.slowLast = now;
    while (this.queue.length > 0 && this.slowBudget > 0) {
      const head = this.queue[0] as Pending;
      const len = chunkLength(head.chunk);
      if (len <= this.slowBudget) {
        this.queue.shift();
        this.slowBudget -= len;
        this.process(head.chunk, head.ack, now);
      } else {
        const take = Math.floor(this.slowBudget);
        if (take === 0) break;
        const part = head.chunk.slice(0, take);
        head.chunk = head.chunk.slice(take);
        this.slowBudget -= take;
        this.process(part, head.ack, now);
      }
    }
  }

  private stopSlow(): void {
    if (this.slowTimer) clearInterval(this.slowTimer);
    this.slowTimer = undefined;
    // Whatever is still queued is processed at once: switching modes happens when output is quiet.
    const rest = this.queue;
    this.queue = [];
    for (const p of rest) this.process(p.chunk, p.ack, performance.now());
  }

  dispose(): void {
    this.useImmediate();
  }
}
