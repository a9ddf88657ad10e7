// The data plane of Knative in the sandbox, standing for Kourier's Envoy and Knative's activator: an HTTP
// server on the sandbox's own address (port 80, where kind maps Kourier's NodePort) that routes by Host header
// through the KIngresses Kourier serves, picks a revision by the traffic split, holds requests for a revision
// at zero while the autoscaler brings a pod up, and hands each request to the pod's user container.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRecord, type KubeObject } from '../../kube-object.js';
import type { ControllerContext } from '../../controllers/controller-context.js';
import type { Kubelet } from '../../controllers/kubelet.js';
import { isReady } from '../../controllers/pod-state.js';
import type { Autoscaler } from '../controllers/autoscaler.js';
import { isTrue } from '../controllers/conditions.js';
import { ANNOTATION, KEYS, KOURIER_CLASS, knativeType, LABEL } from '../controllers/knative-types.js';
import { userPort } from '../controllers/revision-defaults.js';
import type { StoreEvent } from '../../object-store.js';
import { waitFor } from '../../store-wait.js';

interface Split {
  serviceName: string;
  serviceNamespace: string;
  percent: number;
  appendHeaders: Record<string, string>;
}

/** How long the activator holds a request for a revision with no ready pod. */
const ACTIVATION_TIMEOUT_MS = 60_000;

export class KnativeGateway {
  private server?: Server;
  private readonly roundRobin = new Map<string, number>();
  /** Host -> splits, rebuilt after a KIngress changes (Envoy's route table, as Kourier programs it). */
  private table: Map<string, Split[]> | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly kubelet: Kubelet,
    private readonly autoscaler: Autoscaler,
  ) {
    this.unsubscribe = ctx.store.subscribe((event) => {
      if (event.resource === KEYS.ingresses) this.table = undefined;
    });
  }

  /** Listens on host:port; resolves with the port (port 0 picks one). */
  async listen(host: string, port: number): Promise<number> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.unsubscribe();
    const server = this.server;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('server', 'envoy');
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const split = this.route(host);
    if (!split) {
      // Envoy's answer for a host no route matches.
      res.writeHead(404, { 'content-length': '0' }).end();
      return;
    }
    for (const [k, v] of Object.entries(split.appendHeaders)) req.headers[k.toLowerCase()] = v;
    const { serviceNamespace: namespace, serviceName: revision } = split;
    const started = Date.now();
    this.autoscaler.requestStarted(namespace, revision);
    res.on('close', () => this.autoscaler.requestEnded(namespace, revision));
    const pod = await this.readyPod(namespace, revision);
    if (!pod) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('activator request timeout\n');
      return;
    }
    const handler = this.handlerFor(pod);
    if (!handler) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('upstream connect error or disconnect/reset before headers. reset reason: connection failure\n');
      return;
    }
    res.setHeader('x-envoy-upstream-service-time', String(Math.max(0, Date.now() - started)));
    handler(req, res);
  }

  /** The split for a host: the Ready Kourier KIngress rule that names it, one of its splits by percent. */
  private route(host: string): Split | undefined {
    this.table ??= this.buildTable();
    const splits = this.table.get(host);
    return splits ? pickSplit(splits) : undefined;
  }

  private buildTable(): Map<string, Split[]> {
    const table = new Map<string, Split[]>();
    const type = knativeType(this.ctx.registry, 'ingresses');
    if (!type) return table;
    const served = (i: Readonly<KubeObject>): boolean => i.metadata.annotations?.[ANNOTATION.ingressClass] === KOURIER_CLASS && isTrue(i as KubeObject);
    for (const ingress of this.ctx.store.select(type, undefined, served)) {
      const rules = isRecord(ingress.spec) && Array.isArray(ingress.spec.rules) ? ingress.spec.rules.filter(isRecord) : [];
      for (const rule of rules) {
        const http = isRecord(rule.http) ? rule.http : {};
        const paths = Array.isArray(http.paths) ? http.paths.filter(isRecord) : [];
        const splits = (Array.isArray(paths[0]?.splits) ? (paths[0]?.splits as unknown[]) : []).filter(isRecord) as unknown as Split[];
        for (const host of Array.isArray(rule.hosts) ? rule.hosts : []) if (typeof host === 'string' && !table.has(host)) table.set(host, splits);
      }
    }
    return table;
  }

  /** A ready pod of the revision; with none, the activator wakes the revision and waits for one. */
  private readyPod(namespace: string, revision: string): Promise<KubeObject | undefined> {
    const now = this.pickPod(namespace, revision);
    if (now) return Promise.resolve(now);
    this.autoscaler.wake(namespace, revision);
    const concerned = (event: StoreEvent): boolean => event.object.kind === 'Pod' && event.object.metadata.labels?.[LABEL.revision] === revision;
    return waitFor(this.ctx.store, () => this.pickPod(namespace, revision), ACTIVATION_TIMEOUT_MS, concerned);
  }

  private pickPod(namespace: string, revision: string): KubeObject | undefined {
    const pods = this.ctx.store.select(this.ctx.types.pods, namespace, (p) => p.metadata.labels?.[LABEL.revision] === revision && isReady(p as KubeObject) && !p.metadata.deletionTimestamp);
    if (pods.length === 0) return undefined;
    const key = `${namespace}/${revision}`;
    const i = (this.roundRobin.get(key) ?? 0) % pods.length;
    this.roundRobin.set(key, i + 1);
    return pods[i];
  }

  private handlerFor(pod: KubeObject): ((req: IncomingMessage, res: ServerResponse) => void) | undefined {
    const containers = isRecord(pod.spec) && Array.isArray(pod.spec.containers) ? pod.spec.containers.filter(isRecord) : [];
    const user = containers.find((c) => c.name !== 'queue-proxy') ?? {};
    const process = this.kubelet.runningContainer(pod.metadata.namespace as string, pod.metadata.name as string, String(user.name));
    return process?.http?.(userPort(user));
  }
}

/** One split, chosen with probability proportional to its percent. */
function pickSplit(splits: Split[]): Split | undefined {
  const total = splits.reduce((n, s) => n + (s.percent ?? 0), 0);
  if (splits.length === 0) return undefined;
  if (total <= 0) return splits[0];
  let r = Math.random() * total;
  for (const s of splits) {
    r -= s.percent ?? 0;
    if (r < 0) return s;
  }
  return splits[splits.length - 1];
}
