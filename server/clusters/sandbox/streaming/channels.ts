// The WebSocket remotecommand protocol (`v5.channel.k8s.io`, `v4.channel.k8s.io`) for exec and attach: every
// binary message starts with its channel byte: 0 stdin, 1 stdout, 2 stderr, 3 error (a metav1.Status, last),
// 4 resize ({"Width":w,"Height":h}); in v5, 255 closes the channel named by the next byte (stdin's end).
import type { RawData, WebSocket } from 'ws';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

export const enum Channel {
  Stdin = 0,
  Stdout = 1,
  Stderr = 2,
  Error = 3,
  Resize = 4,
  Close = 255,
}

/** The error channel's final word: what kubectl turns into its exit code and message. */
export type ExitStatus =
  | { status: 'Success' }
  | { status: 'Failure'; reason: 'NonZeroExitCode'; exitCode: number; message: string }
  | { status: 'Failure'; reason: 'InternalError'; message: string };

export function statusBody(exit: ExitStatus): Record<string, unknown> {
  if (exit.status === 'Success') return { metadata: {}, status: 'Success' };
  if (exit.reason === 'InternalError') {
    return { metadata: {}, status: 'Failure', message: exit.message, reason: 'InternalError', details: { causes: [{ message: exit.message }] }, code: 500 };
  }
  return { metadata: {}, status: 'Failure', message: exit.message, reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(exit.exitCode) }] } };
}

export interface ChannelHandlers {
  stdin?(data: Buffer): void;
  stdinClosed?(): void;
  resize?(cols: number, rows: number): void;
  gone(): void;
}

/**
 * kubectl sets up its stream readers just after the upgrade; a message that comes first is dropped with
 * "Unknown stream id" (a program that fails at once, or prints at once, lost its answer under load). The first
 * moments' messages are held this long, then sent in order.
 */
const SETTLE_MS = 50;

/** Reads the client's channels and writes ours on one WebSocket. */
export class ChannelSocket {
  private finished = false;
  private held: Buffer[] | undefined = [];
  private closeWhenFlushed = false;

  constructor(
    private readonly ws: WebSocket,
    handlers: ChannelHandlers,
  ) {
    ws.on('message', (raw: RawData) => {
      const data = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer);
      const channel = data[0];
      const payload = data.subarray(1);
      if (channel === Channel.Stdin) handlers.stdin?.(payload);
      else if (channel === Channel.Close && payload[0] === Channel.Stdin) handlers.stdinClosed?.();
      else if (channel === Channel.Resize) {
        const size = parseSize(payload);
        if (size) handlers.resize?.(size.cols, size.rows);
      }
    });
    ws.on('close', () => {
      this.finished = true;
      handlers.gone();
    });
    ws.on('error', () => {}); // a client that vanishes: 'close' follows
    setTimeout(() => this.flush(), SETTLE_MS).unref();
  }

  write(channel: Channel.Stdout | Channel.Stderr, data: Buffer): void {
    if (!this.finished && data.length > 0) this.send(Buffer.concat([Buffer.from([channel]), data]));
  }

  /** The status on the error channel, then a normal close: kubectl reads both as the end. */
  finish(exit: ExitStatus): void {
    if (this.finished) return;
    this.finished = true;
    this.send(Buffer.concat([Buffer.from([Channel.Error]), Buffer.from(JSON.stringify(statusBody(exit)))]));
    if (this.held) this.closeWhenFlushed = true;
    else this.ws.close(1000);
  }

  private send(message: Buffer): void {
    if (this.held) this.held.push(message);
    else if (this.ws.readyState === this.ws.OPEN) this.ws.send(message);
  }

  private flush(): void {
    const held = this.held ?? [];
    this.held = undefined;
    if (this.ws.readyState !== this.ws.OPEN) return;
    for (const message of held) this.ws.send(message);
    if (this.closeWhenFlushed) this.ws.close(1000);
  }
}

function parseSize(payload: Buffer): { cols: number; rows: number } | undefined {
  try {
    const size = JSON.parse(payload.toString('utf8')) as { Width?: unknown; Height?: unknown };
    if (typeof size.Width === 'number' && typeof size.Height === 'number') return { cols: size.Width, rows: size.Height };
  } catch {
    // not a size: ignored, as a terminal ignores a bad resize
  }
  return undefined;
}
