// The cluster's provisioning, from `cluster` messages: a segmented bar with a labelled entry per phase while it
// comes up, the failing phase's detail when it failed, a short note when there is no cluster, nothing when ready.
import type { ClusterPhase, ClusterView } from '../../server/common/lesson-protocol.js';
import { formatDuration } from '../format.js';
import { words } from '../i18n/words.js';
import { h } from './dom.js';

const PHASE_MARK: Record<ClusterPhase['state'], string> = { waiting: '○', running: '◐', done: '✓', failed: '✗' };

export class ProvisioningBar {
  constructor(private readonly el: HTMLElement) {}

  show(cluster: ClusterView | undefined): void {
    const state = cluster?.state ?? 'ready';
    this.el.hidden = state === 'ready';
    this.el.dataset['state'] = state;
    if (!cluster || state === 'ready') {
      this.el.replaceChildren();
      return;
    }
    const c = words();
    if (state === 'none') {
      this.el.replaceChildren(h('p', { class: 'provisioning-note', text: c.provisioning.noCluster }));
      return;
    }
    const phases = cluster.phases;
    const done = phases.filter((p) => p.state === 'done').length;
    const running = phases.find((p) => p.state === 'running');
    const failed = phases.find((p) => p.state === 'failed');
    const title =
      state === 'failed'
        ? c.provisioning.failed(cluster.kind)
        : c.provisioning.preparing(cluster.kind, done, phases.length);

    const track = h(
      'div',
      { class: 'provisioning-track', attrs: { role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': phases.length, 'aria-valuenow': done, 'aria-label': c.provisioning.phasesDone } },
      phases.map((p) => h('span', { class: 'provisioning-segment', attrs: { 'data-state': p.state } })),
    );
    const list = h(
      'ol',
      { class: 'provisioning-phases' },
      phases.map((p) =>
        h('li', { attrs: { 'data-state': p.state } }, [
          h('span', { class: 'phase-mark', text: PHASE_MARK[p.state], attrs: { 'aria-hidden': 'true' } }),
          h('span', { class: 'phase-title', text: c.provisioning.phase[p.id] ?? p.title }),
          ...(p.state === 'running' || p.state === 'done' || p.state === 'failed'
            ? [h('span', { class: 'phase-time', text: formatDuration(p.elapsedMs) })]
            : []),
        ]),
      ),
    );
    const detailPhase = failed ?? running;
    const children: Node[] = [h('p', { class: 'provisioning-title', text: title }), track, list];
    if (detailPhase?.detail) {
      const text = failed ? `${c.provisioning.phase[failed.id] ?? failed.title}: ${detailPhase.detail}` : detailPhase.detail;
      children.push(h('p', { class: failed ? 'provisioning-detail failed' : 'provisioning-detail', text }));
    }
    if (failed?.output) children.push(h('pre', { class: 'provisioning-output', text: failed.output, attrs: { 'aria-label': c.provisioning.output } }));
    if (failed?.fix) children.push(h('p', { class: 'provisioning-fix', text: `${c.provisioning.whatToDo}: ${failed.fix}` }));
    this.el.replaceChildren(...children);
  }
}
