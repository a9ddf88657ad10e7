// Owns the terminal's websocket: hello/ready, output into xterm with acknowledgements, input out, resizes, and
// reconnecting. Output is addressed by byte offset; `processed` counts bytes xterm has parsed (not merely
// received), so a reconnect resumes exactly where the screen is and nothing is lost or doubled.
import type { IDisposable, Terminal } from '@xterm/xterm';
import {
  BinaryOp,
  CloseCode,
  PROTOCOL_VERSION,
  clampSize,
  type ClientMessage,
  type CommandEvent,
} from '../server/common/protocol.js';
import { backoffDelay } from './backoff.js';
import { formatBytes } from './format.js';
import { words } from './i18n/words.js';
import { binaryInputFrames, textInputFrames } from './input-frames.js';
import { parseServerMessage, type ReadyMessage } from './server-message.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** Why the connection stopped for good: the page shows it and offers the one way forward. */
export type StopReason =
  | { kind: 'exited'; exitCode: number | null; signal: number | null }
  | { kind: 'taken-over' }
  | { kind: 'outdated' }
  /** `reason` is the server's close reason, empty when it gave none. */
  | { kind: 'rejected'; reason: string };

export interface ConnectionHooks {
  onStateChange(state: ConnectionState, retryAt: number | undefined): void;
  /** After the terminal was cleared for a fresh byte stream (marks must go with it). */
  onTerminalReset(): void;
  onReady(ready: ReadyMessage): void;
  onCommand(event: CommandEvent): void;
  onNotice(level: 'info' | 'warning', message: string): void;
  onStopped(reason: StopReason): void;
}

export interface TerminalConnectionOptions {
  term: Terminal;
  url: string;
  hooks: ConnectionHooks;
}

/** Where the session id survives reloads, so a reload reattaches to the same shell. */
export const SESSION_STORAGE_KEY = 'kubeclass.session';
/** Until `ready` says otherwise; the server's own value always wins. */
const DEFAULT_ACK_EVERY = 64 * 1024;
/** A socket that neither attaches nor fails within this long (a silent network) is dropped and retried. */
const ATTACH_TIMEOUT_MS = 15_000;
const SESSION_ID = /^[0-9a-f]{32}$/;

/** SGR 2 (dim) for the page's own notes in the terminal, so they read as asides, not shell output. */
function dimLine(text: string): string {
  return `\x1b[0;2m[kubeclass: ${text}]\x1b[0m\r\n`;
}

function readStoredSession(): string | undefined {
  try {
    const id = localStorage.getItem(SESSION_STORAGE_KEY);
    // A corrupted value would make every hello fail validation: ignore it rather than never connecting.
    return id !== null && SESSION_ID.test(id) ? id : undefined;
  } catch {
    return undefined; // storage disabled
  }
}

function storeSession(id: string): void {
  try {
    localStorage.setItem(SESSION_STORAGE_KEY, id);
  } catch {
    /* storage disabled: the session just does not survive a reload */
  }
}

export class TerminalConnection implements IDisposable {
  /** Finished commands received from the server, oldest first. */
  readonly commands: CommandEvent[] = [];

  private readonly term: Terminal;
  private readonly url: string;
  private readonly hooks: ConnectionHooks;

  private ws: WebSocket | undefined;
  private state: ConnectionState = 'disconnected';
  private session: string | undefined = readStoredSession();

  private processedBytes = 0;
  private lastAcked = 0;
  /** Output writes handed to xterm whose callback has not run yet. */
  private pendingWrites = 0;
  private ackEvery = DEFAULT_ACK_EVERY;
  /** `ready` arrived on the current socket: output, input and acks flow. */
  private attached = false;
  private helloSent = false;

  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryAt: number | undefined;
  private attachTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every connect, so a connect still waiting for xterm to drain is abandoned by a newer one. */
  private connectSeq = 0;
  /** No automatic reconnect: the shell exited or the session was deliberately closed. */
  private stopped = false;
  private exitSeen = false;
  private disposed = false;

  private readonly onWake = (): void => {
    // Back in view or back online: a pending retry need not wait out its backoff.
    if (document.visibilityState === 'visible' && navigator.onLine) this.reconnectNow();
  };

  constructor(options: TerminalConnectionOptions) {
    this.term = options.term;
    this.url = options.url;
    this.hooks = options.hooks;
    document.addEventListener('visibilitychange', this.onWake);
    window.addEventListener('online', this.onWake);
  }

  get processed(): number {
    return this.processedBytes;
  }

  get sessionId(): string | null {
    return this.session ?? null;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  start(): void {
    this.connect();
  }

  /** Skips the backoff wait when a reconnect is pending; does nothing otherwise. */
  reconnectNow(): void {
    if (this.retryTimer !== undefined) this.connect();
  }

  /** Attach again after another tab took the session; the replay continues from what this screen has. */
  takeOver(): void {
    this.connect();
  }

  /** After the shell exited: a new shell in the same workspace, on a cleared screen. */
  restartShell(): void {
    this.connect(() => {
      this.term.reset();
      this.hooks.onTerminalReset();
      this.processedBytes = 0;
      this.lastAcked = 0;
    });
  }

  sendInput(data: string): void {
    this.sendFrames(textInputFrames(data));
  }

  sendBinaryInput(data: string): void {
    this.sendFrames(binaryInputFrames(data));
  }

  sendResize(cols: number, rows: number): void {
    // Before hello the size travels in the hello itself.
    if (this.helloSent) this.send({ type: 'resize', ...clampSize(cols, rows) });
  }

  dispose(): void {
    this.disposed = true;
    this.cancelRetry();
    this.closeSocket(CloseCode.Normal);
    document.removeEventListener('visibilitychange', this.onWake);
    window.removeEventListener('online', this.onWake);
  }

  // --- connecting ---

  private connect(beforeOpen?: () => void): void {
    if (this.disposed) return;
    this.cancelRetry();
    this.closeSocket(CloseCode.Normal);
    this.stopped = false;
    this.setState('connecting');
    const seq = ++this.connectSeq;
    // Let xterm parse everything already queued first: then `processed` is exactly what the screen shows, the
    // resume offset is right, and a reset cannot be followed by stale bytes (term.reset() keeps queued writes).
    this.term.write('', () => {
      if (seq !== this.connectSeq || this.disposed) return;
      beforeOpen?.();
      this.open();
    });
  }

  private open(): void {
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.scheduleReconnect(); // a malformed URL would be a bug, but the pill must not hang on "connecting"
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.attachTimer = setTimeout(() => {
      if (this.ws === ws && !this.attached) ws.close(); // close event follows and schedules the retry
    }, ATTACH_TIMEOUT_MS);
    // Every handler checks that its socket is still the current one: a replaced socket's late events are noise.
    ws.onopen = () => {
      if (this.ws !== ws) return;
      const { cols, rows } = clampSize(this.term.cols, this.term.rows);
      this.send({
        type: 'hello',
        version: PROTOCOL_VERSION,
        ...(this.session !== undefined ? { sessionId: this.session } : {}),
        resumeFrom: this.processedBytes,
        cols,
        rows,
      });
      this.helloSent = true;
    };
    ws.onmessage = (ev: MessageEvent<ArrayBuffer | string>) => {
      if (this.ws !== ws) return;
      if (typeof ev.data === 'string') this.handleText(ev.data);
      else this.handleBinary(ev.data);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.handleClose(ev.code, ev.reason);
    };
    // An error is always followed by close, which decides what to do.
    ws.onerror = () => undefined;
  }

  private handleClose(code: number, reason: string): void {
    this.ws = undefined;
    this.attached = false;
    this.helloSent = false;
    clearTimeout(this.attachTimer);
    if (this.disposed) return;
    switch (code) {
      case CloseCode.TakenOver:
        this.stop({ kind: 'taken-over' });
        return;
      case CloseCode.SessionEnded:
        // Usually an `exit` message came first and the overlay is already up.
        this.stop(this.exitSeen ? undefined : { kind: 'exited', exitCode: null, signal: null });
        return;
      case CloseCode.VersionMismatch:
        this.stop({ kind: 'outdated' });
        return;
      case CloseCode.PolicyViolation:
        this.stop({ kind: 'rejected', reason }); // an empty reason: the page says it in its own words
        return;
      default:
        if (this.stopped) this.setState('disconnected');
        else this.scheduleReconnect();
    }
  }

  private stop(reason: StopReason | undefined): void {
    this.stopped = true;
    this.cancelRetry();
    this.setState('disconnected');
    if (reason) this.hooks.onStopped(reason);
  }

  private scheduleReconnect(): void {
    this.cancelRetry();
    const delay = backoffDelay(this.attempt++);
    this.retryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.setState('reconnecting');
  }

  private cancelRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryAt = undefined;
  }

  private closeSocket(code: number): void {
    const ws = this.ws;
    this.ws = undefined; // its close event is now ignored
    this.attached = false;
    this.helloSent = false;
    clearTimeout(this.attachTimer);
    if (ws && ws.readyState !== WebSocket.CLOSED) ws.close(code);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.hooks.onStateChange(state, state === 'reconnecting' ? this.retryAt : undefined);
  }

  // --- messages ---

  private handleText(text: string): void {
    const message = parseServerMessage(text);
    if (!message) {
      console.warn('kubeclass: ignoring a malformed server message');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.handleReady(message);
        break;
      case 'command':
        this.commands.push(message.event);
        this.hooks.onCommand(message.event);
        break;
      case 'notice':
        this.hooks.onNotice(message.level, message.message);
        break;
      case 'exit': {
        this.exitSeen = true;
        this.stopped = true; // whatever closes the socket next, do not reconnect into a dead shell
        // Signal numbers start at 1; a 0 (as node-pty reports a plain exit) means no signal.
        const c = words();
        const how = message.signal ? c.terminal.signal(message.signal) : c.terminal.code(message.exitCode);
        this.writeNote(c.terminal.shellExited(how));
        this.hooks.onStopped({ kind: 'exited', exitCode: message.exitCode, signal: message.signal });
        break;
      }
    }
  }

  private handleReady(ready: ReadyMessage): void {
    if (ready.version !== PROTOCOL_VERSION) {
      this.closeSocket(CloseCode.Normal);
      this.stop({ kind: 'outdated' });
      return;
    }
    clearTimeout(this.attachTimer);
    this.session = ready.sessionId;
    storeSession(ready.sessionId);
    if (ready.reset) {
      this.term.reset();
      this.hooks.onTerminalReset();
    }
    // Nothing is queued in xterm here (connect drained it), so the offset can be taken over as is.
    this.processedBytes = ready.replayFrom;
    this.lastAcked = ready.replayFrom;
    this.ackEvery = ready.ackEvery > 0 ? ready.ackEvery : DEFAULT_ACK_EVERY;
    this.attached = true;
    this.attempt = 0;
    this.exitSeen = false;
    if (ready.skipped > 0) this.writeNote(words().terminal.outputDropped(formatBytes(ready.skipped)));
    this.hooks.onReady(ready);
    this.setState('connected');
  }

  /** A dim line of the page's own, on a line of its own: not shell output, so `processed` does not count it. */
  private writeNote(text: string): void {
    const write = (): void => {
      const atLineStart = this.term.buffer.active.cursorX === 0;
      this.term.write(`${atLineStart ? '' : '\r\n'}${dimLine(text)}`);
    };
    // The cursor column is known only once queued output is parsed. With output queued (an exit right after the
    // shell's last bytes), ask in a write callback; that appends the note last, which is right after an exit.
    if (this.pendingWrites === 0) write();
    else this.term.write('', write);
  }

  private handleBinary(data: ArrayBuffer): void {
    const frame = new Uint8Array(data);
    if (frame.length < 2 || frame[0] !== BinaryOp.Output || !this.attached) return;
    const bytes = frame.subarray(1);
    this.pendingWrites++;
    this.term.write(bytes, () => {
      this.pendingWrites--;
      this.processedBytes += bytes.length;
      this.maybeAck();
    });
  }

  /** Ack every `ackEvery` bytes. Not on every drained write: the server resumes below a mark higher than
   * `ackEvery`, so smaller remainders never hold it up, and a keystroke echo costs no second message. */
  private maybeAck(): void {
    if (!this.attached) return;
    const advanced = this.processedBytes - this.lastAcked;
    if (advanced >= this.ackEvery) {
      this.lastAcked = this.processedBytes;
      this.send({ type: 'ack', bytes: this.processedBytes });
    }
  }

  // --- sending ---

  private send(message: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private sendFrames(frames: Uint8Array[]): void {
    // Keystrokes while detached are dropped, as on any terminal whose connection is down.
    const ws = this.ws;
    if (!this.attached || ws?.readyState !== WebSocket.OPEN) return;
    for (const frame of frames) ws.send(frame);
  }
}
