// What the sandbox benchmarks share: a child process that hosts the sandbox and announces itself with one JSON
// line on stdout, its memory, and how figures are printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { rssKiB } from './proc.js';
import { percentileSorted } from './stats.js';

/** Starts `node [nodeFlags] script [args]` and resolves with its first stdout line, parsed, and the process. */
export function startChildHost<T>(script: string, args: string[] = [], nodeFlags: string[] = []): Promise<T & { proc: ChildProcess }> {
  const proc = spawn(process.execPath, [...nodeFlags, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve({ ...(JSON.parse(out.slice(0, nl)) as T), proc });
    });
    proc.once('exit', (code) => reject(new Error(`sandbox host exited with ${code}`)));
  });
}

export function rssMb(pid: number): number {
  return rssKiB(pid) / 1024;
}

/** Nearest-rank percentile of unsorted samples (as bench:terminal computes them). */
export function pct(values: readonly number[], p: number): number {
  return percentileSorted([...values].sort((a, b) => a - b), p);
}

/** A figure with about three significant digits. */
export function fmt(v: number): string {
  return v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0);
}
