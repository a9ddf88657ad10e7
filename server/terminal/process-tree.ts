// Ends every process a session started, not just the shell: `sleep 1000 &`, `nohup`, and daemons that called
// setsid and were re-parented to init. Each shell gets a marker in its environment, inherited by everything
// it starts, and cleanup looks for that marker in /proc as well as for the shell's process group.
import { readdirSync, readFileSync } from 'node:fs';

/** Environment variable whose value identifies the session that started a process. */
export const SESSION_MARKER_VAR = 'KUBECLASS_SESSION';

/** Time between SIGHUP (what closing a terminal sends) and SIGKILL. */
export const KILL_GRACE_MS = 1500;

/** Pids whose environment carries one of the session markers (Linux /proc; empty elsewhere). One pass over
 * /proc serves any number of sessions: shutting down 50 sessions must not read /proc 50 times. */
export function findMarkedProcesses(markers: ReadonlySet<string>): number[] {
  if (markers.size === 0) return [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const prefix = Buffer.from(`${SESSION_MARKER_VAR}=`);
  const pids: number[] = [];
  for (const name of entries) {
    if (!/^[0-9]+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`);
      const at = env.indexOf(prefix);
      if (at === -1) continue;
      const end = env.indexOf(0, at);
      const value = env.subarray(at + prefix.length, end === -1 ? env.length : end).toString();
      if (markers.has(value)) pids.push(pid);
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface SessionProcesses {
  /** The shell's pid (its process group), when it is still running. */
  shellPid: number | undefined;
  marker: string;
}

/**
 * Sends SIGHUP (what closing a terminal sends) to each shell's process group and every marked process, then
 * SIGKILL to whatever is left after KILL_GRACE_MS. Resolves when nothing marked remains, or after the kill.
 */
export async function killSessionProcesses(sessions: readonly SessionProcesses[]): Promise<void> {
  const markers = new Set(sessions.map((s) => s.marker));
  const groups = sessions.flatMap((s) => (s.shellPid === undefined ? [] : [-s.shellPid]));
  const remaining = (): number[] => [...findMarkedProcesses(markers), ...groups.filter(alive)];
  for (const pid of groups) signal(pid, 'SIGHUP');
  for (const pid of findMarkedProcesses(markers)) signal(pid, 'SIGHUP');
  const deadline = Date.now() + KILL_GRACE_MS;
  while (remaining().length > 0) {
    if (Date.now() > deadline) {
      for (const pid of remaining()) signal(pid, 'SIGKILL');
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Synchronous last resort for process exit: SIGKILL everything of these sessions at once. */
export function killSessionProcessesNow(sessions: readonly SessionProcesses[]): void {
  for (const s of sessions) if (s.shellPid !== undefined) signal(-s.shellPid, 'SIGKILL');
  for (const pid of findMarkedProcesses(new Set(sessions.map((s) => s.marker)))) signal(pid, 'SIGKILL');
}
