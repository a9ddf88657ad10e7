// Is a Docker daemon answering? Talks to the Docker Engine API (GET /_ping, GET /version) on its socket, as the
// docker CLI does, with node:http: DOCKER_HOST is honoured (unix:// and plain tcp://).
import { request } from 'node:http';
import type { CheckResult } from '../check.js';

export type DockerEndpoint =
  | { kind: 'unix'; socketPath: string; shown: string }
  | { kind: 'tcp'; host: string; port: number; shown: string }
  | { kind: 'unsupported'; shown: string; why: string };

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export function dockerEndpoint(env: Readonly<Record<string, string | undefined>>): DockerEndpoint {
  const host = env.DOCKER_HOST?.trim();
  if (!host) return { kind: 'unix', socketPath: DEFAULT_DOCKER_SOCKET, shown: DEFAULT_DOCKER_SOCKET };
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    return { kind: 'unix', socketPath, shown: socketPath };
  }
  if (host.startsWith('tcp://')) {
    if (env.DOCKER_TLS_VERIFY) return { kind: 'unsupported', shown: host, why: 'DOCKER_TLS_VERIFY is set, and kubeclass does not speak TLS to Docker' };
    try {
      const url = new URL(`http://${host.slice('tcp://'.length)}`);
      return { kind: 'tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 2375), shown: host };
    } catch {
      return { kind: 'unsupported', shown: host, why: 'it is not a valid tcp://HOST:PORT address' };
    }
  }
  return { kind: 'unsupported', shown: host, why: 'only unix:// and tcp:// addresses are supported (not ssh:// or npipe://)' };
}

interface EngineAnswer {
  status: number;
  body: string;
}

function engineGet(endpoint: Exclude<DockerEndpoint, { kind: 'unsupported' }>, path: string, timeoutMs: number): Promise<EngineAnswer> {
  return new Promise((resolve, reject) => {
    const target = endpoint.kind === 'unix' ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port };
    const req = request({ ...target, path, method: 'GET', headers: { Host: 'docker' }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

const FALLBACK = 'or run without Docker: --cluster sandbox';

function failureFix(code: string | undefined, endpoint: DockerEndpoint): string {
  const where = endpoint.shown;
  switch (code) {
    case 'ENOENT':
      return `start Docker (Linux: sudo systemctl start docker; macOS/Windows: start Docker Desktop), or point DOCKER_HOST at its socket (rootless Docker: export DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock); ${FALLBACK}`;
    case 'EACCES':
      return `you may not use ${where}: add yourself to the docker group (sudo usermod -aG docker $USER, then log in again), or use rootless Docker; ${FALLBACK}`;
    case 'ECONNREFUSED':
      return `the Docker daemon is not running at ${where}: start it (sudo systemctl start docker, or Docker Desktop); ${FALLBACK}`;
    case 'ETIMEDOUT':
      return `the Docker daemon at ${where} is stuck: restart it (sudo systemctl restart docker, or restart Docker Desktop); ${FALLBACK}`;
    default:
      return `check that the Docker daemon runs and answers at ${where} (docker info); ${FALLBACK}`;
  }
}

/** GET /_ping, then /version for the engine version. */
export async function checkDocker(env: Readonly<Record<string, string | undefined>>, timeoutMs = 2000): Promise<CheckResult> {
  const name = 'Docker daemon';
  const endpoint = dockerEndpoint(env);
  if (endpoint.kind === 'unsupported') {
    return { ok: false, name, detail: `DOCKER_HOST=${endpoint.shown} is not supported: ${endpoint.why}`, fix: `set DOCKER_HOST to the daemon's unix:// socket (or unset it for ${DEFAULT_DOCKER_SOCKET}); ${FALLBACK}` };
  }
  let ping: EngineAnswer;
  try {
    ping = await engineGet(endpoint, '/_ping', timeoutMs);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { ok: false, name, detail: `no Docker daemon answers at ${endpoint.shown}: ${e.code ? `${e.syscall ?? 'connect'} ${e.code}` : e.message}`, fix: failureFix(e.code, endpoint) };
  }
  if (ping.status !== 200 || ping.body.trim() !== 'OK') {
    return { ok: false, name, detail: `${endpoint.shown} answered /_ping with ${ping.status} ${JSON.stringify(ping.body.trim().slice(0, 80))}, not 200 OK`, fix: failureFix(undefined, endpoint) };
  }
  let version = 'version unknown';
  try {
    const answer = await engineGet(endpoint, '/version', timeoutMs);
    const json = JSON.parse(answer.body) as { Version?: string; ApiVersion?: string; Os?: string; Arch?: string };
    if (json.Version) version = `Docker Engine ${json.Version}${json.ApiVersion ? ` (API ${json.ApiVersion})` : ''}${json.Os ? `, ${json.Os}/${json.Arch ?? '?'}` : ''}`;
  } catch {
    // /_ping answered: the version is a detail.
  }
  return { ok: true, name, detail: `${version} answers at ${endpoint.shown}` };
}
