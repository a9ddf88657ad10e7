// Real processes for containers of shell images, confined like the learner's shell: a scratch directory as
// working directory, a clean environment (never the server's), no stdin, its own process group, and a
// marker variable so that daemons that left the group are found and ended too.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as pty from 'node-pty';

/** Environment variable naming the container that started a process (found in /proc at cleanup). */
export const CONTAINER_MARKER_VAR = 'KUBECLASS_CONTAINER';

export interface ConfinedSpawn {
  /** resolved executable path, then arguments (argv[0] as given) */
  file: string;
  argv: readonly string[];
  env: Readonly<Record<string, string>>;
  cwd: string;
  /** a pipe for stdin (`kubectl exec -i`); containers themselves get none */
  stdin?: boolean;
}

/** The one place a container process is spawned: a later sandboxing layer (bubblewrap) wraps this. */
export function spawnConfined(spec: ConfinedSpawn): ChildProcess {
  return spawn(spec.file, spec.argv.slice(1), {
    argv0: spec.argv[0],
    cwd: spec.cwd,
    env: { ...spec.env },
    stdio: [spec.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, killed as a whole
  });
}

/** The same confinement on a pseudo-terminal (`kubectl exec -t`): a session of its own, as setsid gives. */
export function spawnConfinedPty(spec: ConfinedSpawn, size: { cols: number; rows: number }): pty.IPty {
  return pty.spawn(spec.file, spec.argv.slice(1), {
    name: 'xterm',
    cols: size.cols,
    rows: size.rows,
    cwd: spec.cwd,
    env: { ...spec.env },
  });
}

/** containerd's (runc's) start failure for an argv[0] that cannot be executed, or undefined and the path. */
export function findExecutable(name: string, path: string, cwd: string): { file: string } | { error: string } {
  const runnable = (file: string): boolean => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (name.includes('/')) {
    const file = name.startsWith('/') ? name : join(cwd, name);
    if (runnable(file)) return { file };
    return { error: `exec: "${name}": stat ${name}: no such file or directory` };
  }
  for (const dir of path.split(':')) {
    if (dir === '') continue;
    const file = join(dir, name);
    if (runnable(file)) return { file };
  }
  return { error: `exec: "${name}": executable file not found in $PATH` };
}

/** The whole message kubelet shows for a StartError (containerd 1.7 with runc). */
export function startErrorMessage(execError: string): string {
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${execError}: unknown`;
}

/** Whether a process has a handler for a signal (/proc/<pid>/status SigCgt). A container's PID 1 without
 * a handler does not die of SIGTERM: the kernel drops default-action signals sent to a namespace's init. */
export function catchesSignal(pid: number, signal: NodeJS.Signals): boolean {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGWINCH: 28 };
  const number = numbers[signal];
  if (number === undefined) return true;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    if (mask === undefined) return true;
    return (BigInt(`0x${mask}`) >> BigInt(number - 1)) & 1n ? true : false;
  } catch {
    return true; // no /proc (not Linux): deliver the signal as a plain kill would
  }
}

/** Pids whose environment carries this container's marker. */
export function markedProcesses(marker: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const needle = Buffer.from(`${CONTAINER_MARKER_VAR}=${marker}\0`);
  const pids: number[] = [];
  for (const name of entries) {
    if (!/^[0-9]+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`);
      if (env.includes(needle)) pids.push(Number(name));
    } catch {
      // Gone already, or not ours.
    }
  }
  return pids;
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** SIGKILL the container's process group and every marked process: what removing a container's cgroup and
 * PID namespace does. */
export function killContainer(pid: number | undefined, marker: string): void {
  if (pid !== undefined) kill(-pid, 'SIGKILL');
  for (const other of markedProcesses(marker)) kill(other, 'SIGKILL');
}

export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  kill(pid, signal);
}
