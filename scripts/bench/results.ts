// The shape of one peer's results, as printed in the table and written to the JSON artifact.
import type { Summary } from './stats.js';
import type { IdleUsage, Throughput } from './measurements.js';
import type { OriginVerdict, PeerName, StopReport } from './types.js';

export interface PeerResults {
  name: PeerName;
  label: string;
  firstPrompt1?: Summary;
  firstPrompt50?: Summary;
  echo1?: Summary;
  /** Server CPU time per keystroke during echo1, microseconds. */
  echoCpuUsPerKey?: number;
  /** 50 sessions open, one typing, 49 idle. */
  echo50idle?: Summary;
  /** 50 sessions open, all typing at once. */
  echo50all?: Summary;
  echoBrowser?: Summary;
  /** Enter on `true` until the next prompt. */
  command?: Summary;
  seq?: Throughput;
  base64?: Throughput;
  ctrlC?: { summary: Summary; drainedKiBMedian: number };
  idle0?: IdleUsage;
  idle50?: IdleUsage;
  /** null: the peer has no websocket. */
  origin?: OriginVerdict | null;
  /** Shells still alive 2 s after every client of phase A closed. */
  lingeringShells?: number;
  stops: StopReport[];
  errors: Record<string, string>;
  notes: string[];
}

export function emptyResults(name: PeerName, label: string): PeerResults {
  return { name, label, stops: [], errors: {}, notes: [] };
}
