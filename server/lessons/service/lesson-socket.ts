// One lesson websocket between a page and the lesson service. Like the terminal socket it validates every
// message at the boundary: a malformed or hostile one closes this socket with the reason, nothing else.
import type { RawData, WebSocket } from 'ws';
import { CloseCode, closeReason } from '../../common/protocol.js';
import { LESSON_PROTOCOL_VERSION, type LessonServerMessage } from '../../common/lesson-protocol.js';
import { keepAlive } from '../../http/socket-keepalive.js';
import { rawDataToBuffer } from '../../http/ws-data.js';
import { parseLessonMessage } from './lesson-client-message.js';
import type { LessonPeer, LessonService } from './lesson-service.js';

export const LESSON_HELLO_TIMEOUT_MS = 10_000;

export class LessonSocket implements LessonPeer {
  private sessionId: string | undefined;
  private closed = false;
  private readonly helloTimer: NodeJS.Timeout;
  private readonly stopHeartbeat: () => void;

  constructor(
    private readonly ws: WebSocket,
    private readonly service: LessonService,
    private readonly log: (message: string) => void,
    /** A classroom seat's socket: its learner and the classroom's lesson, whatever the page asks for. */
    private readonly forced?: { sessionId: string; lessonId: string },
  ) {
    this.helloTimer = setTimeout(() => this.close(CloseCode.HelloTimeout, 'no hello received in time'), LESSON_HELLO_TIMEOUT_MS);
    this.stopHeartbeat = keepAlive(ws);
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', () => this.release());
    ws.on('error', (error) => this.log(`lesson websocket error: ${error.message}`));
  }

  send(message: LessonServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  shutdown(): void {
    this.close(CloseCode.GoingAway, 'the server is shutting down');
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (isBinary) return this.reject('the lesson socket takes JSON text messages');
    const parsed = parseLessonMessage(rawDataToBuffer(data).toString('utf8'));
    if (!parsed.ok) return this.reject(parsed.error);
    const message = parsed.value;
    if (message.type === 'hello') {
      if (this.sessionId) return this.reject('hello was already sent');
      clearTimeout(this.helloTimer);
      if (message.version !== LESSON_PROTOCOL_VERSION) {
        return this.close(CloseCode.VersionMismatch, `lesson protocol version ${message.version} is not ${LESSON_PROTOCOL_VERSION}: reload the page`);
      }
      const hello = this.forced ? { ...message, ...this.forced } : message;
      const refused = this.service.attach(this, hello);
      if (refused) return this.close(CloseCode.PolicyViolation, refused);
      this.sessionId = hello.sessionId;
      return;
    }
    if (!this.sessionId) return this.reject('send hello before anything else');
    const sessionId = this.sessionId;
    this.service.handle(this, sessionId, message).catch((error: unknown) => {
      // A failure in one request is this page's error, never the server's end.
      this.log(`lesson request ${message.type} failed: ${String(error)}`);
      this.send({ type: 'error', message: `${message.type} failed: ${(error as Error).message ?? String(error)}` });
    });
  }

  private reject(reason: string): void {
    this.log(`closing a lesson websocket: ${reason}`);
    this.close(CloseCode.PolicyViolation, reason);
  }

  private close(code: number, reason: string): void {
    if (this.closed) return;
    this.release();
    this.ws.close(code, closeReason(reason));
  }

  private release(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.helloTimer);
    this.stopHeartbeat();
    if (this.sessionId) this.service.detach(this, this.sessionId);
  }
}
