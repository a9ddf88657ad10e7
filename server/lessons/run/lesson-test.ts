// `kubeclass lesson test`: plays a lesson as a learner would, against what the playground gives a learner. For
// each locale: a fresh sandbox cluster (with what the lesson `requires`), a real shell from SessionManager with
// KUBECONFIG set and the lesson's files handed out, and the checker engine fed by that shell. Each step is
// started in the engine; its `wrong` attempts are typed and must fail with their hint; its solution is typed,
// its quizzes answered, and the step must pass within its time budget. The result is a report object
// (report.ts prints it); nothing here prints.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { writeKubeconfig } from '../../clusters/sandbox/kubeconfig.js';
import { CONFIG_AUTOSCALER, KNATIVE_SERVING_NAMESPACE } from '../../clusters/sandbox/knative/install/constants.js';
import { GATEWAY_NODE_PORT } from '../../clusters/sandbox/openfaas/install/constants.js';
import { startSandbox, type RunningSandbox } from '../../clusters/sandbox/sandbox-server.js';
import { SessionManager } from '../../terminal/session-manager.js';
import type { TerminalSession } from '../../terminal/terminal-session.js';
import { handOutAssets } from '../assets.js';
import { makeKubeConfig } from '../checkers/cluster-reader.js';
import { CheckerEngine } from '../checkers/checker-engine.js';
import type { Lesson, Step } from '../format/types.js';
import { stepChecks } from '../step-checks.js';
import { openHeadlessSession } from './headless-session.js';
import { typeCommands, TypeCommandsError, type TypedCommand } from './type-commands.js';

export interface LessonTestOptions {
  /** Locales to play; default every locale of the lesson (each has its own hints). */
  locales?: readonly string[];
  /**
   * Shorten Knative's autoscaler windows (config-autoscaler stable-window and scale-to-zero-grace-period to
   * 6 s, the least Knative accepts) so that "scale to zero" takes seconds instead of 90 s. Default true.
   */
  fast?: boolean;
  /** The shell (bash or zsh); default bash. */
  shell: string;
  /** The environment shells start from (PATH, LANG...; SessionManager passes only a few variables). */
  serverEnv: Readonly<Record<string, string | undefined>>;
  /** The time a step without `within` checks has after its solution (default 30 s). */
  stepTimeoutMs?: number;
  /** Locale runs at once, each with its own sandbox and shell (default 2). */
  concurrency?: number;
  /** A locale run finished (to print as runs end). */
  onRun?: (run: LocaleRun) => void;
}

export interface WrongReport {
  commands: string[];
  hint: string;
  passed: boolean;
  /** Failing verdicts after the attempt (what the learner would read), when none contained the hint or the step passed. */
  seen?: string[];
  durationMs: number;
}

export interface CommandReport {
  command: string;
  /** The last command event's exit code; undefined when the shell ran nothing. */
  exitCode: number | undefined;
  interrupted: boolean;
  /** The last lines of its output. */
  outputTail: string;
}

export interface StepReport {
  id: string;
  title: string;
  /** 'not-run': an earlier step failed, and later steps build on it. */
  status: 'passed' | 'failed' | 'not-run';
  durationMs: number;
  wrong: WrongReport[];
  /** Checks that had not passed when the step's time ran out. */
  failures: Array<{ checkId: string; message: string }>;
  /** The solution's commands as typed, with their exit codes and output tails. */
  commands: CommandReport[];
  error?: string;
}

export interface LocaleRun {
  lessonId: string;
  dir: string;
  locale: string;
  file: string;
  passed: boolean;
  durationMs: number;
  steps: StepReport[];
  /** Why the run could not play its steps (the sandbox or the shell did not start). */
  error?: string;
  /** How the run differs from a learner's (shortened windows, a gateway on another port). */
  notes: string[];
}

/** Time to see a wrong attempt's hint after its last command (the step's budget when shorter). */
const WRONG_HINT_TIMEOUT_MS = 10_000;
/** A step without `within` checks must pass within this long after its solution. */
const DEFAULT_STEP_BUDGET_MS = 30_000;
/** Added to a step's largest `within.seconds`: the check runs at its deadline, plus the cluster's pace. */
const WITHIN_MARGIN_MS = 15_000;
/** A wrong attempt's command running longer than this is a watch or a server: Ctrl-C. */
const WRONG_COMMAND_LIMIT_MS = 30_000;
/** The shortest windows Knative's config webhook accepts. */
const FAST_AUTOSCALER = { 'stable-window': '6s', 'scale-to-zero-grace-period': '6s' };

/** Plays every requested locale of every lesson, `concurrency` at a time; runs come back in lesson, locale order. */
export async function testLessons(lessons: readonly Lesson[], options: LessonTestOptions): Promise<LocaleRun[]> {
  const jobs: Array<{ lesson: Lesson; locale: string }> = [];
  for (const lesson of lessons) {
    const locales = options.locales ?? Object.keys(lesson.locales);
    for (const locale of locales) jobs.push({ lesson, locale });
  }
  const runs: LocaleRun[] = new Array<LocaleRun>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index];
      if (!job) break;
      const run = await testLocale(job.lesson, job.locale, options);
      runs[index] = run;
      options.onRun?.(run);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, jobs.length)) }, worker));
  return runs;
}

export async function testLocale(lesson: Lesson, locale: string, options: LessonTestOptions): Promise<LocaleRun> {
  const started = Date.now();
  const localized = lesson.locales[locale];
  const run: LocaleRun = { lessonId: lesson.id, dir: lesson.dir, locale, file: localized?.file ?? lesson.dir, passed: false, durationMs: 0, steps: [], notes: [] };
  if (!localized) {
    run.error = `the lesson has no locale ${locale} (it has ${Object.keys(lesson.locales).join(', ')})`;
    return run;
  }
  const root = mkdtempSync(join(tmpdir(), 'kubeclass-lesson-test-'));
  let sandbox: RunningSandbox | undefined;
  let sessions: SessionManager | undefined;
  let engine: CheckerEngine | undefined;
  try {
    const runtimeDir = join(root, 'sandbox');
    mkdirSync(runtimeDir);
    sandbox = await bootSandbox(lesson, runtimeDir, run.notes);
    const kubeconfigPath = join(root, 'kubeconfig');
    writeKubeconfig(kubeconfigPath, sandbox.url, sandbox.token, sandbox.caPem);
    if ((options.fast ?? true) && sandbox.ingress) {
      await shortenAutoscaler(kubeconfigPath);
      run.notes.push(`fast: config-autoscaler ${Object.entries(FAST_AUTOSCALER).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    }
    sessions = new SessionManager({
      dataDir: join(root, 'data'),
      shell: options.shell,
      graceMs: 60_000,
      maxSessions: 1,
      serverEnv: options.serverEnv,
      shellEnv: { KUBECONFIG: kubeconfigPath },
      log: () => undefined,
    });
    engine = new CheckerEngine({ kubeconfigPath, gateways: { ingress: sandbox.ingress, openfaas: sandbox.openfaas } });
    engine.feedFrom(sessions);
    const session = openHeadlessSession(sessions);
    handOutAssets(lesson, session.workspace);
    let failed = false;
    for (const step of localized.steps) {
      if (failed) {
        run.steps.push({ id: step.id, title: step.title, status: 'not-run', durationMs: 0, wrong: [], failures: [], commands: [] });
        continue;
      }
      const report = await testStep(engine, session, step, locale, kubeconfigPath, options.stepTimeoutMs);
      run.steps.push(report);
      failed = report.status !== 'passed';
    }
    run.passed = !failed;
  } catch (error) {
    run.error = (error as Error).message;
  } finally {
    engine?.close();
    await sessions?.close();
    await sandbox?.close();
    rmSync(root, { recursive: true, force: true });
    run.durationMs = Date.now() - started;
  }
  return run;
}

async function testStep(engine: CheckerEngine, session: TerminalSession, step: Step, locale: string, kubeconfigPath: string, defaultBudgetMs?: number): Promise<StepReport> {
  const started = Date.now();
  const report: StepReport = { id: step.id, title: step.title, status: 'failed', durationMs: 0, wrong: [], failures: [], commands: [] };
  const checks = stepChecks(step);
  const budgetMs = stepBudgetMs(step, defaultBudgetMs);
  try {
    await engine.startStep(session.id, checks, { workspace: session.workspace, kubeconfigPath, locale });
    for (const wrong of step.wrong) report.wrong.push(await tryWrong(engine, session, wrong.commands, wrong.hint, Math.min(WRONG_HINT_TIMEOUT_MS, budgetMs)));
    for (const { id, check } of checks.checks) if (check.kind === 'quiz') await engine.answer(session.id, id, check.answer);
    // A watch in the solution (`kubectl get pods --watch`) is stopped once the step passed, as a learner
    // stops watching when what they waited for has happened; at the latest when the step's budget is spent.
    const typed = await typeCommands(session, step.solution, { limitMs: budgetMs, stopWhen: () => engine.stepPassed(session.id) });
    report.commands = typed.map(commandReport);
    await poll(() => engine.stepPassed(session.id), budgetMs);
    const verdicts = engine.verdicts(session.id);
    report.failures = checks.checks
      .filter(({ id }) => verdicts[id]?.passed !== true)
      .map(({ id }) => ({ checkId: id, message: verdicts[id]?.message ?? 'not evaluated' }));
    report.status = report.failures.length === 0 && report.wrong.every((w) => w.passed) ? 'passed' : 'failed';
    if (report.failures.length) report.error = `the step did not pass within ${(budgetMs / 1000).toFixed(0)} s of its solution`;
  } catch (error) {
    if (error instanceof TypeCommandsError) report.commands.push(...error.typed.map(commandReport));
    report.error = (error as Error).message;
  } finally {
    engine.stopStep(session.id);
    report.durationMs = Date.now() - started;
  }
  return report;
}

/** Types a wrong attempt; it passes when, afterwards, the step has not passed and a verdict reached after it carries the hint. */
async function tryWrong(engine: CheckerEngine, session: TerminalSession, commands: string[], hint: string, timeoutMs: number): Promise<WrongReport> {
  const started = Date.now();
  // Verdicts from before the attempt do not count: a check's own hint may contain the attempt's hint text.
  const fresh = (): string[] =>
    Object.values(engine.verdicts(session.id))
      .filter((v) => v !== undefined && !v.passed && v.at >= started)
      .map((v) => v?.message ?? '');
  await typeCommands(session, commands, { limitMs: WRONG_COMMAND_LIMIT_MS });
  const found = await poll(() => !engine.stepPassed(session.id) && fresh().some((m) => m.includes(hint)), timeoutMs);
  const result: WrongReport = { commands, hint, passed: found, durationMs: Date.now() - started };
  if (!found) result.seen = engine.stepPassed(session.id) ? ['the step passed'] : fresh();
  return result;
}

/** The step's largest `within` window plus a margin, else the default budget. */
export function stepBudgetMs(step: Pick<Step, 'checks'>, defaultMs = DEFAULT_STEP_BUDGET_MS): number {
  const seconds = step.checks.map(withinSeconds).filter((s): s is number => s !== undefined);
  return seconds.length ? Math.max(...seconds) * 1000 + WITHIN_MARGIN_MS : defaultMs;
}

function withinSeconds(check: Step['checks'][number]): number | undefined {
  if (check.kind !== 'within') return undefined;
  // Nested `within`s wait one after the other at worst.
  return check.seconds + (withinSeconds(check.check) ?? 0);
}

function commandReport(typed: TypedCommand): CommandReport {
  const last = typed.events.at(-1);
  const output = typed.events.map((e) => e.output).join('');
  return { command: typed.command, exitCode: last?.exitCode, interrupted: typed.interrupted, outputTail: output.trimEnd().split('\n').slice(-6).join('\n') };
}

/** Polls every 50 ms until `condition` holds (true) or the time is up (false). */
async function poll(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= end) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A sandbox as the playground's, with the lesson's features. Each run gets a loopback address of its own,
 * so that Kourier is on port 80 and the OpenFaaS gateway on 31112, as the lesson's commands expect, even with
 * other sandboxes (other runs, other processes) on the machine; where that fails the sandbox's fallbacks
 * apply and the notes say so.
 */
async function bootSandbox(lesson: Lesson, runtimeDir: string, notes: string[]): Promise<RunningSandbox> {
  const knative = lesson.requires.includes('knative');
  const openfaas = lesson.requires.includes('openfaas');
  const standardPorts = (s: RunningSandbox): boolean => (!knative || s.ingress?.port === 80) && (!openfaas || s.openfaas?.port === GATEWAY_NODE_PORT);
  for (let attempt = 0; attempt < 5; attempt++) {
    let sandbox: RunningSandbox;
    try {
      sandbox = await startSandbox({ host: randomLoopback(), runtimeDir, knative, openfaas });
    } catch {
      break; // no such address here (macOS has only 127.0.0.1): the sandbox's own choice below
    }
    if (standardPorts(sandbox)) return sandbox;
    await sandbox.close();
  }
  const sandbox = await startSandbox({ runtimeDir, knative, openfaas });
  if (!standardPorts(sandbox)) notes.push(`gateways on other ports than a learner's: Kourier ${sandbox.ingress?.port ?? '-'}, OpenFaaS ${sandbox.openfaas?.port ?? '-'}`);
  return sandbox;
}

/** 127.x.y.z away from the sandbox allocator's 127.0.1.x, where other processes' sandboxes start. */
function randomLoopback(): string {
  const byte = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1));
  return `127.${byte(100, 254)}.${byte(0, 255)}.${byte(1, 254)}`;
}

/** Sets the fast autoscaler windows through the API (Knative's config webhook validates them), keeping keys an author set. */
async function shortenAutoscaler(kubeconfigPath: string): Promise<void> {
  const core = makeKubeConfig(kubeconfigPath).makeApiClient(CoreV1Api);
  const cm = await core.readNamespacedConfigMap({ name: CONFIG_AUTOSCALER, namespace: KNATIVE_SERVING_NAMESPACE });
  cm.data = { ...FAST_AUTOSCALER, ...cm.data };
  await core.replaceNamespacedConfigMap({ name: CONFIG_AUTOSCALER, namespace: KNATIVE_SERVING_NAMESPACE, body: cm });
}
