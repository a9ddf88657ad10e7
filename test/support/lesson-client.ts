// A real websocket client speaking the lesson protocol, as the page does, for integration tests.
import type WebSocket from 'ws';
import {
  LESSON_PATH,
  LESSON_PROTOCOL_VERSION,
  type LessonClientMessage,
  type LessonServerMessage,
  type ProgressView,
} from '../../server/common/lesson-protocol.js';
import { SocketWaiters } from './socket-waiters.js';
import { TerminalClient, type ConnectOptions, type ServerAddress } from './terminal-client.js';

type Of<T extends LessonServerMessage['type']> = Extract<LessonServerMessage, { type: T }>;

export class LessonClient {
  readonly messages: LessonServerMessage[] = [];
  /** When each message arrived (ms since epoch): latency measurements read it. */
  readonly receivedAt = new WeakMap<LessonServerMessage, number>();
  closeInfo: { code: number; reason: string } | undefined;
  private readonly waiters = new SocketWaiters(
    () => this.closeInfo,
    () => `messages: ${JSON.stringify(this.messages.map((m) => (m.type === 'verdict' ? m : m.type))).slice(-2000)}`,
  );

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as LessonServerMessage;
      this.receivedAt.set(message, Date.now());
      this.messages.push(message);
      this.notify();
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.notify();
    });
  }

  /** Opens /ws/lesson and says hello; does not wait for the answer (see `lesson()`). */
  static async connect(
    server: ServerAddress,
    hello: { sessionId: string; lessonId?: string; locale?: string },
    options: ConnectOptions = {},
  ): Promise<LessonClient> {
    const client = await LessonClient.open(server, options);
    client.send({ type: 'hello', version: LESSON_PROTOCOL_VERSION, ...hello });
    return client;
  }

  static async open(server: ServerAddress, options: ConnectOptions = {}): Promise<LessonClient> {
    return new LessonClient(await TerminalClient.open(server, { ...options, path: LESSON_PATH }));
  }

  send(message: LessonClientMessage | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  all<T extends LessonServerMessage['type']>(type: T): Of<T>[] {
    return this.messages.filter((m): m is Of<T> => m.type === type);
  }

  last<T extends LessonServerMessage['type']>(type: T): Of<T> | undefined {
    return this.all(type).at(-1);
  }

  /** The latest progress: from the last `progress` or `lesson` message. */
  get progress(): ProgressView | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (m.type === 'progress' || m.type === 'lesson') return m.progress;
    }
    return undefined;
  }

  /** Waits for a message of this type (after index `from`) that satisfies `match`. */
  async next<T extends LessonServerMessage['type']>(type: T, match: (m: Of<T>) => boolean = () => true, timeoutMs = 10_000, from = 0): Promise<Of<T>> {
    let found: Of<T> | undefined;
    await this.waitFor(() => {
      found = this.messages.slice(from).find((m): m is Of<T> => m.type === type && match(m as Of<T>));
      return found !== undefined;
    }, timeoutMs, `a ${type} message`);
    return found!;
  }

  waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return this.waiters.waitFor(predicate, timeoutMs, what);
  }

  waitForClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return this.waiters.waitForClose(timeoutMs);
  }

  close(): Promise<void> {
    return this.waiters.close(this.ws);
  }

  private notify(): void {
    this.waiters.notify();
  }
}
