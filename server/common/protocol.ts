// The terminal websocket protocol, shared by the server and the page. No Node or DOM APIs here.
//
// Bytes travel in binary frames whose first byte is an opcode (input from the page, output from the shell);
// everything else is a JSON text frame, validated by the server at the boundary (client-message.ts). Output is addressed by byte offset:
// the shell's output since it started is one long byte stream, and the page says how much of it it has
// processed (acknowledgements, and `resumeFrom` when it reconnects), so a replay neither loses nor doubles bytes.

export const PROTOCOL_VERSION = 1;

/** Opcodes of binary frames (the first byte). */
export const BinaryOp = {
  /** page -> server: keystrokes or pasted text, UTF-8. */
  Input: 0x00,
  /** server -> page: shell output bytes, continuing the byte stream. */
  Output: 0x01,
} as const;

/** Terminal size limits the server clamps to; a hostile size cannot make the pty allocate huge screens. */
export const SIZE_LIMITS = { minCols: 2, maxCols: 500, minRows: 1, maxRows: 200 } as const;

/** Largest single websocket message accepted by the server; the page splits pastes below this. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** The page splits a large paste into input frames of this size. */
export const INPUT_CHUNK_BYTES = 64 * 1024;

/** Close codes a page understands. 4000-4999 are free for applications (RFC 6455). */
export const CloseCode = {
  Normal: 1000,
  /** The server is shutting down: reconnect later. */
  GoingAway: 1001,
  /** A malformed or hostile message: the reason says which. */
  PolicyViolation: 1008,
  TooBig: 1009,
  /** Another tab attached to the same session. Do not reconnect automatically. */
  TakenOver: 4001,
  /** The shell exited; the session is over. */
  SessionEnded: 4002,
  /** The page speaks another protocol version (stale cached page). */
  VersionMismatch: 4003,
  /** The client did not say hello in time. */
  HelloTimeout: 4004,
} as const;

/** Page -> server: the first message. */
export interface HelloMessage {
  type: 'hello';
  version: number;
  /** Absent: start a new session. Present: attach to it (or restart a shell in its kept workspace). */
  sessionId?: string | undefined;
  /** Bytes of output the page already has; the server replays from here. 0 on a fresh page. */
  resumeFrom: number;
  cols: number;
  rows: number;
}

export interface ResizeMessage {
  type: 'resize';
  cols: number;
  rows: number;
}

/** Cumulative count of output bytes the page has processed (written into xterm.js, not merely received). */
export interface AckMessage {
  type: 'ack';
  bytes: number;
}

export type ClientMessage = HelloMessage | ResizeMessage | AckMessage;

/** One finished command, as detected from the shell-integration marks. What lesson checkers grade on. */
export interface CommandEvent {
  /** The command line as the shell recorded it (multi-line commands included). */
  commandLine: string;
  /** Exit status; 130 for Ctrl-C. */
  exitCode: number;
  /** Output between the command's start and its end, ANSI-stripped and capped (head and tail kept). */
  output: string;
  /** True when the output was longer than the cap and its middle was dropped. */
  outputTruncated: boolean;
  /** Directory the command ran in. */
  cwd: string;
  /** Milliseconds since the epoch when the command started executing. */
  startedAt: number;
  durationMs: number;
}

export type ServerMessage =
  | {
      type: 'ready';
      version: number;
      sessionId: string;
      /** Offset of the first output byte that follows; the page's processed count becomes this. */
      replayFrom: number;
      /** The page must clear its screen first (it asked for bytes the server no longer has, or a new shell). */
      reset: boolean;
      /** Bytes of earlier output that are gone (ring buffer overrun); 0 normally. */
      skipped: number;
      /** True when this attach started a new shell (a new session or a restart in a kept workspace). */
      newShell: boolean;
      /** Marks shell-integration sequences printed by the integration itself; others are untrusted. */
      nonce: string;
      /** Acknowledge at least this often (bytes), or the server pauses the shell's output. */
      ackEvery: number;
    }
  | { type: 'command'; event: CommandEvent }
  | { type: 'exit'; exitCode: number; signal: number | null }
  | { type: 'notice'; level: 'info' | 'warning'; message: string };

/** Clamps a requested size to what the server accepts. */
export function clampSize(c: number, r: number): { cols: number; rows: number } {
  return {
    cols: Math.min(SIZE_LIMITS.maxCols, Math.max(SIZE_LIMITS.minCols, Math.floor(c))),
    rows: Math.min(SIZE_LIMITS.maxRows, Math.max(SIZE_LIMITS.minRows, Math.floor(r))),
  };
}

/** Prefixes bytes with a binary opcode. */
export function encodeBinary(op: number, bytes: Uint8Array): Uint8Array {
  const frame = new Uint8Array(bytes.length + 1);
  frame[0] = op;
  frame.set(bytes, 1);
  return frame;
}

/** Websocket close reasons are limited to 123 bytes of UTF-8. */
export function closeReason(text: string): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= 123) return text;
  return new TextDecoder().decode(bytes.subarray(0, 120)).replace(/\uFFFD$/, '') + '...';
}
