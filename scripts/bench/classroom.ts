// npm run bench:classroom -- [--learners 50] [--steps 3] [--warm 10]: a real `kubeclass classroom` in a child
// process, and N learners at once from this process, each as the page and a person would be: join with the code,
// the terminal and lesson websockets with the learner cookie, the lesson's own solutions typed one command at a
// time, `goto` the next step once a step passed. A probe learner types a character every 250 ms throughout, and an
// instructor page is open. Measures join time, checker verdict latency, echo under load, the server's memory (its
// own and its shells', per seat), the machine's CPU while learners join and work, failures and wall time; prints a
// table and the goals, and writes test/artifacts/bench-classroom.json.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { InstructorServerMessage, RoomView } from '../../server/common/classroom-protocol.js';
import { findLessons } from '../../server/lessons/format/load-lesson.js';
import { stepChecks } from '../../server/lessons/step-checks.js';
import { echoOnce, runLearner, Seated, type BenchStep, type LearnerResult } from './classroom-learner.js';
import { fmt } from './child-host.js';
import { cpuMs, descendantsOf, installExitHandlers, makeTempDir, removeTempDir, rssKiB, sleep, spawnNode, stopServer } from './proc.js';
import { round, summarize, type Summary } from './stats.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'dist', 'server', 'cli.js');
const LESSONS = join(ROOT, 'lessons');
const LESSON_ID = 'serverless-on-kubernetes';
const GiB = 1024 ** 3;

const USAGE = `usage: npm run bench:classroom -- [--learners N] [--steps S] [--warm W] [--think MS] [--ramp MS]
                                   [--step-timeout S] [--join-timeout S] [--seats N] [--shell-nice N] [--cpu-prof DIR] [--settle S] [--no-instructor] [--json PATH]
  --learners N      learners joining at once (default 50); the room has N+5 seats
  --steps S         steps of ${LESSON_ID} each learner does, with the lesson's solutions (default 3)
  --warm W          environments the classroom keeps ready (its --warm; default 10)
  --think MS        pause after each command, the echo probe inside it (default 500)
  --ramp MS         spread the joins over MS instead of all at once (default 0)
  --step-timeout S  a step not passed in S seconds is a failure (default 180)
  --join-timeout S  join to first prompt, and to the cluster's readiness (default 180)
  --seats N         the room's seats (default learners + 5)
  --shell-nice N    the classroom's --shell-nice (default: the classroom's own, 10; 0 to compare without)
  --cpu-prof DIR    write a V8 CPU profile of the classroom server into DIR (node --cpu-prof)
  --settle S        seconds between the classroom's start-up line (warm pool full) and the first join (default 12:
                    the warm seats' clusters are ready by then, as in a room opened before the learners come)
  --no-instructor   no instructor page open during the run
  --json PATH       results (default test/artifacts/bench-classroom.json)`;

interface Options {
  learners: number;
  steps: number;
  warm: number;
  thinkMs: number;
  rampMs: number;
  stepTimeoutMs: number;
  joinTimeoutMs: number;
  instructor: boolean;
  settleMs: number;
  /** The room's seats (default learners + 5). */
  seats: number | undefined;
  /** The classroom's --shell-nice; undefined: its default. */
  shellNice: number | undefined;
  /** Write a V8 CPU profile of the server into this folder. */
  cpuProf: string | undefined;
  jsonPath: string;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { learners: 50, steps: 3, warm: 10, thinkMs: 500, rampMs: 0, stepTimeoutMs: 180_000, joinTimeoutMs: 180_000, instructor: true, settleMs: 12_000, seats: undefined, shellNice: undefined, cpuProf: undefined, jsonPath: join(ROOT, 'test/artifacts/bench-classroom.json') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const count = (min: number): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number >= ${min}\n${USAGE}`);
      return n;
    };
    if (flag === '--learners') o.learners = count(1);
    else if (flag === '--steps') o.steps = count(1);
    else if (flag === '--warm') o.warm = count(0);
    else if (flag === '--think') o.thinkMs = count(0);
    else if (flag === '--ramp') o.rampMs = count(0);
    else if (flag === '--step-timeout') o.stepTimeoutMs = count(1) * 1000;
    else if (flag === '--join-timeout') o.joinTimeoutMs = count(1) * 1000;
    else if (flag === '--no-instructor') o.instructor = false;
    else if (flag === '--settle') o.settleMs = count(0) * 1000;
    else if (flag === '--seats') o.seats = count(2);
    else if (flag === '--shell-nice') o.shellNice = count(0);
    else if (flag === '--cpu-prof') o.cpuProf = value();
    else if (flag === '--json') o.jsonPath = value();
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return o;
}

/** The lesson's first steps with their solutions, read through the lesson loader (what the server reads). */
function lessonSteps(count: number): BenchStep[] {
  const found = findLessons(LESSONS);
  const lesson = found.lessons.find((l) => l.id === LESSON_ID);
  if (!lesson) throw new Error(`no lesson ${LESSON_ID} in ${LESSONS}: ${found.errors.map((e) => `${e.file}:${e.line} ${e.message}`).join('; ')}`);
  const text = lesson.locales['en'] ?? Object.values(lesson.locales)[0]!;
  if (count > text.steps.length) throw new Error(`--steps ${count}: the lesson has ${text.steps.length} steps`);
  const steps = text.steps.slice(0, count).map((s) => ({ id: s.id, title: s.title, solution: s.solution, checks: stepChecks(s).checks }));
  const bare = steps.find((s) => s.solution.length === 0);
  if (bare) throw new Error(`step ${bare.id} declares no solution to type`);
  return steps;
}

// ---- the machine and the server's processes --------------------------------------------------------------

interface CpuSample {
  t: number;
  busy: number;
  total: number;
  serverCpuMs: number;
  /** The server, its shells and what they ran (kubectl), reaped or not, in ms. */
  treeCpuMs: number;
  /** This process: the learners' and the probe's clients. */
  benchCpuMs: number;
  serverRssKiB: number;
}

/** utime + stime + cutime + cstime of a process, in ms: its own CPU and that of the children it reaped. */
function cpuWithChildrenMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14])) * 1000) / 100;
  } catch {
    return 0;
  }
}

function cpuUsageMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The server and every live descendant with what each reaped: kubectl's CPU lands in its shell once it exits. */
function treeCpuMs(pid: number): number {
  return descendantsOf(pid).reduce((sum, p) => sum + cpuWithChildrenMs(p), cpuWithChildrenMs(pid));
}

function machineJiffies(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: total - idle, total };
}

/** Every 500 ms: the machine's CPU counters, the server's CPU time and RSS. */
class Sampler {
  readonly samples: CpuSample[] = [];
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pid: number) {
    this.take();
    this.timer = setInterval(() => this.take(), 500);
  }
  take(): CpuSample {
    const s = { t: performance.now(), ...machineJiffies(), serverCpuMs: cpuMs(this.pid), treeCpuMs: treeCpuMs(this.pid), benchCpuMs: cpuUsageMs(), serverRssKiB: rssKiB(this.pid) };
    this.samples.push(s);
    return s;
  }
  stop(): void {
    clearInterval(this.timer);
  }
  /** The machine's mean and peak (500 ms) busy share, and the server's CPU, between two moments. */
  window(from: number, to: number): { seconds: number; busyPct: number; peakBusyPct: number; cores: number; serverCpuS: number; serverPct: number; treeCpuS: number; treeCores: number; peakTreeCores: number; benchCores: number; otherCores: number; peakServerRssMiB: number } | undefined {
    const inside = this.samples.filter((s) => s.t >= from - 500 && s.t <= to + 500);
    if (inside.length < 2) return undefined;
    const a = inside[0]!;
    const b = inside.at(-1)!;
    let peak = 0;
    let peakTree = 0;
    for (let i = 1; i < inside.length; i++) {
      const [p, q] = [inside[i - 1]!, inside[i]!];
      const dt = q.total - p.total;
      if (dt > 0) peak = Math.max(peak, (q.busy - p.busy) / dt);
      if (q.t > p.t) peakTree = Math.max(peakTree, (q.treeCpuMs - p.treeCpuMs) / (q.t - p.t));
    }
    const seconds = (b.t - a.t) / 1000;
    const busyPct = (100 * (b.busy - a.busy)) / Math.max(1, b.total - a.total);
    const serverCpuS = (b.serverCpuMs - a.serverCpuMs) / 1000;
    return {
      seconds,
      busyPct,
      peakBusyPct: 100 * peak,
      cores: (busyPct / 100) * cpus().length,
      serverCpuS,
      serverPct: (100 * serverCpuS) / Math.max(0.001, seconds),
      treeCpuS: (b.treeCpuMs - a.treeCpuMs) / 1000,
      treeCores: (b.treeCpuMs - a.treeCpuMs) / 1000 / Math.max(0.001, seconds),
      peakTreeCores: peakTree,
      benchCores: (b.benchCpuMs - a.benchCpuMs) / 1000 / Math.max(0.001, seconds),
      otherCores: Math.max(0, (busyPct / 100) * cpus().length - (b.treeCpuMs - a.treeCpuMs + b.benchCpuMs - a.benchCpuMs) / 1000 / Math.max(0.001, seconds)),
      peakServerRssMiB: Math.max(...inside.map((s) => s.serverRssKiB)) / 1024,
    };
  }
}

function pssKiB(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m?.[1] ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

interface Memory {
  serverRssMiB: number;
  serverPssMiB: number;
  descendants: number;
  descendantsRssMiB: number;
  descendantsPssMiB: number;
  /** What the descendants are (bash: 50, ...). */
  kinds: Record<string, number>;
}

function memory(pid: number): Memory {
  const family = descendantsOf(pid);
  const kinds: Record<string, number> = {};
  let rss = 0;
  let pss = 0;
  for (const p of family) {
    const r = rssKiB(p);
    if (!Number.isFinite(r)) continue;
    rss += r;
    const s = pssKiB(p);
    if (Number.isFinite(s)) pss += s;
    const name = commOf(p);
    kinds[name] = (kinds[name] ?? 0) + 1;
  }
  return { serverRssMiB: rssKiB(pid) / 1024, serverPssMiB: pssKiB(pid) / 1024, descendants: family.length, descendantsRssMiB: rss / 1024, descendantsPssMiB: pss / 1024, kinds };
}

// ---- the instructor's page ---------------------------------------------------------------------------------

interface Instructor {
  rooms: number;
  bytes: number;
  last: RoomView | undefined;
  close(): void;
}

function openInstructor(port: number, token: string): Promise<Instructor> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/instructor`, { headers: { Authorization: `Bearer ${token}` } });
    const state: Instructor = { rooms: 0, bytes: 0, last: undefined, close: () => ws.close() };
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      state.bytes += data.length;
      const message = JSON.parse(data.toString()) as InstructorServerMessage;
      if (message.type === 'room') {
        state.rooms += 1;
        state.last = message.room;
      }
    });
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'hello', version: 1 }));
      resolve(state);
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`instructor socket: HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

// ---- the run -----------------------------------------------------------------------------------------------

type CpuWindow = ReturnType<Sampler['window']>;

function cpuRows(phase: string, w: CpuWindow, cores: number): [string, string][] {
  if (!w) return [[`CPU while ${phase}`, '—']];
  return [
    [`CPU while ${phase} (${fmt(w.seconds)} s): classroom (server + shells + kubectl), cores mean / peak 0.5 s`, `${w.treeCores.toFixed(2)} / ${w.peakTreeCores.toFixed(2)} (${fmt(w.treeCpuS)} CPU s)`],
    [`  server process alone, cores mean`, w.serverPct >= 0 ? (w.serverPct / 100).toFixed(2) : '—'],
    [`  this bench's clients, cores mean`, w.benchCores.toFixed(2)],
    [`  whole machine, % of ${cores} cores mean / peak; of it other work, cores`, `${fmt(w.busyPct)} / ${fmt(w.peakBusyPct)}; ${w.otherCores.toFixed(2)}`],
  ];
}

function pctOf(s: Summary | undefined): string {
  return s && s.n > 0 ? `${fmt(s.p50)} / ${fmt(s.p99)} / ${fmt(s.max)}` : '—';
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const steps = lessonSteps(o.steps);
  installExitHandlers();
  const dataDir = makeTempDir('kubeclass-bench-classroom-');
  const seats = o.seats ?? o.learners + 5;
  const logFile = join(ROOT, 'test/artifacts/bench-classroom-server.log');
  const tSpawn = performance.now();
  const server = spawnNode({
    args: [...(o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProf}`] : []), CLI, 'classroom', '--lesson', LESSON_ID, '--port', '0', '--data-dir', dataDir, '--seats', String(seats), '--warm', String(o.warm), ...(o.shellNice === undefined ? [] : ['--shell-nice', String(o.shellNice)])],
    env: { ...process.env, KUBECLASS_TOKEN: '' },
    logFile,
  });
  const sampler = new Sampler(server.pid);
  const instructorLine = server.waitForLine(/\/instructor\?token=/, 600_000);
  const joinLine = server.waitForLine(/\/join\?code=/, 600_000);
  const instructorUrl = new URL((await instructorLine).trim());
  const joinUrl = new URL((await joinLine).trim());
  const startMs = performance.now() - tSpawn;
  const port = Number(joinUrl.port);
  const code = joinUrl.searchParams.get('code')!;
  process.stderr.write(`classroom up in ${fmt(startMs / 1000)} s with ${o.warm} warm seats (port ${port}, code ${code}); server log: ${logFile}\n`);

  // A room opens some minutes before the learners come: let the warm seats' clusters finish starting (Kourier's
  // gateway is Ready about 11 s after its sandbox starts), so the bench measures joins, not the pool's first seconds.
  await sleep(o.settleMs);
  const memBefore = memory(server.pid);
  const instructor = o.instructor ? await openInstructor(port, instructorUrl.searchParams.get('token')!) : undefined;

  // The probe: a learner at their prompt who types a character every 250 ms from before the joins to the end.
  const probe = (await Seated.sit(port, code, 'Echo probe', o.joinTimeoutMs)).seated;
  const probeEchoes: { t: number; ms: number }[] = [];
  // The server's own responsiveness, without a shell in the path: GET /healthz, answered by its event loop alone.
  const healthz: { t: number; ms: number }[] = [];
  const probeFailures: string[] = [];
  let probing = true;
  const probeLoop = (async () => {
    while (probing) {
      try {
        const t = performance.now();
        probeEchoes.push({ t, ms: await echoOnce(probe.term, 30_000) });
        const h0 = performance.now();
        await (await fetch(`http://127.0.0.1:${port}/healthz`)).text();
        healthz.push({ t: h0, ms: performance.now() - h0 });
      } catch (error) {
        probeFailures.push(`probe: ${(error as Error).message.split('\n')[0]}`);
        if (probe.term.closeInfo) break;
      }
      await sleep(250);
    }
  })();

  const tJoins = performance.now();
  const joinedAt: number[] = [];
  let finished = 0;
  let completed = 0;
  let allFinished: () => void = () => undefined;
  const everyoneFinished = new Promise<void>((resolve) => (allFinished = resolve));
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const width = String(o.learners).length;
  const progressTimer = setInterval(() => {
    process.stderr.write(`  ${((performance.now() - tJoins) / 1000).toFixed(0)} s: ${joinedAt.length}/${o.learners} at a prompt, ${finished} done, load ${loadavg()[0]!.toFixed(1)}\n`);
  }, 10_000);
  const runs = Array.from({ length: o.learners }, async (_, i): Promise<LearnerResult> => {
    if (o.rampMs > 0) await sleep((o.rampMs * i) / o.learners);
    return runLearner({
      port,
      code,
      name: `Learner ${String(i + 1).padStart(width, '0')}`,
      steps,
      thinkMs: o.thinkMs,
      stepTimeoutMs: o.stepTimeoutMs,
      joinTimeoutMs: o.joinTimeoutMs,
      echo: true,
      dataDir,
      onJoined: () => joinedAt.push(performance.now()),
      // All stay connected until the memory is read, then leave together.
      beforeClose: async (result) => {
        if (result.stepsPassed === steps.length) completed += 1;
        if (++finished === o.learners) allFinished();
        await released;
      },
    });
  });
  await everyoneFinished;
  const tDone = performance.now();
  clearInterval(progressTimer);
  probing = false;
  await probeLoop;
  // Everyone still connected, nobody typing: what the room costs at rest.
  const tIdle = performance.now();
  await sleep(10_000);
  const idle = sampler.window(tIdle + 500, performance.now());
  const memAfter = memory(server.pid);
  if (instructor) {
    const deadline = Date.now() + 5000;
    const done = (): number => instructor.last?.learners.filter((l) => steps.every((s) => l.steps[s.id]?.status === 'passed')).length ?? 0;
    // The room is sent when it changes, checked every second: give it that second.
    while (Date.now() < deadline && done() < completed) await sleep(100);
  }
  const room = instructor?.last;
  release();
  const results = await Promise.all(runs);
  await probe.close();
  probeFailures.push(...probe.failures);
  instructor?.close();
  sampler.take();
  sampler.stop();
  const stop = await stopServer(server, 15_000);
  removeTempDir(dataDir);

  // ---- figures ----
  const joined = results.filter((r) => r.joinMs !== undefined);
  /** When the last learner who got in sat at their prompt. */
  const joinAll = joinedAt.length > 0 ? Math.max(...joinedAt) : undefined;
  const joinTime = summarize(joined.map((r) => r.joinMs!));
  const joinHttp = summarize(joined.map((r) => r.joinHttpMs!));
  const clusterReady = summarize(results.filter((r) => r.clusterReadyMs !== undefined).map((r) => r.clusterReadyMs!));
  const verdicts = results.flatMap((r) => r.verdicts);
  const verdict = summarize(verdicts.map((v) => v.ms));
  const perStep = steps.map((s) => {
    const own = verdicts.filter((v) => v.stepId === s.id);
    return { stepId: s.id, title: s.title, evidence: [...new Set(own.map((v) => `${v.evidence} (${v.checkKind})`))].join(', '), summary: summarize(own.map((v) => v.ms)) };
  });
  const echo = summarize(results.flatMap((r) => r.echoes));
  // kubectl's first call in a seat fills its discovery cache (a fresh HOME); `kubectl wait` waits for the cluster.
  const firstKubectl = summarize(results.flatMap((r) => r.durations.slice(0, 1).map((d) => d.ms)));
  const laterKubectl = summarize(results.flatMap((r) => r.durations.slice(1).filter((d) => d.command.startsWith('kubectl') && !d.command.startsWith('kubectl wait')).map((d) => d.ms)));
  const probeJoins = summarize(probeEchoes.filter((e) => e.t >= tJoins && e.t <= (joinAll ?? tDone)).map((e) => e.ms));
  const probeWork = summarize(probeEchoes.filter((e) => e.t > (joinAll ?? tDone) && e.t <= tDone).map((e) => e.ms));
  const healthzWork = summarize(healthz.filter((e) => e.t > (joinAll ?? tDone) && e.t <= tDone).map((e) => e.ms));
  const healthzJoins = summarize(healthz.filter((e) => e.t >= tJoins && e.t <= (joinAll ?? tDone)).map((e) => e.ms));
  const failed = results.filter((r) => r.failures.length > 0 || r.stepsPassed < steps.length);
  const failures = [...results.flatMap((r) => r.failures.map((f) => `${r.name}: ${f}`)), ...probeFailures];
  const used = o.learners + 1;
  const allInMiB = memAfter.serverRssMiB + memAfter.descendantsRssMiB;
  const perSeatMiB = allInMiB / used;
  const perSeatMarginalMiB = (allInMiB - memBefore.serverRssMiB - memBefore.descendantsRssMiB) / used;
  const perSeatPssMiB = (memAfter.serverPssMiB + memAfter.descendantsPssMiB) / used;
  const cpuJoins = sampler.window(tJoins, joinAll ?? tDone);
  const cpuWork = joinAll !== undefined ? sampler.window(joinAll, tDone) : undefined;
  const cpuAll = sampler.window(tJoins, tDone);
  const wallS = (tDone - tJoins) / 1000;
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? '?', totalMemGiB: totalmem() / GiB, node: process.version };

  const rows: [string, string][] = [
    ['learners (+1 echo probe, +instructor page)', `${o.learners}, ${steps.length} steps each (${steps.map((s) => s.id).join(', ')}), think ${o.thinkMs} ms${o.shellNice === undefined ? '' : `, --shell-nice ${o.shellNice}`}${o.rampMs ? `, joins spread over ${o.rampMs} ms` : ', all joining at once'}`],
    [`classroom start with ${o.warm} warm seats, s`, fmt(startMs / 1000)],
    ['join: POST /api/join answered, p50 / p99 / max ms', pctOf(joinHttp)],
    ['join time: POST to first prompt, p50 / p99 / max ms', pctOf(joinTime)],
    ["join to the seat's cluster ready, p50 / p99 / max ms", pctOf(clusterReady)],
    ['verdict latency (evidence -> passing verdict on the page), p50 / p99 / max ms', pctOf(verdict)],
    ...perStep.map((s): [string, string] => [`  step ${s.stepId} [${s.evidence || '—'}], p50 / p99 / max ms`, pctOf(s.summary)]),
    [`first command of each seat (\`${steps[0]?.solution[0] ?? '?'}\`, kubectl's discovery), run time p50 / p99 / max ms`, pctOf(firstKubectl)],
    ['later kubectl commands (not `kubectl wait`), run time p50 / p99 / max ms', pctOf(laterKubectl)],
    ["echo, learners' own terminals between commands, p50 / p99 / max ms", pctOf(echo)],
    ['echo, probe while learners join, p50 / p99 / max ms', pctOf(probeJoins)],
    ['echo, probe while learners work, p50 / p99 / max ms', pctOf(probeWork)],
    ['server alone (GET /healthz) while learners join / work, p99 ms', `${fmt(healthzJoins.p99)} / ${fmt(healthzWork.p99)} (p50 ${fmt(healthzJoins.p50)} / ${fmt(healthzWork.p50)})`],
    ['server RSS before joins (warm seats in it), MiB', fmt(memBefore.serverRssMiB)],
    [`server RSS after all joined and worked, MiB`, fmt(memAfter.serverRssMiB)],
    ['descendants after (shells), count / RSS sum / PSS sum, MiB', `${memAfter.descendants} (${Object.entries(memAfter.kinds).map(([k, n]) => `${n} ${k}`).join(', ')}) / ${fmt(memAfter.descendantsRssMiB)} / ${fmt(memAfter.descendantsPssMiB)}`],
    [`memory per seat: (server + shells RSS) / ${used} seats, MiB`, fmt(perSeatMiB)],
    ['  marginal: growth from before the joins / seats, MiB', fmt(perSeatMarginalMiB)],
    ['  PSS (shared pages counted once) / seats, MiB', fmt(perSeatPssMiB)],
    ['peak server RSS during the run, MiB', cpuAll ? fmt(cpuAll.peakServerRssMiB) : '—'],
    ...cpuRows('joining', cpuJoins, machine.cpus),
    ...cpuRows('working', cpuWork, machine.cpus),
    [`all seats connected and idle (10 s): classroom / server alone, cores`, idle ? `${idle.treeCores.toFixed(3)} / ${(idle.serverPct / 100).toFixed(3)}` : '—'],
    ['instructor page: room messages / MiB received', instructor ? `${instructor.rooms} / ${fmt(instructor.bytes / 1024 / 1024)}` : 'not open'],
    ["instructor's room at the end: learners / all steps passed", room ? `${room.learners.length} / ${room.learners.filter((l) => steps.every((s) => l.steps[s.id]?.status === 'passed')).length}` : '—'],
    ['failures: learners / messages', `${failed.length} / ${failures.length}`],
    ['wall time: first join to all done, s', fmt(wallS)],
    ['server stop on SIGTERM', `${stop.clean ? 'clean' : 'KILLED'} in ${fmt(stop.exitMs)} ms${stop.leftoverProcesses ? `, ${stop.leftoverProcesses} processes left (killed)` : ''}`],
  ];
  const budgetGiB = (perSeatMiB * 50) / 1024;
  const goals = [
    { goal: 'no failures', pass: failures.length === 0 && failed.length === 0, detail: `${failed.length} of ${o.learners} learners failed, ${failures.length} failure messages` },
    { goal: 'verdict p99 < 500 ms', pass: verdict.n > 0 && verdict.p99 < 500, detail: `p99 ${fmt(verdict.p99)} ms over ${verdict.n} step passes` },
    { goal: 'at least 50 seats in 24 GiB', pass: perSeatMiB > 0 && budgetGiB < 24, detail: `${fmt(perSeatMiB)} MiB per seat x 50 = ${fmt(budgetGiB)} GiB (this machine: ${fmt(machine.totalMemGiB)} GiB, ${machine.cpus} cores)` },
  ];

  const w = Math.max(...rows.map(([k]) => k.length));
  const v = Math.max(5, ...rows.map(([, x]) => x.length));
  process.stdout.write(`\nClassroom benchmark: ${o.learners} learners, ${machine.cpus} cores, ${fmt(machine.totalMemGiB)} GiB, Node ${machine.node}\n\n`);
  process.stdout.write(`| ${'figure'.padEnd(w)} | ${'value'.padEnd(v)} |\n|${'-'.repeat(w + 2)}|${'-'.repeat(v + 2)}|\n`);
  for (const [k, x] of rows) process.stdout.write(`| ${k.padEnd(w)} | ${x.padEnd(v)} |\n`);
  process.stdout.write(`\n${goals.map((g) => `${g.pass ? 'PASS' : 'MISS'}  ${g.goal}: ${g.detail}`).join('\n')}\n`);
  if (failures.length) process.stdout.write(`\nFailures (first 20 of ${failures.length}):\n${failures.slice(0, 20).map((f) => `  ${f}`).join('\n')}\n`);

  const r2 = (s: Summary): Summary => ({ n: s.n, p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), min: round(s.min), max: round(s.max), mean: round(s.mean) });
  const json = {
    date: new Date().toISOString(),
    machine,
    options: { ...o, jsonPath: undefined, seats, lesson: LESSON_ID, steps: steps.map((s) => ({ id: s.id, solution: s.solution })) },
    startMs: round(startMs),
    joinHttpMs: r2(joinHttp),
    joinMs: r2(joinTime),
    clusterReadyMs: r2(clusterReady),
    verdictMs: r2(verdict),
    verdictByStep: perStep.map((s) => ({ stepId: s.stepId, evidence: s.evidence, ms: r2(s.summary) })),
    firstCommandMs: r2(firstKubectl),
    laterKubectlMs: r2(laterKubectl),
    echoLearnersMs: r2(echo),
    echoProbeDuringJoinsMs: r2(probeJoins),
    echoProbeDuringWorkMs: r2(probeWork),
    healthzDuringJoinsMs: r2(healthzJoins),
    healthzDuringWorkMs: r2(healthzWork),
    memoryBefore: memBefore,
    memoryAfter: memAfter,
    memoryPerSeatMiB: { allIn: round(perSeatMiB), marginal: round(perSeatMarginalMiB), pss: round(perSeatPssMiB), seats: used },
    cpu: { joins: cpuJoins, work: cpuWork, all: cpuAll, idle },
    instructor: instructor ? { rooms: instructor.rooms, bytes: instructor.bytes, learners: room?.learners.length, seats: room?.seats } : undefined,
    failures: { learners: failed.length, messages: failures },
    wallS: round(wallS),
    stop,
    goals,
    learners: results.map((r) => ({ name: r.name, joinMs: r.joinMs && round(r.joinMs), clusterReadyMs: r.clusterReadyMs && round(r.clusterReadyMs), stepsPassed: r.stepsPassed, commands: r.commands, verdicts: r.verdicts })),
    timeline: sampler.samples.map((s, i, all) => {
      const prev = all[i - 1];
      return { t: round((s.t - tJoins) / 1000, 1), busyPct: prev ? round((100 * (s.busy - prev.busy)) / Math.max(1, s.total - prev.total), 0) : undefined, serverRssMiB: round(s.serverRssKiB / 1024, 0) };
    }),
  };
  mkdirSync(join(o.jsonPath, '..'), { recursive: true });
  writeFileSync(o.jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\nJSON: ${o.jsonPath}\n`);
  process.exitCode = goals.every((g) => g.pass) ? 0 : 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench:classroom failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
