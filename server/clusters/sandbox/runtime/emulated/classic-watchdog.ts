// OpenFaaS's classic watchdog (fwatchdog): an HTTP server that forks `fprocess` for every request, the request
// body on its stdin, its output as the response. The fork is real: a confined host process in the container's
// context (ProgramContext.spawn), so `cat`, `wc`, `base64`, `sha512sum` or `figlet` answer what those programs
// answer. As upstream, fprocess is split on single spaces and executed without a shell.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecResult } from '../container-exec.js';
import { goLogTime, portOf, type ProgramContext, type ProgramDefinition } from './program.js';

/** The sandbox's own cap on a function's output (the real watchdog has none): the process is killed past it. */
export const WATCHDOG_OUTPUT_CAP = 8 * 1024 * 1024;
const METHODS = new Set(['POST', 'PUT', 'DELETE', 'UPDATE', 'GET', 'PATCH']);

interface WatchdogConfig {
  fprocess: string;
  readTimeoutMs: number;
  writeTimeoutMs: number;
  execTimeoutMs: number;
  contentType: string | undefined;
  cgiHeaders: boolean;
  combineOutput: boolean;
  writeDebug: boolean;
}

/** The watchdog's reading of a timeout: a bare number is seconds, otherwise a Go duration; else the default. */
export function parseWatchdogDuration(value: string | undefined, fallbackMs: number): number {
  if (value === undefined || value === '') return fallbackMs;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = value;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/.exec(rest);
    if (!m) return fallbackMs;
    total += Number(m[1]) * (units[m[2] ?? 's'] ?? 0);
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** Go's time.Duration String() for whole milliseconds: 5s, 1m5s, 0s, 1.5s. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${Number(s.toFixed(3))}s`;
}

function readConfig(env: Readonly<Record<string, string>>): WatchdogConfig {
  const flag = (name: string, fallback: boolean): boolean => (env[name] === undefined ? fallback : env[name] === 'true');
  return {
    fprocess: env.fprocess ?? '',
    readTimeoutMs: parseWatchdogDuration(env.read_timeout, 5000),
    writeTimeoutMs: parseWatchdogDuration(env.write_timeout, 5000),
    execTimeoutMs: parseWatchdogDuration(env.exec_timeout, 0),
    contentType: env.content_type || undefined,
    cgiHeaders: flag('cgi_headers', true),
    combineOutput: flag('combine_output', true),
    writeDebug: flag('write_debug', false),
  };
}

/** Go's canonical header key: `x-call-id` is `X-Call-Id`. */
function canonicalKey(name: string): string {
  return name
    .toLowerCase()
    .split('-')
    .map((part) => (part.length > 0 ? part[0]!.toUpperCase() + part.slice(1) : part))
    .join('-');
}

/** The CGI-style variables the watchdog adds for the process: one per header (first value), method, length, query, path. */
export function watchdogEnv(req: IncomingMessage, bodyLength: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const key = `Http_${canonicalKey(req.rawHeaders[i] ?? '').replaceAll('-', '_')}`;
    if (key === 'Http_Host') continue; // Go moves Host out of the header map
    if (!(key in env)) env[key] = req.rawHeaders[i + 1] ?? '';
  }
  env.Http_Method = req.method ?? 'GET';
  // Go's r.ContentLength: the declared length, -1 when chunked, 0 without a body.
  const declared = req.headers['content-length'];
  env.Http_ContentLength = declared !== undefined ? String(Number(declared)) : req.headers['transfer-encoding'] ? '-1' : String(bodyLength > 0 ? -1 : 0);
  const url = new URL(req.url ?? '/', 'http://watchdog');
  const query = url.search.replace(/^\?/, '');
  if (query !== '') env.Http_Query = query;
  if (url.pathname !== '') env.Http_Path = url.pathname;
  return env;
}

/** What Go's http.DetectContentType would say of plain output, roughly: text unless it has NULs or bad UTF-8. */
function sniffContentType(out: Buffer): string {
  if (out.length === 0 || (!out.includes(0) && Buffer.from(out.toString('utf8'), 'utf8').equals(out))) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}

function send(res: ServerResponse, status: number, body: Buffer | string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const data = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers, 'Content-Length': String(data.length), Date: new Date().toUTCString() });
  res.end(data);
}

function pipeRequest(context: ProgramContext, config: WatchdogConfig, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const started = process.hrtime.bigint();
  const seconds = (): string => (Number(process.hrtime.bigint() - started) / 1e9).toFixed(6);
  context.log(`${goLogTime()} Forking fprocess.`);
  const argv = config.fprocess.split(' ');
  const out: Buffer[] = [];
  const errOut: Buffer[] = [];
  let outBytes = 0;
  let over = false;
  let killedBy: 'exec' | 'write' | undefined;
  const child = context.spawn?.(argv, {
    stdin: true,
    tty: false,
    viaForkHelper: true,
    env: config.cgiHeaders ? watchdogEnv(req, body.length) : {},
    output: (stream, data) => {
      outBytes += data.length;
      if (outBytes > WATCHDOG_OUTPUT_CAP && !over) {
        over = true;
        child?.kill();
      }
      if (over) return;
      if (stream === 'stdout' || config.combineOutput) out.push(data);
      else errOut.push(data);
    },
  });
  if (!child) {
    send(res, 500, 'the container is not running\n');
    return;
  }
  child.write(body);
  child.endInput();
  const timers: NodeJS.Timeout[] = [];
  if (config.execTimeoutMs > 0) {
    timers.push(
      setTimeout(() => {
        killedBy = 'exec';
        context.log(`${goLogTime()} Killing process: ${config.fprocess}`);
        send(res, 408, 'Killed process.\n');
        child.kill();
      }, config.execTimeoutMs),
    );
  }
  if (config.execTimeoutMs === 0 || config.execTimeoutMs > config.writeTimeoutMs) {
    // Past write_timeout Go's server can no longer answer and drops the connection. The sandbox also ends the
    // process there, so nothing a function starts outlives its request for long.
    timers.push(
      setTimeout(() => {
        killedBy = 'write';
        child.kill();
        res.destroy();
      }, config.writeTimeoutMs),
    );
  }
  void child.exited.then((result: ExecResult) => {
    for (const t of timers) clearTimeout(t);
    if (killedBy) return;
    const output = Buffer.concat(out);
    if (over) {
      send(res, 500, `output exceeded the sandbox's cap of ${WATCHDOG_OUTPUT_CAP} bytes\n`);
      return;
    }
    if ('startError' in result || result.exitCode !== 0) {
      const reason = 'startError' in result ? result.startError : result.exitCode > 128 ? `signal: ${signalName(result.exitCode - 128)}` : `exit status ${result.exitCode}`;
      if (config.writeDebug) context.log(`${goLogTime()} Success=false, Error=${reason}`);
      if (errOut.length > 0) context.log(`${goLogTime()} stderr: ${Buffer.concat(errOut).toString()}`);
      send(res, 500, Buffer.concat([Buffer.from(`${reason}\n`), output, Buffer.concat(errOut)]));
      return;
    }
    if (errOut.length > 0) context.log(`${goLogTime()} stderr: ${Buffer.concat(errOut).toString()}`);
    const contentType = config.contentType ?? req.headers['content-type'] ?? sniffContentType(output);
    const duration = seconds();
    send(res, 200, output, { 'Content-Type': contentType, 'X-Duration-Seconds': duration });
    context.log(`${goLogTime()} Wrote ${output.length} Bytes - Duration: ${duration} seconds`);
  });
}

function signalName(n: number): string {
  return n === 9 ? 'killed' : n === 15 ? 'terminated' : `signal ${n}`;
}

export const openfaasWatchdog: ProgramDefinition = {
  binaries: ['fwatchdog', '/usr/bin/fwatchdog', './fwatchdog'],
  start(context) {
    const config = readConfig(context.env);
    if (config.fprocess === '') {
      // log.Panicln: the message, then Go's panic exit status.
      context.log(`${goLogTime()} Provide a valid process via fprocess environmental variable.`);
      context.exit(2);
      return {};
    }
    const port = portOf(context.env.port, 8080);
    context.log(`${goLogTime()} Version: 0.9.14\tSHA: 7a5b9e0e3c5f2dd4b4f5e1c8f3d0b6a2e9c1d4f7`);
    context.log(`${goLogTime()} Timeouts: read: ${goDuration(config.readTimeoutMs)}, write: ${goDuration(config.writeTimeoutMs)} hard: ${goDuration(config.execTimeoutMs)}.`);
    logWatchdogListening(context, port);
    return {
      http: (p) =>
        p !== port
          ? undefined
          : (req, res) => {
              const path = (req.url ?? '/').split('?')[0];
              if (path === '/_/health' && req.method === 'GET') {
                send(res, 200, 'OK');
                return;
              }
              if (!METHODS.has(req.method ?? '')) {
                send(res, 405, '');
                return;
              }
              const chunks: Buffer[] = [];
              req.on('data', (chunk: Buffer) => chunks.push(chunk));
              req.on('end', () => pipeRequest(context, config, req, res, Buffer.concat(chunks)));
            },
      signal(name) {
        if (name !== 'SIGTERM') return false;
        context.log(`${goLogTime()} SIGTERM received.. shutting down server in ${goDuration(config.writeTimeoutMs)}`);
        context.log(`${goLogTime()} No new connections allowed. Exiting in: ${goDuration(config.writeTimeoutMs)}`);
        context.exit(0);
        return true;
      },
    };
  },
};

/** What both watchdogs (classic and of-watchdog) print once they serve: the port, the lock file, metrics. */
export function logWatchdogListening(context: ProgramContext, port: number): void {
  context.log(`${goLogTime()} Listening on port: ${port}`);
  context.log(`${goLogTime()} Writing lock-file to: /tmp/.lock`);
  context.log(`${goLogTime()} Metrics listening on port: 8081`);
}
