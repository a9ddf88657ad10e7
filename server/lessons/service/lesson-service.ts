// Lessons for learners: which lesson and step each terminal session is on, the checker engine grading that step,
// progress kept in the store, and every change pushed to the session's pages (lesson sockets). The engine grades
// the step the learner has open; a step that passes is recorded at once and stays passed.
import { lchownSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ClusterStatus } from '../../clusters/cluster-readiness.js';
import type { LessonClientMessage, LessonServerMessage, ProgressView, StepProgress, VerdictView } from '../../common/lesson-protocol.js';
import type { ProgressStore } from '../../store/progress-store.js';
import type { SessionManager } from '../../terminal/session-manager.js';
import { workspaceExists, workspacePath } from '../../terminal/workspace.js';
import type { CheckerEngine, VerdictChange } from '../checkers/checker-engine.js';
import type { Lesson, Step } from '../format/types.js';
import { typeCommands } from '../run/type-commands.js';
import { stepChecks } from '../step-checks.js';
import { writeLessonFile } from './lesson-files.js';
import { pickLocale, type LessonCatalog, type LessonText } from './lesson-catalog.js';

/** A page of a session (its lesson socket). */
export interface LessonPeer {
  send(message: LessonServerMessage): void;
  /** The server is going away: close the page's socket (it reconnects later). */
  shutdown(): void;
}

/** Types a step's solution into the session's shell; resolves when the last command finished. */
export type SolutionTypist = (sessionId: string, commands: readonly string[]) => Promise<{ ok: boolean; message?: string }>;

/** Hands the lesson's files out to a workspace (without overwriting the learner's own). */
export type AssetHandout = (lesson: Lesson, workspace: string) => void;

export interface LessonServiceOptions {
  catalog: LessonCatalog;
  store: ProgressStore;
  engine: CheckerEngine;
  sessions: SessionManager;
  dataDir: string;
  cluster: ClusterStatus;
  typeSolution?: SolutionTypist;
  handOutAssets?: AssetHandout;
  /** A classroom's seats: the learner said they are still here. Without it `extend-seat` is ignored. */
  onExtendSeat?: (sessionId: string) => void;
  /** Files the lesson writes into a workspace become this user's (a classroom seat's), not the server's. */
  fileOwner?: { uid: number; gid: number } | undefined;
  /** With no page left, a session's step is still graded this long (a reload or a reconnect comes back). */
  idleStopMs?: number;
  now?: () => number;
  log: (message: string) => void;
}

interface Learner {
  sessionId: string;
  lesson: Lesson;
  locale: string;
  currentStep: string;
  /** When time on the current step started counting (a page is open), or undefined. */
  countingSince: number | undefined;
  grading: boolean;
  idleTimer: NodeJS.Timeout | undefined;
  /** Steps being fast-forwarded: they finish as `skipped`. */
  skipping: Set<string>;
}

export class LessonService {
  private readonly learners = new Map<string, Learner>();
  private readonly peers = new Map<string, Set<LessonPeer>>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly options: LessonServiceOptions) {
    this.now = options.now ?? Date.now;
    // Attempts are counted before the engine sees the command, so a page learns of the attempt before its verdict.
    this.unsubscribe.push(options.sessions.onCommand((sessionId) => this.commandFinished(sessionId)));
    this.unsubscribe.push(options.engine.feedFrom(options.sessions));
    this.unsubscribe.push(options.engine.onVerdict((change) => this.verdictChanged(change)));
    this.unsubscribe.push(options.cluster.onChange((cluster) => this.broadcastAll({ type: 'cluster', cluster })));
  }

  /** A page said hello for a session: it gets the catalogue, the cluster's state and the lesson, resumed. */
  attach(peer: LessonPeer, hello: { sessionId: string; lessonId?: string | undefined; locale?: string | undefined }): string | undefined {
    const { sessionId } = hello;
    if (!this.options.sessions.get(sessionId) && !workspaceExists(this.options.dataDir, sessionId)) {
      return 'no such terminal session: open the terminal first';
    }
    let set = this.peers.get(sessionId);
    if (!set) this.peers.set(sessionId, (set = new Set()));
    set.add(peer);
    peer.send({ type: 'catalog', lessons: this.options.catalog.summaries(), errors: this.catalogErrors() });
    peer.send({ type: 'cluster', cluster: this.options.cluster.view() });
    const learner = this.learners.get(sessionId);
    if (learner) {
      if (learner.idleTimer) clearTimeout(learner.idleTimer);
      learner.idleTimer = undefined;
      learner.countingSince ??= this.now();
    }
    const lessonId = hello.lessonId ?? learner?.lesson.id ?? this.options.store.lastLesson(sessionId) ?? this.options.catalog.first()?.id;
    if (!lessonId) {
      peer.send({ type: 'error', message: 'no lesson is installed: the lessons folder is empty or every lesson has errors' });
      return undefined;
    }
    if (learner && learner.lesson.id === lessonId && (!hello.locale || pickLocale(learner.lesson, hello.locale) === learner.locale)) {
      if (!learner.grading) this.startGrading(learner);
      peer.send(this.lessonMessage(learner));
    } else {
      this.open(sessionId, lessonId, hello.locale, peer);
    }
    return undefined;
  }

  /** The page went away; with none left, time stops counting and grading stops after a while. */
  detach(peer: LessonPeer, sessionId: string): void {
    const set = this.peers.get(sessionId);
    set?.delete(peer);
    if (set && set.size > 0) return;
    this.peers.delete(sessionId);
    const learner = this.learners.get(sessionId);
    if (!learner) return;
    this.flushTime(learner);
    learner.countingSince = undefined;
    learner.idleTimer = setTimeout(() => {
      learner.idleTimer = undefined;
      this.stopGrading(learner);
    }, this.options.idleStopMs ?? 5 * 60_000);
    learner.idleTimer.unref();
  }

  /** Opens a lesson (or the same one in another locale) for the session, where its progress left off. */
  open(sessionId: string, lessonId: string, wantedLocale: string | undefined, asker?: LessonPeer): void {
    const lesson = this.options.catalog.get(lessonId);
    if (!lesson) {
      const message = `no lesson "${lessonId}"`;
      if (asker) asker.send({ type: 'error', message });
      else this.broadcast(sessionId, { type: 'error', message });
      return;
    }
    const previous = this.learners.get(sessionId);
    if (previous) {
      this.flushTime(previous);
      this.stopGrading(previous);
      if (previous.idleTimer) clearTimeout(previous.idleTimer);
    }
    const record = this.options.store.lesson(sessionId, lesson.id);
    const locale = pickLocale(lesson, wantedLocale ?? record.locale);
    const steps = lesson.locales[locale]!.steps;
    const currentStep =
      steps.find((s) => s.id === record.currentStep)?.id ??
      steps.find((s) => (record.steps.get(s.id)?.status ?? 'pending') === 'pending')?.id ??
      steps[0]?.id ??
      '';
    const learner: Learner = {
      sessionId,
      lesson,
      locale,
      currentStep,
      countingSince: this.peers.get(sessionId)?.size ? this.now() : undefined,
      grading: false,
      idleTimer: undefined,
      skipping: new Set(),
    };
    this.learners.set(sessionId, learner);
    this.options.store.setPosition(sessionId, lesson.id, { step: currentStep, locale });
    const workspace = this.workspace(sessionId);
    if (workspace && this.options.handOutAssets) {
      try {
        this.options.handOutAssets(lesson, workspace);
      } catch (error) {
        this.options.log(`lesson ${lesson.id}: handing out files failed: ${(error as Error).message}`);
      }
    }
    this.startGrading(learner);
    this.broadcast(sessionId, this.lessonMessage(learner));
  }

  /** Handles a page's request after hello. Errors go back to that page only. */
  async handle(peer: LessonPeer, sessionId: string, message: Exclude<LessonClientMessage, { type: 'hello' }>): Promise<void> {
    if (message.type === 'open') return this.open(sessionId, message.lessonId, message.locale, peer);
    // A seat is not a lesson's: it is extended whether or not a lesson is open.
    if (message.type === 'extend-seat') return this.options.onExtendSeat?.(sessionId);
    const learner = this.learners.get(sessionId);
    if (!learner) return peer.send({ type: 'error', message: 'no lesson is open' });
    const text = this.text(learner);
    const step = (id: string): Step | undefined => text.text.steps.find((s) => s.id === id);
    switch (message.type) {
      case 'goto': {
        if (!step(message.stepId)) return peer.send({ type: 'error', message: `no step "${message.stepId}" in this lesson` });
        this.moveTo(learner, message.stepId);
        return;
      }
      case 'answer': {
        if (message.stepId !== learner.currentStep) return peer.send({ type: 'error', message: 'answer the quiz of the step you are on' });
        const current = step(message.stepId);
        const quiz = current ? stepChecks(current).checks.find((c) => c.id === message.checkId)?.check : undefined;
        if (quiz?.kind !== 'quiz') return peer.send({ type: 'error', message: `this step has no quiz "${message.checkId}"` });
        const choices = Array.isArray(message.choice) ? message.choice : [message.choice];
        if (choices.some((c) => c >= quiz.choices.length)) return peer.send({ type: 'error', message: `the quiz has ${quiz.choices.length} choices` });
        await this.options.engine.answer(sessionId, message.checkId, message.choice);
        return;
      }
      case 'reset': {
        if (message.stepId !== undefined) {
          if (!step(message.stepId)) return peer.send({ type: 'error', message: `no step "${message.stepId}" in this lesson` });
          this.options.store.resetStep(sessionId, learner.lesson.id, message.stepId);
          if (message.stepId === learner.currentStep) this.restartStep(learner);
        } else {
          this.options.store.resetLesson(sessionId, learner.lesson.id);
          this.moveTo(learner, text.text.steps[0]?.id ?? learner.currentStep, { force: true });
        }
        this.broadcast(sessionId, { type: 'progress', progress: this.progress(learner) });
        return;
      }
      case 'skip': {
        const target = step(message.stepId);
        if (!target) return peer.send({ type: 'error', message: `no step "${message.stepId}" in this lesson` });
        return this.skip(learner, target, peer);
      }
      case 'create-file': {
        const target = step(message.stepId);
        const block = target?.codeBlocks.find((b) => b.actions.file === message.path);
        if (!target || !block) return peer.send({ type: 'error', message: `step "${message.stepId}" offers no file ${message.path}` });
        const workspace = this.workspace(sessionId);
        if (!workspace) return peer.send({ type: 'error', message: 'the workspace is gone: open the terminal again' });
        try {
          const written = writeLessonFile(workspace, message.path, block.text);
          if (this.options.fileOwner) giveToOwner(workspace, [message.path, ...(written.backup ? [written.backup] : [])], this.options.fileOwner);
          this.broadcast(sessionId, { type: 'file-created', path: message.path, ...(written.backup ? { backup: written.backup } : {}) });
        } catch (error) {
          peer.send({ type: 'error', message: `could not create ${message.path}: ${(error as Error).message}` });
        }
        return;
      }
    }
  }

  /** Stops grading and listening; progress is already stored. */
  close(): void {
    for (const learner of this.learners.values()) {
      this.flushTime(learner);
      this.stopGrading(learner);
      if (learner.idleTimer) clearTimeout(learner.idleTimer);
    }
    this.learners.clear();
    for (const off of this.unsubscribe) off();
    // Open sockets would keep the HTTP server from closing.
    for (const set of [...this.peers.values()]) for (const peer of [...set]) peer.shutdown();
    this.peers.clear();
  }

  private text(learner: Learner): LessonText {
    return this.options.catalog.text(learner.lesson, learner.locale);
  }

  private currentStepOf(learner: Learner): Step | undefined {
    return this.text(learner).text.steps.find((s) => s.id === learner.currentStep);
  }

  private moveTo(learner: Learner, stepId: string, options: { force?: boolean } = {}): void {
    if (stepId === learner.currentStep && !options.force && learner.grading) return;
    this.flushTime(learner);
    learner.currentStep = stepId;
    if (learner.countingSince !== undefined) learner.countingSince = this.now();
    this.options.store.setPosition(learner.sessionId, learner.lesson.id, { step: stepId });
    this.restartStep(learner);
    this.broadcast(learner.sessionId, { type: 'progress', progress: this.progress(learner) });
  }

  private restartStep(learner: Learner): void {
    this.stopGrading(learner);
    this.startGrading(learner);
  }

  private startGrading(learner: Learner): void {
    const step = this.currentStepOf(learner);
    if (!step) return;
    learner.grading = true;
    const workspace = this.workspace(learner.sessionId) ?? workspacePath(this.options.dataDir, learner.sessionId);
    if (step.checks.length === 0) {
      // A step with nothing to check is read: it passes once it is open.
      if (this.options.store.finish(learner.sessionId, learner.lesson.id, step.id, 'passed', this.now())) {
        this.broadcast(learner.sessionId, { type: 'progress', progress: this.progress(learner) });
      }
      return;
    }
    void this.options.engine.startStep(learner.sessionId, stepChecks(step), { workspace, locale: learner.locale }).catch((error: unknown) => {
      this.options.log(`lesson ${learner.lesson.id}: step ${step.id} could not start: ${String(error)}`);
    });
  }

  private stopGrading(learner: Learner): void {
    learner.grading = false;
    this.options.engine.stopStep(learner.sessionId);
  }

  private commandFinished(sessionId: string): void {
    const learner = this.learners.get(sessionId);
    if (!learner || !learner.grading) return;
    this.options.store.addAttempt(sessionId, learner.lesson.id, learner.currentStep);
    this.broadcast(sessionId, { type: 'progress', progress: this.progress(learner) });
  }

  private verdictChanged(change: VerdictChange): void {
    const learner = this.learners.get(change.sessionId);
    if (!learner || change.stepId !== learner.currentStep) return;
    const { sessionId } = learner;
    this.broadcast(sessionId, { type: 'verdict', stepId: change.stepId, checkId: change.checkId, verdict: verdictView(change.verdict) });
    if (!change.verdict.passed && change.verdict.message) {
      this.options.store.setLastMessage(sessionId, learner.lesson.id, change.stepId, change.verdict.message);
    }
    if (change.verdict.passed && this.options.engine.stepPassed(sessionId)) {
      const status = learner.skipping.has(change.stepId) ? 'skipped' : 'passed';
      if (this.options.store.finish(sessionId, learner.lesson.id, change.stepId, status, change.verdict.at)) {
        this.options.store.setLastMessage(sessionId, learner.lesson.id, change.stepId, undefined);
        this.broadcast(sessionId, { type: 'progress', progress: this.progress(learner) });
      }
    }
  }

  private async skip(learner: Learner, step: Step, peer: LessonPeer): Promise<void> {
    const { sessionId } = learner;
    if (step.solution.length === 0 && !step.checks.some((c) => c.kind === 'quiz')) {
      return peer.send({ type: 'error', message: `step "${step.id}" has no solution to run` });
    }
    if (learner.skipping.has(step.id)) return peer.send({ type: 'error', message: 'this step is being skipped already' });
    const typist = this.options.typeSolution ?? ((id, commands) => this.typeIntoTerminal(id, commands));
    if (step.solution.length > 0 && !this.options.sessions.get(sessionId)) {
      return peer.send({ type: 'error', message: 'skipping needs the terminal: open it first' });
    }
    this.moveTo(learner, step.id);
    learner.skipping.add(step.id);
    this.broadcast(sessionId, { type: 'skip-started', stepId: step.id, commands: [...step.solution] });
    let result: { ok: boolean; message?: string } = { ok: true };
    try {
      if (step.solution.length > 0) result = await typist(sessionId, step.solution);
      // Quizzes are part of a step's solution too: their declared answers.
      for (const { id, check } of stepChecks(step).checks) {
        if (check.kind === 'quiz' && learner.currentStep === step.id) await this.options.engine.answer(sessionId, id, check.answer);
      }
    } catch (error) {
      result = { ok: false, message: (error as Error).message };
    }
    this.broadcast(sessionId, { type: 'skip-finished', stepId: step.id, ok: result.ok, ...(result.message ? { message: result.message } : {}) });
    // The checks may pass a little later (the cluster settles); until the learner leaves the step it counts as skipped.
    if (learner.currentStep !== step.id) learner.skipping.delete(step.id);
  }

  /**
   * The solution typed into the learner's own terminal, in view: Ctrl-C first (a watch may hold it), and a
   * command that does not end (a watch in the solution) stopped once the step has passed.
   */
  private async typeIntoTerminal(sessionId: string, commands: readonly string[]): Promise<{ ok: boolean; message?: string }> {
    const session = this.options.sessions.get(sessionId);
    if (!session) return { ok: false, message: 'the terminal is not open' };
    const typed = await typeCommands(session, commands, {
      interrupt: true,
      limitMs: 120_000,
      stopWhen: () => this.options.engine.stepPassed(sessionId),
    });
    const failed = typed.find((t) => !t.interrupted && t.events.some((e) => e.exitCode !== 0));
    if (!failed) return { ok: true };
    const code = failed.events.find((e) => e.exitCode !== 0)?.exitCode;
    return { ok: false, message: `${failed.command.split('\n')[0]} exited with code ${code}` };
  }

  /** Time on the current step not yet written to the store (a page is open): what an instructor's view adds. */
  unrecordedTime(sessionId: string): { stepId: string; ms: number } | undefined {
    const learner = this.learners.get(sessionId);
    if (!learner || learner.countingSince === undefined) return undefined;
    return { stepId: learner.currentStep, ms: this.now() - learner.countingSince };
  }

  private flushTime(learner: Learner): void {
    if (learner.countingSince === undefined) return;
    const now = this.now();
    this.options.store.addTime(learner.sessionId, learner.lesson.id, learner.currentStep, now - learner.countingSince);
    learner.countingSince = now;
  }

  private progress(learner: Learner): ProgressView {
    const record = this.options.store.lesson(learner.sessionId, learner.lesson.id);
    const steps: Record<string, StepProgress> = {};
    let complete = true;
    for (const step of this.text(learner).text.steps) {
      const stored = record.steps.get(step.id);
      const live = step.id === learner.currentStep && learner.countingSince !== undefined ? this.now() - learner.countingSince : 0;
      const status = stored?.status ?? 'pending';
      if (status === 'pending') complete = false;
      steps[step.id] = {
        status,
        attempts: stored?.attempts ?? 0,
        timeMs: (stored?.timeMs ?? 0) + live,
        ...(stored?.passedAt !== undefined ? { passedAt: stored.passedAt } : {}),
      };
    }
    return { currentStepId: learner.currentStep, steps, complete };
  }

  private lessonMessage(learner: Learner): LessonServerMessage {
    const text = this.text(learner);
    const verdicts: Record<string, VerdictView> = {};
    for (const [id, verdict] of Object.entries(this.options.engine.verdicts(learner.sessionId))) {
      if (verdict) verdicts[id] = verdictView(verdict);
    }
    return {
      type: 'lesson',
      lessonId: learner.lesson.id,
      locale: learner.locale,
      locales: Object.keys(learner.lesson.locales).sort(),
      title: text.title,
      introHtml: text.introHtml,
      ...(text.finishHtml !== undefined ? { finishHtml: text.finishHtml } : {}),
      steps: text.steps,
      progress: this.progress(learner),
      verdicts,
    };
  }

  private workspace(sessionId: string): string | undefined {
    const live = this.options.sessions.get(sessionId);
    if (live) return live.workspace;
    return workspaceExists(this.options.dataDir, sessionId) ? workspacePath(this.options.dataDir, sessionId) : undefined;
  }

  private catalogErrors(): string[] {
    return this.options.catalog.errors.map((e) => (e.line > 0 ? `${e.file}:${e.line}: ${e.message}` : `${e.file}: ${e.message}`));
  }

  private broadcast(sessionId: string, message: LessonServerMessage): void {
    for (const peer of this.peers.get(sessionId) ?? []) peer.send(message);
  }

  private broadcastAll(message: LessonServerMessage): void {
    for (const set of this.peers.values()) for (const peer of set) peer.send(message);
  }
}

function verdictView(verdict: { passed: boolean; message?: string | undefined; at: number; waiting?: boolean | undefined }): VerdictView {
  return {
    passed: verdict.passed,
    ...(verdict.message !== undefined ? { message: verdict.message } : {}),
    at: verdict.at,
    ...(verdict.waiting ? { waiting: true } : {}),
  };
}

/** lchown of each written path and the folders made for it, up to the workspace (never following a link). */
function giveToOwner(workspace: string, paths: readonly string[], owner: { uid: number; gid: number }): void {
  const root = realpathSync(workspace);
  for (const path of paths) {
    let current = resolve(root, path);
    while (current.startsWith(`${root}/`)) {
      lchownSync(current, owner.uid, owner.gid);
      current = dirname(current);
    }
  }
}
