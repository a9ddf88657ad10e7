// The instructor's picture of the room, from the stores: a row per learner with a cell per step (status,
// attempts, time, the last hint a failing step showed), time on the current step, a score, and why someone may be
// stuck. Also the exports, which carry the same facts.
import type { LearnerRow, StepCell } from '../common/classroom-protocol.js';
import type { LessonRecord } from '../store/progress-store.js';
import type { LearnerRecord } from './classroom-store.js';

/** Long on one step, or failing again and again: worth the instructor's look. */
export const STUCK_AFTER_MS = 10 * 60_000;
export const STUCK_AFTER_ATTEMPTS = 5;

export function learnerRow(
  learner: LearnerRecord,
  progress: LessonRecord,
  steps: readonly { id: string; title: string }[],
  online: boolean,
  /** Time on the current step the store does not have yet (the page is open now). */
  unrecorded?: { stepId: string; ms: number },
): LearnerRow {
  const cells: Record<string, StepCell> = {};
  for (const step of steps) {
    const record = progress.steps.get(step.id);
    if (!record) {
      if (unrecorded?.stepId === step.id) cells[step.id] = { status: 'pending', attempts: 0, timeMs: unrecorded.ms };
      continue;
    }
    const extra = unrecorded?.stepId === step.id && record.status === 'pending' ? unrecorded.ms : 0;
    cells[step.id] =
      record.status === 'pending'
        ? { status: 'pending', attempts: record.attempts, timeMs: record.timeMs + extra, ...(record.lastMessage ? { lastMessage: record.lastMessage } : {}) }
        : { status: record.status, attempts: record.attempts, timeMs: record.timeMs, at: record.passedAt ?? 0 };
  }
  const current = progress.currentStep;
  const currentCell = current ? cells[current] : undefined;
  const currentStepMs = currentCell?.timeMs ?? 0;
  let stuck: string | undefined;
  const title = steps.find((s) => s.id === current)?.title ?? current;
  if (currentCell?.status === 'pending' && learner.state === 'active') {
    if (currentCell.attempts >= STUCK_AFTER_ATTEMPTS) stuck = `${currentCell.attempts} failed attempts on "${title}"`;
    else if (currentStepMs >= STUCK_AFTER_MS) stuck = `${Math.round(currentStepMs / 60_000)} min on "${title}"`;
  }
  return {
    learnerId: learner.id,
    name: learner.name,
    state: learner.state,
    online,
    joinedAt: learner.joinedAt,
    lastSeenAt: learner.lastSeenAt,
    expiresAt: learner.expiresAt,
    currentStep: current,
    currentStepMs,
    steps: cells,
    stuck,
    score: score(cells, steps.length),
  };
}

/** Passed steps out of all, in percent; a skipped step (the solution typed for the learner) counts nothing. */
export function score(cells: Record<string, StepCell>, total: number): number {
  if (total === 0) return 0;
  const passed = Object.values(cells).filter((c) => c.status === 'passed').length;
  return Math.round((passed / total) * 100);
}

export interface ExportedLearner {
  name: string;
  state: string;
  joinedAt: string;
  stepsPassed: number;
  stepsSkipped: number;
  attempts: number;
  timeSeconds: number;
  score: number;
  steps: Record<string, { status: string; attempts: number; timeSeconds: number }>;
}

export function exportLearner(row: LearnerRow, steps: readonly { id: string }[]): ExportedLearner {
  const cells = Object.entries(row.steps);
  return {
    name: row.name,
    state: row.state,
    joinedAt: new Date(row.joinedAt).toISOString(),
    stepsPassed: cells.filter(([, c]) => c.status === 'passed').length,
    stepsSkipped: cells.filter(([, c]) => c.status === 'skipped').length,
    attempts: cells.reduce((n, [, c]) => n + c.attempts, 0),
    timeSeconds: Math.round(cells.reduce((n, [, c]) => n + c.timeMs, 0) / 1000),
    score: row.score,
    steps: Object.fromEntries(steps.map((s) => {
      const c = row.steps[s.id];
      return [s.id, { status: c?.status ?? 'pending', attempts: c?.attempts ?? 0, timeSeconds: Math.round((c?.timeMs ?? 0) / 1000) }];
    })),
  };
}

export function toCsv(learners: readonly ExportedLearner[], steps: readonly { id: string }[]): string {
  const header = ['name', 'state', 'joined_at', 'steps_passed', 'steps_skipped', 'attempts', 'time_s', 'score', ...steps.map((s) => s.id)];
  const rows = learners.map((l) => [l.name, l.state, l.joinedAt, l.stepsPassed, l.stepsSkipped, l.attempts, l.timeSeconds, l.score, ...steps.map((s) => l.steps[s.id]?.status ?? 'pending')]);
  return [header, ...rows].map((r) => r.map((v) => csvField(String(v))).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 quoting, and a leading quote on what a spreadsheet would run as a formula (a name like "=HYPERLINK(..."). */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
