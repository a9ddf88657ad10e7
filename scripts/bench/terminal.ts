// `npm run bench:terminal`: kubeclass's terminal against wetty 3.2.0 and bare node-pty, side by side.
// Prints a table with ratios and the goals (PASS/MISS), and writes test/artifacts/bench-terminal.json.
//
// Phase A runs the three servers at once and interleaves the peers round by round (a keystroke for each, a
// throughput run for each...), so a busy spell of this shared 2-core machine hits them alike. Phase B starts each
// server alone and fresh for the resource figures (idle RSS/CPU, 50 sessions at once, echo among 50).
// Every server and browser it starts is stopped at the end, also on error or Ctrl-C.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, PageTypist } from './browser-echo.js';
import {
  closeAll,
  commandRoundTrip,
  ctrlC,
  EchoTypist,
  firstPromptConcurrent,
  firstPromptSequential,
  idleUsage,
  openAndWaitForPrompt,
  throughput,
  typeEcho,
  type Opened,
  type Throughput,
} from './measurements.js';
import { parseOptions, type BenchOptions } from './options.js';
import { barePtyPeer } from './peers/bare-pty-peer.js';
import { kubeclassPeer, type KubeclassInfo } from './peers/kubeclass-peer.js';
import { wettyPeer } from './peers/wetty-peer.js';
import { cpuMs, installExitHandlers, runCleanups, sleep } from './proc.js';
import { emptyResults, type PeerResults } from './results.js';
import { median, roundSummary, summarize, type Summary } from './stats.js';
import { evaluateGoals, renderGoals, renderTable } from './table.js';
import type { PeerDef, RunningServer } from './types.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test/artifacts');

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Active {
  r: PeerResults;
  server: RunningServer;
  session?: Opened;
}

/** Runs `fn` for each peer, round after round; a peer that fails is recorded and left out of later rounds. */
async function interleaved<T>(
  key: string,
  peers: readonly Active[],
  rounds: number,
  fn: (p: Active, round: number) => Promise<T>,
): Promise<Map<Active, T[]>> {
  const t0 = performance.now();
  const out = new Map<Active, T[]>(peers.map((p) => [p, []]));
  for (let round = 0; round < rounds; round++) {
    for (const p of peers) {
      const list = out.get(p);
      if (!list) continue;
      try {
        list.push(await fn(p, round));
      } catch (err) {
        p.r.errors[key] = message(err);
        out.delete(p);
        log(`  [${p.r.name}] ${key}: ERROR ${message(err)}`);
      }
    }
  }
  log(`  ${key}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

async function step(r: PeerResults, key: string, fn: () => Promise<void>): Promise<void> {
  const t0 = performance.now();
  try {
    await fn();
    log(`  [${r.name}] ${key}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    r.errors[key] = message(err);
    log(`  [${r.name}] ${key}: ERROR ${message(err)}`);
  }
}

async function startServer(def: PeerDef, r: PeerResults, phase: string): Promise<RunningServer | undefined> {
  try {
    return await def.start();
  } catch (err) {
    r.errors[`start ${phase}`] = message(err);
    log(`  [${r.name}] start ${phase}: ERROR ${message(err)}`);
    return undefined;
  }
}

/** Phase A: the servers side by side, one session each, peers interleaved round by round. */
async function phaseA(defs: readonly PeerDef[], results: ReadonlyMap<PeerDef, PeerResults>, opts: BenchOptions): Promise<void> {
  log('phase A: servers side by side, peers interleaved');
  const active: Active[] = [];
  for (const def of defs) {
    const r = results.get(def) as PeerResults;
    const server = await startServer(def, r, 'A');
    if (server) active.push({ r, server });
  }
  try {
    for (const p of active) {
      await step(p.r, 'origin', async () => {
        p.r.origin = (await p.server.foreignOrigin()) ?? null;
      });
    }
    const prompts = await interleaved('firstPrompt1', active, opts.firstPromptRuns, async (p) => {
      const [ms] = await firstPromptSequential(p.server, 1);
      return ms as number;
    });
    for (const [p, samples] of prompts) p.r.firstPrompt1 = summarize(samples);

    for (const p of active) {
      await step(p.r, 'session', async () => {
        p.session = await openAndWaitForPrompt(p.server);
      });
    }
    const withSession = active.filter((p) => p.session !== undefined);
    const typists = new Map(withSession.map((p) => [p, new EchoTypist(p.session as Opened, opts.keystrokeGapMs)]));
    for (const t of typists.values()) await t.start();
    const cpuBefore = new Map(withSession.map((p) => [p, cpuMs(p.server.pid)]));
    const echoes = await interleaved('echo1', withSession, opts.echoKeystrokes, (p) => (typists.get(p) as EchoTypist).keystroke());
    for (const t of typists.values()) await t.finish();
    for (const [p, samples] of echoes) {
      p.r.echo1 = summarize(samples);
      p.r.echoCpuUsPerKey = ((cpuMs(p.server.pid) - (cpuBefore.get(p) ?? 0)) * 1000) / samples.length;
    }

    const commands = await interleaved('command', withSession, opts.commandRuns, (p) => commandRoundTrip(p.session as Opened));
    for (const [p, samples] of commands) p.r.command = summarize(samples);

    for (const key of ['seq', 'base64'] as const) {
      const runs = await interleaved(key, withSession, opts.throughputRuns, (p) =>
        throughput(p.session as Opened, p.server.pid, opts.commands[key]),
      );
      for (const [p, list] of runs) {
        const best = list.reduce((a, b) => (b.mbPerS > a.mbPerS ? b : a));
        p.r[key] = { ...best, runs: list.map((t: Throughput) => t.mbPerS) };
      }
    }

    const stops = await interleaved('ctrlC', withSession, opts.ctrlCRuns, (p) => ctrlC(p.session as Opened, 1, opts.slowRate));
    for (const [p, list] of stops) {
      p.r.ctrlC = {
        summary: summarize(list.flatMap((c) => c.samples)),
        drainedKiBMedian: median(list.flatMap((c) => c.drainedBytes)) / 1024,
      };
    }
    await closeAll(withSession.map((p) => p.session as Opened));

    const withPage = opts.browser ? active.filter((p) => p.server.browser !== undefined) : [];
    if (withPage.length > 0) {
      const browser = await launchBrowser();
      const pages = new Map<Active, PageTypist>();
      for (const p of withPage) {
        await step(p.r, 'page', async () => {
          pages.set(p, await PageTypist.open(browser, p.server.browser as NonNullable<RunningServer['browser']>, opts.keystrokeGapMs));
        });
      }
      const onPage = withPage.filter((p) => pages.has(p));
      const echoesB = await interleaved('echoBrowser', onPage, opts.browserKeystrokes, (p) => (pages.get(p) as PageTypist).keystroke());
      for (const [p, samples] of echoesB) p.r.echoBrowser = summarize(samples);
      for (const [p, page] of pages) await page.close(join(ARTIFACTS, `bench-${p.r.name}-page.png`));
      await browser.close();
    }

    await sleep(2000);
    for (const p of active) p.r.lingeringShells = p.server.descendants().length;
  } finally {
    for (const p of active) p.r.stops.push(await p.server.stop());
  }
}

/** Phase B, each server alone and fresh: idle usage with 0 and 50 sessions, 50 sessions at once, echo among 50. */
async function phaseB(def: PeerDef, r: PeerResults, opts: BenchOptions): Promise<void> {
  log(`phase B: ${def.name} alone, ${opts.concurrentSessions} sessions`);
  const server = await startServer(def, r, 'B');
  if (!server) return;
  let opened: Opened[] = [];
  try {
    await sleep(500);
    await step(r, 'idle0', async () => {
      r.idle0 = await idleUsage(server.pid, opts.idleWindowMs);
    });
    await step(r, 'firstPrompt50', async () => {
      opened = await firstPromptConcurrent(server, opts.concurrentSessions);
      r.firstPrompt50 = summarize(opened.map((o) => o.promptMs));
    });
    if (opened.length === 0) return;
    await Promise.all(opened.map((o) => o.driver.quiet(200)));
    await sleep(1000);
    await step(r, 'idle50', async () => {
      r.idle50 = await idleUsage(server.pid, opts.idleWindowMs);
    });
    const first = opened[0] as Opened;
    await step(r, 'echo50idle', async () => {
      r.echo50idle = summarize(await typeEcho(first, opts.echoKeystrokes, opts.keystrokeGapMs));
    });
    await step(r, 'echo50all', async () => {
      const all = await Promise.all(opened.map((o) => typeEcho(o, opts.echoAllPerSession, opts.keystrokeGapMs)));
      r.echo50all = summarize(all.flat());
    });
  } finally {
    await closeAll(opened);
    r.stops.push(await server.stop());
  }
}

function forJson(r: PeerResults): unknown {
  const isSummary = (v: unknown): v is Summary => typeof v === 'object' && v !== null && 'p50' in v && 'n' in v;
  return Object.fromEntries(
    Object.entries(r).map(([k, v]) => {
      if (isSummary(v)) return [k, roundSummary(v)];
      if (k === 'ctrlC' && v) {
        const c = v as NonNullable<PeerResults['ctrlC']>;
        return [k, { summary: roundSummary(c.summary), drainedKiBMedian: Math.round(c.drainedKiBMedian) }];
      }
      return [k, v];
    }),
  );
}

function howMeasured(opts: BenchOptions): string[] {
  return [
    `- Node clients run in this process; servers are separate processes on 127.0.0.1. Phase A runs the servers side by side and interleaves the peers round by round; phase B runs each alone.`,
    `- Echo: ${opts.echoKeystrokes} single 'a' keystrokes, each ${opts.keystrokeGapMs} ms after the previous echo arrived (Ctrl-U every 40); time from sending to the first output chunk holding the 'a'; server CPU per keystroke = the server's CPU time over the echo rounds / keystrokes (10 ms clock ticks; includes its idle timers).`,
    `- 50 open (1 typing): one session types while ${opts.concurrentSessions - 1} sit idle at their prompt; 50 typing: all ${opts.concurrentSessions} type ${opts.echoAllPerSession} keystrokes at once.`,
    `- Command: Enter on \`true\` until the next prompt was processed, ${opts.commandRuns} runs (kubeclass's includes its shell-integration hooks).`,
    `- Chromium: ${opts.browserKeystrokes} page.keyboard.press on the peer's own page (kubeclass: DOM renderer it picks; wetty: its WebGL addon on SwiftShader); timed in the page from keydown to onWriteParsed with the cursor advanced.`,
    `- Throughput: output parsed by @xterm/headless (120x40), acknowledged from the write callback; MB = 10^6 bytes; time from sending the command to the next prompt being parsed; best of ${opts.throughputRuns}; in parentheses the server process's CPU ms per MB and the mean size of the frames (socket.io events for wetty, pipe frames for bare) the client received.`,
    `- Ctrl-C: \`yes\` into a consumer processing ${(opts.slowRate / 1e6).toFixed(0)} MB/s that acknowledges only what it processed; ${opts.ctrlCRuns} runs; in parentheses the worst run and the output still to process after Ctrl-C (median).`,
    `- RSS/CPU: server process only (not its shells), idle window ${(opts.idleWindowMs / 1000).toFixed(0)} s, 0 then 50 sessions on a fresh server; per session = difference / 50 (negative: V8 gave heap back in between).`,
    "- wetty and bare pty run `bash --noprofile --norc` with PS1='bench$ '; kubeclass runs its own bash with its rc files and shell integration (prompt end = OSC 633;B).",
    '- kubeclass keeps a detached shell for its grace period (300 s by default): "shells alive after all clients closed" counts those.',
  ];
}

async function main(): Promise<number> {
  installExitHandlers();
  const opts = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const loadBefore = loadavg().map((v) => v.toFixed(2)).join(' ');
  const kcInfo: Partial<KubeclassInfo> = {};
  const all: Record<string, PeerDef> = {
    kubeclass: kubeclassPeer(ARTIFACTS, kcInfo),
    wetty: wettyPeer(ARTIFACTS),
    bare: barePtyPeer(ARTIFACTS),
  };
  mkdirSync(ARTIFACTS, { recursive: true });
  log(`bench:terminal ${opts.quick ? '(quick) ' : ''}peers: ${opts.peers.join(', ')}; browser: ${opts.browser ? 'yes' : 'no'}`);
  const defs = opts.peers.map((name) => all[name]).filter((d): d is PeerDef => d !== undefined);
  const byDef = new Map(defs.map((d) => [d, emptyResults(d.name, d.label)]));
  try {
    await phaseA(defs, byDef, opts);
    for (const def of defs) await phaseB(def, byDef.get(def) as PeerResults, opts);
  } finally {
    await runCleanups();
  }
  const results = [...byDef.values()];
  const kc = results.find((r) => r.name === 'kubeclass');
  if (kc && kcInfo.ackEvery !== undefined) {
    kc.notes.push(`ready.ackEvery = ${kcInfo.ackEvery} bytes; websocket extensions negotiated: ${kcInfo.extensions ?? 'none'}`);
  }

  const goals = evaluateGoals(results);
  const elapsed = (performance.now() - started) / 1000;
  const loadAfter = loadavg().map((v) => v.toFixed(2)).join(' ');
  const out: string[] = [
    '',
    `Terminal benchmark (${opts.quick ? 'quick' : 'full'}; ${cpus().length} cores; Node ${process.version}; ${elapsed.toFixed(0)} s; load average ${loadBefore} before, ${loadAfter} after)`,
    '',
    renderTable(results),
    '',
    'Goals',
    renderGoals(goals),
    '',
    'How measured',
    ...howMeasured(opts),
    ...results.flatMap((r) => r.notes.map((n) => `- ${r.name}: ${n}`)),
  ];
  const errors = results.flatMap((r) => Object.entries(r.errors).map(([k, v]) => `- ${r.name} ${k}: ${v}`));
  if (errors.length > 0) out.push('', 'Errors', ...errors);
  console.log(out.join('\n'));

  const jsonPath = resolve(ROOT, opts.jsonPath);
  mkdirSync(dirname(jsonPath), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    elapsedSeconds: Math.round(elapsed),
    loadAverage: { before: loadBefore, after: loadAfter },
    options: opts,
    peers: Object.fromEntries(results.map((r) => [r.name, forJson(r)])),
    goals,
  };
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten: ${jsonPath}`);
  return errors.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Sockets of closed sessions may linger in the event loop; nothing is left to do.
    setTimeout(() => process.exit(code), 200).unref();
  },
  async (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    await runCleanups();
    process.exit(1);
  },
);
