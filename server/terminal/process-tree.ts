// Ends every process a session started, not just the shell: `sleep 1000 &`, `nohup`, and daemons that called
// setsid and were re-parented to init. Each shell gets a marker in its environment, inherited by everything
// it starts, and cleanup looks for that marker in /proc as well as for the shell's process group.
import { readdirSync, readFileSync } from 'node:fs';

/** Environment variable whose value identifies the session that started a process. */
export const SESSION_MARKER_VAR = 'KUBECLASS_SESSION';

/** Time between SIGHUP (what closing a terminal sends) and SIGKILL. */
export const KILL_GRACE_MS = 1500;

/** Pids whose environment carries the session marker (Linux /proc; empty elsewhere). */
export function findMarkedProcesses(marker: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const needle = Buffer.from(`${SESSION_MARKER_VAR}=${marker}\0`);
  const pids: number[] = [];
  for (const name of entries) {
    if (!/^[0-9]+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`);
      if (env.indexOf(needle) !== -1) pids.push(pid);
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return pids;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/**
 * Sends SIGHUP to the shell's process group and every marked process, then SIGKILL to whatever is left
 * after KILL_GRACE_MS. Resolves when nothing marked remains (or after the kill).
 */
export async function killSessionProcesses(shellPid: number | undefined, marker: string): Promise<void> {
  if (shellPid !== undefined) signal(-shellPid, 'SIGHUP');
  for (const pid of findMarkedProcesses(marker)) signal(pid, 'SIGHUP');
  const deadline = Date.now() + KILL_GRACE_MS;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (findMarkedProcesses(marker).length === 0 && (shellPid === undefined || !alive(-shellPid))) return;
  }
  if (shellPid !== undefined) signal(-shellPid, 'SIGKILL');
  for (const pid of findMarkedProcesses(marker)) signal(pid, 'SIGKILL');
}

/** Synchronous last resort for process exit: SIGKILL everything of the session at once. */
export function killSessionProcessesNow(shellPid: number | undefined, marker: string): void {
  if (shellPid !== undefined) signal(-shellPid, 'SIGKILL');
  for (const pid of findMarkedProcesses(marker)) signal(pid, 'SIGKILL');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
