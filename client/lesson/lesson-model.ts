// What the pane knows of the lesson, built only from server messages (plus which quizzes this page answered), so a
// reconnect's fresh `lesson` message replaces it wholesale. The views read it; they never keep their own copy.
import type {
  ClusterView,
  LessonServerMessage,
  LessonSummary,
  ProgressView,
  StepProgress,
  StepView,
  VerdictView,
} from '../../server/common/lesson-protocol.js';
import type { LessonMessage } from './lesson-message.js';

/** A step as the step list shows it: the server's status, with the current (unfinished) step told apart. */
export type StepDisplayStatus = 'pending' | 'current' | 'passed' | 'skipped';

export interface SkipState {
  commands: string[];
  finished: boolean;
  ok?: boolean;
  message?: string | undefined;
}

/** What changed, so the pane redraws only that (a verdict must not re-render the text and close an open hint). */
export type ModelChange = 'lesson' | 'progress' | 'verdict' | 'cluster' | 'catalog' | 'skip' | 'none';

const NO_PROGRESS: StepProgress = { status: 'pending', attempts: 0, timeMs: 0 };

export class LessonModel {
  catalog: LessonSummary[] = [];
  catalogErrors: string[] = [];
  cluster: ClusterView | undefined;
  lesson: LessonMessage | undefined;
  progress: ProgressView | undefined;
  /** By step id, then check id. The server sends the current step's; earlier steps' are kept for the debug view. */
  private readonly verdicts = new Map<string, Map<string, VerdictView>>();
  /** `stepId/checkId` of quizzes answered from this page: only then may a wrong answer show as wrong. */
  private readonly answered = new Set<string>();
  private readonly skips = new Map<string, SkipState>();

  apply(message: LessonServerMessage): ModelChange {
    switch (message.type) {
      case 'catalog':
        this.catalog = message.lessons;
        this.catalogErrors = message.errors;
        return 'catalog';
      case 'cluster':
        this.cluster = message.cluster;
        return 'cluster';
      case 'lesson': {
        const sameLesson = this.lesson?.lessonId === message.lessonId;
        this.lesson = message;
        this.progress = message.progress;
        if (!sameLesson) {
          this.verdicts.clear();
          this.answered.clear();
          this.skips.clear();
        }
        // The message's verdicts are the current step's whole truth: replace, do not merge.
        this.verdicts.set(message.progress.currentStepId, new Map(Object.entries(message.verdicts)));
        return 'lesson';
      }
      case 'progress':
        this.progress = message.progress;
        return 'progress';
      case 'verdict': {
        let step = this.verdicts.get(message.stepId);
        if (!step) this.verdicts.set(message.stepId, (step = new Map()));
        step.set(message.checkId, message.verdict);
        return 'verdict';
      }
      case 'skip-started':
        this.skips.set(message.stepId, { commands: message.commands, finished: false });
        return 'skip';
      case 'skip-finished': {
        const skip = this.skips.get(message.stepId) ?? { commands: [], finished: false };
        this.skips.set(message.stepId, { ...skip, finished: true, ok: message.ok, message: message.message });
        return 'skip';
      }
      case 'file-created':
      case 'error':
        return 'none';
    }
  }

  get steps(): StepView[] {
    return this.lesson?.steps ?? [];
  }

  get currentStep(): StepView | undefined {
    const id = this.progress?.currentStepId;
    return this.steps.find((s) => s.id === id) ?? this.steps[0];
  }

  stepProgress(stepId: string): StepProgress {
    return this.progress?.steps[stepId] ?? NO_PROGRESS;
  }

  displayStatus(stepId: string): StepDisplayStatus {
    const { status } = this.stepProgress(stepId);
    if (status !== 'pending') return status;
    return stepId === this.currentStep?.id ? 'current' : 'pending';
  }

  /** Steps passed or skipped. */
  get doneCount(): number {
    return this.steps.filter((s) => this.stepProgress(s.id).status !== 'pending').length;
  }

  stepVerdicts(stepId: string): ReadonlyMap<string, VerdictView> {
    return this.verdicts.get(stepId) ?? new Map();
  }

  markAnswered(stepId: string, checkId: string): void {
    this.answered.add(`${stepId}/${checkId}`);
  }

  isAnswered(stepId: string, checkId: string): boolean {
    return this.answered.has(`${stepId}/${checkId}`);
  }

  skipState(stepId: string): SkipState | undefined {
    return this.skips.get(stepId);
  }

  /** A reset the learner asked for: the old verdicts and answers would contradict the fresh step. */
  forget(stepId: string | undefined): void {
    for (const id of stepId === undefined ? [...this.verdicts.keys()] : [stepId]) {
      this.verdicts.delete(id);
      this.skips.delete(id);
      for (const key of [...this.answered]) if (key.startsWith(`${id}/`)) this.answered.delete(key);
    }
  }

  /** A plain snapshot for window.kubeclass (browser tests). */
  snapshot(): LessonDebugView {
    const statuses: Record<string, StepDisplayStatus> = {};
    const verdicts: Record<string, Record<string, VerdictView>> = {};
    for (const step of this.steps) {
      statuses[step.id] = this.displayStatus(step.id);
      const byCheck = this.verdicts.get(step.id);
      if (byCheck) verdicts[step.id] = Object.fromEntries(byCheck);
    }
    return {
      lessonId: this.lesson?.lessonId ?? null,
      locale: this.lesson?.locale ?? null,
      currentStepId: this.currentStep?.id ?? null,
      statuses,
      verdicts,
      complete: this.progress?.complete ?? false,
      cluster: this.cluster?.state ?? null,
    };
  }
}

export interface LessonDebugView {
  lessonId: string | null;
  locale: string | null;
  currentStepId: string | null;
  statuses: Record<string, StepDisplayStatus>;
  /** Last verdict of every check, by step id then check id. */
  verdicts: Record<string, Record<string, VerdictView>>;
  complete: boolean;
  cluster: ClusterView['state'] | null;
}
