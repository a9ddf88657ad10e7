// Process plumbing for the benchmark: /proc readings (RSS, CPU, descendants), spawning servers whose output is
// logged to a file, stopping them (SIGTERM, then SIGKILL), and a registry that kills every child and its
// descendants when the benchmark exits, even on error or Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

const CLOCK_TICKS_PER_SECOND = 100;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resident set size in KiB, or NaN when the process is gone. */
export function rssKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m?.[1] !== undefined ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** User and system CPU time of the process itself, in ms (10 ms resolution). */
export function cpuSplitMs(pid: number): { user: number; sys: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      user: (Number(rest[11]) * 1000) / CLOCK_TICKS_PER_SECOND,
      sys: (Number(rest[12]) * 1000) / CLOCK_TICKS_PER_SECOND,
    };
  } catch {
    return { user: Number.NaN, sys: Number.NaN };
  }
}

/** User + system CPU time of the process itself, in ms (10 ms resolution). */
export function cpuMs(pid: number): number {
  const { user, sys } = cpuSplitMs(pid);
  return user + sys;
}

function parentMap(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // the process exited while we were reading
    }
  }
  return children;
}

/** All descendants of pid (children, grandchildren...), not pid itself. */
export function descendantsOf(pid: number): number[] {
  const children = parentMap();
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift() as number;
    for (const c of children.get(p) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

// ---- registry of everything we started -------------------------------------------------------------------

const tracked = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const cleanups = new Set<() => Promise<void> | void>();
let handlersInstalled = false;

/** Kills every tracked child and its descendants with SIGKILL, synchronously (safe in an 'exit' handler). */
export function killAllSync(): void {
  for (const child of tracked) {
    if (child.pid === undefined) continue;
    const family = isAlive(child.pid) ? descendantsOf(child.pid) : [];
    killQuietly(child.pid, 'SIGKILL');
    for (const pid of family) killQuietly(pid, 'SIGKILL');
  }
  tracked.clear();
  for (const dir of tempDirs) removeTempDir(dir);
}

/** A temporary directory removed at the end, also on error or Ctrl-C. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  tempDirs.delete(dir);
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // best effort
  }
}

/** Registers an async cleanup (browser close...) run by runCleanups. */
export function onCleanup(fn: () => Promise<void> | void): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

export async function runCleanups(): Promise<void> {
  for (const fn of [...cleanups].reverse()) {
    try {
      await withTimeout(Promise.resolve(fn()), 10_000, 'cleanup');
    } catch (err) {
      console.error(`cleanup failed: ${String(err)}`);
    }
  }
  cleanups.clear();
  killAllSync();
}

export function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping children`);
      void runCleanups().finally(() => process.exit(130));
    });
  }
}

// ---- servers -----------------------------------------------------------------------------------------------

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves with the first line of stdout/stderr that matches. */
  waitForLine(pattern: RegExp | string, timeoutMs: number): Promise<string>;
  /** Last output lines, for error messages. */
  tail(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
  stdin?: 'ignore' | 'pipe';
  /** stdout carries a binary protocol (bare pty host): only stderr is logged, and stdout is left to the caller. */
  binaryStdout?: boolean;
}

/** Spawns `node <args>` (a server), tracks it for cleanup and logs its output to logFile. */
export function spawnNode(options: SpawnOptions): ServerProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn node ${options.args.join(' ')}`);
  tracked.add(child);
  const pid = child.pid;
  let recent = '';
  const lineWaiters: Array<{ pattern: RegExp | string; resolve: (line: string) => void }> = [];
  let partial = '';
  const onText = (text: string): void => {
    log.write(text);
    recent = (recent + text).slice(-4000);
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      for (const waiter of [...lineWaiters]) {
        const hit = typeof waiter.pattern === 'string' ? line.includes(waiter.pattern) : waiter.pattern.test(line);
        if (hit) {
          lineWaiters.splice(lineWaiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  };
  if (!options.binaryStdout) child.stdout?.setEncoding('utf8').on('data', onText);
  child.stderr?.setEncoding('utf8').on('data', onText);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      tracked.delete(child);
      log.end();
      resolve({ code, signal });
    });
  });
  return {
    child,
    pid,
    exited,
    tail: () => recent,
    waitForLine(pattern, timeoutMs) {
      const found = new Promise<string>((resolve, reject) => {
        lineWaiters.push({ pattern, resolve });
        void exited.then(({ code, signal }) =>
          reject(new Error(`server exited (code ${code}, signal ${signal}) before printing ${String(pattern)}`)),
        );
      });
      return withTimeout(found, timeoutMs, `server line ${String(pattern)}`);
    },
  };
}

/** SIGTERM, wait up to graceMs, then SIGKILL; reports shells left behind (and kills them). */
export async function stopServer(server: ServerProcess, graceMs = 5000): Promise<{
  clean: boolean;
  exitMs: number;
  leftoverProcesses: number;
}> {
  const family = isAlive(server.pid) ? descendantsOf(server.pid) : [];
  const t0 = performance.now();
  let clean = true;
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    try {
      await withTimeout(server.exited, graceMs, 'server exit after SIGTERM');
    } catch {
      clean = false;
      server.child.kill('SIGKILL');
      await server.exited;
    }
  } else {
    clean = false;
  }
  const exitMs = performance.now() - t0;
  await sleep(300);
  const leftovers = family.filter(isAlive);
  for (const pid of leftovers) killQuietly(pid, 'SIGKILL');
  return { clean, exitMs, leftoverProcesses: leftovers.length };
}

/** Polls an HTTP URL until it answers (any status). */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await sleep(50);
    }
  }
}
