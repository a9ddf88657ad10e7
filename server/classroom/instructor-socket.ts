// The instructor's websocket: the room as it changes (sent when it differs, checked every second and at once on
// joins, seats and broadcasts), one learner's terminal read-only (its kept output, then live, as binary frames),
// broadcasts and extensions. Hostile or malformed messages close only this socket.
import { z } from 'zod';
import type { RawData, WebSocket } from 'ws';
import { CLASSROOM_PROTOCOL_VERSION, MAX_BROADCAST_CHARS, type InstructorServerMessage } from '../common/classroom-protocol.js';
import { CloseCode } from '../common/protocol.js';
import { keepAlive } from '../http/socket-keepalive.js';
import { rawDataToBuffer } from '../http/ws-data.js';
import { parseJsonMessage } from '../terminal/client-message.js';
import { JoinError, type Classroom } from './classroom.js';

const MESSAGE = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), version: z.number().int() }).strict(),
  z.object({ type: z.literal('watch'), learnerId: z.string().regex(/^[0-9a-f]{32}$/) }).strict(),
  z.object({ type: z.literal('unwatch') }).strict(),
  z.object({ type: z.literal('broadcast'), text: z.string().max(MAX_BROADCAST_CHARS * 4) }).strict(),
  z.object({ type: z.literal('extend'), learnerId: z.string().regex(/^[0-9a-f]{32}$/) }).strict(),
]);

const ROOM_EVERY_MS = 1000;

export class InstructorSocket {
  private hello = false;
  private lastRoom = '';
  private readonly timer: NodeJS.Timeout;
  private readonly stopHeartbeat: () => void;
  private readonly offChange: () => void;
  private stopWatching: (() => void) | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly classroom: Classroom,
    private readonly joinUrl: string,
    private readonly log: (message: string) => void,
  ) {
    this.stopHeartbeat = keepAlive(ws);
    this.timer = setInterval(() => this.sendRoom(), ROOM_EVERY_MS);
    this.offChange = classroom.onChange(() => this.sendRoom());
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', () => this.release());
    ws.on('error', (error) => this.log(`instructor websocket error: ${error.message}`));
  }

  private send(message: InstructorServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  private sendRoom(): void {
    if (!this.hello) return;
    const text = JSON.stringify({ type: 'room', room: this.classroom.room(this.joinUrl) } satisfies InstructorServerMessage);
    if (text === this.lastRoom) return;
    this.lastRoom = text;
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(text);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (isBinary) return this.refuse('the instructor socket takes JSON text messages');
    const parsed = parseJsonMessage(MESSAGE, rawDataToBuffer(data).toString('utf8'));
    if (!parsed.ok) return this.refuse(parsed.error);
    const message = parsed.value;
    if (message.type === 'hello') {
      if (message.version !== CLASSROOM_PROTOCOL_VERSION) {
        this.ws.close(CloseCode.VersionMismatch, 'classroom protocol version differs: reload the page');
        return;
      }
      this.hello = true;
      this.sendRoom();
      return;
    }
    if (!this.hello) return this.refuse('send hello before anything else');
    switch (message.type) {
      case 'watch':
        return this.watch(message.learnerId);
      case 'unwatch':
        this.stopWatching?.();
        this.stopWatching = undefined;
        return;
      case 'broadcast':
        try {
          this.classroom.broadcast(message.text);
        } catch (error) {
          if (!(error instanceof JoinError)) throw error;
          this.send({ type: 'error', message: error.message });
        }
        return;
      case 'extend':
        if (!this.classroom.extend(message.learnerId)) this.send({ type: 'error', message: 'that learner has no seat now' });
        return;
    }
  }

  private watch(learnerId: string): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
    const seat = this.classroom.seatOf(learnerId);
    const session = seat?.sessions.all()[0];
    if (!seat || !session) {
      this.send({ type: 'watch-ended', learnerId, reason: seat ? 'their terminal is not open' : 'they have no seat now' });
      return;
    }
    this.send({ type: 'watching', learnerId, name: seat.name, cols: session.cols, rows: session.rows });
    const frame = (bytes: Uint8Array): void => {
      if (this.ws.readyState === this.ws.OPEN) this.ws.send(bytes, { binary: true });
    };
    const observed = session.observe(frame);
    frame(observed.replay);
    const offExit = session.onExited(() => {
      this.send({ type: 'watch-ended', learnerId, reason: 'their shell ended' });
      this.stopWatching?.();
      this.stopWatching = undefined;
    });
    this.stopWatching = () => {
      observed.stop();
      offExit();
    };
  }

  private refuse(reason: string): void {
    this.log(`instructor socket: ${reason}`);
    this.ws.close(CloseCode.PolicyViolation, reason.slice(0, 120));
  }

  private release(): void {
    clearInterval(this.timer);
    this.stopHeartbeat();
    this.offChange();
    this.stopWatching?.();
  }
}
