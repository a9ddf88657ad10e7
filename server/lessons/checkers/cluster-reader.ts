// Reads objects with a kubeconfig, as kubectl does: finds what a lesson's `resource` names (plural, kind or short
// name) by discovery, then gets or lists it, as the JSON the API sends. @kubernetes/client-node loads the
// kubeconfig and its credentials (tokens, client certificates, auth plugins); the GETs themselves are plain HTTPS
// (api-get.ts): client-node's typed clients turned every answer into model classes, a third of the server's
// checker work at fifty learners. Read-only by construction: no write method is exposed.
import { Agent, type AgentOptions, type RequestOptions } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';
import { KubeConfig, type KubernetesObject, type RequestContext } from '@kubernetes/client-node';
import { getJson, statusCode } from './api-get.js';

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

/** What discovery says of a resource (an APIResource, as `/api/v1` and `/apis/<group>/<version>` list them). */
interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  singularName?: string;
  shortNames?: string[];
}

export { errorMessage, statusCode } from './api-get.js';

export class ClusterReader {
  private readonly discovered = new Map<string, Promise<ApiResource[]>>();

  constructor(readonly kubeconfig: KubeConfig) {}

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
      const path = `${ClusterReader.path(type, type.namespaced ? (namespace ?? 'default') : undefined)}/${encodeURIComponent(name)}`;
      return (await getJson(this.kubeconfig, path)) as KubeObject;
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  async list(type: ResourceType, namespace: string | undefined, labelSelector?: string): Promise<KubeObject[]> {
    const ns = type.namespaced ? (namespace ?? 'default') : undefined;
    const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
    const list = (await getJson(this.kubeconfig, `${ClusterReader.path(type, ns)}${query}`)) as { items?: KubeObject[] | null };
    return list.items ?? [];
  }

  /** The API path that lists (and watches) a type, across namespaces or in one. */
  static path(type: ResourceType, namespace?: string): string {
    const base = type.apiVersion.includes('/') ? `/apis/${type.apiVersion}` : `/api/${type.apiVersion}`;
    return type.namespaced && namespace ? `${base}/namespaces/${namespace}/${type.plural}` : `${base}/${type.plural}`;
  }

  private resources(apiVersion: string): Promise<ApiResource[]> {
    let cached = this.discovered.get(apiVersion);
    if (!cached) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      cached = getJson(this.kubeconfig, path).then((l) => (l as { resources?: ApiResource[] }).resources ?? []);
      cached.catch(() => this.discovered.delete(apiVersion)); // a failed look is not remembered
      this.discovered.set(apiVersion, cached);
    }
    return cached;
  }
}

function find(resources: ApiResource[], wanted: string): ApiResource | undefined {
  return resources.find(
    (r) => !r.name.includes('/') && (r.name === wanted || r.kind.toLowerCase() === wanted || r.singularName === wanted || (r.shortNames ?? []).includes(wanted)),
  );
}

/**
 * A KubeConfig whose requests share one keep-alive agent. client-node makes a new agent per request, so every
 * check and readiness poll paid a TLS handshake: at 50 seats on 2 cores that was a tenth of the server's time.
 */
export class PooledKubeConfig extends KubeConfig {
  private agent: Agent | undefined;
  /** Made once: Node otherwise parses the CA and key again for every new connection (each watch opens one). */
  private secureContext: SecureContext | undefined;
  private destroyed = false;

  /** Typed clients' requests (lesson-test's CoreV1Api). */
  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const pooled = this.pooled(context.getAgent());
    if (pooled) context.setAgent(pooled);
  }

  /** The reader's GETs and client-node's Watch (through applyToFetchOptions) take their options from here. */
  override async applyToHTTPSOptions(opts: Parameters<KubeConfig['applyToHTTPSOptions']>[0]): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    const pooled = this.pooled((opts as RequestOptions).agent);
    if (pooled) (opts as RequestOptions).agent = pooled;
  }

  /** Closes the kept connections, and keeps none from now on. */
  destroy(): void {
    this.destroyed = true;
    this.agent?.destroy();
    this.agent = undefined;
  }

  /**
   * The kept agent in place of the one client-node just made. Only a plain HTTPS agent is replaced (a proxy's is
   * left as made); after destroy(), a request still under way keeps client-node's own, so nothing stays open.
   */
  private pooled(fresh: unknown): Agent | undefined {
    if (this.destroyed || !(fresh instanceof Agent) || fresh.constructor !== Agent) return undefined;
    const { ca, cert, key, pfx, passphrase } = fresh.options;
    this.secureContext ??= createSecureContext({ ca, cert, key, pfx, passphrase });
    const options: AgentOptions = { ...fresh.options, secureContext: this.secureContext, keepAlive: true };
    return (this.agent ??= new Agent(options));
  }
}

export function makeKubeConfig(kubeconfigPath: string): PooledKubeConfig {
  const kc = new PooledKubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc;
}
