// Command-line options of `npm run bench:terminal -- [--quick] [--only kubeclass,wetty,bare] [--no-browser]`.
import type { PeerName } from './types.js';

export interface BenchOptions {
  peers: PeerName[];
  browser: boolean;
  quick: boolean;
  jsonPath: string;
  firstPromptRuns: number;
  concurrentSessions: number;
  echoKeystrokes: number;
  /** Keystrokes per session when all concurrent sessions type at once. */
  echoAllPerSession: number;
  browserKeystrokes: number;
  /** Runs of each throughput command; the best is reported. */
  throughputRuns: number;
  /** Pause between an echo and the next keystroke (ms). */
  keystrokeGapMs: number;
  ctrlCRuns: number;
  commandRuns: number;
  /** Bytes per second the slow consumer of the Ctrl-C test processes. */
  slowRate: number;
  idleWindowMs: number;
  commands: { seq: string; base64: string };
}

const ALL: PeerName[] = ['kubeclass', 'wetty', 'bare'];

export const USAGE = `usage: npm run bench:terminal -- [--quick] [--only kubeclass,wetty,bare] [--no-browser] [--gap MS] [--json PATH]
  --quick       fewer iterations and shorter idle windows (about half the time)
  --only LIST   peers to run, comma separated (default: all three)
  --no-browser  skip the Chromium echo measurement
  --gap MS      pause between an echo and the next keystroke (default 10; 0 = back to back)
  --json PATH   where to write the results (default test/artifacts/bench-terminal.json)`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  let peers = [...ALL];
  let browser = true;
  let quick = false;
  let jsonPath = 'test/artifacts/bench-terminal.json';
  let gap = 10;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--quick') quick = true;
    else if (arg === '--no-browser') browser = false;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const list = arg.startsWith('--only=') ? arg.slice(7) : value();
      const names = list.split(',').map((s) => s.trim()).filter(Boolean);
      for (const n of names) if (!ALL.includes(n as PeerName)) throw new Error(`unknown peer ${n}\n${USAGE}`);
      peers = ALL.filter((p) => names.includes(p));
    } else if (arg === '--json') jsonPath = value();
    else if (arg === '--gap') {
      gap = Number(value());
      if (!Number.isFinite(gap) || gap < 0) throw new Error(`--gap needs a number of ms\n${USAGE}`);
    }
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return {
    peers,
    browser,
    quick,
    jsonPath,
    firstPromptRuns: quick ? 10 : 20,
    concurrentSessions: 50,
    echoKeystrokes: quick ? 100 : 400,
    echoAllPerSession: quick ? 10 : 20,
    browserKeystrokes: quick ? 60 : 200,
    keystrokeGapMs: gap,
    throughputRuns: quick ? 1 : 3,
    ctrlCRuns: quick ? 5 : 10,
    commandRuns: quick ? 20 : 50,
    slowRate: 5_000_000,
    idleWindowMs: quick ? 3000 : 10_000,
    commands: { seq: 'seq 1 2000000', base64: 'head -c 50M /dev/urandom | base64' },
  };
}
