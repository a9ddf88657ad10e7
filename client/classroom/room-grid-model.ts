// What the instructor's grid shows, as plain data: the learners' order, each row's and each cell's text, and
// which rows changed since the last `room` message. No DOM here (room-grid.ts draws it; unit tests load this in
// Node), so the rules are tested without a browser.
import type { LearnerRow, RoomView, StepCell } from '../../server/common/classroom-protocol.js';

/** The words the grid needs; the page's catalogue (i18n/en.ts, `instructor.grid`) provides them. */
export interface GridWords {
  passed: string;
  skipped: string;
  pending: string;
  current: string;
  attempts: (n: number) => string;
  /** A cell's full description: the step's title and what happened there. */
  cell: (step: string, status: string) => string;
  state: { active: string; expired: string };
}

export type CellKind = 'passed' | 'skipped' | 'current' | 'failing' | 'pending';

export interface CellView {
  kind: CellKind;
  /** What the cell shows: a mark, and the attempts on the current step. */
  text: string;
  /** The full words, for the tooltip and screen readers. */
  label: string;
  /** The last hint of a failing step, shown in the cell's expandable detail. */
  detail: string | undefined;
}

export interface RowView {
  id: string;
  name: string;
  online: boolean;
  expired: boolean;
  stuck: string | undefined;
  state: string;
  stepTime: string;
  score: string;
  /** Steps passed or skipped. */
  done: number;
  cells: CellView[];
}

type Step = RoomView['steps'][number];

const PENDING: StepCell = { status: 'pending', attempts: 0, timeMs: 0 };

/** Steps passed or skipped. */
export function doneCount(row: LearnerRow): number {
  return Object.values(row.steps).filter((c) => c.status !== 'pending').length;
}

/** How far along the current step is in the lesson (-1 without one), to order learners with as many steps done. */
function currentIndex(row: LearnerRow, steps: readonly Step[]): number {
  return row.currentStep === undefined ? -1 : steps.findIndex((s) => s.id === row.currentStep);
}

/**
 * The grid's order: stuck learners first (they need the instructor now), then the most steps done, then the
 * furthest current step, then by name; the id last, so equal rows never swap places between two messages.
 */
export function sortLearners(learners: readonly LearnerRow[], steps: readonly Step[]): LearnerRow[] {
  const keyed = learners.map((row) => ({ row, stuck: row.stuck ? 0 : 1, done: doneCount(row), at: currentIndex(row, steps) }));
  keyed.sort(
    (a, b) =>
      a.stuck - b.stuck ||
      b.done - a.done ||
      b.at - a.at ||
      a.row.name.localeCompare(b.row.name) ||
      (a.row.learnerId < b.row.learnerId ? -1 : a.row.learnerId > b.row.learnerId ? 1 : 0),
  );
  return keyed.map((k) => k.row);
}

/** `m:ss`, or `h:mm:ss` from an hour: the same width in every language, and it reads as a clock. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Whole scores as they are; fractions to one decimal. */
export function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

export function cellView(row: LearnerRow, step: Step, words: GridWords): CellView {
  const cell = row.steps[step.id] ?? PENDING;
  const label = (status: string): string => words.cell(step.title, status);
  if (cell.status !== 'pending') {
    return cell.status === 'passed'
      ? { kind: 'passed', text: '✓', label: label(words.passed), detail: undefined }
      : { kind: 'skipped', text: '↷', label: label(words.skipped), detail: undefined };
  }
  if (row.currentStep !== step.id) return { kind: 'pending', text: '', label: label(words.pending), detail: undefined };
  const attempts = cell.attempts > 0 ? words.attempts(cell.attempts) : '';
  const status = attempts ? `${words.current}, ${attempts}` : words.current;
  // Failing: tried, and the last check said why not. The hint is what the instructor would ask about.
  const failing = cell.attempts > 0 && cell.lastMessage !== undefined && cell.lastMessage !== '';
  return {
    kind: failing ? 'failing' : 'current',
    text: cell.attempts > 0 ? `▶ ${cell.attempts}` : '▶',
    label: failing ? `${label(status)}: ${cell.lastMessage}` : label(status),
    detail: failing ? cell.lastMessage : undefined,
  };
}

export function rowView(row: LearnerRow, steps: readonly Step[], words: GridWords): RowView {
  return {
    id: row.learnerId,
    name: row.name,
    online: row.online,
    expired: row.state === 'expired',
    stuck: row.stuck || undefined,
    state: words.state[row.state],
    // An expired learner's clock has stopped: a running time would suggest they are still at it.
    stepTime: row.state === 'expired' || row.currentStep === undefined ? '' : formatDuration(row.currentStepMs),
    score: formatScore(row.score),
    done: doneCount(row),
    cells: steps.map((step) => cellView(row, step, words)),
  };
}

/** The grid's rows for a room, in the grid's order. */
export function gridRows(room: RoomView, words: GridWords): RowView[] {
  return sortLearners(room.learners, room.steps).map((row) => rowView(row, room.steps, words));
}

/** Changes between the grid on screen and the next rows: what to add, drop, redraw and whether to reorder. */
export interface GridPatch {
  added: string[];
  removed: string[];
  /** Rows on screen whose content differs (not counting their position). */
  changed: string[];
  /** The order differs from the screen's (after removing and appending): rows must be moved. */
  reordered: boolean;
}

export function diffRows(previous: ReadonlyMap<string, RowView>, previousOrder: readonly string[], next: readonly RowView[]): GridPatch {
  const nextIds = new Set(next.map((r) => r.id));
  const removed = previousOrder.filter((id) => !nextIds.has(id));
  const added: string[] = [];
  const changed: string[] = [];
  for (const row of next) {
    const before = previous.get(row.id);
    if (!before) added.push(row.id);
    else if (!sameRow(before, row)) changed.push(row.id);
  }
  // New rows are appended at the end; the order is right if that sequence is already the wanted one.
  const kept = previousOrder.filter((id) => nextIds.has(id));
  const onScreen = [...kept, ...added];
  const reordered = onScreen.some((id, i) => next[i]?.id !== id);
  return { added, removed, changed, reordered };
}

export function sameCell(a: CellView, b: CellView): boolean {
  return a.kind === b.kind && a.text === b.text && a.label === b.label && a.detail === b.detail;
}

export function sameRow(a: RowView, b: RowView): boolean {
  return (
    a.name === b.name &&
    a.online === b.online &&
    a.expired === b.expired &&
    a.stuck === b.stuck &&
    a.state === b.state &&
    a.stepTime === b.stepTime &&
    a.score === b.score &&
    a.cells.length === b.cells.length &&
    a.cells.every((cell, i) => {
      const other = b.cells[i];
      return other !== undefined && sameCell(cell, other);
    })
  );
}

/** The columns' identity: when it changes (another lesson), the grid is drawn anew. */
export function stepsKey(steps: readonly Step[]): string {
  return JSON.stringify(steps.map((s) => [s.id, s.title]));
}
