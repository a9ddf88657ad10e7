// The measurements themselves, written against RunningServer/BenchSession so every peer is measured alike.
import { Driver, chunkIncludes } from './driver.js';
import { cpuMs, cpuSplitMs, rssKiB, sleep, withTimeout } from './proc.js';
import type { BenchSession, RunningServer } from './types.js';

export interface Opened {
  driver: Driver;
  session: BenchSession;
  /** Time from starting to connect until the first prompt was processed. */
  promptMs: number;
}

/** Opens a session and waits for its first prompt. */
export async function openAndWaitForPrompt(server: RunningServer, timeoutMs = 30_000): Promise<Opened> {
  const driver = new Driver(server.promptMarker);
  const prompt = driver.nextPrompt();
  const t0 = performance.now();
  const session = await server.openSession(driver.handlers);
  driver.session = session;
  const t1 = await withTimeout(prompt, timeoutMs, 'first prompt');
  return { driver, session, promptMs: t1 - t0 };
}

export async function closeAll(opened: readonly Opened[]): Promise<void> {
  await Promise.all(
    opened.map(async (o) => {
      o.driver.dispose();
      await o.session.close().catch(() => undefined);
    }),
  );
}

/** Time to first prompt of `runs` sessions opened one after another (each closed before the next). */
export async function firstPromptSequential(server: RunningServer, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const o = await openAndWaitForPrompt(server);
    samples.push(o.promptMs);
    await closeAll([o]);
    await sleep(30);
  }
  return samples;
}

/** Opens `count` sessions at once; returns them open, with their times to first prompt. */
export async function firstPromptConcurrent(server: RunningServer, count: number): Promise<Opened[]> {
  const results = await Promise.allSettled(Array.from({ length: count }, () => openAndWaitForPrompt(server, 60_000)));
  const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await closeAll(opened);
    throw new Error(`${count - opened.length} of ${count} sessions failed: ${String(failed.reason)}`);
  }
  return opened;
}

/**
 * Types single 'a' keystrokes into one session and times each echo (sent -> first chunk with the 'a' arrived).
 * Each keystroke waits `gapMs` after the previous echo (a person types at most some tens of keys a second;
 * 0 = back to back); the line is cleared with Ctrl-U every `clearEvery` keystrokes so it never wraps.
 */
export class EchoTypist {
  private typed = 0;

  constructor(
    private readonly o: Opened,
    private readonly gapMs: number,
    private readonly clearEvery = 40,
  ) {}

  async start(): Promise<void> {
    await this.o.driver.quiet(100);
  }

  async keystroke(): Promise<number> {
    if (this.typed > 0 && this.typed % this.clearEvery === 0) {
      this.o.session.write('\x15');
      await this.o.driver.quiet(40);
    } else if (this.gapMs > 0) {
      await sleep(this.gapMs);
    }
    const echo = this.o.driver.nextChunk((chunk) => chunkIncludes(chunk, 'a'));
    const t0 = performance.now();
    this.o.session.write('a');
    const t1 = await withTimeout(echo, 10_000, `echo of keystroke ${this.typed + 1}`);
    this.typed++;
    return t1 - t0;
  }

  async finish(): Promise<void> {
    this.o.session.write('\x15');
    await this.o.driver.quiet(60);
  }
}

/** Enter on `true`: time from sending the line until the next prompt was processed (shell hooks included). */
export async function commandRoundTrip(o: Opened): Promise<number> {
  await o.driver.quiet(30);
  const prompt = o.driver.nextPrompt();
  const t0 = performance.now();
  o.session.write('true\r');
  return (await withTimeout(prompt, 10_000, 'prompt after `true`')) - t0;
}

/** `count` keystrokes into one session; returns the echo round trips in ms. */
export async function typeEcho(o: Opened, count: number, gapMs: number): Promise<number[]> {
  const typist = new EchoTypist(o, gapMs);
  await typist.start();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await typist.keystroke());
  await typist.finish();
  return samples;
}

export interface Throughput {
  command: string;
  bytes: number;
  ms: number;
  /** 10^6 bytes per second. */
  mbPerS: number;
  /** CPU time the server process spent per MB moved (less sensitive to a busy machine than MB/s). */
  serverCpuMsPerMB: number;
  /** Of which in the kernel (pty reads, socket writes). */
  serverSysMsPerMB: number;
  /** Output frames (or socket.io events) the client received, and their mean size. */
  frames: number;
  meanFrameBytes: number;
  /** MB/s of every run; the best one is reported. */
  runs: number[];
}

/**
 * Runs a command whose output is parsed by @xterm/headless and times it until the next prompt was parsed;
 * `runs` times, reporting the fastest (the machine is shared: the best run is the least disturbed one).
 */
export async function throughput(o: Opened, serverPid: number, command: string, runs = 1): Promise<Throughput> {
  let best: Throughput | undefined;
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    await o.driver.quiet(150);
    o.driver.useHeadless();
    try {
      const prompt = o.driver.nextPrompt();
      const b0 = o.driver.processedBytes;
      const c0 = cpuSplitMs(serverPid);
      const f0 = o.driver.receivedChunks;
      const t0 = performance.now();
      o.session.write(`${command}\r`);
      const t1 = await withTimeout(prompt, 180_000, `prompt after ${command}`);
      const c1 = cpuSplitMs(serverPid);
      const frames = o.driver.receivedChunks - f0;
      const bytes = o.driver.processedBytes - b0;
      const mb = bytes / 1e6;
      await o.driver.quiet(100);
      const mbPerS = bytes / 1e6 / ((t1 - t0) / 1000);
      all.push(mbPerS);
      if (!best || mbPerS > best.mbPerS) {
        best = {
          command,
          bytes,
          ms: t1 - t0,
          mbPerS,
          serverCpuMsPerMB: (c1.user + c1.sys - c0.user - c0.sys) / mb,
          serverSysMsPerMB: (c1.sys - c0.sys) / mb,
          frames,
          meanFrameBytes: bytes / Math.max(1, frames),
          runs: all,
        };
      }
    } finally {
      o.driver.useImmediate();
    }
  }
  if (!best) throw new Error('no throughput run');
  return { ...best, runs: all };
}

export interface CtrlC {
  samples: number[];
  /** Output bytes the consumer still had to process between Ctrl-C and the prompt, per run. */
  drainedBytes: number[];
}

/** `yes` into a consumer that manages `rate` bytes/s; time from sending Ctrl-C until the prompt was processed. */
export async function ctrlC(o: Opened, runs: number, rate: number): Promise<CtrlC> {
  const samples: number[] = [];
  const drainedBytes: number[] = [];
  await o.driver.quiet(150);
  o.driver.useSlow(rate);
  try {
    for (let i = 0; i < runs; i++) {
      const b0 = o.driver.processedBytes;
      o.session.write('yes\r');
      // Let the pipeline fill: ~1 MB processed (about 200 ms at 5 MB/s).
      const deadline = performance.now() + 15_000;
      while (o.driver.processedBytes - b0 < 1_000_000) {
        if (performance.now() > deadline) throw new Error('`yes` produced no output');
        await sleep(10);
      }
      const prompt = o.driver.nextPrompt();
      const b1 = o.driver.processedBytes;
      const t0 = performance.now();
      o.session.write('\x03');
      const t1 = await withTimeout(prompt, 60_000, 'prompt after Ctrl-C');
      samples.push(t1 - t0);
      drainedBytes.push(o.driver.processedBytes - b1);
      await o.driver.quiet(150);
    }
  } finally {
    o.driver.useImmediate();
  }
  return { samples, drainedBytes };
}

export interface IdleUsage {
  rssMiB: number;
  cpuMs: number;
  windowMs: number;
}

/** RSS at the end of, and CPU time spent during, an idle window. */
export async function idleUsage(pid: number, windowMs: number): Promise<IdleUsage> {
  const c0 = cpuMs(pid);
  const t0 = performance.now();
  await sleep(windowMs);
  const c1 = cpuMs(pid);
  return { rssMiB: rssKiB(pid) / 1024, cpuMs: c1 - c0, windowMs: performance.now() - t0 };
}
