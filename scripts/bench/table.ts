// Prints the side-by-side table (kubeclass, wetty, bare node-pty, ratios) and the goals with PASS/MISS.
import type { Summary } from './stats.js';
import type { PeerResults } from './results.js';
import type { PeerName } from './types.js';

export interface Goal {
  goal: string;
  verdict: 'PASS' | 'MISS' | 'n/a';
  detail: string;
}

type Row = [string, string, string, string, string, string];

function ms(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0);
}

function pair(s: Summary | undefined): string {
  return s ? `${ms(s.p50)} / ${ms(s.p99)}` : '—';
}

function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '—';
  return `${(a / b).toFixed(2)}x`;
}

function pairRatio(a: Summary | undefined, b: Summary | undefined): string {
  if (!a || !b) return '—';
  return `${ratio(a.p50, b.p50)} / ${ratio(a.p99, b.p99)}`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

export function renderTable(all: readonly PeerResults[]): string {
  const by = (name: PeerName): PeerResults | undefined => all.find((r) => r.name === name);
  const kc = by('kubeclass');
  const we = by('wetty');
  const ba = by('bare');
  const cell = (r: PeerResults | undefined, keys: string[], value: (r: PeerResults) => string): string => {
    if (!r) return 'not run';
    const err = keys.find((k) => r.errors[k] !== undefined);
    return err ? 'error' : value(r);
  };
  const rows: Row[] = [];
  const summaryRow = (label: string, key: keyof PeerResults & string, errKeys: string[] = [key]): void => {
    const get = (r: PeerResults | undefined): Summary | undefined => r?.[key] as Summary | undefined;
    rows.push([
      label,
      cell(kc, errKeys, (r) => pair(get(r))),
      cell(we, errKeys, (r) => pair(get(r))),
      cell(ba, errKeys, (r) => pair(get(r))),
      pairRatio(get(kc), get(we)),
      pairRatio(get(kc), get(ba)),
    ]);
  };
  summaryRow('time to first prompt, 1 session, p50 / p99 ms', 'firstPrompt1');
  summaryRow('time to first prompt, 50 at once, p50 / p99 ms', 'firstPrompt50');
  summaryRow('echo, Node client, 1 session, p50 / p99 ms', 'echo1');
  {
    const get = (r: PeerResults | undefined): number | undefined => r?.echoCpuUsPerKey;
    const show = (r: PeerResults): string => (r.echoCpuUsPerKey === undefined ? '—' : r.echoCpuUsPerKey.toFixed(0));
    rows.push(['server CPU per keystroke (echo above), µs', cell(kc, ['echo1'], show), cell(we, ['echo1'], show), cell(ba, ['echo1'], show), ratio(get(kc), get(we)), ratio(get(kc), get(ba))]);
  }
  summaryRow('echo, Node, 50 open (1 typing), p50 / p99 ms', 'echo50idle');
  summaryRow('echo, Node, 50 open (all typing), p50 / p99 ms', 'echo50all');
  summaryRow('echo parsed by xterm.js in Chromium, p50 / p99 ms', 'echoBrowser');
  summaryRow('command `true` -> next prompt, p50 / p99 ms', 'command');
  for (const key of ['seq', 'base64'] as const) {
    const get = (r: PeerResults | undefined): number | undefined => r?.[key]?.mbPerS;
    const label = key === 'seq' ? 'throughput `seq 1 2000000` (16.9 MB), MB/s' : 'throughput base64 of 50 MiB (71.7 MB), MB/s';
    const show = (r: PeerResults): string => {
      const t = r[key];
      return t
        ? `${t.mbPerS.toFixed(1)} (${t.serverCpuMsPerMB.toFixed(1)} ms/MB, ${(t.meanFrameBytes / 1024).toFixed(1)} KiB/frame)`
        : '—';
    };
    rows.push([label, cell(kc, [key], show), cell(we, [key], show), cell(ba, [key], show), ratio(get(kc), get(we)), ratio(get(kc), get(ba))]);
  }
  {
    const get = (r: PeerResults | undefined): number | undefined => r?.ctrlC?.summary.p50;
    const show = (r: PeerResults): string =>
      r.ctrlC ? `${ms(r.ctrlC.summary.p50)} (max ${ms(r.ctrlC.summary.max)}; ${r.ctrlC.drainedKiBMedian.toFixed(0)} KiB)` : '—';
    rows.push(['Ctrl-C on `yes`, 5 MB/s consumer, median ms', cell(kc, ['ctrlC'], show), cell(we, ['ctrlC'], show), cell(ba, ['ctrlC'], show), ratio(get(kc), get(we)), ratio(get(kc), get(ba))]);
  }
  const idle = (label: string, f: (r: PeerResults) => number | undefined, fmt: (v: number) => string, keys: string[]): void => {
    const show = (r: PeerResults): string => {
      const v = f(r);
      return v === undefined || !Number.isFinite(v) ? '—' : fmt(v);
    };
    rows.push([label, cell(kc, keys, show), cell(we, keys, show), cell(ba, keys, show), ratio(kc && f(kc), we && f(we)), ratio(kc && f(kc), ba && f(ba))]);
  };
  idle('server RSS, 0 sessions, MiB', (r) => r.idle0?.rssMiB, (v) => v.toFixed(1), ['idle0']);
  idle('server RSS, 50 idle sessions, MiB', (r) => r.idle50?.rssMiB, (v) => v.toFixed(1), ['idle50']);
  idle(
    'server RSS per idle session, KiB',
    (r) => (r.idle0 && r.idle50 ? ((r.idle50.rssMiB - r.idle0.rssMiB) * 1024) / 50 : undefined),
    (v) => v.toFixed(0),
    ['idle0', 'idle50'],
  );
  idle('server CPU over idle window, 0 sessions, ms/10 s', (r) => (r.idle0 ? (r.idle0.cpuMs * 10_000) / r.idle0.windowMs : undefined), (v) => v.toFixed(0), ['idle0']);
  idle('server CPU over idle window, 50 sessions, ms/10 s', (r) => (r.idle50 ? (r.idle50.cpuMs * 10_000) / r.idle50.windowMs : undefined), (v) => v.toFixed(0), ['idle50']);
  idle(
    'server CPU per idle session, ms/10 s',
    (r) =>
      r.idle0 && r.idle50
        ? ((r.idle50.cpuMs * 10_000) / r.idle50.windowMs - (r.idle0.cpuMs * 10_000) / r.idle0.windowMs) / 50
        : undefined,
    (v) => v.toFixed(2),
    ['idle0', 'idle50'],
  );
  const originShow = (r: PeerResults): string => (r.origin === null ? 'n/a (no websocket)' : r.origin ? r.origin.detail : '—');
  rows.push(['websocket with Origin: http://evil.example', cell(kc, ['origin'], originShow), cell(we, ['origin'], originShow), cell(ba, ['origin'], originShow), '', '']);
  const lingerShow = (r: PeerResults): string => (r.lingeringShells === undefined ? '—' : String(r.lingeringShells));
  rows.push(['shells alive 2 s after all clients closed', cell(kc, [], lingerShow), cell(we, [], lingerShow), cell(ba, [], lingerShow), '', '']);
  const stopShow = (r: PeerResults): string =>
    r.stops.length === 0
      ? '—'
      : r.stops.map((s) => `${s.clean ? 'clean' : 'KILLED'} ${ms(s.exitMs)} ms${s.leftoverProcesses ? `, ${s.leftoverProcesses} left` : ''}`).join('; ');
  rows.push(['stop on SIGTERM (per server start)', cell(kc, [], stopShow), cell(we, [], stopShow), cell(ba, [], stopShow), '', '']);

  const header: Row = ['figure', kc?.label ?? 'kubeclass', we?.label ?? 'wetty 3.2.0', ba?.label ?? 'bare node-pty', 'kubeclass/wetty', 'kubeclass/bare'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: Row): string => `| ${r.map((c, i) => pad(c, widths[i] ?? 0)).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), sep, ...rows.map(line)].join('\n');
}

export function evaluateGoals(all: readonly PeerResults[]): Goal[] {
  const kc = all.find((r) => r.name === 'kubeclass');
  const we = all.find((r) => r.name === 'wetty');
  const ba = all.find((r) => r.name === 'bare');
  const goals: Goal[] = [];
  const compare = (goal: string, k: number | undefined, o: number | undefined, limitOf: (o: number) => number, atMost: boolean, unit: string, what: string): void => {
    if (k === undefined || o === undefined || !Number.isFinite(k) || !Number.isFinite(o)) {
      goals.push({ goal, verdict: 'n/a', detail: 'figure missing' });
      return;
    }
    const limit = limitOf(o);
    const ok = atMost ? k <= limit : k >= limit;
    goals.push({
      goal,
      verdict: ok ? 'PASS' : 'MISS',
      detail: `kubeclass ${k.toFixed(2)} ${unit}, limit ${limit.toFixed(2)} ${unit} (${what} ${o.toFixed(2)} ${unit})`,
    });
  };
  const echoes: Array<[keyof PeerResults & string, string]> = [
    ['echo1', 'Node client, 1 session'],
    ['echo50idle', 'Node client, 50 open, 1 typing'],
    ['echo50all', 'Node client, 50 typing'],
    ['echoBrowser', 'xterm.js in Chromium'],
  ];
  for (const [key, label] of echoes) {
    const k = (kc?.[key] as Summary | undefined)?.p99;
    const w = (we?.[key] as Summary | undefined)?.p99;
    compare(`echo p99 <= 1/3 of wetty's (${label})`, k, w, (o) => o / 3, true, 'ms', 'wetty');
  }
  compare("Ctrl-C median <= 1/4 of wetty's", kc?.ctrlC?.summary.p50, we?.ctrlC?.summary.p50, (o) => o / 4, true, 'ms', 'wetty');
  compare('throughput >= 90% of bare node-pty (seq)', kc?.seq?.mbPerS, ba?.seq?.mbPerS, (o) => o * 0.9, false, 'MB/s', 'bare');
  compare('throughput >= 90% of bare node-pty (base64)', kc?.base64?.mbPerS, ba?.base64?.mbPerS, (o) => o * 0.9, false, 'MB/s', 'bare');
  if (!kc?.origin) goals.push({ goal: 'foreign Origin refused', verdict: 'n/a', detail: 'figure missing' });
  else goals.push({ goal: 'foreign Origin refused', verdict: kc.origin.accepted ? 'MISS' : 'PASS', detail: `kubeclass: ${kc.origin.detail}` });
  return goals;
}

export function renderGoals(goals: readonly Goal[]): string {
  return goals.map((g) => `${pad(g.verdict, 4)}  ${g.goal}: ${g.detail}`).join('\n');
}
