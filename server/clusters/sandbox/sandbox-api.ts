// One sandbox's Kubernetes API: authenticates with its own bearer token, routes, and answers as
// kube-apiserver 1.32 does for what kubectl and @kubernetes/client-node ask (see
// ../shared/reference/kubectl-wire-facts.md and docs/sandbox.md).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { tokenMatches } from '../../http/auth.js';
import { applyDefaults } from './defaults.js';
import { mergeStringData } from './secret-admission.js';
import { admitService, currentAllocations, loadBalancerStatus } from './service-admission.js';
import { aggregatedDiscovery, AGGREGATED_DISCOVERY_TYPE, apiGroupList, apiResourceList, apiVersions, wantsAggregated } from './discovery.js';
import { isRecord, type KubeObject } from './kube-object.js';
import { ObjectStore, resourceKey } from './object-store.js';
import { openApiDocument, openApiIndex } from './openapi.js';
import { applyJsonPatch, mergePatch, PATCH_TYPES, strategicMergePatch } from './patch.js';
import { decodeBody, readBody } from './request-body.js';
import { apiVersionOf, ResourceRegistry, type ResourceType } from './resource-types.js';
import { parseRoute, type Route } from './routes.js';
import { parseFieldSelector, parseLabelSelector, type Matcher } from './selectors.js';
import { ApiError, errors } from './status.js';
import { builtinPrinters, crdPrinter, defaultPrinter, renderTable, type PrinterColumn, type Table, type TablePrinter } from './tables/index.js';
import { CrdController } from './crd-controller.js';
import { startControllers, type RunningControllers } from './controllers/index.js';
import type { Timing } from './controllers/timing.js';
import { randomSuffix } from './names.js';
import { admitKnative } from './knative/webhook.js';
import { scaleOf } from './scale-subresource.js';
import { streamLog } from './log-subresource.js';
import { validateName } from './validation.js';
import { checkWrite, fieldValidationOf, warningHeader } from './schema/check.js';
import { builtinSchema } from './schema/kinds.js';
import { startWatch } from './watch-stream.js';
import { StreamingServer } from './streaming/upgrade.js';

export const KUBERNETES_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.2',
  gitCommit: '67a30c0adcf52bd3f56ff0893ce19966be12991f',
  gitTreeState: 'clean',
  buildDate: '2025-02-12T21:19:47Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Default watch length when the client gives no timeoutSeconds (kube picks 30-60 min). */
const DEFAULT_WATCH_TIMEOUT_MS = 30 * 60_000;

export interface SandboxApiOptions {
  token: string;
  /** https://host:port the kubeconfig points at, for legacy discovery. */
  serverAddress: string;
  /** Where containers' scratch directories go (a fresh temporary directory when absent). */
  runtimeDir?: string;
  /** The emulated cluster's pace (tests shorten back-offs). */
  timing?: Partial<Timing>;
}

export class SandboxApi {
  readonly registry = new ResourceRegistry();
  readonly store = new ObjectStore();
  /** additionalPrinterColumns of custom resources, by resource key (set when CRDs are served). */
  readonly printerColumns = new Map<string, PrinterColumn[]>();

  readonly controllers: RunningControllers;
  private readonly streaming: StreamingServer;

  constructor(private options: SandboxApiOptions) {
    new CrdController(this.registry, this.store, this.printerColumns);
    this.controllers = startControllers({
      store: this.store,
      registry: this.registry,
      ...(options.runtimeDir ? { runtimeDir: options.runtimeDir } : {}),
      ...(options.timing ? { timing: options.timing } : {}),
      createObject: (type, obj) => this.createObject(type, obj),
      deleteObject: (type, namespace, name, opts) => void this.delete(type, namespace, name, opts ?? {}),
    });
    this.streaming = new StreamingServer({ token: options.token, store: this.store, registry: this.registry, kubelet: this.controllers.kubelet });
  }

  /** An Upgrade request: exec, attach and port-forward (streaming/upgrade.ts), authenticated as any other. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.streaming.handle(req, socket, head);
  }

  /** Stops the controllers and every container; the sandbox's objects stay readable. */
  close(): Promise<void> {
    this.streaming.close();
    return this.controllers.close();
  }

  /** The address is known only once the listener is up. */
  setServerAddress(serverAddress: string): void {
    this.options = { ...this.options, serverAddress };
  }

  /** Handles one request; never throws (every failure becomes a Status). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = requestUrl(req.url);
      const route = parseRoute(url.pathname, (g, v, p) => this.registry.find(g, v, p) !== undefined);
      // As kube-apiserver's system:public-info-viewer: /version and health need no credentials (gcloud's
      // kubectl dispatcher asks /version before it has any). Everything else needs this sandbox's token.
      const isPublic = route.kind === 'version' || route.kind === 'healthz';
      const auth = req.headers.authorization;
      if (!isPublic && (!auth?.startsWith('Bearer ') || !tokenMatches(auth.slice(7).trim(), this.options.token))) {
        throw errors.unauthorized();
      }
      await this.dispatch(route, url, req, res);
    } catch (error) {
      if (res.headersSent) {
        res.end();
        return;
      }
      const apiError = error instanceof ApiError ? error : new ApiError(500, 'InternalError', `Internal error occurred: ${(error as Error).message}`);
      this.json(res, apiError.code, apiError.toStatus());
    }
  }

  private async dispatch(route: Route, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    switch (route.kind) {
      case 'version':
        return this.json(res, 200, KUBERNETES_VERSION);
      case 'healthz':
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
        return;
      case 'core-discovery':
        if (wantsAggregated(req.headers.accept)) return this.json(res, 200, aggregatedDiscovery(this.registry, true), AGGREGATED_DISCOVERY_TYPE);
        return this.json(res, 200, apiVersions(this.options.serverAddress));
      case 'groups-discovery':
        if (wantsAggregated(req.headers.accept)) return this.json(res, 200, aggregatedDiscovery(this.registry, false), AGGREGATED_DISCOVERY_TYPE);
        return this.json(res, 200, apiGroupList(this.registry));
      case 'group': {
        const group = this.registry.groups().find((g) => g.group === route.group);
        if (!group) throw errors.notFoundPath();
        const versions = group.versions.map((version) => ({ groupVersion: `${group.group}/${version}`, version }));
        return this.json(res, 200, { kind: 'APIGroup', apiVersion: 'v1', name: group.group, versions, preferredVersion: versions[0] });
      }
      case 'group-version': {
        const list = apiResourceList(this.registry, route.group, route.version);
        if (!list) throw errors.notFoundPath();
        return this.json(res, 200, list);
      }
      case 'openapi-index':
        return this.json(res, 200, openApiIndex(this.registry));
      case 'openapi-doc': {
        const doc = openApiDocument(this.registry, route.group, route.version);
        if (!doc) throw errors.notFoundPath();
        return this.json(res, 200, doc);
      }
      case 'resource':
        return this.resource(route, url, method, req, res);
      case 'unknown':
        throw errors.notFoundPath();
    }
  }

  private async resource(route: Extract<Route, { kind: 'resource' }>, url: URL, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const type = this.registry.find(route.group, route.version, route.plural);
    if (!type) throw errors.notFoundPath();
    if (route.namespace !== undefined && !type.namespaced) throw errors.notFoundPath();
    const namespace = type.namespaced ? route.namespace : undefined;
    if (route.subresource !== undefined && !type.subresources.includes(route.subresource)) throw errors.notFoundPath();
    if (route.name === undefined) {
      if (method === 'GET') return this.list(type, namespace, url, req, res);
      if (method === 'POST') return this.create(type, namespace, url, req, res);
      if (method === 'DELETE') return this.deleteCollection(type, namespace, url, res);
      throw errors.methodNotAllowed(method);
    }
    const name = route.name;
    if (route.subresource === 'log') {
      if (method !== 'GET') throw errors.methodNotAllowed(method);
      this.mustGet(type, namespace, name);
      return streamLog(this.controllers.kubelet, namespace as string, name, url, req, res);
    }
    if (route.subresource === 'scale') return this.scale(type, namespace, name, method, url, req, res);
    const sub = route.subresource === 'status' ? 'status' : undefined;
    if (route.subresource !== undefined && sub === undefined) throw errors.notFoundPath();
    switch (method) {
      case 'GET': {
        const obj = this.mustGet(type, namespace, name);
        if (wantsTable(req.headers.accept)) return this.table(res, type, [obj], url);
        return this.json(res, 200, obj);
      }
      case 'PUT': {
        const body = this.asObject(decodeBody(await readBody(req), req.headers['content-type']), type, namespace);
        if (body.metadata.name !== name) throw errors.badRequest(`the name of the object (${body.metadata.name ?? ''}) does not match the name on the URL (${name})`);
        this.checkFields(type, body, url, res);
        if (!sub) this.admit(type, body, this.mustGet(type, namespace, name));
        if (!sub) applyUpdateDefaults(body);
        return this.json(res, 200, this.store.update(type, body, sub ? { subresource: sub } : {}));
      }
      case 'PATCH':
        return this.patch(type, namespace, name, sub, url, req, res);
      case 'DELETE':
        return this.json(res, 200, this.delete(type, namespace, name, await deleteOptions(req, url)));
      default:
        throw errors.methodNotAllowed(method);
    }
  }

  private list(type: ResourceType, namespace: string | undefined, url: URL, req: IncomingMessage, res: ServerResponse): void {
    const q = url.searchParams;
    const matches = and(parseLabelSelector(q.get('labelSelector')), parseFieldSelector(q.get('fieldSelector')), namespace ? (o) => o.metadata.namespace === namespace : () => true);
    if (q.get('watch') === 'true' || q.get('watch') === '1') {
      const rv = q.get('resourceVersion');
      const since = rv && rv !== '0' ? Number(rv) : undefined;
      if (since !== undefined && !Number.isFinite(since)) throw errors.badRequest(`invalid resource version: ${rv}`);
      startWatch(res, {
        store: this.store,
        resource: resourceKey(type),
        matches,
        initial: since === undefined ? this.store.list(type, namespace).filter(matches) : undefined,
        sinceVersion: since,
        bookmarks: q.get('allowWatchBookmarks') === 'true',
        timeoutMs: q.get('timeoutSeconds') ? Math.max(1, Number(q.get('timeoutSeconds'))) * 1000 : DEFAULT_WATCH_TIMEOUT_MS,
        bookmarkKind: { apiVersion: apiVersionOf(type), kind: type.kind },
        // kube sends the column definitions with the first event only; kubectl keeps them for the rest.
        ...(wantsTable(req.headers.accept) ? { encode: (obj: KubeObject, first: boolean) => this.tableOf(type, [obj], url, undefined, first) } : {}),
      });
      return;
    }
    let items = this.store.list(type, namespace).filter(matches);
    const resourceVersion = String(this.store.resourceVersion);
    // limit/continue: the token is the last key returned, so later pages continue after it.
    let next: string | undefined;
    const cont = q.get('continue');
    if (cont) {
      const after = Buffer.from(cont, 'base64url').toString();
      items = items.filter((o) => objectKeyOf(o) > after);
    }
    const limit = Number(q.get('limit') ?? 0);
    if (limit > 0 && items.length > limit) {
      items = items.slice(0, limit);
      next = Buffer.from(objectKeyOf(items[items.length - 1] as KubeObject)).toString('base64url');
    }
    if (wantsTable(req.headers.accept)) return this.table(res, type, items, url, next);
    this.json(res, 200, {
      kind: type.listKind,
      apiVersion: apiVersionOf(type),
      metadata: { resourceVersion, ...(next ? { continue: next, remainingItemCount: 0 } : {}) },
      items,
    });
  }

  private async create(type: ResourceType, namespace: string | undefined, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const obj = this.asObject(decodeBody(await readBody(req), req.headers['content-type']), type, namespace);
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = `${obj.metadata.generateName}${randomSuffix()}`;
    }
    validateName(type, obj);
    if (type.namespaced) {
      const ns = obj.metadata.namespace as string;
      const nsType = this.registry.find('', 'v1', 'namespaces') as ResourceType;
      const nsObj = this.store.get(nsType, undefined, ns);
      if (!nsObj) throw errors.namespaceNotFound(ns);
      if (nsObj.metadata.deletionTimestamp) {
        throw new ApiError(403, 'Forbidden', `${type.plural} "${obj.metadata.name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`);
      }
    }
    this.checkFields(type, obj, url, res);
    if (url.searchParams.get('dryRun') === 'All') {
      applyDefaults(obj, randomUUID());
      this.admit(type, obj);
      return this.json(res, 201, obj);
    }
    this.json(res, 201, this.createObject(type, obj));
  }

  /**
   * Defaults, admission, store, and what controllers add at once: the common end of every create (public for
   * what installs objects inside the sandbox, as knative/install does; names and namespaces are the caller's).
   */
  createObject(type: ResourceType, obj: KubeObject): KubeObject {
    // The uid is chosen first: a Job's generated selector and labels name it.
    const uid = randomUUID();
    applyDefaults(obj, uid);
    this.admit(type, obj);
    const created = this.store.create(type, obj, { uid });
    this.afterCreate(type, created);
    return created;
  }

  /** An update as PUT makes it (admission, defaults, the store's rules), for what restores objects in-process. */
  replaceObject(type: ResourceType, obj: KubeObject): KubeObject {
    this.admit(type, obj, this.mustGet(type, obj.metadata.namespace, obj.metadata.name as string));
    applyUpdateDefaults(obj);
    return this.store.update(type, obj);
  }

  /** A delete as DELETE makes it (graceful pods, terminating namespaces, garbage collection). */
  deleteObject(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    return this.delete(type, namespace, name, {});
  }

  /** The scale subresource of Deployments and ReplicaSets: an autoscaling/v1 Scale read from and written to spec.replicas. */
  private async scale(type: ResourceType, namespace: string | undefined, name: string, method: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const current = this.mustGet(type, namespace, name);
    const scale = scaleOf(current);
    if (method === 'GET') return this.json(res, 200, scale);
    let next: unknown;
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    const body = decodeBody(await readBody(req), req.headers['content-type']);
    if (method === 'PUT') next = body;
    else if (method === 'PATCH') {
      if (contentType === PATCH_TYPES.json) next = applyJsonPatch(scale, body);
      else if (contentType === PATCH_TYPES.merge || contentType === PATCH_TYPES.strategic || contentType === PATCH_TYPES.apply) next = mergePatch(scale, body);
      else throw errors.unsupportedMediaType(contentType);
    } else throw errors.methodNotAllowed(method);
    // Go drops a zero replicas (omitempty): `kubectl scale --current-replicas=N --replicas=0` PUTs `"spec":{}`.
    const replicas = isRecord(next) && isRecord(next.spec) ? (next.spec.replicas ?? 0) : undefined;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw errors.invalid({ ...type, kind: 'Scale' }, name, [{ field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`, reason: 'FieldValueInvalid' }]);
    }
    const rv = isRecord(next) && isRecord(next.metadata) ? next.metadata.resourceVersion : undefined;
    const updated = this.store.update(type, { ...current, metadata: { ...current.metadata, resourceVersion: typeof rv === 'string' ? rv : '' }, spec: { ...(isRecord(current.spec) ? current.spec : {}), replicas } });
    if (url.searchParams.get('dryRun') === 'All') return this.json(res, 200, scale);
    this.json(res, 200, scaleOf(updated));
  }

  private async patch(type: ResourceType, namespace: string | undefined, name: string, sub: 'status' | undefined, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    const patch = decodeBody(await readBody(req), contentType);
    const current = this.mustGet(type, namespace, name);
    let next: unknown;
    switch (contentType) {
      case PATCH_TYPES.merge:
        next = mergePatch(current, patch);
        break;
      case PATCH_TYPES.json:
        next = applyJsonPatch(current, patch);
        break;
      case PATCH_TYPES.strategic:
        if (!BUILTIN_GROUPS.has(type.group)) {
          throw new ApiError(415, 'UnsupportedMediaType', `strategic merge patch is not supported for ${type.kind}: use a merge patch`);
        }
        next = strategicMergePatch(current, patch);
        break;
      case PATCH_TYPES.apply:
        // Server-side apply, create-or-merge: the applied configuration merged over what is stored.
        next = BUILTIN_GROUPS.has(type.group) ? strategicMergePatch(current, patch) : mergePatch(current, patch);
        break;
      default:
        throw errors.unsupportedMediaType(contentType);
    }
    const obj = this.asObject(next, type, namespace);
    if (obj.metadata.name !== name) throw errors.badRequest('metadata.name cannot be changed by a patch');
    this.checkFields(type, obj, url, res, { body: patch, strategic: contentType === PATCH_TYPES.strategic || (contentType === PATCH_TYPES.apply && BUILTIN_GROUPS.has(type.group)) });
    if (!sub) this.admit(type, obj, current);
    if (!sub) applyUpdateDefaults(obj);
    this.json(res, 200, this.store.update(type, obj, sub ? { subresource: sub } : {}));
  }

  private delete(type: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions): KubeObject {
    const current = this.mustGet(type, namespace, name);
    if (type.kind === 'Namespace') return this.terminateNamespace(type, current);
    if (type.group === '' && type.kind === 'Pod') {
      // Pods on a node terminate gracefully: deletionTimestamp now, the kubelet stops the containers, then the pod goes.
      const spec = isRecord(current.spec) ? current.spec : {};
      const grace = options.gracePeriodSeconds ?? (typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 30);
      if (current.metadata.deletionTimestamp) return current;
      if (grace > 0 && spec.nodeName) {
        return this.store.modify(type, namespace, name, (pod) => {
          pod.metadata.deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
          pod.metadata.deletionGracePeriodSeconds = grace;
        });
      }
    }
    const gone = this.store.delete(type, namespace, name);
    this.collectGarbage(gone, options.propagationPolicy ?? 'Background');
    return gone;
  }

  private deleteCollection(type: ResourceType, namespace: string | undefined, url: URL, res: ServerResponse): void {
    const matches = and(parseLabelSelector(url.searchParams.get('labelSelector')), parseFieldSelector(url.searchParams.get('fieldSelector')));
    const items = this.store.list(type, namespace).filter(matches).map((o) => this.delete(type, o.metadata.namespace, o.metadata.name as string, {}));
    this.json(res, 200, { kind: type.listKind, apiVersion: apiVersionOf(type), metadata: { resourceVersion: String(this.store.resourceVersion) }, items });
  }

  /** A namespace goes Terminating, its contents are deleted, then it goes, as the namespace controller does. */
  private terminateNamespace(type: ResourceType, ns: KubeObject): KubeObject {
    const name = ns.metadata.name as string;
    if (ns.metadata.deletionTimestamp) return ns;
    const terminating = this.store.modify(type, undefined, name, (obj) => {
      obj.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      obj.status = { ...(isRecord(obj.status) ? obj.status : {}), phase: 'Terminating' };
    });
    setImmediate(() => {
      for (const t of this.registry.all()) {
        if (!t.namespaced) continue;
        for (const obj of this.store.list(t, name)) this.store.delete(t, name, obj.metadata.name as string);
      }
      if (this.store.get(type, undefined, name)) this.store.delete(type, undefined, name);
    });
    return terminating;
  }

  /**
   * Dependents of a deleted owner: deleted too (Background and Foreground; pods terminate gracefully), or, with
   * Orphan, left in place without the owner's reference.
   */
  private collectGarbage(owner: KubeObject, policy: string): void {
    const uid = owner.metadata.uid;
    for (const t of this.registry.all()) {
      if (t.namespaced && !owner.metadata.namespace && owner.kind !== 'Namespace') continue;
      for (const obj of this.store.list(t, t.namespaced ? owner.metadata.namespace : undefined)) {
        if (!obj.metadata.ownerReferences?.some((r) => r.uid === uid)) continue;
        const name = obj.metadata.name as string;
        if (policy === 'Orphan') {
          this.store.modify(t, obj.metadata.namespace, name, (o) => {
            o.metadata.ownerReferences = o.metadata.ownerReferences?.filter((r) => r.uid !== uid);
            if (o.metadata.ownerReferences?.length === 0) delete o.metadata.ownerReferences;
          });
        } else if (this.store.get(t, obj.metadata.namespace, name)) {
          this.delete(t, obj.metadata.namespace, name, { propagationPolicy: 'Background' });
        }
      }
    }
  }

  /** Admission: what the apiserver fills in and refuses before storing (Services' IPs and ports). */
  private admit(type: ResourceType, obj: KubeObject, previous?: KubeObject): void {
    admitKnative(type, obj, previous);
    if (type.group === '' && type.kind === 'Secret') mergeStringData(obj);
    if (type.group === '' && type.kind === 'Service') {
      admitService(type, obj, currentAllocations(this.store.list(type), obj), previous);
    }
  }

  /** What controllers add when an object appears (more with the workload controllers). */
  private afterCreate(type: ResourceType, obj: KubeObject): void {
    if (type.kind === 'Namespace') seedNamespace(this, obj.metadata.name as string);
    if (type.kind === 'Service' && isRecord(obj.spec) && obj.spec.type === 'LoadBalancer') {
      // As cloud-provider-kind does, a moment later: the address of this sandbox.
      const host = this.options.serverAddress.replace(/:\d+$/, '') || '127.0.0.1';
      setImmediate(() => {
        if (!this.store.get(type, obj.metadata.namespace, obj.metadata.name as string)) return;
        this.store.modify(type, obj.metadata.namespace, obj.metadata.name as string, (svc) => {
          svc.status = loadBalancerStatus(host);
        });
      });
    }
  }

  private mustGet(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(type, namespace, name);
    if (!obj) throw errors.notFound(type, name);
    return obj;
  }

  /** The body as an object of this type, in the request's namespace. */
  private asObject(body: unknown, type: ResourceType, namespace: string | undefined): KubeObject {
    if (!isRecord(body)) throw errors.badRequest(`${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: the body is not an object`);
    const apiVersion = body.apiVersion;
    const kind = body.kind;
    if (kind !== undefined && kind !== type.kind) {
      throw errors.badRequest(`the API version in the data (${String(apiVersion)}) does not match the expected API version (${apiVersionOf(type)})`);
    }
    if (apiVersion !== undefined && apiVersion !== apiVersionOf(type)) {
      throw errors.badRequest(`the API version in the data (${String(apiVersion)}) does not match the expected API version (${apiVersionOf(type)})`);
    }
    const metadata = isRecord(body.metadata) ? body.metadata : {};
    const obj = { ...body, apiVersion: apiVersionOf(type), kind: type.kind, metadata: { ...metadata } } as KubeObject;
    if (type.namespaced) {
      if (obj.metadata.namespace !== undefined && namespace !== undefined && obj.metadata.namespace !== namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace ?? 'default';
    } else {
      delete obj.metadata.namespace;
    }
    return obj;
  }

  /**
   * fieldValidation (Strict is kubectl's default, Warn everyone else's): unknown fields at any depth are refused
   * or reported in Warning headers, then dropped; values of the wrong type, missing required values and
   * unsupported enum values are refused; custom resources are pruned and defaulted by their CRD's schema.
   */
  private checkFields(type: ResourceType, obj: KubeObject, url: URL, res: ServerResponse, patch?: { body: unknown; strategic: boolean }): void {
    const builtin = BUILTIN_GROUPS.has(type.group);
    const warnings = checkWrite({
      type,
      obj,
      mode: fieldValidationOf(url.searchParams.get('fieldValidation')),
      // A custom kind named like a built-in is checked against its own schema, never the built-in's.
      schema: builtin ? builtinSchema(type.group, type.version, type.kind) : type.schema,
      custom: !builtin,
      ...(patch ? { patch } : {}),
    });
    if (warnings.length > 0) res.setHeader('Warning', warnings.map(warningHeader));
  }

  private table(res: ServerResponse, type: ResourceType, objects: KubeObject[], url: URL, next?: string): void {
    this.json(res, 200, this.tableOf(type, objects, url, next));
  }

  private tableOf(type: ResourceType, objects: KubeObject[], url: URL, next?: string, withColumns = true): Table {
    const include = url.searchParams.get('includeObject');
    const table = renderTable(this.printerFor(type), objects, {
      now: Date.now(),
      resourceVersion: String(this.store.resourceVersion),
      includeObject: include === 'None' || include === 'Object' ? include : 'Metadata',
      ...(next ? { continue: next } : {}),
    });
    return withColumns ? table : { ...table, columnDefinitions: [] };
  }

  private printerFor(type: ResourceType): TablePrinter {
    const builtin = builtinPrinters[`${type.group}/${type.plural}`];
    if (builtin) return builtin;
    // Built-in kinds without a printer show NAME, CREATED AT; custom resources NAME, AGE plus their columns.
    if (BUILTIN_GROUPS.has(type.group)) return defaultPrinter;
    return crdPrinter(this.printerColumns.get(resourceKey(type)) ?? []);
  }

  private json(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
    res.end(text);
  }
}

const BUILTIN_GROUPS = new Set(['', 'apps', 'apiextensions.k8s.io', 'batch', 'discovery.k8s.io', 'networking.k8s.io', 'rbac.authorization.k8s.io']);
/** A request target as a URL. Prefixing (not resolving against a base) keeps `//x/y` a path, not a host. */
function requestUrl(target: string | undefined): URL {
  try {
    return new URL(`http://sandbox.invalid${target?.startsWith('/') ? target : '/'}`);
  } catch {
    throw errors.badRequest(`malformed request path: ${JSON.stringify(target)}`);
  }
}

function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept);
}

function and(...matchers: Matcher[]): Matcher {
  return (obj) => matchers.every((m) => m(obj));
}

function objectKeyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
}

/** DeleteOptions from the body (kubectl sends JSON) or the query (`gracePeriodSeconds`, `propagationPolicy`). */
async function deleteOptions(req: IncomingMessage, url: URL): Promise<DeleteOptions> {
  const out: DeleteOptions = {};
  const raw = await readBody(req);
  if (raw.length > 0) {
    let body: unknown;
    try {
      body = decodeBody(raw, req.headers['content-type'] ?? 'application/json');
    } catch {
      body = undefined; // a body kube could not read either: the query and defaults decide
    }
    if (isRecord(body)) {
      if (typeof body.gracePeriodSeconds === 'number') out.gracePeriodSeconds = body.gracePeriodSeconds;
      if (typeof body.propagationPolicy === 'string') out.propagationPolicy = body.propagationPolicy;
    }
  }
  const grace = url.searchParams.get('gracePeriodSeconds');
  if (grace !== null && /^\d+$/.test(grace)) out.gracePeriodSeconds = Number(grace);
  const policy = url.searchParams.get('propagationPolicy');
  if (policy) out.propagationPolicy = policy;
  return out;
}

/** On update the apiserver defaults again: a container added to a template gets its defaults before comparison. */
function applyUpdateDefaults(obj: KubeObject): void {
  if (obj.kind === 'Deployment' || obj.kind === 'ReplicaSet' || obj.kind === 'DaemonSet') applyDefaults(obj);
}

/** What a new namespace gets from controllers: the default ServiceAccount and the root CA ConfigMap. */
export function seedNamespace(api: SandboxApi, namespace: string): void {
  const sa = api.registry.find('', 'v1', 'serviceaccounts') as ResourceType;
  const cm = api.registry.find('', 'v1', 'configmaps') as ResourceType;
  if (!api.store.get(sa, namespace, 'default')) {
    api.store.create(sa, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } });
  }
  if (!api.store.get(cm, namespace, 'kube-root-ca.crt')) {
    api.store.create(cm, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt', namespace, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
      data: { 'ca.crt': SANDBOX_CA_PLACEHOLDER },
    });
  }
}

/** The sandbox serves plain HTTP on loopback; this stands where kind puts its cluster CA. */
const SANDBOX_CA_PLACEHOLDER = '-----BEGIN CERTIFICATE-----\nkubeclass sandbox: served over loopback HTTP, no CA\n-----END CERTIFICATE-----\n';
