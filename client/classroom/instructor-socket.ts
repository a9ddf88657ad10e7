// Owns the instructor's websocket (INSTRUCTOR_PATH, same origin; the server's cookie says who is asking): says
// hello, hands JSON frames to the page and binary frames (the watched terminal's output) to the terminal view,
// and reconnects with backoff. Every hello is answered with the room, so nothing on screen can stay stale.
import {
  CLASSROOM_PROTOCOL_VERSION,
  INSTRUCTOR_PATH,
  type InstructorClientMessage,
  type InstructorServerMessage,
} from '../../server/common/classroom-protocol.js';
import { CloseCode } from '../../server/common/protocol.js';
import { backoffDelay } from '../backoff.js';
import type { ConnectionState } from '../terminal-connection.js';
import { parseInstructorMessage } from './instructor-message.js';

export interface InstructorSocketHooks {
  onMessage(message: InstructorServerMessage): void;
  onOutput(bytes: Uint8Array): void;
  /** Hello was sent on a new socket: what the page had asked for (a watched learner) is asked again. */
  onHello(): void;
  onStateChange(state: ConnectionState, retryAt: number | undefined): void;
  /** The server refused this page for good (outdated, or not allowed): no more reconnects. */
  onStopped(reason: 'outdated' | 'refused', detail: string): void;
}

export class InstructorSocket {
  private ws: WebSocket | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private state: ConnectionState = 'disconnected';

  constructor(
    private readonly hooks: InstructorSocketHooks,
    private readonly url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${INSTRUCTOR_PATH}`,
  ) {
    // Back in view or back online: a pending retry need not wait out its backoff.
    const wake = (): void => {
      if (document.visibilityState === 'visible' && navigator.onLine && this.retryTimer !== undefined) this.connect();
    };
    document.addEventListener('visibilitychange', wake);
    window.addEventListener('online', wake);
  }

  start(): void {
    this.connect();
  }

  /** Sends when open; while disconnected a message is dropped and false says so (the pill shows why). */
  send(message: InstructorClientMessage): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.setState('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    // A replaced socket's late events are noise: every handler checks it is still the current one.
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.send({ type: 'hello', version: CLASSROOM_PROTOCOL_VERSION });
      this.hooks.onHello();
    };
    ws.onmessage = (ev: MessageEvent<unknown>) => {
      if (this.ws !== ws) return;
      if (ev.data instanceof ArrayBuffer) {
        this.hooks.onOutput(new Uint8Array(ev.data));
        return;
      }
      if (typeof ev.data !== 'string') return;
      const message = parseInstructorMessage(ev.data);
      if (!message) {
        console.warn('kubeclass: ignoring a malformed instructor message');
        return;
      }
      // Connected once the server answers, not merely once the socket opens (it may refuse the hello).
      if (message.type === 'room' && this.state !== 'connected') {
        this.attempt = 0;
        this.setState('connected');
      }
      this.hooks.onMessage(message);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      if (ev.code === CloseCode.VersionMismatch) this.stop('outdated', ev.reason);
      else if (ev.code === CloseCode.PolicyViolation) this.stop('refused', ev.reason);
      else this.scheduleReconnect();
    };
    ws.onerror = () => undefined; // close follows and decides
  }

  private stop(reason: 'outdated' | 'refused', detail: string): void {
    this.stopped = true;
    this.setState('disconnected');
    this.hooks.onStopped(reason, detail);
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    const delay = backoffDelay(this.attempt++);
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.setState('reconnecting', Date.now() + delay);
  }

  /** Told on a change only: a room message a second must not rewrite the pill (a live region) each time. */
  private setState(state: ConnectionState, retryAt?: number): void {
    if (state === this.state && state !== 'reconnecting') return;
    this.state = state;
    this.hooks.onStateChange(state, retryAt);
  }
}
