// Upgrade requests: `pods/<name>/exec`, `attach` and `portforward`. kubectl 1.32 asks for a WebSocket first
// (GET, `Sec-WebSocket-Protocol: v5.channel.k8s.io`, or `SPDY/3.1+portforward.k8s.io` for port-forward) and,
// when that upgrade fails, tries again with SPDY (POST, `Upgrade: SPDY/3.1`): refusals are therefore answered
// alike to both, so that what kubectl prints (from its second try) reads as kube's.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { tokenMatches } from '../../../http/auth.js';
import type { Kubelet } from '../controllers/kubelet.js';
import { isRecord, type KubeObject } from '../kube-object.js';
import type { ObjectStore } from '../object-store.js';
import type { ResourceRegistry, ResourceType } from '../resource-types.js';
import { parseRoute } from '../routes.js';
import type { ContainerProcess } from '../runtime/container-runtime.js';
import { ApiError, errors } from '../status.js';
import { EXEC_PROTOCOLS } from './channels.js';
import { runAttach, runExec, type StreamOptions } from './exec-session.js';
import { PORT_FORWARD_PROTOCOL, runPortForward } from './port-forward.js';

export interface StreamingDeps {
  token: string;
  store: ObjectStore;
  registry: ResourceRegistry;
  kubelet: Kubelet;
}

type Plain = { code: number; text: string };

export class StreamingServer {
  private readonly wss: WebSocketServer;
  private readonly chosen = new WeakMap<IncomingMessage, string>();
  private readonly open = new Set<WebSocket>();

  constructor(private readonly deps: StreamingDeps) {
    this.wss = new WebSocketServer({ noServer: true, handleProtocols: (_offered, req) => this.chosen.get(req) ?? false });
  }

  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => {}); // a client gone mid-handshake
    try {
      this.route(req, socket, head);
    } catch (error) {
      if (error instanceof PlainRefusal) refuse(socket, error.refusal.code, error.refusal.text, 'text/plain; charset=utf-8');
      else if (error instanceof ApiError) refuse(socket, error.code, JSON.stringify(error.toStatus()), 'application/json');
      else refuse(socket, 500, JSON.stringify(new ApiError(500, 'InternalError', `Internal error occurred: ${(error as Error).message}`).toStatus()), 'application/json');
    }
  }

  /** Ends every stream (the sandbox closes). */
  close(): void {
    for (const ws of this.open) ws.terminate();
    this.open.clear();
    this.wss.close();
  }

  private route(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(`http://sandbox.invalid${req.url?.startsWith('/') ? req.url : '/'}`);
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer ') || !tokenMatches(auth.slice(7).trim(), this.deps.token)) throw errors.unauthorized();
    const route = parseRoute(url.pathname, (g, v, p) => this.deps.registry.find(g, v, p) !== undefined);
    const sub = route.kind === 'resource' ? route.subresource : undefined;
    if (route.kind !== 'resource' || route.group !== '' || route.plural !== 'pods' || !route.name || !route.namespace || (sub !== 'exec' && sub !== 'attach' && sub !== 'portforward')) {
      throw errors.notFoundPath();
    }
    const type = this.deps.registry.find('', 'v1', 'pods') as ResourceType;
    const pod = this.deps.store.get(type, route.namespace, route.name);
    if (!pod) throw errors.notFound(type, route.name);
    const spec = isRecord(pod.spec) ? pod.spec : {};
    const websocket = req.headers.upgrade?.toLowerCase() === 'websocket';
    if (sub === 'portforward') {
      if (!spec.nodeName) throw errors.badRequest(`pod ${route.name} does not have a host assigned`);
      this.upgrade(req, socket, head, websocket, [PORT_FORWARD_PROTOCOL], (ws) =>
        runPortForward(ws, { podUid: pod.metadata.uid as string, containers: () => this.runningContainers(pod) }),
      );
      return;
    }
    const q = url.searchParams;
    const flag = (name: string): boolean => q.get(name) === 'true' || q.get(name) === '1';
    const options: StreamOptions = { stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr'), tty: flag('tty') };
    const command = q.getAll('command');
    if (sub === 'exec' && command.length === 0) throw errors.badRequest('you must specify at least 1 command');
    if (!options.stdin && !options.stdout && !options.stderr) throw errors.badRequest('you must specify at least one of stdin, stdout, stderr');
    const container = containerName(pod, q.get('container'));
    if (!spec.nodeName) throw errors.badRequest(`pod ${route.name} does not have a host assigned`);
    const running = this.deps.kubelet.runningContainer(route.namespace, route.name, container);
    // kubelet's streaming server answers a container that does not run in plain text; kubectl shows it
    // as `error: unable to upgrade connection: container not found ("c")`.
    if (!running) throw plain(404, `container not found ("${container}")`);
    this.upgrade(req, socket, head, websocket, [...EXEC_PROTOCOLS], (ws) =>
      sub === 'exec' ? runExec(this.deps.kubelet, running, command, options, ws) : runAttach(running, options, ws),
    );
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, websocket: boolean, protocols: string[], run: (ws: WebSocket) => void): void {
    if (!websocket) {
      throw errors.badRequest('the kubeclass sandbox streams exec, attach and port-forward over WebSockets only (kubectl 1.31 or later), not SPDY');
    }
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const protocol = protocols.find((p) => offered.includes(p));
    if (!protocol) throw errors.badRequest(`none of the offered subprotocols is supported: ${offered.join(', ')} (supported: ${protocols.join(', ')})`);
    this.chosen.set(req, protocol);
    // ws accepts only RFC 7230 tokens as offered subprotocols, and `SPDY/3.1+portforward.k8s.io` has a `/`:
    // ws sees a stand-in, and the answer names the chosen protocol itself (handleProtocols above).
    req.headers['sec-websocket-protocol'] = 'kubeclass-chosen';
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.open.add(ws);
      ws.on('close', () => this.open.delete(ws));
      run(ws);
    });
  }

  private runningContainers(pod: KubeObject): ContainerProcess[] {
    const spec = isRecord(pod.spec) ? pod.spec : {};
    const names = (Array.isArray(spec.containers) ? spec.containers.filter(isRecord) : []).map((c) => String(c.name));
    return names.map((n) => this.deps.kubelet.runningContainer(pod.metadata.namespace as string, pod.metadata.name as string, n)).filter((c): c is ContainerProcess => c !== undefined);
  }
}

/** The container a request names, checked as the apiserver does before it reaches the node. */
function containerName(pod: KubeObject, asked: string | null): string {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const names = (key: string): string[] => (Array.isArray(spec[key]) ? (spec[key] as unknown[]).filter(isRecord).map((c) => String(c.name)) : []);
  const containers = names('containers');
  const init = names('initContainers');
  const name = pod.metadata.name as string;
  if (!asked) {
    if (containers.length === 1) return containers[0] as string;
    const initPart = init.length ? ` or one of the init containers: [${init.join(' ')}]` : '';
    throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${initPart}`);
  }
  if (!containers.includes(asked) && !init.includes(asked) && !names('ephemeralContainers').includes(asked)) {
    throw errors.badRequest(`container ${asked} is not valid for pod ${name}`);
  }
  return asked;
}

class PlainRefusal extends Error {
  constructor(readonly refusal: Plain) {
    super(refusal.text);
  }
}

function plain(code: number, text: string): PlainRefusal {
  return new PlainRefusal({ code, text });
}

function refuse(socket: Duplex, code: number, body: string, contentType: string): void {
  if (!socket.writable) return;
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 500: 'Internal Server Error' }[code] ?? 'Error';
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-cache, private\r\nConnection: close\r\n\r\n${body}`);
}
