// OpenFaaS CE's gateway (with faas-netes as its provider) in the sandbox: an HTTP server on the sandbox's own
// address at the gateway-external NodePort (31112, where a kind config maps it), and the same handler behind
// the gateway pod's port 8080 for `kubectl port-forward`. /system/* needs basic auth; /function/<name> reaches a
// Ready pod of the function through its Endpoints and the pod's watchdog; /async-function/<name> queues the call
// (NATS and the queue-worker) and POSTs the result to X-Callback-Url.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ControllerContext } from '../../controllers/controller-context.js';
import type { Kubelet } from '../../controllers/kubelet.js';
import { isRecord } from '../../kube-object.js';
import type { StoreEvent } from '../../object-store.js';
import { waitFor } from '../../store-wait.js';
import type { HttpHandler } from '../../runtime/container-types.js';
import { FAAS_NETES_VERSION, FUNCTION_NAMESPACE, GATEWAY_VERSION } from '../install/constants.js';
import type { OpenFaasCredentials } from '../install/index.js';
import { callHandler, type InMemoryResponse } from './in-memory-http.js';
import { LogsApi } from './logs-api.js';
import { servePortal } from './portal-assets.js';
import { SecretsApi } from './secrets-api.js';
import { goError, goWrite, SystemApi } from './system-api.js';

/** How long a call waits for a function with no Ready replica (the gateway's scale-from-zero polling). */
const READY_WAIT_MS = 50_000;
/** faas-netes' proxy timeout (read_timeout 60s). */
const UPSTREAM_TIMEOUT_MS = 60_000;
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

interface Invocation {
  name: string;
  namespace: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export class OpenFaasGateway {
  private server?: Server;
  private readonly invocations = new Map<string, number>();
  private readonly system: SystemApi;
  private readonly secrets: SecretsApi;
  private readonly logs: LogsApi;
  private readonly queue: Array<{ call: Invocation; callbackUrl: string | undefined }> = [];
  private draining = false;
  private closed = false;
  /** The handler both the NodePort listener and the gateway pod's port 8080 serve. */
  readonly handler: HttpHandler = (req, res) => void this.handle(req, res);

  constructor(
    private readonly ctx: ControllerContext,
    private readonly kubelet: Kubelet,
    private readonly credentials: OpenFaasCredentials,
  ) {
    this.system = new SystemApi(ctx, this.invocations);
    this.secrets = new SecretsApi(ctx);
    this.logs = new LogsApi(ctx, kubelet);
  }

  async listen(host: string, port: number): Promise<number> {
    const server = createServer(this.handler);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    const server = this.server;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    if (path === '/healthz') return goWrite(res, 200, 'OK');
    if (path === '/') {
      res.writeHead(301, { Location: '/ui/', 'Content-Type': 'text/html; charset=utf-8' }).end('<a href="/ui/">Moved Permanently</a>.\n\n');
      return;
    }
    const fn = /^\/(function|async-function)\/([^/]+)(\/.*)?$/.exec(path);
    if (fn) {
      const [name, namespace] = splitName(decodeURIComponent(fn[2] ?? ''));
      const call: Invocation = { name, namespace, method, path: `${fn[3] ?? '/'}${url.search}`, headers: forwardHeaders(req), body };
      if (fn[1] === 'async-function') return this.enqueue(res, call);
      return this.invokeSync(res, call);
    }
    // The portal is behind the same basic auth as the API, as the gateway serves its UI.
    if (path.startsWith('/system/') || path === '/ui' || path.startsWith('/ui/')) {
      if (!this.authorised(req)) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Restricted"', 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '19' });
        res.end('invalid credentials');
        return;
      }
      if (!path.startsWith('/system/')) return servePortal(res, method, path);
      return this.systemRoute(res, method, path, url, body.toString());
    }
    goError(res, 404, '404 page not found');
  }

  private authorised(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6), 'base64').toString();
    const colon = decoded.indexOf(':');
    return colon >= 0 && decoded.slice(0, colon) === this.credentials.user && decoded.slice(colon + 1) === this.credentials.password;
  }

  private systemRoute(res: ServerResponse, method: string, path: string, url: URL, body: string): void {
    const namespace = url.searchParams.get('namespace') || FUNCTION_NAMESPACE;
    const allow = (...methods: string[]): boolean => {
      if (methods.includes(method)) return true;
      goWrite(res, 405);
      return false;
    };
    if (path === '/system/info') {
      if (allow('GET')) goWrite(res, 200, JSON.stringify(this.info()), 'application/json');
      return;
    }
    if (path === '/system/functions') {
      if (!allow('GET', 'POST', 'PUT', 'DELETE')) return;
      if (method === 'GET') return this.system.list(res, namespace);
      if (method === 'POST') return this.system.deploy(res, body);
      if (method === 'PUT') return this.system.update(res, body);
      return this.system.remove(res, body, namespace);
    }
    if (path === '/system/secrets') return this.secrets.handle(res, method, url.searchParams, body);
    if (path === '/system/logs') {
      if (allow('GET')) this.logs.handle(res, url.searchParams);
      return;
    }
    if (path === '/system/namespaces') {
      if (allow('GET')) goWrite(res, 200, JSON.stringify([FUNCTION_NAMESPACE]), 'application/json');
      return;
    }
    const one = /^\/system\/(function|scale-function)\/([^/]+)$/.exec(path);
    if (one?.[1] === 'function') {
      if (allow('GET')) this.system.get(res, decodeURIComponent(one[2] ?? ''), namespace);
      return;
    }
    if (one?.[1] === 'scale-function') {
      if (allow('POST')) this.system.scale(res, decodeURIComponent(one[2] ?? ''), namespace, body);
      return;
    }
    goError(res, 404, '404 page not found');
  }

  private info(): Record<string, unknown> {
    return {
      provider: { provider: 'faas-netes-ce', orchestration: 'kubernetes', version: { sha: '2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d', release: FAAS_NETES_VERSION } },
      version: { commit_message: `Release ${GATEWAY_VERSION}`, sha: '5e9d8fa3d2b1c9a0f6e4d7b3a1c2e8f9d0b4a6c3', release: GATEWAY_VERSION },
      arch: 'x86_64',
    };
  }

  private async invokeSync(res: ServerResponse, call: Invocation): Promise<void> {
    const result = await this.invoke(call);
    if ('error' in result) {
      res.setHeader('X-Call-Id', call.headers['X-Call-Id'] ?? '');
      return goWrite(res, result.status, result.error);
    }
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(result.headers)) if (v !== undefined && !HOP_HEADERS.has(k)) headers[k] = v;
    headers['content-type'] = (result.headers['content-type'] as string | undefined) ?? call.headers['Content-Type'] ?? 'text/plain';
    headers['x-call-id'] = call.headers['X-Call-Id'] ?? '';
    headers['x-start-time'] = call.headers['X-Start-Time'] ?? '';
    headers['content-length'] = String(result.body.length);
    res.writeHead(result.status, headers);
    res.end(result.body);
  }

  /** The gateway's scaling check, then faas-netes' proxy to one Ready endpoint's watchdog. */
  private async invoke(call: Invocation): Promise<InMemoryResponse | { status: number; error: string }> {
    const { name, namespace } = call;
    const deployment = namespace === FUNCTION_NAMESPACE ? this.ctx.store.get(this.ctx.types.deployments, namespace, name) : undefined;
    if (!deployment) return { status: 404, error: `error finding function ${name}.${namespace}: server returned non-200 status code (404) for function, ${name}, body: ` };
    const pod = await this.readyPod(namespace, name);
    if (!pod) return { status: 503, error: `No endpoints available for: ${name}.` };
    const handler = this.kubelet.runningContainer(namespace, pod, name)?.http?.(8080);
    if (!handler) return { status: 500, error: `Can't reach service for: ${name}.` };
    this.invocations.set(name, (this.invocations.get(name) ?? 0) + 1);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), UPSTREAM_TIMEOUT_MS);
      timer.unref();
    });
    try {
      return await Promise.race([callHandler(handler, { method: call.method, path: call.path, headers: call.headers, body: call.body }), timeout]);
    } catch {
      return { status: 500, error: `Can't reach service for: ${name}.` };
    } finally {
      clearTimeout(timer);
    }
  }

  /** A Ready address of the function's Endpoints (its pod's name), waiting while there is none. */
  private readyPod(namespace: string, name: string): Promise<string | undefined> {
    const concerned = (event: StoreEvent): boolean => !this.closed && event.object.kind === 'Endpoints' && event.object.metadata.name === name;
    return waitFor(this.ctx.store, () => this.pickAddress(namespace, name), READY_WAIT_MS, concerned);
  }

  private pickAddress(namespace: string, name: string): string | undefined {
    const endpoints = this.ctx.store.get(this.ctx.types.endpoints, namespace, name);
    const subsets = Array.isArray(endpoints?.subsets) ? endpoints.subsets.filter(isRecord) : [];
    const addresses = Array.isArray(subsets[0]?.addresses) ? (subsets[0]?.addresses as unknown[]).filter(isRecord) : [];
    const pods = addresses.map((a) => (isRecord(a.targetRef) ? String(a.targetRef.name) : '')).filter((p) => p !== '');
    return pods[Math.floor(Math.random() * pods.length)];
  }

  /** 202 and the call id at once; the queue-worker (max_inflight 1) runs calls in order. */
  private enqueue(res: ServerResponse, call: Invocation): void {
    const callbackUrl = call.headers['X-Callback-Url'];
    this.queue.push({ call, callbackUrl });
    res.writeHead(202, { 'X-Call-Id': call.headers['X-Call-Id'] ?? '', 'Content-Length': '0' });
    res.end();
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let item = this.queue.shift(); item && !this.closed; item = this.queue.shift()) {
        const started = Date.now();
        const result = await this.invoke(item.call);
        if (item.callbackUrl) await this.callBack(item.callbackUrl, item.call, result, started);
      }
    } finally {
      this.draining = false;
    }
  }

  /** The queue-worker's callback: the function's response body, its status and the call's id as headers. */
  private async callBack(url: string, call: Invocation, result: InMemoryResponse | { status: number; error: string }, started: number): Promise<void> {
    const body = 'error' in result ? Buffer.from(result.error) : result.body;
    const headers: Record<string, string> = {
      'X-Call-Id': call.headers['X-Call-Id'] ?? '',
      'X-Function-Status': String(result.status),
      'X-Function-Name': call.name,
      'X-Duration-Seconds': ((Date.now() - started) / 1000).toFixed(6),
    };
    if (!('error' in result) && typeof result.headers['content-type'] === 'string') headers['Content-Type'] = result.headers['content-type'];
    try {
      await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) });
    } catch {
      // The real queue-worker logs the failure and acknowledges the message all the same.
    }
  }
}

/** `name.namespace` addresses a function in another namespace, as the gateway reads it. */
function splitName(full: string): [string, string] {
  const dot = full.lastIndexOf('.');
  return dot > 0 ? [full.slice(0, dot), full.slice(dot + 1)] : [full, FUNCTION_NAMESPACE];
}

/** The request's headers in Go's canonical form, plus what the gateway adds: X-Call-Id, X-Start-Time, X-Forwarded-*. */
function forwardHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const key = (req.rawHeaders[i] ?? '').toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
    if (HOP_HEADERS.has(key.toLowerCase()) || key === 'Host') continue;
    headers[key] ??= req.rawHeaders[i + 1] ?? '';
  }
  headers['X-Call-Id'] ??= randomUUID();
  headers['X-Start-Time'] = String(BigInt(Date.now()) * 1_000_000n);
  headers['X-Forwarded-Host'] ??= req.headers.host ?? '';
  headers['X-Forwarded-For'] ??= `${(req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '')}:${req.socket.remotePort ?? 0}`;
  return headers;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}
