// A quiz check: the question, radio buttons (checkboxes when several choices are right), "Check answer", and the
// verdict beside it. The learner's selection lives in the DOM, so verdict updates must not rebuild this.
import type { CheckView, VerdictView } from '../../server/common/lesson-protocol.js';
import { words } from '../i18n/words.js';
import { button, h } from './dom.js';

type Quiz = NonNullable<CheckView['quiz']>;

let quizCount = 0;

export class QuizView {
  readonly el: HTMLFieldSetElement;
  private readonly inputs: HTMLInputElement[];
  private readonly submit: HTMLButtonElement;
  private readonly verdictEl: HTMLElement;

  constructor(quiz: Quiz, onAnswer: (choice: number | number[]) => boolean) {
    const name = `kc-quiz-${++quizCount}`;
    const c = words().quiz;
    this.inputs = quiz.choices.map((_, index) =>
      h('input', { attrs: { type: quiz.multiple ? 'checkbox' : 'radio', name, value: index } }),
    );
    this.submit = button(c.submit, 'btn btn-primary', () => {
      const chosen = this.inputs.flatMap((input, index) => (input.checked ? [index] : []));
      if (chosen.length === 0) return;
      const first = chosen[0] ?? 0;
      if (onAnswer(quiz.multiple ? chosen : first)) this.setPending();
    });
    this.submit.disabled = true;
    const refresh = (): void => {
      this.submit.disabled = !this.inputs.some((i) => i.checked);
    };
    this.verdictEl = h('span', { class: 'quiz-verdict', attrs: { 'aria-live': 'polite' } });
    this.el = h('fieldset', { class: 'quiz' }, [
      h('legend', { class: 'quiz-question', text: quiz.question }),
      ...(quiz.multiple ? [h('p', { class: 'quiz-note', text: c.chooseAll })] : []),
      h(
        'div',
        { class: 'quiz-choices' },
        quiz.choices.map((choice, index) => {
          const input = this.inputs[index];
          if (!input) return h('span');
          input.addEventListener('change', refresh);
          return h('label', { class: 'quiz-choice' }, [input, h('span', { text: choice })]);
        }),
      ),
      h('div', { class: 'quiz-footer' }, [this.submit, this.verdictEl]),
    ]);
  }

  private setPending(): void {
    this.verdictEl.dataset['state'] = 'pending';
    this.verdictEl.textContent = words().quiz.checking;
  }

  /** `showFailure`: this page answered it, so a wrong answer may say so. */
  setVerdict(verdict: VerdictView | undefined, showFailure: boolean): void {
    if (verdict?.passed) {
      this.verdictEl.dataset['state'] = 'passed';
      this.verdictEl.textContent = `✓ ${verdict.message ?? words().quiz.right}`;
      this.el.dataset['state'] = 'passed';
    } else if (verdict && showFailure) {
      this.verdictEl.dataset['state'] = 'failed';
      this.verdictEl.textContent = `✗ ${verdict.message ?? words().quiz.wrong}`;
      this.el.dataset['state'] = 'failed';
    } else if (this.verdictEl.dataset['state'] !== 'pending') {
      this.verdictEl.textContent = '';
      delete this.verdictEl.dataset['state'];
      delete this.el.dataset['state'];
    }
  }
}
