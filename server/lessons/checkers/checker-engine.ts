// The checker engine: for each session's current lesson step it evaluates the step's checks on every finished
// command of the session, on cluster changes (watches, debounced), on quiz answers and at `within` deadlines,
// retries failing cluster checks for a while after a command (the cluster settles after kubectl returns), and
// reports each verdict that changed. It never throws at its caller: errors are failed verdicts.
import type { CommandEvent } from '../../common/protocol.js';
import type { CheckSpec, Verdict } from '../check-spec.js';
import { ClusterReader, makeKubeConfig } from './cluster-reader.js';
import { ClusterWatch, resourceChecks } from './cluster-watch.js';
import type { CheckContext, Gateways } from './context.js';
import { evaluateCheck } from './evaluate.js';
import { messagesFor } from './messages/index.js';
import { withinDeadline } from './within-checker.js';

export interface StepCheck {
  /** Unique within the step: quiz answers and `within.after` name it. */
  id: string;
  check: CheckSpec;
}

export interface StepChecks {
  stepId: string;
  checks: readonly StepCheck[];
}

export interface StepSession {
  /** The session's workspace (TerminalSession.workspace). */
  workspace: string;
  /** The session's kubeconfig; the engine's default when omitted. */
  kubeconfigPath?: string;
  /** The learner's locale (the lesson text's): messages are in it, English when kubeclass has none (default en). */
  locale?: string;
}

export interface VerdictChange {
  sessionId: string;
  stepId: string;
  checkId: string;
  verdict: Verdict;
  previous: Verdict | undefined;
  /** When the evidence that led to this verdict arrived (command finished, watch event, answer). */
  evidenceAt: number;
}

export interface CheckerEngineOptions {
  /** The playground's kubeconfig (the sandbox's), for sessions that name none. */
  kubeconfigPath?: string;
  gateways?: Gateways;
  /** After a command, failing cluster checks are evaluated again after these delays (ms). */
  retryDelaysMs?: readonly number[];
  /** Watch events after the first, closer together than this, are one evaluation at the window's end. */
  debounceMs?: number;
  /** Commands kept per step (oldest dropped). */
  maxCommands?: number;
  now?: () => number;
  log?: (message: string) => void;
}

/** Anything that reports finished commands: SessionManager.onCommand. */
export interface CommandSource {
  onCommand(listener: (sessionId: string, event: CommandEvent) => void): () => void;
}

interface CheckState {
  id: string;
  spec: CheckSpec;
  verdict: Verdict | undefined;
  firstPassedAt: number | undefined;
  running: boolean;
  /** The evaluation under way (with any re-run it owes): what answer() waits for. */
  inFlight: Promise<void> | undefined;
  /** Evidence that arrived while it was running: evaluate again when it ends. */
  pendingEvidence: number | undefined;
  /** All of that evidence came from watch events (the re-run may read what they delivered). */
  pendingFromWatch: boolean | undefined;
  deadlineTimer: NodeJS.Timeout | undefined;
}

interface ActiveStep {
  sessionId: string;
  stepId: string;
  startedAt: number;
  workspace: string;
  kubeconfigPath: string | undefined;
  locale: string;
  cluster: ClusterReader | undefined;
  commands: CommandEvent[];
  answers: Map<string, number | number[]>;
  checks: Map<string, CheckState>;
  watch: ClusterWatch | undefined;
  debounce: NodeJS.Timeout | undefined;
  /** The first change seen inside the current debounce window, still to evaluate. */
  owedSince: number | undefined;
  retries: NodeJS.Timeout[];
  stopped: boolean;
}

const DEFAULT_RETRIES = [150, 400, 800, 1400, 2000];

export class CheckerEngine {
  private readonly steps = new Map<string, ActiveStep>();
  private readonly listeners = new Set<(change: VerdictChange) => void>();
  private readonly readers = new Map<string, ClusterReader>();
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: CheckerEngineOptions = {}) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
  }

  /** Every verdict that changed (passed flipped or the message changed). */
  onVerdict(listener: (change: VerdictChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes to a command feed (SessionManager); returns the unsubscribe. */
  feedFrom(source: CommandSource): () => void {
    return source.onCommand((sessionId, event) => this.commandFinished(sessionId, event));
  }

  /**
   * The session is now on this step: its earlier commands, answers and verdicts are forgotten, the step's
   * cluster objects are watched, and every check is evaluated once. Resolves when the watches are open.
   */
  async startStep(sessionId: string, step: StepChecks, session: StepSession): Promise<void> {
    this.stopStep(sessionId);
    const kubeconfigPath = session.kubeconfigPath ?? this.options.kubeconfigPath;
    const active: ActiveStep = {
      sessionId,
      stepId: step.stepId,
      startedAt: this.now(),
      workspace: session.workspace,
      kubeconfigPath,
      locale: session.locale ?? 'en',
      cluster: kubeconfigPath ? this.reader(kubeconfigPath) : undefined,
      commands: [],
      answers: new Map(),
      checks: new Map(step.checks.map((c) => [c.id, { id: c.id, spec: c.check, verdict: undefined, firstPassedAt: undefined, running: false, inFlight: undefined, pendingEvidence: undefined, pendingFromWatch: undefined, deadlineTimer: undefined }])),
      watch: undefined,
      debounce: undefined,
      owedSince: undefined,
      retries: [],
      stopped: false,
    };
    this.steps.set(sessionId, active);
    this.evaluate(active, [...active.checks.values()], active.startedAt);
    if (active.cluster && resourceChecks(step.checks.map((c) => c.check)).length) {
      active.watch = new ClusterWatch(active.cluster, () => this.clusterChanged(active), this.log);
      try {
        await active.watch.start(step.checks.map((c) => c.check));
      } catch (error) {
        this.log(`checkers: watches for step ${step.stepId} failed: ${String(error)}`);
      }
      if (active.stopped) active.watch.close();
    }
  }

  /** The session left the step (or ended): timers and watches stop. */
  stopStep(sessionId: string): void {
    const active = this.steps.get(sessionId);
    if (!active) return;
    active.stopped = true;
    this.steps.delete(sessionId);
    active.watch?.close();
    if (active.debounce) clearTimeout(active.debounce);
    for (const timer of active.retries) clearTimeout(timer);
    for (const state of active.checks.values()) if (state.deadlineTimer) clearTimeout(state.deadlineTimer);
  }

  /** A finished command of a session (what SessionManager.onCommand reports). */
  commandFinished(sessionId: string, event: CommandEvent): void {
    const active = this.steps.get(sessionId);
    if (!active) return;
    const evidenceAt = this.now();
    active.commands.push(event);
    const max = this.options.maxCommands ?? 500;
    if (active.commands.length > max) active.commands.splice(0, active.commands.length - max);
    this.evaluate(active, [...active.checks.values()].filter((s) => s.spec.kind !== 'quiz'), evidenceAt);
    this.scheduleRetries(active);
  }

  /** The page posted a quiz answer; resolves with the quiz's verdict. */
  async answer(sessionId: string, checkId: string, choice: number | number[]): Promise<Verdict> {
    const active = this.steps.get(sessionId);
    const state = active?.checks.get(checkId);
    if (!active || !state || state.spec.kind !== 'quiz') return { passed: false, message: messagesFor(active?.locale).quiz.noSuchQuiz(checkId), at: this.now() };
    active.answers.set(checkId, choice);
    await this.evaluateOne(active, state, this.now());
    return state.verdict ?? { passed: false, waiting: true, message: messagesFor(active.locale).quiz.notAnswered, at: this.now() };
  }

  /** The current verdicts of the session's step, by check id. */
  verdicts(sessionId: string): Record<string, Verdict | undefined> {
    const active = this.steps.get(sessionId);
    return active ? Object.fromEntries([...active.checks.values()].map((s) => [s.id, s.verdict])) : {};
  }

  /** True when every check of the session's step has passed. */
  stepPassed(sessionId: string): boolean {
    const active = this.steps.get(sessionId);
    return active !== undefined && [...active.checks.values()].every((s) => s.verdict?.passed === true);
  }

  /** Stops every step. */
  close(): void {
    for (const sessionId of [...this.steps.keys()]) this.stopStep(sessionId);
    for (const reader of this.readers.values()) reader.close();
    this.readers.clear();
  }

  private reader(kubeconfigPath: string): ClusterReader | undefined {
    let reader = this.readers.get(kubeconfigPath);
    if (!reader) {
      try {
        reader = new ClusterReader(makeKubeConfig(kubeconfigPath));
      } catch (error) {
        this.log(`checkers: cannot read kubeconfig ${kubeconfigPath}: ${String(error)}`);
        return undefined;
      }
      this.readers.set(kubeconfigPath, reader);
    }
    return reader;
  }

  /**
   * The first change is evaluated at once (the verdict must follow the evidence within 100 ms); changes in the
   * next debounce window (a rollout writes many objects) are gathered into one evaluation at its end.
   */
  private clusterChanged(active: ActiveStep): void {
    if (active.stopped) return;
    const evidenceAt = this.now();
    if (active.debounce) {
      active.owedSince ??= evidenceAt;
      return;
    }
    this.evaluate(active, [...active.checks.values()].filter((s) => dependsOnCluster(s.spec)), evidenceAt, true);
    const windowEnd = (): void => {
      const owed = active.owedSince;
      active.owedSince = undefined;
      active.debounce = undefined;
      if (owed === undefined || active.stopped) return;
      this.evaluate(active, [...active.checks.values()].filter((s) => dependsOnCluster(s.spec)), owed, true);
      active.debounce = setTimeout(windowEnd, this.options.debounceMs ?? 50);
    };
    active.debounce = setTimeout(windowEnd, this.options.debounceMs ?? 50);
  }

  /**
   * The cluster settles after kubectl returns (controllers, rollouts): look again at failing cluster checks. Not
   * at those an open watch covers: each change they read re-evaluates them already, and at fifty learners the
   * extra reads (and their diagnoses) were a third of the server's checker work.
   */
  private scheduleRetries(active: ActiveStep): void {
    for (const timer of active.retries) clearTimeout(timer);
    active.retries = (this.options.retryDelaysMs ?? DEFAULT_RETRIES).map((delay) =>
      setTimeout(() => {
        const failing = [...active.checks.values()].filter((s) => dependsOnCluster(s.spec) && s.verdict?.passed !== true && !watched(active, s.spec));
        if (failing.length && !active.stopped) this.evaluate(active, failing, this.now());
      }, delay),
    );
  }

  /**
   * `fromWatch`: the evidence is a watch event, so objects read as its events delivered them. After a command
   * the API is asked: kubectl has returned, but its object's event may still be on its way.
   */
  private evaluate(active: ActiveStep, states: CheckState[], evidenceAt: number, fromWatch = false): void {
    for (const state of states) void this.evaluateOne(active, state, evidenceAt, fromWatch);
  }

  private async evaluateOne(active: ActiveStep, state: CheckState, evidenceAt: number, fromWatch = false): Promise<void> {
    if (active.stopped) return;
    // A `within` that passed stays passed: it happened inside its window.
    if (state.spec.kind === 'within' && state.verdict?.passed) return;
    if (state.running) {
      state.pendingEvidence = Math.min(state.pendingEvidence ?? evidenceAt, evidenceAt);
      state.pendingFromWatch = (state.pendingFromWatch ?? true) && fromWatch;
      return state.inFlight;
    }
    state.running = true;
    const run = this.runOne(active, state, evidenceAt, fromWatch);
    state.inFlight = run;
    return run;
  }

  /** Evaluates until no evidence is owed: evidence that arrives meanwhile costs one more run, not one each. */
  private async runOne(active: ActiveStep, state: CheckState, evidenceAt: number, fromWatch: boolean): Promise<void> {
    let evidence: number | undefined = evidenceAt;
    let watched = fromWatch;
    while (evidence !== undefined && !active.stopped) {
      let verdict: Verdict;
      try {
        verdict = await evaluateCheck(state.spec, this.context(active, state.id, watched));
      } catch (error) {
        verdict = { passed: false, message: messagesFor(active.locale).couldNotRun(String(error)), at: this.now() };
      }
      if (active.stopped) break;
      this.record(active, state, verdict, evidence);
      this.scheduleDeadline(active, state);
      evidence = state.pendingEvidence;
      watched = state.pendingFromWatch ?? false;
      state.pendingEvidence = undefined;
      state.pendingFromWatch = undefined;
    }
    state.running = false;
    state.inFlight = undefined;
  }

  private record(active: ActiveStep, state: CheckState, verdict: Verdict, evidenceAt: number): void {
    const previous = state.verdict;
    state.verdict = verdict;
    const firstPass = verdict.passed && state.firstPassedAt === undefined;
    if (firstPass) state.firstPassedAt = verdict.at;
    if (previous && previous.passed === verdict.passed && previous.message === verdict.message) return;
    const change: VerdictChange = { sessionId: active.sessionId, stepId: active.stepId, checkId: state.id, verdict, previous, evidenceAt };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.log(`checkers: a verdict listener threw: ${String(error)}`);
      }
    }
    // A `within ... after` this check has its window now: evaluate it.
    if (firstPass) {
      const waiting = [...active.checks.values()].filter((s) => s.spec.kind === 'within' && s.spec.after === state.id);
      this.evaluate(active, waiting, evidenceAt);
    }
  }

  /** A failing `within` is evaluated once more just after its window closes, so it fails on time. */
  private scheduleDeadline(active: ActiveStep, state: CheckState): void {
    if (state.spec.kind !== 'within' || state.verdict?.passed || state.deadlineTimer) return;
    const deadline = withinDeadline(state.spec, this.context(active, state.id));
    if (deadline === undefined) return;
    const delay = Math.max(0, deadline - this.now()) + 5;
    state.deadlineTimer = setTimeout(() => void this.evaluateOne(active, state, this.now()), delay);
    state.deadlineTimer.unref();
  }

  private context(active: ActiveStep, checkId: string, watched = false): CheckContext {
    const watch = active.watch;
    const cluster = watched && watch && active.cluster ? active.cluster.withWatched((type, name, namespace) => watch.seen(type, name, namespace)) : active.cluster;
    return {
      checkId,
      commands: [...active.commands],
      workspace: active.workspace,
      cluster,
      kubeconfigPath: active.kubeconfigPath,
      gateways: this.options.gateways ?? {},
      stepStartedAt: active.startedAt,
      answers: active.answers,
      firstPassedAt: (id) => active.checks.get(id)?.firstPassedAt,
      now: this.now,
      locale: active.locale,
    };
  }
}

/** A resource check (or a `within` of one) whose objects an open watch of the step sees change. */
function watched(active: ActiveStep, spec: CheckSpec): boolean {
  if (spec.kind === 'within') return watched(active, spec.check);
  return spec.kind === 'resource' && active.watch !== undefined && active.watch.covers(spec);
}

/** Checks whose verdict can change without a command: cluster state, HTTP answers, scripts that read either. */
function dependsOnCluster(spec: CheckSpec): boolean {
  if (spec.kind === 'within') return dependsOnCluster(spec.check);
  return spec.kind === 'resource' || spec.kind === 'http' || spec.kind === 'script';
}

