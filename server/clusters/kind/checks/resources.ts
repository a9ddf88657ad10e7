// Memory and CPUs: Knative Serving, Kourier and OpenFaaS together request about 2 CPUs and 2 GiB; the node and
// image pulls need more.
import { readFileSync } from 'node:fs';
import { availableParallelism, freemem } from 'node:os';
import type { CheckResult } from '../check.js';
import { MIN_CPUS, MIN_FREE_MEMORY_BYTES } from '../pins.js';

/** MemAvailable from /proc/meminfo (what can be had without swapping), else os.freemem(). */
export function availableMemory(): number {
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // Not Linux.
  }
  return freemem();
}

export function cpuCount(): number {
  return availableParallelism();
}

const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

export function checkMemory(available: number): CheckResult {
  const name = 'memory';
  if (available < MIN_FREE_MEMORY_BYTES) {
    return {
      ok: false,
      name,
      detail: `${gib(available)} available, less than the ${gib(MIN_FREE_MEMORY_BYTES)} kind with Knative and OpenFaaS needs (pods would stay Pending or be killed with exit 137)`,
      fix: 'close other programs or give Docker Desktop more memory (Settings > Resources); or use --cluster sandbox, which needs little',
    };
  }
  return { ok: true, name, detail: `${gib(available)} available (>= ${gib(MIN_FREE_MEMORY_BYTES)})` };
}

export function checkCpus(count: number): CheckResult {
  const name = 'CPUs';
  if (count < MIN_CPUS) {
    return { ok: true, warning: true, name, detail: `${count} CPU: Knative's quickstart asks for 3; installing will be slow and pods may stay Pending`, fix: 'give the machine (or Docker Desktop) more CPUs, or use --cluster sandbox' };
  }
  return { ok: true, name, detail: `${count} CPUs${count < 3 ? " (Knative's quickstart asks for 3: expect a slower install)" : ''}` };
}
