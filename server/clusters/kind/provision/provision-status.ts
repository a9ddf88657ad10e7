// The page's view of a kind cluster being provisioned: the plan's steps as the progress bar's phases (a step
// already in place shows as done), with the failing step's output and advice.
import type { ClusterStatus } from '../../cluster-readiness.js';
import type { ClusterView } from '../../../common/lesson-protocol.js';
import type { ProvisionView } from './runner.js';

export function clusterViewOf(view: ProvisionView | undefined, kind = 'kind'): ClusterView {
  if (!view) return { state: 'provisioning', kind, phases: [] };
  return {
    state: view.state === 'done' ? 'ready' : view.state === 'failed' ? 'failed' : 'provisioning',
    kind,
    phases: view.steps.map((s) => ({
      id: s.id,
      title: s.title,
      state: s.state === 'skipped' ? 'done' : s.state,
      ...(s.state === 'skipped' ? { detail: 'already in place' } : s.detail ? { detail: s.detail } : {}),
      ...(s.output ? { output: s.output } : {}),
      ...(s.fix && s.state === 'failed' ? { fix: s.fix } : {}),
      elapsedMs: s.elapsedMs,
    })),
  };
}

/** A ClusterStatus fed by a provisioning run's changes. */
export class ProvisionStatus implements ClusterStatus {
  private current: ProvisionView | undefined;
  private readonly listeners = new Set<(view: ClusterView) => void>();

  update(view: ProvisionView): void {
    this.current = view;
    const shown = this.view();
    for (const listener of this.listeners) listener(shown);
  }

  view(): ClusterView {
    return clusterViewOf(this.current);
  }

  onChange(listener: (view: ClusterView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
