// What the benchmark needs from each terminal server it compares ("peer"): start it, open sessions that carry
// keystrokes in and output out, acknowledge processed output (each peer's own flow control), and stop it.

/** Output as a peer delivers it: bytes (kubeclass, bare pty) or a JS string (wetty's socket.io events). */
export type Chunk = Uint8Array | string;

/** Tells the peer that `units` of a chunk were processed (bytes for byte peers, UTF-16 units for wetty). */
export type Ack = (units: number) => void;

export interface SessionHandlers {
  /** Every output chunk in order; call `ack` once the consumer has processed (part of) it. */
  onOutput(chunk: Chunk, ack: Ack): void;
  /** The transport closed (expected or not). */
  onClose?(reason: string): void;
}

export interface BenchSession {
  /** Sends keystrokes / a command line to the shell. */
  write(input: string): void;
  close(): Promise<void>;
}

export interface OriginVerdict {
  /** True when the server let a foreign page open a terminal websocket. */
  accepted: boolean;
  detail: string;
}

export interface StopReport {
  /** Exited by itself within the grace period after SIGTERM. */
  clean: boolean;
  exitMs: number;
  /** Descendant processes (shells) still alive after the server exited; they were killed. */
  leftoverProcesses: number;
}

export type PeerName = 'kubeclass' | 'wetty' | 'bare';

export interface BrowserTarget {
  url: string;
  /** Where the page keeps its xterm.js Terminal. */
  termGlobal: 'kubeclass' | 'wetty';
}

export interface RunningServer {
  /** Process whose RSS and CPU are reported. */
  readonly pid: number;
  /** A string that ends every prompt in the output stream. */
  readonly promptMarker: string;
  /** Opens a new session (new shell). Output may start arriving before the promise resolves. */
  openSession(handlers: SessionHandlers): Promise<BenchSession>;
  /** Tries a websocket upgrade with Origin: http://evil.example; undefined when there is no websocket. */
  foreignOrigin(): Promise<OriginVerdict | undefined>;
  /** The page to drive in Chromium, if the peer has one. */
  readonly browser?: BrowserTarget;
  /** Descendant processes of the server right now (for leak checks). */
  descendants(): number[];
  stop(): Promise<StopReport>;
}

export interface PeerDef {
  name: PeerName;
  label: string;
  start(): Promise<RunningServer>;
}

/** Shell settings for peers whose shell we choose (wetty, bare pty): no rc files, a known prompt, no history file. */
export const PLAIN_PROMPT = 'bench$ ';
export const PLAIN_SHELL = { file: 'bash', args: ['--noprofile', '--norc'] } as const;

export function plainShellEnv(base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  env.PS1 = PLAIN_PROMPT;
  env.HISTFILE = '';
  env.TERM = 'xterm-256color';
  return env;
}
