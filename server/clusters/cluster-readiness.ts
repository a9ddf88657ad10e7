// How far the playground's cluster is from ready, read from the cluster itself: the API answers, then the
// Deployments of each installed part are Available. Reading state (not trusting the installer) works the same
// for the sandbox and a kind cluster, and the page's progress bar shows it phase by phase.
import type { ClusterPhase, ClusterView } from '../common/lesson-protocol.js';
import { ClusterReader, errorMessage, makeKubeConfig, type KubeObject } from '../lessons/checkers/cluster-reader.js';

interface PhaseSpec {
  id: string;
  title: string;
  /** Every Deployment of the namespace must be Available (none counts as not yet). */
  namespace?: string;
}

const PHASES: Record<string, PhaseSpec> = {
  api: { id: 'api', title: 'Kubernetes API' },
  'kube-system': { id: 'kube-system', title: 'Cluster DNS', namespace: 'kube-system' },
  'knative-serving': { id: 'knative-serving', title: 'Knative Serving', namespace: 'knative-serving' },
  kourier: { id: 'kourier', title: 'Kourier ingress', namespace: 'kourier-system' },
  openfaas: { id: 'openfaas', title: 'OpenFaaS', namespace: 'openfaas' },
};

export interface ReadinessOptions {
  kubeconfigPath: string;
  /** Which cluster this is (`sandbox`, `kind`), for the page. */
  kind: string;
  knative: boolean;
  openfaas: boolean;
  pollMs?: number;
  /** A phase not done after this long is failed, with what it waits for. */
  timeoutMs?: number;
  now?: () => number;
  log?: (message: string) => void;
}

/** What the page is told about the cluster: its view now and each change. */
export interface ClusterStatus {
  view(): ClusterView;
  onChange(listener: (view: ClusterView) => void): () => void;
}

interface PhaseState {
  spec: PhaseSpec;
  state: ClusterPhase['state'];
  detail: string | undefined;
  startedAt: number | undefined;
  doneAt: number | undefined;
}

/** Watches the cluster come up and reports each change; stops polling once every phase is done (or one failed). */
export class ClusterReadiness implements ClusterStatus {
  private readonly phases: PhaseState[];
  private readonly listeners = new Set<(view: ClusterView) => void>();
  private reader: ClusterReader | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly now: () => number;
  private readonly startedAt: number;
  /** Polls in a row that changed nothing: the next waits longer (up to 4x pollMs), so fifty seats starting at once
   * do not each list every namespace's Deployments twice a second. */
  private quietPolls = 0;

  constructor(private readonly options: ReadinessOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    const ids = ['api', 'kube-system', ...(options.knative ? ['knative-serving', 'kourier'] : []), ...(options.openfaas ? ['openfaas'] : [])];
    this.phases = ids.map((id) => ({ spec: PHASES[id]!, state: 'waiting', detail: undefined, startedAt: undefined, doneAt: undefined }));
  }

  /** A cluster that is not there at all (--cluster none). */
  static none(): ClusterStatus & { close(): void } {
    return { view: () => ({ state: 'none', phases: [] }), onChange: () => () => undefined, close: () => undefined };
  }

  start(): void {
    void this.poll();
  }

  view(): ClusterView {
    const failed = this.phases.some((p) => p.state === 'failed');
    const ready = this.phases.every((p) => p.state === 'done');
    const now = this.now();
    return {
      state: failed ? 'failed' : ready ? 'ready' : 'provisioning',
      kind: this.options.kind,
      phases: this.phases.map((p) => ({
        id: p.spec.id,
        title: p.spec.title,
        state: p.state,
        ...(p.detail ? { detail: p.detail } : {}),
        elapsedMs: p.startedAt === undefined ? 0 : (p.doneAt ?? now) - p.startedAt,
      })),
    };
  }

  onChange(listener: (view: ClusterView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the cluster is ready; rejects when a phase failed. */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = (view: ClusterView): boolean => {
        if (view.state === 'ready') resolve();
        else if (view.state === 'failed') reject(new Error(view.phases.find((p) => p.state === 'failed')?.detail ?? 'the cluster failed'));
        else return false;
        return true;
      };
      if (settle(this.view())) return;
      const off = this.onChange((view) => {
        if (settle(view)) off();
      });
    });
  }

  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.reader?.close();
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    let changed = false;
    // Phases run in order for the display, but every pending one is checked on each round: parts come up in parallel.
    for (const phase of this.phases) {
      if (phase.state === 'done' || phase.state === 'failed') continue;
      if (phase.startedAt === undefined) {
        phase.startedAt = this.startedAt;
        phase.state = 'running';
        changed = true;
      }
      const waiting = await this.waitingFor(phase.spec);
      if (waiting === undefined) {
        phase.state = 'done';
        phase.doneAt = this.now();
        phase.detail = undefined;
        changed = true;
      } else if (this.now() - this.startedAt > (this.options.timeoutMs ?? 10 * 60_000)) {
        phase.state = 'failed';
        phase.detail = `not ready after ${Math.round((this.now() - this.startedAt) / 1000)} s: ${waiting}`;
        changed = true;
        this.options.log?.(`cluster: ${phase.spec.title} ${phase.detail}`);
      } else if (waiting !== phase.detail) {
        phase.detail = waiting;
        changed = true;
      }
      // Later phases wait for the API: without it every read fails the same way.
      if (phase.spec.id === 'api' && phase.state !== 'done') break;
    }
    if (changed) {
      const view = this.view();
      for (const listener of this.listeners) listener(view);
    }
    const finished = this.phases.every((p) => p.state === 'done') || this.phases.some((p) => p.state === 'failed');
    this.quietPolls = changed ? 0 : this.quietPolls + 1;
    const delay = (this.options.pollMs ?? 500) * Math.min(4, 1.5 ** this.quietPolls);
    if (!finished && !this.stopped) this.timer = setTimeout(() => void this.poll(), delay);
  }

  /** What the phase still waits for, or undefined when it is done. */
  private async waitingFor(spec: PhaseSpec): Promise<string | undefined> {
    try {
      if (this.stopped) return 'stopped';
      this.reader ??= new ClusterReader(makeKubeConfig(this.options.kubeconfigPath));
      if (!spec.namespace) {
        await this.reader.resolve('v1', 'namespaces');
        return undefined;
      }
      const type = await this.reader.resolve('apps/v1', 'deployments');
      const deployments = await this.reader.list(type, spec.namespace);
      if (deployments.length === 0) return `no Deployments in ${spec.namespace} yet`;
      const notReady = deployments.filter((d) => !available(d)).map((d) => d.metadata?.name ?? '?');
      return notReady.length ? `waiting for ${notReady.join(', ')} in ${spec.namespace}` : undefined;
    } catch (error) {
      // A kubeconfig not written yet or an API still starting: keep waiting, say why.
      if (!spec.namespace) {
        this.reader?.close();
        this.reader = undefined;
      }
      return errorMessage(error);
    }
  }
}

function available(deployment: KubeObject): boolean {
  const status = deployment.status as { conditions?: { type?: string; status?: string }[]; availableReplicas?: number } | undefined;
  const spec = deployment.spec as { replicas?: number } | undefined;
  const condition = status?.conditions?.find((c) => c.type === 'Available');
  return condition?.status === 'True' && (status?.availableReplicas ?? 0) >= (spec?.replicas ?? 1);
}
