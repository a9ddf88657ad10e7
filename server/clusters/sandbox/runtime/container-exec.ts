// `kubectl exec`: another process in a running container's context (its scratch root as working directory, its
// environment and marker, so it ends with the container), on pipes or on a pseudo-terminal.
import type { ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { constants as osConstants } from 'node:os';
import type { IPty } from 'node-pty';
import { execViaHelper, helperAvailable } from './fork-client.js';
import { findExecutable, spawnConfined, spawnConfinedPty } from './host-process.js';

/** What the runtime knows of a container for exec. */
export interface ExecTarget {
  env: Readonly<Record<string, string>>;
  /** the scratch directory standing for `/`; made on first use for emulated containers */
  cwd: string;
  /** false for distroless images: nothing but their own program is in them */
  executables: boolean;
}

export interface ExecOptions {
  stdin: boolean;
  tty: boolean;
  /** the terminal's first size (kubectl sends it on the resize channel at once) */
  size?: { cols: number; rows: number };
  /** what the process writes; with a TTY everything comes as stdout, as on a real terminal */
  output(stream: 'stdout' | 'stderr', data: Buffer): void;
  /** variables added to the container's environment for this process only (a watchdog's Http_* variables) */
  env?: Readonly<Record<string, string>>;
  /** a process per request (a watchdog's fork): spawned by the fork helper, off the sandbox's event loop */
  viaForkHelper?: boolean;
}

/** exitCode when it ran; startError (runc's `exec: "x": ...`) when it could not start. */
export type ExecResult = { exitCode: number } | { startError: string };

export interface ExecProcess {
  readonly exited: Promise<ExecResult>;
  write(data: Buffer): void;
  /** stdin reached its end (v5's close frame for channel 0) */
  endInput(): void;
  resize(cols: number, rows: number): void;
  /** the client went: end the process and its group */
  kill(): void;
}

/** How long output may still drain from the pipes after the process ended. */
const DRAIN_MS = 1000;

export function execInContainer(target: ExecTarget, argv: readonly string[], options: ExecOptions): ExecProcess {
  const name = argv[0] ?? '';
  const found = target.executables ? findExecutable(name, target.env.PATH ?? '', target.cwd) : { error: `exec: "${name}": executable file not found in $PATH` };
  if ('error' in found) return failed(found.error);
  const env = options.env ? { ...target.env, ...options.env } : target.env;
  const spec = { file: found.file, argv, env, cwd: target.cwd, stdin: options.stdin };
  if (options.tty) return onPty(spawnConfinedPty(spec, options.size ?? { cols: 80, rows: 24 }), options);
  if (options.viaForkHelper && helperAvailable()) return execViaHelper(spec, options);
  return execOnPipes(spawnConfined(spec), options);
}

function failed(startError: string): ExecProcess {
  return { exited: Promise.resolve({ startError }), write: () => {}, endInput: () => {}, resize: () => {}, kill: () => {} };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

/** A spawned child on pipes as an ExecProcess (also what the fork helper runs for its parent). */
export function execOnPipes(child: ChildProcess, options: Pick<ExecOptions, 'output'>): ExecProcess {
  child.stdout?.on('data', (d: Buffer) => options.output('stdout', d));
  child.stderr?.on('data', (d: Buffer) => options.output('stderr', d));
  child.stdin?.on('error', () => {}); // a process that exits without reading its stdin: EPIPE is expected
  const exited = new Promise<ExecResult>((resolve) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) resolve({ startError: `exec: "${child.spawnfile}": ${error.code === 'EACCES' ? 'permission denied' : error.message}` });
    });
    child.on('exit', (code, signal) => {
      const exitCode = code ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0);
      // Output still in the pipes belongs before the status; a daemon left holding them must not hold exec.
      const timer = setTimeout(() => resolve({ exitCode }), DRAIN_MS);
      child.once('close', () => {
        clearTimeout(timer);
        resolve({ exitCode });
      });
    });
  });
  return {
    exited,
    write: (data) => {
      if (child.stdin?.writable) child.stdin.write(data);
    },
    endInput: () => child.stdin?.end(),
    resize: () => {},
    kill: () => killGroup(child.pid),
  };
}

function onPty(term: IPty, options: ExecOptions): ExecProcess {
  const decoder = new StringDecoder('utf8');
  term.onData((text) => options.output('stdout', Buffer.from(text, 'utf8')));
  const exited = new Promise<ExecResult>((resolve) => {
    term.onExit(({ exitCode, signal }) => resolve({ exitCode: signal ? 128 + signal : exitCode }));
  });
  let gone = false;
  void exited.then(() => (gone = true));
  return {
    exited,
    write: (data) => {
      if (!gone) term.write(decoder.write(data));
    },
    // A terminal has no end of input of its own: Ctrl-D is a byte the line discipline reads.
    endInput: () => {},
    resize: (cols, rows) => {
      if (!gone && cols > 0 && rows > 0) term.resize(cols, rows);
    },
    kill: () => killGroup(gone ? undefined : term.pid),
  };
}
