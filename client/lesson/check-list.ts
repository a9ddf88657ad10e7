// The current step's checks and their live verdicts. A passing check shows ✓ at once; a failing one shows its
// message only after the learner tried something on this step (a command finished, or this quiz was answered):
// a fresh step does not greet the learner with red failures.
import type { CheckView, StepView, VerdictView } from '../../server/common/lesson-protocol.js';
import { words, type Catalogue } from '../i18n/words.js';
import { h } from './dom.js';
import { QuizView } from './quiz.js';

/** For a check whose lesson gives no words (no hint): what a check of its kind waits for. */
function kindLabel(c: Catalogue, kind: string): string {
  const kinds: Partial<Record<string, string>> = c.checks.kinds;
  return Object.hasOwn(kinds, kind) ? (kinds[kind] ?? c.checks.other) : c.checks.other;
}

/**
 * This quiz's failing verdict comes from an answer (this page's, or one given before a reload): the server marks
 * an unanswered quiz `waiting`.
 */
function answeredBefore(verdict: VerdictView | undefined): boolean {
  return verdict !== undefined && !verdict.passed && verdict.waiting !== true && verdict.message !== undefined;
}

interface Row {
  el: HTMLElement;
  mark: HTMLElement;
  text: HTMLElement;
  /** What the verdict says (a failure's hint, what a waiting check waits for), under the title. */
  detail: HTMLElement;
  label: string;
  /** The author titled it: the title stays and the verdict's words go under it. */
  titled: boolean;
}

export class CheckList {
  readonly el: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly rows = new Map<string, Row>();
  private readonly quizzes = new Map<string, QuizView>();
  private readonly checks: CheckView[];

  constructor(step: StepView, onAnswer: (checkId: string, choice: number | number[]) => boolean) {
    this.checks = step.checks;
    const c = words();
    this.summary = h('span', { class: 'checks-summary' });
    const list = h('ul', { class: 'check-rows' });
    const quizzes: HTMLElement[] = [];
    for (const check of step.checks) {
      if (check.quiz) {
        const quiz = new QuizView(check.quiz, (choice) => onAnswer(check.id, choice));
        this.quizzes.set(check.id, quiz);
        quizzes.push(quiz.el);
        continue;
      }
      const mark = h('span', { class: 'check-mark', attrs: { 'aria-hidden': 'true' } });
      const text = h('span', { class: 'check-text' });
      const detail = h('span', { class: 'check-detail' });
      detail.hidden = true;
      const el = h('li', { class: 'check-row', attrs: { 'data-check': check.id } }, [mark, h('span', { class: 'check-body' }, [text, detail])]);
      list.append(el);
      this.rows.set(check.id, { el, mark, text, detail, label: check.title ?? kindLabel(c, check.kind), titled: check.title !== undefined });
    }
    const hasRows = this.rows.size > 0;
    this.el = h('section', { class: 'step-checks', attrs: { 'aria-label': c.checks.label } }, [
      ...quizzes,
      ...(hasRows
        ? [
            h('div', { class: 'checks-head' }, [h('h3', { text: c.checks.heading }), this.summary]),
            h('div', { attrs: { 'aria-live': 'polite' } }, [list]),
          ]
        : []),
    ]);
    this.el.hidden = step.checks.length === 0;
  }

  update(
    verdicts: ReadonlyMap<string, VerdictView>,
    attempted: boolean,
    answered: (checkId: string) => boolean,
    stepDone: boolean,
  ): void {
    let passed = 0;
    for (const check of this.checks) {
      const verdict = verdicts.get(check.id);
      if (verdict?.passed) passed++;
      const quiz = this.quizzes.get(check.id);
      if (quiz) {
        // Answered before a reload: the server still holds the answer and its verdict, so the verdict may show.
        quiz.setVerdict(verdict, answered(check.id) || (answeredBefore(verdict) && !stepDone));
        continue;
      }
      const row = this.rows.get(check.id);
      if (!row) continue;
      // A skipped or passed step with a stale failing verdict reads as done, not as an error.
      // A check with nothing to judge yet (a window not open) waits, neutral, saying what for once tried.
      const state = verdict?.passed ? 'passed' : verdict && attempted && !stepDone && !verdict.waiting ? 'failed' : 'waiting';
      row.el.dataset['state'] = state;
      row.mark.textContent = state === 'passed' ? '✓' : state === 'failed' ? '✗' : '○';
      const say = state !== 'waiting' || (verdict?.waiting === true && attempted && !stepDone);
      const message = say ? verdict?.message : undefined;
      // A titled check keeps its title and says the verdict's words under it; an untitled one shows them instead.
      row.text.textContent = message && !row.titled ? message : row.label;
      row.detail.textContent = message && row.titled ? message : '';
      row.detail.hidden = !(message && row.titled);
    }
    this.summary.textContent = words().checks.summary(passed, this.checks.length);
  }
}
