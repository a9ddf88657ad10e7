// One simulated learner of bench:classroom, driving a real classroom the way the page and a person do: POST
// /api/join with the code and a name, the terminal websocket with the learner cookie (join time ends at the first
// prompt), the lesson websocket beside it, then each step's solution typed one command at a time (waiting for the
// command's event, a short pause to read, during which a character is typed, timed to its echo and rubbed out),
// `goto` to the next step once the lesson socket says the step passed. Everything it saw go wrong is a failure.
import { readFileSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { request } from 'node:https';
import { join as joinPath } from 'node:path';
import { parse } from 'yaml';
import type { LessonServerMessage } from '../../server/common/lesson-protocol.js';
import type { CheckSpec } from '../../server/lessons/check-spec.js';
import type { StepCheck } from '../../server/lessons/checkers/checker-engine.js';
import { messagesFor } from '../../server/lessons/checkers/messages/index.js';
import { objectProblem } from '../../server/lessons/checkers/resource-checker.js';
import { LessonClient } from '../../test/support/lesson-client.js';
import { TerminalClient } from '../../test/support/terminal-client.js';
import { sleep } from './proc.js';

/** A step as the bench types it: the lesson's own solution commands. */
export interface BenchStep {
  id: string;
  title: string;
  solution: string[];
  /** The step's checks with their ids, as the server names them: the bench watches what the cluster checks look at. */
  checks: readonly StepCheck[];
}

export interface LearnerOptions {
  port: number;
  code: string;
  name: string;
  steps: readonly BenchStep[];
  /** Pause after each command's event (reading the output); the echo probe runs in it. */
  thinkMs: number;
  /** Join to first prompt, and the cluster's readiness after it. */
  joinTimeoutMs: number;
  /** A step not passed this long after it was opened is a failure. */
  stepTimeoutMs: number;
  echo: boolean;
  /** The classroom's --data-dir: the seat's kubeconfig is read there to watch what its cluster checks look at. */
  dataDir?: string;
  /** Told once the learner sits at their first prompt. */
  onJoined?: () => void;
  /** Awaited after the last step (or a failure), before the sockets close: the bench reads memory meanwhile. */
  beforeClose?: (result: LearnerResult) => Promise<void>;
}

/**
 * A step's passing verdict and what it followed. `command`: the step's last check to pass is judged on command
 * events; the time runs from the arrival of the event of the command that led to it. `watch`: judged on the
 * cluster's state (resource, within); the bench watches the same objects in the seat's cluster with the seat's
 * kubeconfig, and the time runs from the last change it saw before the verdict. `cluster`: such a check when that
 * watch could not be had: 0 when the verdict came while a command was still running (the watch beat the command's
 * event, as bench:lessons counts it), else from the last command event before it.
 */
export interface VerdictSample {
  stepId: string;
  ms: number;
  evidence: 'command' | 'watch' | 'cluster';
  checkKind: string;
  /** A slow one (over 1 s): the step's verdicts and commands, ms from the step's start, to tell why. */
  trace?: string[];
}

export interface LearnerResult {
  name: string;
  /** POST /api/join to its answer. */
  joinHttpMs?: number;
  /** POST /api/join to the first prompt in the terminal. */
  joinMs?: number;
  /** POST /api/join to the lesson socket's cluster `ready`. */
  clusterReadyMs?: number;
  verdicts: VerdictSample[];
  /** Keystroke to echo, ms. */
  echoes: number[];
  stepsPassed: number;
  commands: number;
  /** Each command typed: its line and how long it ran (the shell's own timing), in order. */
  durations: { command: string; ms: number }[];
  failures: string[];
}

type Verdict = Extract<LessonServerMessage, { type: 'verdict' }>;
type Progress = Extract<LessonServerMessage, { type: 'progress' }>;

const CLUSTER_DRIVEN = new Set(['resource', 'http', 'within']);

export async function join(port: number, code: string, name: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  const body = (await res.json()) as { ok: boolean; error?: string };
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 200 || !body.ok || !cookie) throw new Error(`join answered ${res.status}: ${body.error ?? 'no cookie'}`);
  return cookie;
}

/** Types one character at the prompt, times it to its echo, then rubs it out (and waits for that echo too). */
export async function echoOnce(term: TerminalClient, timeoutMs = 10_000): Promise<number> {
  const before = term.output.length;
  let echoedAt = 0;
  const t0 = performance.now();
  term.type('x');
  await term.waitFor(
    () => {
      if (echoedAt === 0 && term.output.indexOf('x', before) !== -1) echoedAt = performance.now();
      return echoedAt !== 0;
    },
    timeoutMs,
    'the echo of a keystroke',
  );
  const rubbed = term.output.length;
  term.type('\x7f');
  await term.waitFor(() => term.output.length > rubbed, timeoutMs, 'the echo of a backspace');
  return echoedAt - t0;
}

export class Seated {
  readonly failures: string[] = [];
  /** When each command event arrived (Date.now(), as LessonClient stamps its messages), by index in term.commands. */
  readonly commandArrivals: number[] = [];
  private closing = false;

  constructor(
    readonly name: string,
    readonly term: TerminalClient,
    readonly lesson: LessonClient,
  ) {
    term.ws.on('message', (data: Buffer, isBinary: boolean) => {
      // TerminalClient's own listener came first: the event is already in term.commands.
      if (!isBinary && data.includes('"type":"command"')) this.commandArrivals[term.commands.length - 1] = Date.now();
    });
    for (const [what, ws] of [['terminal', term.ws], ['lesson', lesson.ws]] as const) {
      ws.on('error', (error: Error) => this.failures.push(`${what} websocket error: ${error.message}`));
      ws.on('close', (code: number, reason: Buffer) => {
        if (!this.closing) this.failures.push(`${what} websocket closed by the server: ${code} ${reason.toString()}`);
      });
    }
  }

  /** Joins and opens both sockets; resolves at the first prompt. */
  static async sit(port: number, code: string, name: string, timeoutMs: number): Promise<{ seated: Seated; joinHttpMs: number; joinMs: number; t0: number }> {
    const t0 = performance.now();
    const cookie = await join(port, code, name);
    const joinHttpMs = performance.now() - t0;
    const address = { port, token: '' };
    const options = { token: null, headers: { Cookie: cookie }, readyTimeoutMs: timeoutMs };
    const term = await TerminalClient.connect(address, options);
    await term.waitForPrompt(0, timeoutMs);
    const joinMs = performance.now() - t0;
    const lesson = await LessonClient.connect(address, { sessionId: term.ready.sessionId }, options);
    return { seated: new Seated(name, term, lesson), joinHttpMs, joinMs, t0 };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([this.lesson.close().catch(() => undefined), this.term.close().catch(() => undefined)]);
  }
}

export async function runLearner(o: LearnerOptions): Promise<LearnerResult> {
  const result: LearnerResult = { name: o.name, verdicts: [], echoes: [], stepsPassed: 0, commands: 0, durations: [], failures: [] };
  let seated: Seated | undefined;
  try {
    const sat = await Seated.sit(o.port, o.code, o.name, o.joinTimeoutMs);
    seated = sat.seated;
    result.joinHttpMs = sat.joinHttpMs;
    result.joinMs = sat.joinMs;
    o.onJoined?.();
    const { term, lesson } = seated;
    const opened = await lesson.next('lesson', () => true, o.joinTimeoutMs);
    // A person waits for the page's cluster bar before the first command; so does the bench.
    await lesson.next('cluster', (m) => m.cluster.state === 'ready', o.joinTimeoutMs);
    result.clusterReadyMs = performance.now() - sat.t0;
    const kinds = new Map(opened.steps.map((s) => [s.id, new Map(s.checks.map((c) => [c.id, c.kind]))]));

    for (const step of o.steps) {
      const deadline = Date.now() + o.stepTimeoutMs;
      const left = (): number => Math.max(1, deadline - Date.now());
      if (lesson.progress?.currentStepId !== step.id) {
        const from = lesson.messages.length;
        lesson.send({ type: 'goto', stepId: step.id });
        await lesson.next('progress', (m) => m.progress.currentStepId === step.id, left(), from);
      }
      const witness = o.dataDir ? ClusterWitness.open(o.dataDir, term.ready.sessionId, step.checks) : undefined;
      const from = lesson.messages.length;
      const stepStart = Date.now();
      const isPassed = (m: LessonServerMessage): m is Progress => m.type === 'progress' && m.progress.currentStepId === step.id && m.progress.steps[step.id]?.status === 'passed';
      const passedYet = (): boolean => lesson.messages.slice(from).some(isPassed);
      /** Commands typed on this step: when typed and the index of their event. */
      const typed: { typedAt: number; index: number }[] = [];
      for (const command of step.solution) {
        if (passedYet()) break;
        const index = term.commands.length;
        const offset = term.output.length;
        typed.push({ typedAt: Date.now(), index });
        term.type(`${command}\r`);
        await term.waitFor(() => term.commands.length > index, left(), `the event of ${JSON.stringify(command)}`);
        result.commands += 1;
        const event = term.commands[index]!;
        result.durations.push({ command, ms: event.durationMs });
        if (event.exitCode !== 0) result.failures.push(`${step.id}: \`${command}\` exited ${event.exitCode}: ${event.output.slice(-300)}`);
        // The next prompt (its mark can come before or after the event).
        await term.waitForPrompt(offset, left());
        const until = performance.now() + o.thinkMs;
        if (o.echo && o.thinkMs > 0) result.echoes.push(await echoOnce(term));
        const rest = until - performance.now();
        if (rest > 0) await sleep(rest);
      }
      const passed = await lesson.next('progress', (m) => isPassed(m), left(), from).finally(() => witness?.close());
      result.stepsPassed += 1;
      // The verdict that passed the step: the last passing one of this step before the progress that says so.
      const upTo = lesson.messages.indexOf(passed);
      const verdict = lesson.messages
        .slice(from, upTo)
        .filter((m): m is Verdict => m.type === 'verdict' && m.stepId === step.id && m.verdict.passed)
        .at(-1);
      if (!verdict) {
        result.failures.push(`${step.id}: passed without a passing verdict on the socket`);
        continue;
      }
      const sample = sampleOf(step.id, verdict, lesson.receivedAt.get(verdict) ?? Date.now(), kinds.get(step.id)?.get(verdict.checkId) ?? '?', typed, seated, witness);
      if (sample.ms > 500) sample.trace = traceOf(step.id, lesson, from, upTo, typed, seated, stepStart);
      result.verdicts.push(sample);
    }
    for (const m of lesson.messages) if (m.type === 'error') result.failures.push(`lesson socket error message: ${m.message}`);
  } catch (error) {
    result.failures.push((error as Error).message.split('\n')[0]!.slice(0, 300));
  } finally {
    await o.beforeClose?.(result);
    if (seated) {
      result.failures.push(...seated.failures);
      await seated.close();
    }
  }
  return result;
}

function sampleOf(stepId: string, verdict: Verdict, arrivedAt: number, checkKind: string, typed: readonly { typedAt: number; index: number }[], seated: Seated, witness: ClusterWitness | undefined): VerdictSample {
  const arrivals = typed.map((t) => ({ typedAt: t.typedAt, eventAt: seated.commandArrivals[t.index], event: seated.term.commands[t.index] }));
  if (!CLUSTER_DRIVEN.has(checkKind)) {
    // The command that led to it: the last one the shell finished before the server judged (server clocks on
    // both), so a verdict that overtakes its command's event on the other socket is still paired with it.
    const cause = arrivals.filter((a) => a.event && a.event.startedAt + a.event.durationMs <= verdict.verdict.at).at(-1) ?? arrivals.at(-1);
    return { stepId, ms: Math.max(0, arrivedAt - (cause?.eventAt ?? arrivedAt)), evidence: 'command', checkKind };
  }
  const seen = witness?.evidenceBefore(verdict.checkId, arrivedAt);
  if (seen !== undefined) return { stepId, ms: Math.max(0, arrivedAt - seen), evidence: 'watch', checkKind };
  const running = arrivals.some((a) => a.typedAt <= arrivedAt && (a.eventAt === undefined || a.eventAt > arrivedAt));
  const last = arrivals.filter((a) => a.eventAt !== undefined && a.eventAt <= arrivedAt).at(-1);
  return { stepId, ms: running || !last ? 0 : arrivedAt - last.eventAt!, evidence: 'cluster', checkKind };
}

function traceOf(stepId: string, lesson: LessonClient, from: number, upTo: number, typed: readonly { typedAt: number; index: number }[], seated: Seated, start: number): string[] {
  const lines: { at: number; text: string }[] = [];
  // From the socket's start: a check's first verdict can come before the step's first command.
  for (const m of lesson.messages.slice(0, upTo + 1)) {
    const at = lesson.receivedAt.get(m) ?? 0;
    if (m.type === 'verdict' && m.stepId === stepId) lines.push({ at, text: `verdict ${m.checkId} ${m.verdict.passed ? 'passed' : 'failed'}${m.verdict.message ? `: ${m.verdict.message.slice(0, 120)}` : ''} (server +${m.verdict.at - start})` });
    else if (m.type === 'progress' && lesson.messages.indexOf(m) >= from) lines.push({ at, text: 'progress' });
    else if (m.type === 'cluster') lines.push({ at, text: `cluster ${m.cluster.state}` });
  }
  for (const t of typed) {
    lines.push({ at: t.typedAt, text: `typed ${seated.term.commands[t.index]?.commandLine ?? '?'}` });
    const eventAt = seated.commandArrivals[t.index];
    if (eventAt !== undefined) lines.push({ at: eventAt, text: `event of it (exit ${seated.term.commands[t.index]?.exitCode})` });
  }
  return [`start ${start}`, ...lines.sort((a, b) => a.at - b.at).map((l) => `+${l.at - start} ${l.text}`)];
}

type ResourceSpec = Extract<CheckSpec, { kind: 'resource' }>;

function resourceChecksOf(c: CheckSpec): ResourceSpec[] {
  return c.kind === 'resource' ? [c] : c.kind === 'within' ? resourceChecksOf(c.check) : [];
}

/** What one watch saw of one object (or list) a check looks at. */
interface Watched {
  checkId: string;
  spec: ResourceSpec;
  /** Each event's arrival, and whether the object was then as the check expects (always true for a list). */
  seen: { at: number; expected: boolean }[];
}

const EN = messagesFor('en');

/**
 * Watches, with the seat's own kubeconfig, the objects a step's cluster checks look at (resource checks, and those
 * inside `within`), and notes when each change arrives and whether the object was then as the check expects: the
 * evidence the server's checker reacts to, seen from this process, so its time compares with the verdict's
 * arrival on the lesson socket.
 */
class ClusterWitness {
  private readonly watched: Watched[] = [];
  private readonly requests: ClientRequest[] = [];

  private constructor() {}

  static open(dataDir: string, sessionId: string, checks: readonly StepCheck[]): ClusterWitness | undefined {
    const targets = checks.flatMap((c) => resourceChecksOf(c.check).map((spec) => ({ checkId: c.id, spec })));
    if (targets.length === 0) return undefined;
    let config: { server: string; token: string; ca: string };
    try {
      const kc = parse(readFileSync(joinPath(dataDir, 'learners', sessionId, 'workspaces', sessionId, '.kube', 'config'), 'utf8')) as {
        clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
        users: { user: { token: string } }[];
      };
      const cluster = kc.clusters[0]!.cluster;
      config = { server: cluster.server, token: kc.users[0]!.user.token, ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString() };
    } catch {
      return undefined;
    }
    const witness = new ClusterWitness();
    for (const { checkId, spec } of targets) {
      // The plural as lessons mostly write it; a kind or short name would need discovery (then no watch: fallback).
      if (!/^[a-z0-9.-]+s$/.test(spec.resource)) continue;
      const watched: Watched = { checkId, spec, seen: [] };
      witness.watched.push(watched);
      const base = spec.apiVersion === 'v1' ? '/api/v1' : `/apis/${spec.apiVersion}`;
      const path = `${base}${spec.namespace ? `/namespaces/${spec.namespace}` : ''}/${spec.resource}?watch=true`;
      const req = request(`${config.server}${path}`, { ca: config.ca, headers: { Authorization: `Bearer ${config.token}` } }, (res) => {
        let buffer = '';
        res.on('data', (d: Buffer) => {
          const at = Date.now();
          buffer += d.toString();
          let nl: number;
          while ((nl = buffer.indexOf('\n')) !== -1) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            try {
              const event = JSON.parse(line) as { type?: string; object?: { metadata?: { name?: string } } };
              if (spec.name !== undefined && event.object?.metadata?.name !== spec.name) continue;
              watched.seen.push({ at, expected: spec.name === undefined || expectedNow(spec, event.type === 'DELETED' ? undefined : event.object) });
            } catch {
              // not an event
            }
          }
        });
        res.on('error', () => undefined);
      });
      req.on('error', () => undefined);
      req.end();
      witness.requests.push(req);
    }
    return witness.requests.length ? witness : undefined;
  }

  /**
   * When the evidence for a passing verdict of `checkId` arrived here: the moment the last of its objects became
   * as expected, among the changes seen before `at`. 0 ms later than `at` when this process has not seen them so
   * yet (the server was quicker than this watch); undefined when nothing of the check was watched.
   */
  evidenceBefore(checkId: string, at: number): number | undefined {
    const mine = this.watched.filter((w) => w.checkId === checkId);
    if (mine.length === 0) return undefined;
    let latest: number | undefined;
    for (const w of mine) {
      const seen = w.seen.filter((s) => s.at <= at);
      const last = seen.at(-1);
      if (!last) continue;
      if (!last.expected) return at;
      // A list: its last change. One object: the first change of the run "as expected" that lasts until `at`.
      let i = seen.length - 1;
      while (w.spec.name !== undefined && i > 0 && seen[i - 1]!.expected) i -= 1;
      latest = Math.max(latest ?? 0, seen[i]!.at);
    }
    return latest;
  }

  close(): void {
    for (const r of this.requests) r.destroy();
  }
}

/** The resource check's judgement of one named object (undefined: it is gone), as the server's checker judges. */
function expectedNow(spec: ResourceSpec, object: unknown): boolean {
  if (object === undefined || object === null) return spec.absent === true;
  return !spec.absent && objectProblem(spec, object as Parameters<typeof objectProblem>[1], EN) === undefined;
}
