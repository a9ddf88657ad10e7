// One learner's shell: a pty running bash, the recent output kept for replays, flow control against the
// attached page, and command detection. A session outlives websockets: pages attach and detach.
//
// Output path: pty bytes -> ring buffer (addressed by byte offset) -> shell-integration parser -> command
// events; and ring buffer -> adaptive batching -> the attached page. The page acknowledges what it has
// processed; past HIGH_WATER_BYTES unacknowledged the pty is paused, so nothing buffers without bound.
import { randomBytes } from 'node:crypto';
import * as pty from 'node-pty';
import { BinaryOp, clampSize, CloseCode, type CommandEvent, type ServerMessage } from '../common/protocol.js';
import { killSessionProcesses, type SessionProcesses } from './process-tree.js';
import { RingBuffer } from './ring-buffer.js';
import { CommandDetector } from './shell-integration/command-detector.js';
import { OscParser } from './shell-integration/osc-parser.js';
import type { ShellCommand } from './shell-launch.js';

/** Pause the pty above this many unacknowledged bytes. Measured: 256-512 KB keeps Ctrl-C fast (<50 ms). */
export const HIGH_WATER_BYTES = 256 * 1024;
/** Resume below this; a quarter of the high mark avoids pausing and resuming on every ack. Half the high
 * mark measured no faster and made Ctrl-C slower (more backlog left when it is pressed). */
export const LOW_WATER_BYTES = 64 * 1024;
/** The page acknowledges at least every this many processed bytes. Must stay below LOW_WATER_BYTES: then a
 * page acking at this rate always brings a paused pty back, and never needs to ack smaller remainders. */
export const ACK_EVERY_BYTES = 32 * 1024;
/** Output that arrives while output is streaming is gathered for this long, so a stream becomes few frames. */
export const BATCH_WINDOW_MS = 4;
/** Chunks closer together than this count as a stream. Farther apart (keystroke echoes, even fast typing or
 * key repeat) each goes out at once: a fixed timer would add its delay to every echo. */
export const STREAM_GAP_MS = 1;
/** Largest output frame. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Output kept for replays after a reconnect or reload. Must exceed HIGH_WATER_BYTES. */
export const DEFAULT_RING_BYTES = 2 * 1024 * 1024;
/** On a truncated replay, look this far for a line start, so the page never starts mid escape sequence. */
const SAFE_START_SEARCH_BYTES = 8 * 1024;

/** Where a session's output and messages go: the attached websocket. */
export interface SessionClient {
  sendFrame(frame: Uint8Array): void;
  sendMessage(message: ServerMessage): void;
  close(code: number, reason: string): void;
}

export interface AttachResult {
  replayFrom: number;
  reset: boolean;
  skipped: number;
}

export interface TerminalSessionOptions {
  id: string;
  workspace: string;
  command: ShellCommand;
  cols: number;
  rows: number;
  ringBytes?: number;
  /** The value of the session marker in the shell's environment (see process-tree.ts). */
  marker: string;
  nonce: string;
}

export class TerminalSession {
  readonly id: string;
  readonly nonce: string;
  /** The session's workspace directory (its HOME): lesson checkers read files there. */
  readonly workspace: string;
  private readonly pty: pty.IPty;
  private readonly ring: RingBuffer;
  private readonly parser: OscParser;
  private readonly detector: CommandDetector;
  private readonly marker: string;
  private client: SessionClient | undefined;
  private sent = 0;
  private acked = 0;
  private paused = false;
  private flushTimer: NodeJS.Timeout | undefined;
  /** When output last arrived (performance.now()): tells a stream from a lone echo. */
  private lastDataAt = -Infinity;
  private exitInfo: { exitCode: number; signal: number | null } | undefined;
  private disposed: Promise<void> | undefined;
  private readonly commandListeners = new Set<(event: CommandEvent) => void>();
  private readonly exitListeners = new Set<(info: { exitCode: number; signal: number | null }) => void>();
  private readonly promptListeners = new Set<() => void>();
  private promptCount = 0;

  private readonly observers = new Set<(bytes: Uint8Array) => void>();

  constructor(options: TerminalSessionOptions) {
    this.id = options.id;
    this.nonce = options.nonce;
    this.workspace = options.workspace;
    this.marker = options.marker;
    this.ring = new RingBuffer(Math.max(options.ringBytes ?? DEFAULT_RING_BYTES, HIGH_WATER_BYTES * 2));
    this.detector = new CommandDetector({
      nonce: options.nonce,
      initialCwd: options.workspace,
      onCommand: (event) => this.onCommand(event),
      onPrompt: () => this.promptDrawn(),
    });
    this.parser = new OscParser((token) => this.detector.feed(token));
    const size = clampSize(options.cols, options.rows);
    this.pty = pty.spawn(options.command.file, options.command.args, {
      name: 'xterm-256color',
      cols: size.cols,
      rows: size.rows,
      cwd: options.workspace,
      env: options.command.env,
      encoding: null,
    });
    this.pty.onData((data) => this.onData(data as unknown as Buffer));
    // node-pty reports signal 0 for a normal exit.
    this.pty.onExit(({ exitCode, signal }) => this.onExit(exitCode, signal ? signal : null));
  }

  static newId(): string {
    return randomBytes(16).toString('hex');
  }

  static newNonce(): string {
    return randomBytes(16).toString('hex');
  }

  get pid(): number {
    return this.pty.pid;
  }

  /** The terminal's size now (what a read-only viewer sizes itself to). */
  get cols(): number {
    return this.pty.cols;
  }

  get rows(): number {
    return this.pty.rows;
  }

  get exited(): boolean {
    return this.exitInfo !== undefined;
  }

  get attached(): boolean {
    return this.client !== undefined;
  }

  /** Output bytes produced since the shell started. */
  get produced(): number {
    return this.ring.end;
  }

  onCommandFinished(listener: (event: CommandEvent) => void): () => void {
    this.commandListeners.add(listener);
    return () => this.commandListeners.delete(listener);
  }

  /** Prompts the shell has drawn so far (any shell of the session, nested ones too): 0 until it is ready. */
  get prompts(): number {
    return this.promptCount;
  }

  /** Each prompt the shell draws: it waits for input (what typeCommands waits for between commands). */
  onPrompt(listener: () => void): () => void {
    this.promptListeners.add(listener);
    return () => this.promptListeners.delete(listener);
  }

  onExited(listener: (info: { exitCode: number; signal: number | null }) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /**
   * Attaches a page, replacing (and telling) any page attached before. The page has `resumeFrom` bytes of
   * this session's output already; it receives the rest.
   */
  attach(
    client: SessionClient,
    options: { resumeFrom: number; newShell: boolean; takeoverReason: string },
  ): AttachResult {
    const { resumeFrom, newShell } = options;
    const previous = this.client;
    this.client = client;
    if (previous && previous !== client) previous.close(CloseCode.TakenOver, options.takeoverReason);
    let from = resumeFrom;
    let reset = false;
    let skipped = 0;
    if (from > this.ring.end || (newShell && from > 0)) {
      // The page counted the output of an earlier shell: it must clear its screen and start over.
      from = 0;
      reset = true;
    }
    if (from < this.ring.start) {
      const safe = this.safeStart();
      skipped = safe - from;
      reset = reset || resumeFrom > 0;
      from = safe;
    }
    this.sent = from;
    this.acked = from;
    client.sendMessage({
      type: 'ready',
      version: 1,
      sessionId: this.id,
      replayFrom: from,
      reset,
      skipped,
      newShell,
      nonce: this.nonce,
      ackEvery: ACK_EVERY_BYTES,
    });
    this.cancelFlushTimer();
    this.flush();
    this.updateFlowControl();
    if (this.exitInfo) this.sendExit(client);
    return { replayFrom: from, reset, skipped };
  }

  /** Detaches a page if it is the attached one. Output keeps going into the ring until flow control pauses. */
  detach(client: SessionClient): boolean {
    if (this.client !== client) return false;
    this.client = undefined;
    this.cancelFlushTimer();
    return true;
  }

  write(input: Uint8Array): void {
    if (this.exitInfo || input.length === 0) return;
    this.pty.write(Buffer.from(input.buffer, input.byteOffset, input.byteLength) as unknown as string);
  }

  resize(cols: number, rows: number): void {
    if (this.exitInfo) return;
    const size = clampSize(cols, rows);
    if (size.cols === this.pty.cols && size.rows === this.pty.rows) return;
    try {
      this.pty.resize(size.cols, size.rows);
    } catch {
      // The pty closed between the check and the call: the exit handler tells the page.
    }
  }

  /** The page has processed `bytes` bytes of output in total. */
  ack(bytes: number): void {
    // A page cannot acknowledge what it was not sent; a lower value is a stale ack and changes nothing.
    this.acked = Math.max(this.acked, Math.min(bytes, this.sent));
    this.updateFlowControl();
  }

  /** The server is stopping: tell the page to come back later (it reconnects by itself). */
  detachForShutdown(): void {
    const client = this.client;
    this.client = undefined;
    client?.close(CloseCode.GoingAway, 'kubeclass is restarting');
  }

  /** What must be ended with this session: its shell (while it runs) and everything carrying its marker. */
  get processes(): SessionProcesses {
    return { shellPid: this.exitInfo ? undefined : this.pty.pid, marker: this.marker };
  }

  /**
   * Ends the shell and everything it started. Idempotent. `alreadyKilled`: the caller ended the processes
   * of many sessions in one pass (see SessionManager.close).
   */
  dispose(options: { alreadyKilled?: boolean } = {}): Promise<void> {
    this.disposed ??= (async () => {
      this.cancelFlushTimer();
      if (this.paused) this.pty.resume(); // a paused pty would hold the shell's last writes forever
      if (!options.alreadyKilled) await killSessionProcesses([this.processes]);
      try {
        this.pty.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    })();
    return this.disposed;
  }

  /**
   * A read-only viewer (an instructor): the output kept so far (from a line start), then every new chunk. It
   * never takes part in flow control: a slow viewer drops nothing from the learner's terminal.
   */
  observe(listener: (bytes: Uint8Array) => void): { replay: Uint8Array; stop: () => void } {
    this.observers.add(listener);
    return { replay: this.ring.slice(this.safeStart(), this.ring.end), stop: () => this.observers.delete(listener) };
  }

  private onData(data: Buffer): void {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.ring.append(bytes);
    for (const observer of this.observers) observer(bytes);
    this.parser.write(bytes);
    const now = performance.now();
    const streaming = now - this.lastDataAt < STREAM_GAP_MS;
    this.lastDataAt = now;
    if (this.client) this.scheduleFlush(streaming);
    this.updateFlowControl();
  }

  private onCommand(event: CommandEvent): void {
    // The event must not overtake its own output, still waiting in the batching window: send that first.
    this.flush();
    this.client?.sendMessage({ type: 'command', event });
    for (const listener of this.commandListeners) listener(event);
  }

  private promptDrawn(): void {
    this.promptCount++;
    for (const listener of this.promptListeners) listener();
  }

  private onExit(exitCode: number, signal: number | null): void {
    this.exitInfo = { exitCode, signal };
    this.parser.end();
    this.cancelFlushTimer();
    this.flush();
    if (this.client) this.sendExit(this.client);
    for (const listener of this.exitListeners) listener(this.exitInfo);
    // Background jobs of the ended shell are the session's too.
    void this.dispose();
  }

  private sendExit(client: SessionClient): void {
    if (!this.exitInfo) return;
    client.sendMessage({ type: 'exit', ...this.exitInfo });
    client.close(CloseCode.SessionEnded, `the shell exited with code ${this.exitInfo.exitCode}`);
    if (this.client === client) this.client = undefined;
  }

  private scheduleFlush(streaming: boolean): void {
    if (this.flushTimer) return; // a batching window is open; its end sends what gathered
    if (streaming) this.flushTimer = setTimeout(this.onWindowEnd, BATCH_WINDOW_MS);
    else this.flush();
  }

  private readonly onWindowEnd = (): void => {
    this.flushTimer = undefined;
    this.flush();
  };

  private cancelFlushTimer(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private flush(): void {
    const client = this.client;
    if (!client) return;
    if (this.sent < this.ring.start) this.sent = this.ring.start; // cannot happen while flow control holds
    while (this.sent < this.ring.end) {
      const to = Math.min(this.ring.end, this.sent + MAX_FRAME_BYTES);
      const frame = new Uint8Array(to - this.sent + 1);
      frame[0] = BinaryOp.Output;
      this.ring.copyTo(frame, 1, this.sent, to);
      client.sendFrame(frame);
      this.sent = to;
    }
  }

  private updateFlowControl(): void {
    if (this.exitInfo) return;
    const unacked = this.ring.end - this.acked;
    if (!this.paused && unacked > HIGH_WATER_BYTES) {
      this.paused = true;
      this.pty.pause();
    } else if (this.paused && unacked < LOW_WATER_BYTES) {
      this.paused = false;
      this.pty.resume();
    }
  }

  /** The first line start after the oldest kept byte, so a truncated replay begins on a clean line. */
  private safeStart(): number {
    const start = this.ring.start;
    const probe = this.ring.slice(start, Math.min(this.ring.end, start + SAFE_START_SEARCH_BYTES));
    const newline = probe.indexOf(0x0a);
    return newline === -1 ? start : start + newline + 1;
  }
}
