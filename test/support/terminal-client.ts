// A real websocket client speaking the terminal protocol, as the page does, for integration tests.
import WebSocket from 'ws';
import { BinaryOp, encodeBinary, PROTOCOL_VERSION, type CommandEvent, type ServerMessage } from '../../server/common/protocol.js';
import type { ServerProcess } from './server-process.js';
import { SocketWaiters } from './socket-waiters.js';

type Ready = Extract<ServerMessage, { type: 'ready' }>;

/** What a client needs of a server: a child process (startServer) or one started in the test's own process. */
export type ServerAddress = Pick<ServerProcess, 'port' | 'token'>;

export interface ConnectOptions {
  sessionId?: string;
  resumeFrom?: number;
  /** Acknowledge output as it arrives (default true). */
  ack?: boolean;
  origin?: string;
  token?: string | null;
  /** More request headers (a classroom learner's Cookie). */
  headers?: Record<string, string>;
  cols?: number;
  rows?: number;
  /** The websocket's path (the lesson socket's client opens /ws/lesson the same way). */
  path?: string;
  /** How long `connect` waits for the server's `ready` (default 10 s; a loaded classroom can take longer). */
  readyTimeoutMs?: number;
}

export class TerminalClient {
  readonly ws: WebSocket;
  /** Set by the server's first message, before any output frame. */
  ready!: Ready;
  /** Output bytes received since `ready.replayFrom`. */
  output = Buffer.alloc(0);
  readonly commands: CommandEvent[] = [];
  /** For each command event, how many output bytes had arrived before it. */
  readonly outputLengthAtCommand: number[] = [];
  readonly messages: ServerMessage[] = [];
  closeInfo: { code: number; reason: string } | undefined;
  // Predicates may read state outside the socket (/proc): checked on a timer as well as on every event.
  private readonly waiters = new SocketWaiters(() => this.closeInfo, () => `output so far:\n${this.text.slice(-2000)}`, 20);
  private readonly autoAck: boolean;

  private constructor(ws: WebSocket, autoAck: boolean) {
    this.ws = ws;
    this.autoAck = autoAck;
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        if (data[0] !== BinaryOp.Output) throw new Error(`unexpected opcode ${data[0]}`);
        this.output = Buffer.concat([this.output, data.subarray(1)]);
        if (this.autoAck) this.ack();
      } else {
        const message = JSON.parse(data.toString()) as ServerMessage;
        this.messages.push(message);
        if (message.type === 'command') {
          this.commands.push(message.event);
          this.outputLengthAtCommand.push(this.output.length);
        }
        if (message.type === 'ready') this.ready = message;
      }
      this.notify();
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.notify();
    });
  }

  static async connect(server: ServerAddress, options: ConnectOptions = {}): Promise<TerminalClient> {
    const ws = await TerminalClient.open(server, options);
    const client = new TerminalClient(ws, options.ack ?? true);
    ws.send(
      JSON.stringify({
        type: 'hello',
        version: PROTOCOL_VERSION,
        cols: options.cols ?? 100,
        rows: options.rows ?? 30,
        resumeFrom: options.resumeFrom ?? 0,
        ...(options.sessionId ? { sessionId: options.sessionId } : {}),
      }),
    );
    await client.waitFor(() => client.ready !== undefined, options.readyTimeoutMs ?? 10_000, 'ready');
    return client;
  }

  /** Opens the websocket only; rejects with the HTTP status when the upgrade is refused. */
  static open(server: ServerAddress, options: ConnectOptions = {}): Promise<WebSocket> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? server.token : options.token;
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${options.path ?? '/ws/terminal'}`, {
      headers,
      ...(options.origin ? { origin: options.origin } : {}),
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Total output offset the client holds (what it would resume from). */
  get processed(): number {
    return this.ready.replayFrom + this.output.length;
  }

  get text(): string {
    return this.output.toString('utf8');
  }

  ack(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'ack', bytes: this.processed }));
  }

  type(text: string): void {
    this.ws.send(encodeBinary(BinaryOp.Input, Buffer.from(text)));
  }

  /** Types a command line and waits for its event. */
  async run(line: string, timeoutMs = 10_000): Promise<CommandEvent> {
    const before = this.commands.length;
    this.type(`${line}\r`);
    await this.waitFor(() => this.commands.length > before, timeoutMs, `the event of ${JSON.stringify(line)}`);
    return this.commands[before] as CommandEvent;
  }

  /** Waits for the next prompt (the integration's prompt-end mark) after the given output offset. */
  async waitForPrompt(afterLength = 0, timeoutMs = 10_000): Promise<void> {
    await this.waitFor(() => this.output.indexOf('\x1b]633;B;', afterLength) !== -1, timeoutMs, 'a prompt');
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
