// The current step: its text (the server's sanitised HTML, with toolbars on code blocks), its checks, a "Step
// passed" banner with the way on, what "Skip" is doing, and the step's own buttons. The text is rebuilt only when
// the step or its text changes, so verdicts and progress do not close a hint the learner opened or clear a quiz.
import type { StepView as Step } from '../../server/common/lesson-protocol.js';
import { words } from '../i18n/words.js';
import { CheckList } from './check-list.js';
import { CodeActions, type CodeActionHandlers } from './code-actions.js';
import { button, h } from './dom.js';
import type { LessonModel } from './lesson-model.js';

export interface StepActions {
  goto(stepId: string): void;
  /** False when it could not be sent (the lesson socket is down). */
  answer(stepId: string, checkId: string, choice: number | number[]): boolean;
  skip(stepId: string): void;
  /** One step, or the whole lesson when `stepId` is undefined. */
  reset(stepId: string | undefined): void;
  code: CodeActionHandlers;
}

/** Inserts HTML the server sanitised (docs/lessons.md, "Rendering"); the CSP forbids inline script anyway. */
function sanitisedHtml(className: string, html: string): HTMLElement {
  const el = h('div', { class: className });
  el.innerHTML = html;
  return el;
}

export class StepViewer {
  /** Which step is on screen, and which text of it: a new step scrolls to the top, new text only redraws. */
  private stepKey: string | undefined;
  private textKey: string | undefined;
  private readonly code: CodeActions;
  private checks: CheckList | undefined;
  private status: HTMLElement | undefined;
  private banner: HTMLElement | undefined;
  private skipStatus: HTMLElement | undefined;
  private skipButton: HTMLButtonElement | undefined;
  private finish: HTMLElement | undefined;
  private heading: HTMLElement | undefined;

  constructor(
    private readonly el: HTMLElement,
    /** The scrolling box around the step: a new step starts at its top. */
    private readonly scroller: HTMLElement,
    private readonly actions: StepActions,
  ) {
    this.code = new CodeActions(actions.code);
  }

  fileCreated(path: string): void {
    this.code.markFileCreated(path);
  }

  render(model: LessonModel): void {
    const lesson = model.lesson;
    const step = model.currentStep;
    if (!lesson || !step) {
      this.stepKey = this.textKey = undefined;
      this.el.replaceChildren();
      return;
    }
    const stepKey = JSON.stringify([lesson.lessonId, step.id]);
    const textKey = JSON.stringify([lesson.locale, step.html, step.checks, lesson.finishHtml, lesson.introHtml]);
    if (stepKey !== this.stepKey || textKey !== this.textKey) {
      const arrived = stepKey !== this.stepKey;
      this.build(model, step);
      this.stepKey = stepKey;
      this.textKey = textKey;
      if (arrived) this.arrive();
    }
    this.update(model, step);
  }

  /** A new step: start reading at its top; a keyboard user who was in the pane lands on its heading. */
  private arrive(): void {
    this.scroller.scrollTop = 0;
    const active = document.activeElement;
    const inPane = active instanceof HTMLElement && active !== document.body && this.scroller.closest('.lesson-pane')?.contains(active);
    if (inPane && !active.closest('.step-list')) this.heading?.focus({ preventScroll: true });
  }

  private build(model: LessonModel, step: Step): void {
    const lesson = model.lesson;
    if (!lesson) return;
    const index = model.steps.indexOf(step);
    const c = words().step;
    const children: HTMLElement[] = [];
    if (index === 0 && lesson.introHtml.trim()) children.push(sanitisedHtml('lesson-intro lesson-html', lesson.introHtml));

    this.status = h('span', { class: 'step-status' });
    this.heading = h('h2', { class: 'step-title', text: step.title, attrs: { tabindex: -1 } });
    children.push(
      h('header', { class: 'step-head' }, [
        h('p', { class: 'step-kicker' }, [h('span', { text: c.position(index + 1, model.steps.length) }), this.status]),
        this.heading,
      ]),
    );

    const body = sanitisedHtml('step-body lesson-html', step.html);
    this.code.decorate(body);
    children.push(body);

    this.checks = new CheckList(step, (checkId, choice) => {
      const sent = this.actions.answer(step.id, checkId, choice);
      if (sent) model.markAnswered(step.id, checkId);
      return sent;
    });
    children.push(this.checks.el);

    this.banner = h('div', { class: 'step-banner', attrs: { role: 'status' } });
    this.skipStatus = h('div', { class: 'skip-status', attrs: { 'aria-live': 'polite' } });
    this.finish = h('section', { class: 'lesson-finish', attrs: { 'aria-label': c.lessonComplete, role: 'status' } });
    children.push(this.skipStatus, this.banner, this.finish);

    const tools: HTMLElement[] = [];
    if (step.hasSolution) {
      this.skipButton = button(c.skip, 'btn', () => {
        if (confirm(words().step.confirmSkip(step.title))) {
          this.actions.skip(step.id);
        }
      });
      tools.push(this.skipButton);
    } else {
      this.skipButton = undefined;
    }
    tools.push(button(c.reset, 'btn', () => this.actions.reset(step.id)));
    children.push(h('div', { class: 'step-tools' }, tools));

    children.push(
      h('footer', { class: 'lesson-footer' }, [
        button(c.resetLesson, 'btn-link', () => {
          if (confirm(words().step.confirmResetLesson)) this.actions.reset(undefined);
        }),
      ]),
    );
    this.el.replaceChildren(...children);
  }

  private update(model: LessonModel, step: Step): void {
    const progress = model.stepProgress(step.id);
    const done = progress.status !== 'pending';
    this.checks?.update(model.stepVerdicts(step.id), progress.attempts > 0, (id) => model.isAnswered(step.id, id), done);

    if (this.status) {
      const c = words().step;
      this.status.dataset['status'] = progress.status;
      this.status.textContent = progress.status === 'passed' ? c.passed : progress.status === 'skipped' ? c.skipped : '';
    }
    if (this.skipButton) {
      this.skipButton.hidden = done;
      // One solution at a time: a second click while it types would type it twice.
      const skip = model.skipState(step.id);
      this.skipButton.disabled = skip !== undefined && !skip.finished;
    }
    const finished = this.renderFinish(model, step);
    // The end of the lesson takes the banner's place: "Step passed" with nowhere to go would be a dead end.
    this.renderBanner(model, step, done && !finished);
    this.renderSkip(model, step);
  }

  private renderBanner(model: LessonModel, step: Step, done: boolean): void {
    const banner = this.banner;
    if (!banner) return;
    banner.hidden = !done;
    if (!done) {
      banner.replaceChildren();
      return;
    }
    const status = model.stepProgress(step.id).status;
    banner.dataset['status'] = status;
    const steps = model.steps;
    const index = steps.indexOf(step);
    const next = steps[index + 1];
    // After the last step, lead to the first step still open rather than nowhere.
    const open = steps.find((s) => model.stepProgress(s.id).status === 'pending');
    const target = next ?? open;
    const c = words().step;
    const label = next ? c.next : open ? c.goTo(steps.indexOf(open) + 1) : undefined;
    banner.replaceChildren(
      h('span', { class: 'banner-text' }, [
        h('span', { class: 'banner-mark', text: status === 'passed' ? '✓' : '↷', attrs: { 'aria-hidden': 'true' } }),
        h('span', { text: status === 'passed' ? c.bannerPassed : c.bannerSkipped }),
      ]),
      ...(target && label ? [button(label, 'btn btn-primary', () => this.actions.goto(target.id))] : []),
    );
  }

  private renderSkip(model: LessonModel, step: Step): void {
    const el = this.skipStatus;
    if (!el) return;
    const skip = model.skipState(step.id);
    el.hidden = !skip;
    if (!skip) {
      el.replaceChildren();
      return;
    }
    const c = words().step;
    const head = !skip.finished
      ? c.typingSolution
      : skip.ok
        ? // The step counts as skipped once its checks pass, which may take the cluster a moment.
          model.stepProgress(step.id).status === 'pending'
          ? c.solutionWaiting
          : c.solutionSkipped
        : c.solutionFailed(skip.message);
    el.dataset['state'] = !skip.finished ? 'running' : skip.ok ? 'ok' : 'failed';
    el.replaceChildren(
      h('p', { text: head }),
      ...(skip.commands.length > 0 ? [h('pre', { class: 'skip-commands', text: skip.commands.join('\n') })] : []),
      ...(skip.finished && skip.ok && skip.message ? [h('p', { text: skip.message })] : []),
    );
  }

  /** True when the lesson is complete and this is its last step. */
  private renderFinish(model: LessonModel, step: Step): boolean {
    const el = this.finish;
    const lesson = model.lesson;
    if (!el || !lesson) return false;
    // The end of the lesson is shown on its last step (a learner reviewing step 2 is not told again).
    const show = (model.progress?.complete ?? false) && step === model.steps[model.steps.length - 1];
    el.hidden = !show;
    if (!show || el.childElementCount > 0) return show;
    el.replaceChildren(
      h('h2', { class: 'finish-title' }, [
        h('span', { class: 'banner-mark', text: '✓', attrs: { 'aria-hidden': 'true' } }),
        h('span', { text: words().step.lessonComplete }),
      ]),
      h('p', { class: 'finish-summary', text: words().step.allStepsDone(model.steps.length, lesson.title) }),
      ...(lesson.finishHtml ? [sanitisedHtml('lesson-html', lesson.finishHtml)] : []),
    );
    return true;
  }
}
