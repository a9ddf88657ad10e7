// Reads objects through @kubernetes/client-node: finds what a lesson's `resource` names (plural, kind or short
// name) by discovery, then gets or lists it. Grouped types go through CustomObjectsApi, which returns the object
// as sent: KubernetesObjectApi deserialises by kind alone, so a Knative `Service` would come back as a core
// V1Service without status.url. Core types keep KubernetesObjectApi (their models are exact). Read-only by
// construction: no write method is exposed.
import { Agent, type AgentOptions } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';
import { CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi, type KubernetesObject, type RequestContext, type V1APIResource } from '@kubernetes/client-node';

export interface ResourceType {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

export interface ObjectRef {
  apiVersion: string;
  resource: string;
  namespace?: string | undefined;
}

/** An object as the API returns it: metadata, spec, status, any other field. */
export type KubeObject = KubernetesObject & Record<string, unknown>;

export class ClusterReader {
  private readonly objects: KubernetesObjectApi;
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly discovered = new Map<string, Promise<V1APIResource[]>>();

  constructor(readonly kubeconfig: KubeConfig) {
    this.objects = KubernetesObjectApi.makeApiClient(kubeconfig);
    this.core = kubeconfig.makeApiClient(CoreV1Api);
    this.custom = kubeconfig.makeApiClient(CustomObjectsApi);
  }

  /** Objects a watch delivered, answered by `get` before the API is asked (see withWatched). */
  private watched: ((type: ResourceType, name: string, namespace: string | undefined) => KubeObject | null | undefined) | undefined;

  /**
   * This reader, with `get` answered from what a watch last delivered for an object (null: deleted) and the API
   * asked only for objects no event named: an evaluation a watch event triggered then costs no request.
   */
  withWatched(seen: (type: ResourceType, name: string, namespace: string | undefined) => KubeObject | null | undefined): ClusterReader {
    const view = Object.create(this) as ClusterReader;
    view.watched = seen;
    return view;
  }

  /** Closes the connections it keeps. */
  close(): void {
    if (this.kubeconfig instanceof PooledKubeConfig) this.kubeconfig.destroy();
  }

  /** The type `resource` names in `apiVersion`; throws a learner-readable error when there is none. */
  async resolve(apiVersion: string, resource: string): Promise<ResourceType> {
    const wanted = resource.toLowerCase();
    let resources = await this.resources(apiVersion);
    let found = find(resources, wanted);
    if (!found) {
      // A CRD installed after the first look (Knative's, during the lesson): ask again once.
      this.discovered.delete(apiVersion);
      resources = await this.resources(apiVersion);
      found = find(resources, wanted);
    }
    if (!found) throw new Error(`the cluster serves no "${resource}" in ${apiVersion}`);
    return { apiVersion, kind: found.kind, plural: found.name, namespaced: found.namespaced };
  }

  /** The object, or undefined when it does not exist. */
  async get(type: ResourceType, name: string, namespace: string | undefined): Promise<KubeObject | undefined> {
    const seen = this.watched?.(type, name, namespace);
    if (seen !== undefined) return seen ?? undefined;
    try {
      const ns = namespace ?? 'default';
      const group = splitApiVersion(type.apiVersion);
      if (group) {
        const params = { ...group, plural: type.plural, name };
        return (await (type.namespaced ? this.custom.getNamespacedCustomObject({ ...params, namespace: ns }) : this.custom.getClusterCustomObject(params))) as KubeObject;
      }
      const metadata = type.namespaced ? { name, namespace: ns } : { name };
      return (await this.objects.read({ apiVersion: type.apiVersion, kind: type.kind, metadata })) as KubeObject;
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  async list(type: ResourceType, namespace: string | undefined, labelSelector?: string): Promise<KubeObject[]> {
    const ns = type.namespaced ? (namespace ?? 'default') : undefined;
    const group = splitApiVersion(type.apiVersion);
    if (group) {
      const params = { ...group, plural: type.plural, ...(labelSelector ? { labelSelector } : {}) };
      const raw = (await (ns ? this.custom.listNamespacedCustomObject({ ...params, namespace: ns }) : this.custom.listClusterCustomObject(params))) as { items?: KubeObject[] };
      return raw.items ?? [];
    }
    const list = await this.objects.list(type.apiVersion, type.kind, ns, undefined, undefined, undefined, undefined, labelSelector);
    return list.items as KubeObject[];
  }

  /** The API path that lists (and watches) a type, across namespaces or in one. */
  static path(type: ResourceType, namespace?: string): string {
    const base = type.apiVersion.includes('/') ? `/apis/${type.apiVersion}` : `/api/${type.apiVersion}`;
    return type.namespaced && namespace ? `${base}/namespaces/${namespace}/${type.plural}` : `${base}/${type.plural}`;
  }

  private resources(apiVersion: string): Promise<V1APIResource[]> {
    let cached = this.discovered.get(apiVersion);
    if (!cached) {
      const group = splitApiVersion(apiVersion);
      cached = (group ? this.custom.getAPIResources(group) : this.core.getAPIResources()).then((l) => l.resources);
      cached.catch(() => this.discovered.delete(apiVersion)); // a failed look is not remembered
      this.discovered.set(apiVersion, cached);
    }
    return cached;
  }
}

/** group and version of a grouped apiVersion; undefined for the core group ("v1"). */
function splitApiVersion(apiVersion: string): { group: string; version: string } | undefined {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? undefined : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function find(resources: V1APIResource[], wanted: string): V1APIResource | undefined {
  return resources.find(
    (r) => !r.name.includes('/') && (r.name === wanted || r.kind.toLowerCase() === wanted || r.singularName === wanted || (r.shortNames ?? []).includes(wanted)),
  );
}

/** The HTTP status of a client-node error (ApiException.code), if it has one. */
export function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** A client-node error as one line: the Status message the API sent, else the error's own. */
export function errorMessage(error: unknown): string {
  const body = (error as { body?: unknown } | null)?.body;
  if (typeof body === 'string') {
    try {
      const status = JSON.parse(body) as { message?: string };
      if (status.message) return status.message;
    } catch {
      // not a Status: fall through to the error's message
    }
  }
  return error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error);
}

/**
 * A KubeConfig whose requests share one keep-alive agent. client-node makes a new agent per request, so every
 * check and readiness poll paid a TLS handshake: at 50 seats on 2 cores that was a tenth of the server's time.
 */
export class PooledKubeConfig extends KubeConfig {
  private agent: Agent | undefined;
  /** Watches' connections: long-lived, so not capped, but each made with one TLS context, not a new one. */
  private streamAgent: Agent | undefined;
  /** Made once: Node otherwise parses the CA and key again for every new connection (each watch opens one). */
  private secureContext: SecureContext | undefined;
  private destroyed = false;

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const pooled = this.pooled(context.getAgent(), 'requests');
    if (pooled) context.setAgent(pooled);
  }

  /** What client-node's Watch asks for: the same, with the stream agent. */
  override async applyToFetchOptions(opts: Parameters<KubeConfig['applyToFetchOptions']>[0]): ReturnType<KubeConfig['applyToFetchOptions']> {
    const init = await super.applyToFetchOptions(opts);
    // node-fetch's RequestInit carries the agent client-node made (its type is not exported by client-node).
    const pooled = this.pooled((init as { agent?: unknown }).agent, 'streams');
    return pooled ? { ...init, agent: pooled } : init;
  }

  /** Closes the kept connections, and keeps none from now on. */
  destroy(): void {
    this.destroyed = true;
    this.agent?.destroy();
    this.streamAgent?.destroy();
    this.agent = undefined;
    this.streamAgent = undefined;
  }

  /**
   * The kept agent in place of the one client-node just made. Only a plain HTTPS agent is replaced (a proxy's is
   * left as made); after destroy(), a request still under way keeps client-node's own, so nothing stays open.
   */
  private pooled(fresh: unknown, use: 'requests' | 'streams'): Agent | undefined {
    if (this.destroyed || !(fresh instanceof Agent) || fresh.constructor !== Agent) return undefined;
    const { ca, cert, key, pfx, passphrase } = fresh.options;
    this.secureContext ??= createSecureContext({ ca, cert, key, pfx, passphrase });
    const options: AgentOptions = { ...fresh.options, secureContext: this.secureContext, keepAlive: true };
    if (use === 'requests') return (this.agent ??= new Agent({ ...options, maxSockets: 4 }));
    return (this.streamAgent ??= new Agent(options));
  }
}

export function makeKubeConfig(kubeconfigPath: string): PooledKubeConfig {
  const kc = new PooledKubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc;
}
