// Provisioning progress in a terminal: on a TTY a block of a line per step, redrawn in place (elapsed times
// ticking); elsewhere (CI logs, pipes) a line each time a step changes state. A failure ends with the step, its
// command output and what to do.
import type { ProvisionView, StepView } from './runner.js';

const MARK: Record<StepView['state'], string> = { waiting: '○', running: '◐', done: '✓', skipped: '✓', failed: '✗' };

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function stepLine(step: StepView, width: number): string {
  const time = step.state === 'waiting' ? '' : step.state === 'skipped' ? 'already in place' : formatSeconds(step.elapsedMs);
  const detail = step.state === 'running' && step.detail ? `  ${step.detail}` : '';
  return `  ${MARK[step.state]} ${step.title.padEnd(width)}  ${time}${detail}`.trimEnd();
}

/** What a failed run prints after the steps. */
export function failureReport(view: ProvisionView): string {
  return view.steps
    .filter((s) => s.state === 'failed')
    .map((s) => {
      const output = s.output ? `\n  Output:\n${s.output.split('\n').map((l) => `    ${l}`).join('\n')}` : '';
      return `\n✗ ${s.title} failed after ${formatSeconds(s.elapsedMs)}: ${s.detail ?? 'unknown error'}${output}\n  What to do: ${s.fix ?? 'read the output above'}\n`;
    })
    .join('');
}

export function summary(view: ProvisionView): string {
  const skipped = view.steps.filter((s) => s.state === 'skipped').length;
  const waiting = view.steps.filter((s) => s.state === 'waiting').length;
  if (view.state === 'done') return `Ready in ${formatSeconds(view.elapsedMs)}: ${view.steps.length} steps, ${skipped} already in place.`;
  return `Stopped after ${formatSeconds(view.elapsedMs)}${waiting ? `; ${waiting} step${waiting === 1 ? '' : 's'} not started` : ''}. Fix the cause and run it again: what is done is kept.`;
}

export class ProgressPrinter {
  private lastStates = new Map<string, StepView['state']>();
  private drawnLines = 0;
  private last: ProvisionView | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
  ) {}

  update(view: ProvisionView): void {
    this.last = view;
    if (this.tty) {
      this.redraw();
      // Elapsed times tick while something runs.
      this.timer ??= setInterval(() => this.redraw(), 1000);
      return;
    }
    for (const step of view.steps) {
      const before = this.lastStates.get(step.id);
      if (before === step.state) continue;
      this.lastStates.set(step.id, step.state);
      if (step.state === 'waiting') continue;
      const at = `[${formatSeconds(view.elapsedMs).padStart(9)}]`;
      if (step.state === 'running') this.write(`${at} … ${step.title}\n`);
      else if (step.state === 'skipped') this.write(`${at} ✓ ${step.title}: already in place\n`);
      else if (step.state === 'done') this.write(`${at} ✓ ${step.title} (${formatSeconds(step.elapsedMs)})\n`);
      else this.write(`${at} ✗ ${step.title} (${formatSeconds(step.elapsedMs)})\n`);
    }
  }

  /** The final state (block or lines), the failure report and the summary. */
  finish(view: ProvisionView): void {
    this.update(view);
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.write(`${failureReport(view)}${summary(view)}\n`);
  }

  private redraw(): void {
    const view = this.last;
    if (!view) return;
    const width = Math.max(...view.steps.map((s) => s.title.length));
    const lines = view.steps.map((s) => stepLine(s, width));
    // Up to the block's first line, then each line cleared and written again.
    const up = this.drawnLines ? `\x1b[${this.drawnLines}F` : '';
    this.write(`${up}${lines.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}
