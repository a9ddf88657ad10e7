// The HTTP front: the page, its assets, the terminal and lesson websockets, all behind the token and the Origin check.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { LESSON_PATH, MAX_LESSON_MESSAGE_BYTES } from '../common/lesson-protocol.js';
import { MAX_MESSAGE_BYTES } from '../common/protocol.js';
import type { LessonService } from '../lessons/service/lesson-service.js';
import { LessonSocket } from '../lessons/service/lesson-socket.js';
import type { SessionManager } from '../terminal/session-manager.js';
import { TerminalSocket } from '../terminal/terminal-socket.js';
import { authenticate, cookieName, originAllowed } from './auth.js';
import type { StaticFile } from './static-files.js';

export const TERMINAL_PATH = '/ws/terminal';

/** No inline script, no eval, nothing from elsewhere. xterm.js sets inline styles, hence 'unsafe-inline' there. */
const CONTENT_SECURITY_POLICY = [
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

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The token travels in the first URL: never leak it through Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const UNAUTHORIZED_PAGE = `<!doctype html><meta charset="utf-8"><title>kubeclass: token needed</title>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>kubeclass needs its access token</h1>
<p>Open the address that <code>kubeclass start</code> (or <code>npm start</code>) printed in its terminal:
it ends with <code>?token=...</code>. Restarted the server? Its token may have changed: copy the new address.</p>
</body>`;

export interface HttpServerOptions {
  token: string;
  origins: ReadonlySet<string>;
  files: ReadonlyMap<string, StaticFile>;
  sessions: SessionManager;
  /** Lessons beside the terminal; without it /ws/lesson answers 404. */
  lessons?: LessonService | undefined;
  log: (message: string) => void;
}

export function createHttpServer(options: HttpServerOptions): Server {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Terminal output is mostly small echoes; compression costs latency and memory per socket.
    perMessageDeflate: false,
  });
  const lessonWss = new WebSocketServer({ noServer: true, maxPayload: MAX_LESSON_MESSAGE_BYTES, perMessageDeflate: false });
  const server = createServer((req, res) => handleRequest(options, req, res));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = requestUrl(req);
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const lessons = options.lessons;
    if (url.pathname !== TERMINAL_PATH && !(url.pathname === LESSON_PATH && lessons)) return refuse(404, 'Not Found');
    if (!originAllowed(req, options.origins)) {
      options.log(`refused a websocket from origin ${req.headers.origin ?? '?'}`);
      return refuse(403, 'Forbidden');
    }
    if (!authenticate(req, url, options.token, localPort(req))) return refuse(401, 'Unauthorized');
    if (url.pathname === LESSON_PATH && lessons) {
      lessonWss.handleUpgrade(req, socket, head, (ws) => {
        new LessonSocket(ws, lessons, options.log);
      });
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      new TerminalSocket(ws, options.sessions, options.log);
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  server.on('close', () => {
    wss.close();
    lessonWss.close();
  });
  return server;
}

/** The port this request came in on (what the page's cookie is named after). */
export function localPort(req: IncomingMessage): number {
  return req.socket.localPort ?? 0;
}

/** Prefixing (not resolving against a base) keeps `//x/y` a path, not a host. */
export function requestUrl(req: IncomingMessage): URL {
  const target = req.url?.startsWith('/') ? req.url : '/';
  try {
    return new URL(`http://kubeclass.invalid${target}`);
  } catch {
    return new URL('http://kubeclass.invalid/');
  }
}

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer, head = false): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

function handleRequest(options: HttpServerOptions, req: IncomingMessage, res: ServerResponse): void {
  const url = requestUrl(req);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  }
  const head = req.method === 'HEAD';
  const source = authenticate(req, url, options.token, localPort(req));
  if (!source) return send(res, 401, 'text/html; charset=utf-8', UNAUTHORIZED_PAGE, head);
  if (source === 'query' && (url.pathname === '/' || url.pathname === '/index.html')) {
    // Trade the token in the address for a cookie, and drop it from the address bar and history.
    url.searchParams.delete('token');
    const cookie = `${cookieName(localPort(req))}=${encodeURIComponent(options.token)}; Path=/; HttpOnly; SameSite=Strict`;
    res.writeHead(302, { ...SECURITY_HEADERS, 'Set-Cookie': cookie, Location: `/${url.search}` });
    res.end();
    return;
  }
  if (url.pathname === '/healthz') return send(res, 200, 'text/plain; charset=utf-8', 'ok\n', head);
  const name = url.pathname === '/' ? 'index.html' : url.pathname.startsWith('/assets/') ? url.pathname.slice(8) : '';
  const file = options.files.get(name);
  if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n', head);
  send(res, 200, file.type, file.body, head);
}
