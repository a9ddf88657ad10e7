// The classroom's HTTP front. Learners: /join (public: the form), POST /api/join (code + name -> their cookie),
// then / and the terminal and lesson websockets, which reach only their own seat. The instructor: /instructor
// (?token= once, then a cookie), /ws/instructor and the exports. Static assets are public (nothing secret in
// them); every websocket checks Origin; every other request needs the learner's or the instructor's token.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { EXPORT_CSV_PATH, EXPORT_JSON_PATH, INSTRUCTOR_PATH, JOIN_PATH, MAX_INSTRUCTOR_MESSAGE_BYTES, type JoinResponse } from '../common/classroom-protocol.js';
import { LESSON_PATH, MAX_LESSON_MESSAGE_BYTES } from '../common/lesson-protocol.js';
import { MAX_MESSAGE_BYTES } from '../common/protocol.js';
import { authenticate, cookieName, originAllowed, parseCookies } from '../http/auth.js';
import { localPort, requestUrl, SECURITY_HEADERS, send, TERMINAL_PATH } from '../http/http-server.js';
import type { StaticFile } from '../http/static-files.js';
import { LessonSocket } from '../lessons/service/lesson-socket.js';
import { TerminalSocket } from '../terminal/terminal-socket.js';
import { JoinError, type Classroom } from './classroom.js';
import type { LearnerRecord } from './classroom-store.js';
import { InstructorSocket } from './instructor-socket.js';
import { JoinLimiter } from './join-limiter.js';

export interface ClassroomHttpOptions {
  classroom: Classroom;
  origins: ReadonlySet<string>;
  files: ReadonlyMap<string, StaticFile>;
  /** The address learners open (with ?code=), for the instructor's page. */
  joinUrl: () => string;
  log: (message: string) => void;
}

const MAX_JOIN_BODY = 4096;

export function learnerCookie(port: number): string {
  return `kubeclass_learner_${port}`;
}

export function createClassroomServer(options: ClassroomHttpOptions): Server {
  const { classroom } = options;
  const terminalWss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const lessonWss = new WebSocketServer({ noServer: true, maxPayload: MAX_LESSON_MESSAGE_BYTES, perMessageDeflate: false });
  const instructorWss = new WebSocketServer({ noServer: true, maxPayload: MAX_INSTRUCTOR_MESSAGE_BYTES, perMessageDeflate: false });
  const learnerOf = (req: IncomingMessage): LearnerRecord | undefined => classroom.learnerByToken(parseCookies(req.headers.cookie).get(learnerCookie(localPort(req))));
  const isInstructor = (req: IncomingMessage, url: URL): boolean => authenticate(req, url, classroom.instructorToken, localPort(req)) !== undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log(`classroom request failed: ${(error as Error).message}`);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    const head = req.method === 'HEAD';
    const page = (name: string): void => {
      const file = options.files.get(name);
      if (!file) return send(res, 404, 'text/plain; charset=utf-8', `${name} is not built: run npm run build\n`, head);
      send(res, 200, file.type, file.body, head);
    };
    if (url.pathname === JOIN_PATH) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'POST a join request\n');
      if (!originAllowed(req, options.origins)) return send(res, 403, 'application/json', JSON.stringify({ ok: false, error: 'this page is not from the classroom server' } satisfies JoinResponse));
      return join(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    }
    if (url.pathname === '/healthz') return send(res, 200, 'text/plain; charset=utf-8', 'ok\n', head);
    if (url.pathname.startsWith('/assets/')) {
      const file = options.files.get(url.pathname.slice(8));
      return file ? send(res, 200, file.type, file.body, head) : send(res, 404, 'text/plain; charset=utf-8', 'not found\n', head);
    }
    if (url.pathname === '/join') return page('join.html');
    if (url.pathname === '/instructor' || url.pathname === EXPORT_CSV_PATH || url.pathname === EXPORT_JSON_PATH) {
      const source = authenticate(req, url, classroom.instructorToken, localPort(req));
      if (!source) return send(res, 401, 'text/plain; charset=utf-8', 'the instructor address (with its token) is printed by kubeclass classroom\n', head);
      if (source === 'query' && url.pathname === '/instructor') {
        const cookie = `${cookieName(localPort(req))}=${encodeURIComponent(classroom.instructorToken)}; Path=/; HttpOnly; SameSite=Strict`;
        res.writeHead(302, { ...SECURITY_HEADERS, 'Set-Cookie': cookie, Location: '/instructor' });
        res.end();
        return;
      }
      if (url.pathname === EXPORT_CSV_PATH) return download(res, 'text/csv; charset=utf-8', `${classroom.lesson.id}-results.csv`, classroom.exportCsv());
      if (url.pathname === EXPORT_JSON_PATH) return download(res, 'application/json', `${classroom.lesson.id}-results.json`, classroom.exportJson());
      return page('instructor.html');
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (learnerOf(req)) return page('index.html');
      res.writeHead(302, { ...SECURITY_HEADERS, Location: isInstructor(req, url) ? '/instructor' : '/join' });
      res.end();
      return;
    }
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n', head);
  }

  const limiter = new JoinLimiter();

  async function join(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const address = req.socket.remoteAddress ?? '?';
    const answer = (status: number, body: JoinResponse, cookie?: string): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...(cookie ? { 'Set-Cookie': cookie } : {}) });
      res.end(text);
    };
    let raw = '';
    try {
      raw = await readBody(req, MAX_JOIN_BODY);
    } catch (error) {
      return answer(413, { ok: false, error: (error as Error).message });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return answer(400, { ok: false, error: 'the join request is not JSON' });
    }
    const { code, name } = (body ?? {}) as { code?: unknown; name?: unknown };
    if (typeof code !== 'string' || typeof name !== 'string') return answer(400, { ok: false, error: 'a join request has a code and a name' });
    if (!classroom.codeMatches(code)) {
      const wait = limiter.waitFor(address);
      if (wait > 0) return answer(429, { ok: false, error: `too many wrong codes from this laptop: try again in ${Math.ceil(wait / 1000)} s` });
      limiter.failed(address);
    }
    try {
      const joined = classroom.join(code, name);
      const cookie = `${learnerCookie(localPort(req))}=${encodeURIComponent(joined.token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${14 * 24 * 3600}`;
      answer(200, { ok: true, learnerId: joined.learnerId, name: joined.name, rejoined: joined.rejoined }, cookie);
    } catch (error) {
      if (!(error instanceof JoinError)) throw error;
      answer(error.message.startsWith('that join code') ? 403 : 400, { ok: false, error: error.message });
    }
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = requestUrl(req);
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (![TERMINAL_PATH, LESSON_PATH, INSTRUCTOR_PATH].includes(url.pathname)) return refuse(404, 'Not Found');
    if (!originAllowed(req, options.origins)) {
      options.log(`refused a websocket from origin ${req.headers.origin ?? '?'}`);
      return refuse(403, 'Forbidden');
    }
    if (url.pathname === INSTRUCTOR_PATH) {
      if (!isInstructor(req, url)) return refuse(401, 'Unauthorized');
      instructorWss.handleUpgrade(req, socket, head, (ws) => new InstructorSocket(ws, classroom, options.joinUrl(), options.log));
      return;
    }
    const learner = learnerOf(req);
    if (!learner) return refuse(401, 'Unauthorized');
    classroom.seatFor(learner).then(
      (seat) => {
        const accept = url.pathname === TERMINAL_PATH ? terminalWss : lessonWss;
        accept.handleUpgrade(req, socket, head, (ws: WebSocket) => {
          // Anything the learner sends keeps their seat.
          ws.on('message', () => classroom.touch(learner.id));
          if (url.pathname === TERMINAL_PATH) new TerminalSocket(ws, seat.sessions, options.log, learner.id);
          else {
            new LessonSocket(ws, seat.lessons, options.log, { sessionId: learner.id, lessonId: classroom.lesson.id });
            seat.addPeer(ws);
          }
        });
      },
      (error: unknown) => {
        options.log(`no seat for ${learner.name}: ${(error as Error).message}`);
        refuse(503, 'Service Unavailable');
      },
    );
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  server.on('close', () => {
    terminalWss.close();
    lessonWss.close();
    instructorWss.close();
  });
  return server;
}

function download(res: ServerResponse, type: string, filename: string, body: string): void {
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Disposition': `attachment; filename="${filename}"`, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`a join request is at most ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
