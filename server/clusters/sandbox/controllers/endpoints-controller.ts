// Endpoints and EndpointSlices for Services with a selector, as kube-controller-manager's endpoints and
// endpointslice controllers keep them: the selected pods that have an IP, ready ones as addresses and the rest
// as notReadyAddresses (terminating pods left out of Endpoints, kept in slices with their conditions), ports
// resolved from targetPort (by number or by the container port's name).
import { isDeepStrictEqual } from 'node:util';
import { isRecord, type KubeObject } from '../kube-object.js';
import { randomSuffix } from '../names.js';
import { resourceKey, type StoreEvent } from '../object-store.js';
import type { ControllerContext } from './controller-context.js';
import { mapSelectorMatcher } from './label-selector.js';
import { controllerRef } from './owner.js';
import { isReady, podIp, podPhase } from './pod-state.js';
import { nowTimestamp } from './time.js';
import { keyOf, splitKey, WorkQueue } from './work-queue.js';

const SERVICE_NAME = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const TRIGGER = 'endpoints.kubernetes.io/last-change-trigger-time';

interface Port {
  name?: string;
  port: number;
  protocol: string;
}

interface Backend {
  pod: KubeObject;
  ip: string;
  ready: boolean;
  terminating: boolean;
  ports: Port[];
}

export class EndpointsController {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue('endpoints-controller', (key) => this.sync(key));
    ctx.store.subscribe((event) => this.onEvent(event));
  }

  close(): void {
    this.queue.close();
  }

  private onEvent(event: StoreEvent): void {
    const obj = event.object;
    const ns = obj.metadata.namespace;
    if (event.resource === resourceKey(this.ctx.types.services)) {
      this.queue.add(keyOf(ns, obj.metadata.name as string));
    } else if (event.resource === resourceKey(this.ctx.types.pods)) {
      // Only the Services that select this pod (a namespace may hold hundreds of pods and services).
      const labels = obj.metadata.labels;
      for (const svc of this.ctx.store.select(this.ctx.types.services, ns, (s) => mapSelectorMatcher(isRecord(s.spec) ? s.spec.selector : undefined)?.(labels) === true)) {
        this.queue.add(keyOf(ns, svc.metadata.name as string));
      }
    }
  }

  private sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const { store, types } = this.ctx;
    const svc = store.get(types.services, namespace, name);
    if (!svc) {
      // Slices go with their Service (owner references); Endpoints have no owner, so they are deleted here.
      if (store.get(types.endpoints, namespace, name)) store.delete(types.endpoints, namespace, name);
      return;
    }
    const spec = isRecord(svc.spec) ? svc.spec : {};
    const matches = mapSelectorMatcher(spec.selector);
    if (!matches || spec.type === 'ExternalName') return;
    const publishNotReady = spec.publishNotReadyAddresses === true;
    const backends: Backend[] = [];
    for (const pod of store.select(types.pods, namespace, (p) => matches(p.metadata.labels))) {
      const ip = podIp(pod);
      const phase = podPhase(pod);
      if (!ip || phase === 'Succeeded' || phase === 'Failed') continue;
      backends.push({ pod, ip, ready: isReady(pod) && !pod.metadata.deletionTimestamp, terminating: pod.metadata.deletionTimestamp !== undefined, ports: resolvePorts(spec, pod) });
    }
    backends.sort((a, b) => compareIps(a.ip, b.ip));
    this.writeEndpoints(svc, backends, publishNotReady);
    this.writeSlice(svc, backends, spec, publishNotReady);
  }

  private writeEndpoints(svc: KubeObject, backends: Backend[], publishNotReady: boolean): void {
    const { store, types } = this.ctx;
    // One subset per set of resolved ports, as the controller's repacking gives for pods of one template.
    const subsets = new Map<string, { addresses: unknown[]; notReadyAddresses: unknown[]; ports: Port[] }>();
    for (const b of backends) {
      if (b.terminating && !publishNotReady) continue;
      if (b.ports.length === 0) continue;
      const signature = JSON.stringify(b.ports);
      const subset = subsets.get(signature) ?? { addresses: [], notReadyAddresses: [], ports: b.ports };
      subsets.set(signature, subset);
      const address = { ip: b.ip, nodeName: (b.pod.spec as Record<string, unknown>).nodeName, targetRef: targetRef(b.pod) };
      if (b.ready || publishNotReady) subset.addresses.push(address);
      else subset.notReadyAddresses.push(address);
    }
    const list = [...subsets.values()].map((s) => ({
      ...(s.addresses.length ? { addresses: s.addresses } : {}),
      ...(s.notReadyAddresses.length ? { notReadyAddresses: s.notReadyAddresses } : {}),
      ports: s.ports,
    }));
    const name = svc.metadata.name as string;
    const namespace = svc.metadata.namespace;
    const labels = { ...(svc.metadata.labels ?? {}) };
    const existing = store.get(types.endpoints, namespace, name);
    const next: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace, ...(Object.keys(labels).length ? { labels } : {}), annotations: { [TRIGGER]: nowTimestamp() } },
      ...(list.length ? { subsets: list } : {}),
    };
    if (!existing) {
      store.create(types.endpoints, next);
      return;
    }
    if (isDeepStrictEqual(existing.subsets, next.subsets) && isDeepStrictEqual(existing.metadata.labels, next.metadata.labels)) return;
    store.modify(types.endpoints, namespace, name, (obj) => {
      obj.metadata.labels = next.metadata.labels;
      obj.metadata.annotations = { ...obj.metadata.annotations, [TRIGGER]: nowTimestamp() };
      if (next.subsets) obj.subsets = next.subsets;
      else delete obj.subsets;
    });
  }

  private writeSlice(svc: KubeObject, backends: Backend[], spec: Record<string, unknown>, publishNotReady: boolean): void {
    const { store, types } = this.ctx;
    const namespace = svc.metadata.namespace;
    const svcName = svc.metadata.name as string;
    const endpoints = backends.map((b) => ({
      addresses: [b.ip],
      conditions: { ready: b.ready || publishNotReady, serving: isReady(b.pod), terminating: b.terminating },
      nodeName: (b.pod.spec as Record<string, unknown>).nodeName,
      targetRef: targetRef(b.pod),
    }));
    const first = backends.find((b) => b.ports.length > 0);
    const ports = first
      ? first.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol }))
      : (Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : []).map((p) => ({ name: typeof p.name === 'string' ? p.name : '', protocol: String(p.protocol ?? 'TCP') }));
    const labels = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME]: svcName, [MANAGED_BY]: 'endpointslice-controller.k8s.io' };
    const existing = store.select(types.endpointSlices, namespace, (s) => s.metadata.labels?.[SERVICE_NAME] === svcName)[0];
    if (!existing) {
      store.create(types.endpointSlices, {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: `${svcName}-${randomSuffix()}`, generateName: `${svcName}-`, namespace, labels, annotations: { [TRIGGER]: nowTimestamp() }, ownerReferences: [controllerRef(svc)] },
        addressType: 'IPv4',
        endpoints,
        ports,
      });
      return;
    }
    if (isDeepStrictEqual(existing.endpoints, endpoints) && isDeepStrictEqual(existing.ports, ports) && isDeepStrictEqual(existing.metadata.labels, labels)) return;
    store.modify(types.endpointSlices, namespace, existing.metadata.name as string, (obj) => {
      obj.metadata.labels = labels;
      obj.metadata.annotations = { ...obj.metadata.annotations, [TRIGGER]: nowTimestamp() };
      obj.endpoints = endpoints;
      obj.ports = ports;
    });
  }
}

function targetRef(pod: KubeObject): Record<string, unknown> {
  return { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid };
}

/** The Service's ports with targetPort resolved against this pod: a number as is, a name through its containers' ports. */
function resolvePorts(spec: Record<string, unknown>, pod: KubeObject): Port[] {
  const podSpec = isRecord(pod.spec) ? pod.spec : {};
  const containerPorts = (Array.isArray(podSpec.containers) ? podSpec.containers.filter(isRecord) : []).flatMap((c) =>
    Array.isArray(c.ports) ? c.ports.filter(isRecord) : [],
  );
  const out: Port[] = [];
  for (const p of Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : []) {
    const protocol = String(p.protocol ?? 'TCP');
    let port: number | undefined;
    if (typeof p.targetPort === 'number') port = p.targetPort;
    else if (typeof p.targetPort === 'string' && p.targetPort !== '') {
      const named = containerPorts.find((cp) => cp.name === p.targetPort && String(cp.protocol ?? 'TCP') === protocol);
      port = typeof named?.containerPort === 'number' ? named.containerPort : /^\d+$/.test(p.targetPort) ? Number(p.targetPort) : undefined;
    } else if (typeof p.port === 'number') port = p.port;
    if (port === undefined) continue;
    out.push({ ...(typeof p.name === 'string' && p.name ? { name: p.name } : {}), port, protocol });
  }
  return out;
}

function compareIps(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
