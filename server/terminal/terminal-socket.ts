// One websocket between a page and a terminal session. It validates every message at the boundary: anything
// malformed or hostile closes this socket with a clear reason, and the shell behind it keeps running.
import type { RawData, WebSocket } from 'ws';
import {
  BinaryOp,
  CloseCode,
  closeReason,
  PROTOCOL_VERSION,
  type ServerMessage,
} from '../common/protocol.js';
import { parseClientMessage } from './client-message.js';
import { keepAlive } from '../http/socket-keepalive.js';
import { rawDataToBuffer } from '../http/ws-data.js';
import type { SessionManager } from './session-manager.js';
import type { SessionClient, TerminalSession } from './terminal-session.js';

/** A page must say hello within this time. */
export const HELLO_TIMEOUT_MS = 10_000;

export class TerminalSocket implements SessionClient {
  private session: TerminalSession | undefined;
  private readonly helloTimer: NodeJS.Timeout;
  private readonly stopHeartbeat: () => void;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly sessions: SessionManager,
    private readonly log: (message: string) => void,
    /** A classroom seat's socket: its one session, whatever the page asks for. */
    private readonly forcedSessionId?: string,
  ) {
    this.helloTimer = setTimeout(() => this.close(CloseCode.HelloTimeout, 'no hello received in time'), HELLO_TIMEOUT_MS);
    this.stopHeartbeat = keepAlive(ws);
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', () => this.onClose());
    ws.on('error', (error) => this.log(`websocket error: ${error.message}`));
  }

  sendFrame(frame: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame, { binary: true });
  }

  sendMessage(message: ServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.release();
    this.ws.close(code, closeReason(reason));
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    const bytes = rawDataToBuffer(data);
    if (isBinary) {
      if (!this.session) return this.reject('send hello before anything else');
      const op = bytes[0];
      if (op !== BinaryOp.Input) return this.reject(`unknown binary opcode ${op === undefined ? '(empty frame)' : `0x${op.toString(16)}`}`);
      this.session.write(bytes.subarray(1));
      return;
    }
    const parsed = parseClientMessage(bytes.toString('utf8'));
    if (!parsed.ok) return this.reject(parsed.error);
    const message = parsed.value;
    switch (message.type) {
      case 'hello': {
        if (this.session) return this.reject('hello was already sent');
        clearTimeout(this.helloTimer);
        if (message.version !== PROTOCOL_VERSION) {
          this.close(CloseCode.VersionMismatch, `protocol version ${message.version} is not ${PROTOCOL_VERSION}: reload the page`);
          return;
        }
        let opened;
        try {
          opened = this.sessions.open(this.forcedSessionId === undefined ? message : { ...message, sessionId: this.forcedSessionId }, this);
        } catch (error) {
          this.log(`could not start a session: ${(error as Error).message}`);
          this.close(1011, `could not start a shell: ${(error as Error).message}`);
          return;
        }
        if (!opened.ok) {
          this.close(1013, opened.reason);
          return;
        }
        // The session may have ended (and closed us) during attach: then do not hold on to it.
        if (!this.closed) this.session = opened.session;
        return;
      }
      case 'resize':
        if (!this.session) return this.reject('send hello before anything else');
        this.session.resize(message.cols, message.rows);
        return;
      case 'ack':
        if (!this.session) return this.reject('send hello before anything else');
        this.session.ack(message.bytes);
        return;
    }
  }

  private reject(reason: string): void {
    this.log(`closing a websocket: ${reason}`);
    this.close(CloseCode.PolicyViolation, reason);
  }

  private onClose(): void {
    this.release();
  }

  /** This socket is done: stop its timers and hand its session back to the manager (grace period). */
  private release(): void {
    this.closed = true;
    clearTimeout(this.helloTimer);
    this.stopHeartbeat();
    if (this.session) {
      this.sessions.detach(this.session, this);
      this.session = undefined;
    }
  }
}
