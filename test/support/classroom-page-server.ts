// A stand-in for the classroom's server, for the pages' own rendering tests while the real one is being built:
// serves the built client (dist/client, as the real server loads it, with its content security policy), answers
// POST /api/join as the test says, and speaks the websockets' protocols from the test's hands: every socket is
// recorded with the JSON it received, and the test sends what the server would.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadStaticFiles } from '../../server/http/static-files.js';
import { until } from './wait.js';

export const CLIENT_DIR = fileURLToPath(new URL('../../client/', import.meta.url));

/** The real server's policy (server/http/http-server.ts): a page that breaks it logs console errors. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The pages by address, as the server routes them. */
const PAGES: Record<string, string> = { '/': 'index.html', '/instructor': 'instructor.html', '/join': 'join.html' };

export interface FakeSocket {
  path: string;
  ws: WebSocket;
  /** JSON text frames received, parsed, oldest first. */
  received: Record<string, unknown>[];
  closed: boolean;
  send(message: unknown): void;
  sendBinary(bytes: Uint8Array): void;
}

export interface ClassroomPageServer {
  url: string;
  sockets: FakeSocket[];
  /** Every POST /api/join body, parsed. */
  joins: unknown[];
  /** The answer to the next POST /api/join: status and JSON body. */
  joinAnswer: { status: number; body: unknown };
  /** Called for each new socket, before any frame: a test answers hellos here. */
  onSocket: (socket: FakeSocket) => void;
  /** The newest socket on `path` that is still open, once there is one. */
  socket(path: string, timeoutMs?: number): Promise<FakeSocket>;
  /** The first message of `type` that `socket` received at or after index `from`, once it arrives. */
  message(socket: FakeSocket, type: string, from?: number, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startClassroomPageServer(): Promise<ClassroomPageServer> {
  const files = loadStaticFiles(CLIENT_DIR);
  const sockets: FakeSocket[] = [];
  const wss = new WebSocketServer({ noServer: true });

  const self: ClassroomPageServer = {
    url: '',
    sockets,
    joins: [],
    joinAnswer: { status: 200, body: { ok: true, learnerId: 'l1', name: 'Ada', rejoined: false } },
    onSocket: () => undefined,
    socket: (path, timeoutMs = 10_000) =>
      until(`a socket on ${path}`, () => sockets.filter((s) => s.path === path && !s.closed).at(-1), timeoutMs),
    message: (socket, type, from = 0, timeoutMs = 10_000) =>
      until(`a ${type} message on ${socket.path}`, () => socket.received.slice(from).find((m) => m['type'] === type), timeoutMs),
    close: async () => {
      for (const s of sockets) s.ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, type: string, body: string | Buffer): void => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (req.method === 'POST' && path === '/api/join') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        self.joins.push(JSON.parse(body) as unknown);
        send(self.joinAnswer.status, 'application/json', JSON.stringify(self.joinAnswer.body));
      });
      return;
    }
    const name = PAGES[path] ?? (path.startsWith('/assets/') ? path.slice('/assets/'.length) : '');
    const file = files.get(name);
    if (!file) return send(404, 'text/plain', 'not found\n');
    send(200, file.type, file.body);
  };

  const server: Server = createServer(handle);
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const fake: FakeSocket = {
        path,
        ws,
        received: [],
        closed: false,
        send: (message) => ws.send(JSON.stringify(message)),
        sendBinary: (bytes) => ws.send(bytes, { binary: true }),
      };
      sockets.push(fake);
      ws.on('message', (data, isBinary) => {
        if (!isBinary) fake.received.push(JSON.parse(String(data)) as Record<string, unknown>);
      });
      ws.on('close', () => (fake.closed = true));
      self.onSocket(fake);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return self;
}
