// Watches the API paths a step's `resource` checks name (client-node's Watch) and calls back on every
// change; a watch that ends (timeout, a dropped connection) is opened again while the step lasts.
import { Watch } from '@kubernetes/client-node';
import type { CheckSpec } from '../check-spec.js';
import { ClusterReader } from './cluster-reader.js';

const REOPEN_DELAY_MS = 1000;

/** The resource checks of a list of checks, `within`'s inner ones included. */
export function resourceChecks(checks: readonly CheckSpec[]): Array<Extract<CheckSpec, { kind: 'resource' }>> {
  return checks.flatMap((c) => (c.kind === 'resource' ? [c] : c.kind === 'within' ? resourceChecks([c.check]) : []));
}

export class ClusterWatch {
  private readonly controllers = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly reader: ClusterReader,
    private readonly onChange: () => void,
    private readonly log: (message: string) => void,
  ) {}

  /** Starts a watch per distinct path; resolves once every watch is open (or failed to resolve). */
  async start(checks: readonly CheckSpec[]): Promise<void> {
    const paths = new Set<string>();
    for (const spec of resourceChecks(checks)) {
      try {
        const type = await this.reader.resolve(spec.apiVersion, spec.resource);
        paths.add(ClusterReader.path(type, spec.namespace));
        // A failing object check reads the pods behind it (diagnosis): their changes are evidence too.
        if (spec.name !== undefined && !spec.absent) paths.add(ClusterReader.path(await this.reader.resolve('v1', 'pods'), spec.namespace ?? 'default'));
      } catch (error) {
        // The type may not exist yet (a CRD the lesson installs): commands still re-evaluate the check.
        this.log(`checkers: not watching ${spec.resource} in ${spec.apiVersion}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await Promise.all([...paths].map((path) => this.open(path)));
  }

  close(): void {
    this.closed = true;
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
  }

  private async open(path: string): Promise<void> {
    if (this.closed) return;
    let controller: AbortController | undefined;
    const reopen = (): void => {
      if (controller) this.controllers.delete(controller);
      if (this.closed) return;
      setTimeout(() => void this.open(path), REOPEN_DELAY_MS).unref();
    };
    try {
      controller = await new Watch(this.reader.kubeconfig).watch(
        path,
        { allowWatchBookmarks: true },
        (phase) => {
          if (phase !== 'BOOKMARK') this.onChange();
        },
        () => reopen(),
      );
      if (this.closed) controller.abort();
      else this.controllers.add(controller);
    } catch (error) {
      this.log(`checkers: watch of ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
      reopen();
    }
  }
}
