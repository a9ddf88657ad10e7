// Watches the API paths a step's `resource` checks name (client-node's Watch) and calls back on every
// change; a watch that ends (timeout, a dropped connection) is opened again while the step lasts.
import { Watch } from '@kubernetes/client-node';
import type { CheckSpec } from '../check-spec.js';
import { ClusterReader, type KubeObject, type ResourceType } from './cluster-reader.js';

const REOPEN_DELAY_MS = 1000;

interface WatchedObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

function seenKey(apiVersion: string | undefined, kind: string | undefined, namespace: string | undefined, name: string | undefined): string {
  return `${apiVersion ?? ''}|${kind ?? ''}|${namespace ?? ''}|${name ?? ''}`;
}

/** The resource checks of a list of checks, `within`'s inner ones included. */
export function resourceChecks(checks: readonly CheckSpec[]): Array<Extract<CheckSpec, { kind: 'resource' }>> {
  return checks.flatMap((c) => (c.kind === 'resource' ? [c] : c.kind === 'within' ? resourceChecks([c.check]) : []));
}

export class ClusterWatch {
  private readonly controllers = new Set<AbortController>();
  /** The last state each watched object was delivered in (null: deleted), by apiVersion, kind, namespace, name. */
  private readonly latest = new Map<string, KubeObject | null>();
  /** Which of `latest`'s keys each path's watch delivered: forgotten when that watch ends (it may miss a delete). */
  private readonly keysOf = new Map<string, Set<string>>();
  /** The path each watched check's objects are watched on, and the paths whose watch is open now. */
  private readonly pathOf = new Map<CheckSpec, string>();
  private readonly live = new Set<string>();
  private closed = false;

  constructor(
    private readonly reader: ClusterReader,
    private readonly onChange: () => void,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * Starts a watch per distinct path; resolves once every watch is open (or failed to open). Only changes to the
   * objects the checks name count: other objects' churn would hold their verdicts back in the debounce window.
   */
  async start(checks: readonly CheckSpec[]): Promise<void> {
    const filters = new Map<string, Array<(object: WatchedObject) => boolean>>();
    for (const spec of resourceChecks(checks)) {
      try {
        const type = await this.reader.resolve(spec.apiVersion, spec.resource);
        const path = ClusterReader.path(type, spec.namespace);
        const namespace = type.namespaced ? (spec.namespace ?? 'default') : undefined;
        const name = spec.name;
        const relevant = name === undefined
          ? (object: WatchedObject) => namespace === undefined || object.metadata?.namespace === namespace
          : (object: WatchedObject) => object.metadata?.name === name && (namespace === undefined || object.metadata?.namespace === namespace);
        filters.set(path, [...(filters.get(path) ?? []), relevant]);
        this.pathOf.set(spec, path);
      } catch (error) {
        // The type may not exist yet (a CRD the lesson installs): commands still re-evaluate the check.
        this.log(`checkers: not watching ${spec.resource} in ${spec.apiVersion}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await Promise.all([...filters].map(([path, relevant]) => this.open(path, (object) => relevant.some((r) => r(object)))));
  }

  /**
   * The object as its last watch event had it: null when that event deleted it, undefined when no event
   * named it. As fresh as the change that triggers an evaluation, without asking the API again.
   */
  seen(type: ResourceType, name: string, namespace: string | undefined): KubeObject | null | undefined {
    return this.latest.get(seenKey(type.apiVersion, type.kind, type.namespaced ? (namespace ?? 'default') : undefined, name));
  }

  /** True while an open watch sees every change of what this check reads: looking again on a timer adds nothing. */
  covers(spec: CheckSpec): boolean {
    const path = this.pathOf.get(spec);
    return path !== undefined && this.live.has(path);
  }

  close(): void {
    this.closed = true;
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
  }

  private async open(path: string, relevant: (object: WatchedObject) => boolean): Promise<void> {
    if (this.closed) return;
    let controller: AbortController | undefined;
    const reopen = (): void => {
      if (controller) this.controllers.delete(controller);
      this.live.delete(path);
      for (const key of this.keysOf.get(path) ?? []) this.latest.delete(key);
      this.keysOf.delete(path);
      if (this.closed) return;
      setTimeout(() => void this.open(path, relevant), REOPEN_DELAY_MS).unref();
    };
    try {
      controller = await new Watch(this.reader.kubeconfig).watch(
        path,
        { allowWatchBookmarks: true },
        (phase: string, object: WatchedObject) => {
          if (phase === 'BOOKMARK' || phase === 'ERROR' || !relevant(object)) return;
          const key = seenKey(object.apiVersion, object.kind, object.metadata?.namespace, object.metadata?.name);
          this.latest.set(key, phase === 'DELETED' ? null : (object as KubeObject));
          const keys = this.keysOf.get(path) ?? new Set<string>();
          keys.add(key);
          this.keysOf.set(path, keys);
          this.onChange();
        },
        () => reopen(),
      );
      if (this.closed) controller.abort();
      else {
        this.controllers.add(controller);
        this.live.add(path);
      }
    } catch (error) {
      this.log(`checkers: watch of ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
      reopen();
    }
  }
}
