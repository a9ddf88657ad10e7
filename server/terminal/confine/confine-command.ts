// Wraps a seat's shell in a sandbox: the seat's own user (setpriv), a bubblewrap filesystem that shows the system
// read-only, kubeclass's installation read-only and the seat's workspace read-write (and nothing else of the
// host: other workspaces, the server's data and token, other users' homes), private /proc, /dev and /tmp, its
// own pid namespace (other seats' processes are neither seen nor signalled) and resource limits (prlimit).
// The network is shared on purpose: each seat's sandbox cluster listens on its own loopback address.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ShellCommand } from '../shell-launch.js';

export interface ConfineLimits {
  /** RLIMIT_NPROC: processes (threads count too) of the seat's user, all of its shells together. */
  processes: number;
  /** RLIMIT_AS: address space of each process. */
  memoryBytes: number;
  /** RLIMIT_CPU: CPU seconds of each process. */
  cpuSeconds: number;
  /** RLIMIT_FSIZE: largest file a process may write. */
  fileBytes: number;
}

const GiB = 1024 ** 3;

// kubectl (a Go binary) and node reserve address space they never touch: both run under 1 GiB; 4 GiB leaves
// room for a real program while a runaway allocation still stops.
export const DEFAULT_LIMITS: ConfineLimits = { processes: 256, memoryBytes: 4 * GiB, cpuSeconds: 3600, fileBytes: GiB };

/** One top-level entry of the system root: a symlink on merged-/usr systems (Debian 12: /bin -> usr/bin). */
export type SystemEntry = { path: string; symlink: string } | { path: string; bind: true };

export interface ConfineOptions {
  /** The seat's workspace (HOME), bound read-write at the same path: the server reads it by host path. */
  workspace: string;
  /** kubeclass's installation (dist/, node_modules/, bin/tools), bound read-only. */
  installDir: string;
  /** The seat's user; absent when the server is not root (the shell keeps the server's user). */
  user?: { name: string; uid: number; gid: number } | undefined;
  /** Covered with an empty tmpfs, e.g. the server's data dir when it lies in the installation. Paths that do
   * not exist are left out, as are those of `readOnly`. */
  hidden?: readonly string[];
  /** More paths bound read-only, after `hidden` so they show through it (e.g. the seat's kubeconfig). */
  readOnly?: readonly string[];
  limits?: Partial<ConfineLimits>;
  /** The system's top-level entries; the host's by default (see systemEntries). */
  system?: readonly SystemEntry[];
}

/** The folder that holds dist/ and node_modules/ (this file is dist/server/terminal/confine/ once built). */
export function kubeclassInstallDir(): string {
  return fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');
}

/** /usr and /etc, and /bin, /sbin, /lib... as the host has them: symlinks into /usr, or (unmerged) real dirs. */
export function systemEntries(): SystemEntry[] {
  const entries: SystemEntry[] = [
    { path: '/usr', bind: true },
    { path: '/etc', bind: true },
  ];
  for (const path of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    try {
      if (lstatSync(path).isSymbolicLink()) entries.push({ path, symlink: readlinkSync(path) });
      else entries.push({ path, bind: true });
    } catch {
      // Not on this system.
    }
  }
  return entries;
}

/** The bwrap arguments alone, in mount order (later mounts cover earlier ones). */
export function bwrapArgs(options: ConfineOptions): string[] {
  const args = ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--die-with-parent'];
  // No --new-session: it would take the terminal away from the shell (no job control, no Ctrl-C to a job).
  // TIOCSTI, which it guards against, can only type into this seat's own terminal, read by nothing outside.
  for (const entry of options.system ?? systemEntries()) {
    if ('symlink' in entry) args.push('--symlink', entry.symlink, entry.path);
    else args.push('--ro-bind', entry.path, entry.path);
  }
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  args.push('--ro-bind', options.installDir, options.installDir);
  // A path that does not exist hides nothing and shows nothing; bwrap would refuse it (it cannot make the
  // mount point in a read-only bind, nor bind a missing source) and the shell would not start.
  for (const path of (options.hidden ?? []).filter(existsSync)) args.push('--tmpfs', path);
  for (const path of (options.readOnly ?? []).filter(existsSync)) args.push('--ro-bind', path, path);
  // Last, so neither /tmp nor a hidden dir covers it (bwrap makes the folders above it in those tmpfs).
  args.push('--bind', options.workspace, options.workspace, '--chdir', options.workspace);
  return args;
}

export function prlimitArgs(limits: Partial<ConfineLimits> = {}): string[] {
  const l = { ...DEFAULT_LIMITS, ...limits };
  return [`--nproc=${l.processes}`, `--as=${l.memoryBytes}`, `--cpu=${l.cpuSeconds}`, `--fsize=${l.fileBytes}`];
}

/**
 * The command run confined: `setpriv` (seat user only) -> `bwrap` -> `prlimit` -> the command. The environment
 * is the command's own, with USER and LOGNAME naming the seat user when there is one.
 */
export function confineCommand(command: ShellCommand, options: ConfineOptions): ShellCommand {
  const inner = ['bwrap', ...bwrapArgs(options), '--', 'prlimit', ...prlimitArgs(options.limits), '--', command.file, ...command.args];
  const env = { ...command.env };
  if (!options.user) return { file: inner[0] as string, args: inner.slice(1), env };
  const { name, uid, gid } = options.user;
  if (uid === 0 || gid === 0) throw new Error('a seat never runs as root');
  Object.assign(env, { USER: name, LOGNAME: name });
  // No --no-new-privs here: bwrap sets it itself, and it would break a setuid bwrap (systems without user
  // namespaces for unprivileged users).
  return { file: 'setpriv', args: [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', ...inner], env };
}

/**
 * Why bubblewrap cannot sandbox here (missing, or user namespaces refused), or undefined when it can. Give the
 * seat user: root may sandbox where that user may not (bwrap then needs an unprivileged user namespace).
 */
export function bwrapUnavailable(asUser?: { uid: number; gid: number }): string | undefined {
  const bwrap = ['bwrap', '--ro-bind', '/', '/', '--unshare-pid', '--die-with-parent', '--', 'true'];
  const argv = asUser ? ['setpriv', `--reuid=${asUser.uid}`, `--regid=${asUser.gid}`, '--clear-groups', ...bwrap] : bwrap;
  const probe = spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
  if (probe.error) return `${argv[0]} cannot run (${probe.error.message}): apt-get install -y bubblewrap util-linux`;
  if (probe.status !== 0) return `bwrap cannot make a sandbox here: ${probe.stderr.trim() || `exit code ${probe.status}`}`;
  return undefined;
}

export function bwrapAvailable(asUser?: { uid: number; gid: number }): boolean {
  return bwrapUnavailable(asUser) === undefined;
}
