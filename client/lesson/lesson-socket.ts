// Owns the lesson websocket (/ws/lesson): opens it once the terminal named its session, says hello, reconnects with
// backoff, and opens a new socket with a new hello when the terminal's session changes (a new shell is a new session: progress,
// workspace and checks belong to it). Every hello is answered with catalog, cluster and lesson, so the pane
// re-renders from that state and keeps nothing that a reconnect could make stale. In a classroom the same socket
// also brings the instructor's broadcasts and the learner's seat (classroom-protocol.ts, SeatServerMessage).
import type { SeatServerMessage } from '../../server/common/classroom-protocol.js';
import {
  LESSON_PATH,
  LESSON_PROTOCOL_VERSION,
  type LessonClientMessage,
  type LessonServerMessage,
} from '../../server/common/lesson-protocol.js';
import { CloseCode } from '../../server/common/protocol.js';
import { backoffDelay } from '../backoff.js';
import { words } from '../i18n/words.js';
import { parseLessonMessage } from './lesson-message.js';
import { parseSeatMessage } from './seat-message.js';

/** `waiting`: no terminal session yet; `stopped`: the server refused this page (outdated, or a bad message). */
export type LessonSocketState = 'waiting' | 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface LessonSocketHooks {
  onMessage(message: LessonServerMessage): void;
  /** A classroom's broadcast or seat state. */
  onSeatMessage(message: SeatServerMessage): void;
  onStateChange(state: LessonSocketState, detail?: string): void;
  /** What the next hello asks for: the lesson on screen (absent at first) and the learner's locale. */
  helloFields(): { lessonId?: string | undefined; locale?: string | undefined };
}

export class LessonSocket {
  private ws: WebSocket | undefined;
  private session: string | undefined;
  private stateValue: LessonSocketState = 'waiting';
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly hooks: LessonSocketHooks,
    private readonly url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${LESSON_PATH}`,
  ) {}

  get state(): LessonSocketState {
    return this.stateValue;
  }

  /** The terminal is attached to `sessionId` (called on every terminal `ready`; a repeat of the same id is a no-op). */
  setSession(sessionId: string): void {
    if (sessionId === this.session) {
      // The terminal came back before the lesson socket did: no need to sit out the backoff.
      if (this.retryTimer !== undefined) this.connect();
      return;
    }
    this.session = sessionId;
    // The server takes one hello per socket (a second one closes it): a new session means a new socket.
    if (this.stateValue !== 'stopped') this.connect();
  }

  /** Sends when open; while disconnected a message is dropped (the pane shows the lesson socket is down). */
  send(message: LessonClientMessage): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const old = this.ws;
    this.ws = undefined;
    old?.close(CloseCode.Normal);
    this.setState('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    // A replaced socket's late events are noise: every handler checks it is still the current one.
    ws.onopen = () => {
      if (this.ws === ws) this.sendHello();
    };
    ws.onmessage = (ev: MessageEvent<unknown>) => {
      if (this.ws !== ws || typeof ev.data !== 'string') return;
      const message = parseLessonMessage(ev.data);
      const seat = message ? undefined : parseSeatMessage(ev.data);
      if (!message && !seat) {
        console.warn('kubeclass: ignoring a malformed lesson message');
        return;
      }
      if (this.stateValue !== 'connected') {
        this.attempt = 0;
        this.setState('connected');
      }
      if (message) this.hooks.onMessage(message);
      else if (seat) this.hooks.onSeatMessage(seat);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      if (ev.code === CloseCode.VersionMismatch) this.setState('stopped', words().overlay.outdated);
      else if (ev.code === CloseCode.PolicyViolation) this.setState('stopped', ev.reason || words().lesson.refused);
      else this.scheduleReconnect();
    };
    ws.onerror = () => undefined; // close follows and decides
  }

  private sendHello(): void {
    if (this.session === undefined) return;
    const { lessonId, locale } = this.hooks.helloFields();
    this.send({
      type: 'hello',
      version: LESSON_PROTOCOL_VERSION,
      sessionId: this.session,
      ...(lessonId !== undefined ? { lessonId } : {}),
      ...(locale !== undefined ? { locale } : {}),
    });
  }

  private scheduleReconnect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), backoffDelay(this.attempt++));
    this.setState('reconnecting');
  }

  private setState(state: LessonSocketState, detail?: string): void {
    this.stateValue = state;
    this.hooks.onStateChange(state, detail);
  }
}
