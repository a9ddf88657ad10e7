// The steps as a row of numbered buttons (compact enough to stay on screen above the text): status by colour and
// by mark (✓ passed, ↷ skipped) and in the accessible name; a click sends `goto`.
import { words } from '../i18n/words.js';
import { h } from './dom.js';
import type { LessonModel } from './lesson-model.js';

export class StepList {
  constructor(
    private readonly el: HTMLElement,
    private readonly onGoto: (stepId: string) => void,
  ) {}

  render(model: LessonModel): void {
    // Redrawn on every progress message: keep keyboard focus on the same step's button.
    const focused = this.el.contains(document.activeElement)
      ? (document.activeElement as HTMLElement).dataset['step']
      : undefined;
    const current = model.currentStep?.id;
    const c = words().stepList;
    const items = model.steps.map((step, index) => {
      const status = model.displayStatus(step.id);
      const mark = status === 'passed' ? '✓' : status === 'skipped' ? '↷' : String(index + 1);
      const isCurrent = step.id === current;
      const chip = h('button', {
        class: 'step-chip',
        text: mark,
        attrs: {
          type: 'button',
          'data-status': status,
          'data-step': step.id,
          'aria-current': isCurrent ? 'step' : undefined,
          'aria-label': c.chip(index + 1, step.title, isCurrent && status !== 'current' ? c.currentAnd(c.status[status]) : c.status[status]),
          title: `${index + 1}. ${step.title}`,
        },
      });
      chip.addEventListener('click', () => {
        if (!isCurrent) this.onGoto(step.id);
      });
      return h('li', { attrs: { 'data-current': isCurrent } }, [chip]);
    });
    this.el.replaceChildren(...items);
    if (focused !== undefined) this.el.querySelector<HTMLElement>(`[data-step="${CSS.escape(focused)}"]`)?.focus();
  }
}
