// The instructor grid's rules without a browser: order, cell and row text, and what changed between two rooms.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cellView,
  diffRows,
  formatDuration,
  formatScore,
  gridRows,
  rowView,
  sortLearners,
  stepsKey,
  type GridWords,
  type RowView,
} from '../../../client/classroom/room-grid-model.js';
import { learner, passed, pending, room, skipped, STEPS } from '../../support/room-fixture.js';

const WORDS: GridWords = {
  passed: 'passed',
  skipped: 'skipped',
  pending: 'not started',
  current: 'current step',
  attempts: (n) => `${n} attempts`,
  cell: (step, status) => `${step}: ${status}`,
  state: { active: 'active', expired: 'expired' },
};

const [HELLO, DEPLOY, SCALE] = STEPS as [(typeof STEPS)[number], (typeof STEPS)[number], (typeof STEPS)[number]];

describe('the instructor grid model', () => {
  it('puts stuck learners first, then the most steps done, then the furthest current step, then by name', () => {
    const rows = [
      learner('a', 'Ada', { steps: { hello: passed() }, currentStep: 'deploy' }),
      learner('b', 'Bob', { steps: { hello: passed(), deploy: passed() }, currentStep: 'scale' }),
      learner('c', 'Cy', { stuck: 'failed 5 times on "Deploy a service"', currentStep: 'deploy', steps: { hello: passed() } }),
      learner('d', 'Dee', { currentStep: 'hello' }),
      learner('e', 'Eve', { steps: { hello: skipped() }, currentStep: 'scale' }),
      learner('f', 'Abe', { steps: { hello: passed() }, currentStep: 'deploy' }),
      learner('g', 'Gus', { stuck: '12 min on "Say hello"', currentStep: 'hello' }),
    ];
    const order = sortLearners(rows, STEPS).map((r) => r.name);
    // Stuck: Cy (1 done) before Gus (none). Then Bob (2), Eve (1, on step 3), Abe and Ada (1, on step 2, by name), Dee.
    assert.deepEqual(order, ['Cy', 'Gus', 'Bob', 'Eve', 'Abe', 'Ada', 'Dee']);
  });

  it('keeps equal rows in a stable order (by id) so they never swap between two messages', () => {
    const twins = [learner('z2', 'Sam'), learner('z1', 'Sam')];
    assert.deepEqual(sortLearners(twins, STEPS).map((r) => r.learnerId), ['z1', 'z2']);
    assert.deepEqual(sortLearners([...twins].reverse(), STEPS).map((r) => r.learnerId), ['z1', 'z2']);
  });

  it('shows passed, skipped, pending, the current step with its attempts, and a failing step with its hint', () => {
    const row = learner('a', 'Ada', {
      currentStep: 'scale',
      steps: { hello: passed(2), deploy: skipped(), scale: pending(3, 'Expected 0 pods, found 1') },
    });
    assert.deepEqual(cellView(row, HELLO, WORDS), { kind: 'passed', text: '✓', label: 'Say hello: passed', detail: undefined });
    assert.deepEqual(cellView(row, DEPLOY, WORDS), { kind: 'skipped', text: '↷', label: 'Deploy a service: skipped', detail: undefined });
    assert.deepEqual(cellView(row, SCALE, WORDS), {
      kind: 'failing',
      text: '▶ 3',
      label: 'Scale to zero: current step, 3 attempts: Expected 0 pods, found 1',
      detail: 'Expected 0 pods, found 1',
    });
    const fresh = learner('b', 'Bob', { currentStep: 'deploy', steps: { hello: passed() } });
    assert.deepEqual(cellView(fresh, DEPLOY, WORDS), { kind: 'current', text: '▶', label: 'Deploy a service: current step', detail: undefined });
    assert.deepEqual(cellView(fresh, SCALE, WORDS), { kind: 'pending', text: '', label: 'Scale to zero: not started', detail: undefined });
    // Attempts without a hint yet (the check has not answered): current, not failing.
    const trying = learner('c', 'Cy', { currentStep: 'hello', steps: { hello: pending(2) } });
    assert.equal(cellView(trying, HELLO, WORDS).kind, 'current');
    assert.equal(cellView(trying, HELLO, WORDS).text, '▶ 2');
    // A hint on a step the learner left is history: the cell is plain pending.
    const left = learner('d', 'Dee', { currentStep: 'deploy', steps: { hello: pending(4, 'Run echo hello') } });
    assert.equal(cellView(left, HELLO, WORDS).kind, 'pending');
  });

  it('writes the row: state, time on the step, score; an expired learner has no running clock', () => {
    const active = rowView(learner('a', 'Ada', { score: 2.5, currentStepMs: 3_725_000, stuck: '' }), STEPS, WORDS);
    assert.equal(active.state, 'active');
    assert.equal(active.stepTime, '1:02:05');
    assert.equal(active.score, '2.5');
    assert.equal(active.stuck, undefined, 'an empty reason is not stuck');
    assert.equal(active.cells.length, 3);
    const expired = rowView(learner('b', 'Bob', { state: 'expired', online: false, score: 3 }), STEPS, WORDS);
    assert.deepEqual([expired.state, expired.expired, expired.stepTime, expired.score, expired.online], ['expired', true, '', '3', false]);
    assert.equal(formatDuration(0), '0:00');
    assert.equal(formatDuration(59_999), '0:59');
    assert.equal(formatDuration(61_000), '1:01');
    assert.equal(formatScore(10), '10');
    assert.equal(formatScore(1 / 3), '0.3');
  });

  it('diffs two rooms: only changed rows are redrawn, and a move is a reorder', () => {
    const first = gridRows(room([learner('a', 'Ada'), learner('b', 'Bob', { steps: { hello: passed() }, currentStep: 'deploy' })]), WORDS);
    const screen = new Map(first.map((r) => [r.id, r] as [string, RowView]));
    const order = first.map((r) => r.id);
    assert.deepEqual(order, ['b', 'a']);

    // The same room a second later, with only Ada's clock moving.
    const tick = gridRows(room([learner('a', 'Ada', { currentStepMs: 66_000 }), learner('b', 'Bob', { steps: { hello: passed() }, currentStep: 'deploy' })]), WORDS);
    assert.deepEqual(diffRows(screen, order, tick), { added: [], removed: [], changed: ['a'], reordered: false });

    // Identical: nothing to do.
    assert.deepEqual(diffRows(screen, order, first), { added: [], removed: [], changed: [], reordered: false });

    // Ada gets stuck (moves to the top), Bob leaves the room's list, Cy joins at the end.
    const next = gridRows(room([learner('a', 'Ada', { stuck: 'long on step 1' }), learner('c', 'Cy')]), WORDS);
    assert.deepEqual(diffRows(screen, order, next), { added: ['c'], removed: ['b'], changed: ['a'], reordered: false });

    // A newcomer who sorts first must be moved there: appended rows are only right at the end.
    const ahead = gridRows(room([learner('a', 'Ada'), learner('b', 'Bob', { steps: { hello: passed() }, currentStep: 'deploy' }), learner('c', 'Cy', { stuck: 'help' })]), WORDS);
    const patch = diffRows(screen, order, ahead);
    assert.deepEqual(patch.added, ['c']);
    assert.equal(patch.reordered, true);

    // Bob falls behind Ada (Ada passes two steps): same rows, new order.
    const overtaken = gridRows(room([learner('a', 'Ada', { steps: { hello: passed(), deploy: passed() }, currentStep: 'scale' }), learner('b', 'Bob', { steps: { hello: passed() }, currentStep: 'deploy' })]), WORDS);
    const moved = diffRows(screen, order, overtaken);
    assert.deepEqual(moved.changed, ['a']);
    assert.equal(moved.reordered, true);
  });

  it('keys the columns by the steps, so another lesson redraws the grid', () => {
    assert.equal(stepsKey(STEPS), stepsKey(STEPS.map((s) => ({ ...s }))));
    assert.notEqual(stepsKey(STEPS), stepsKey(STEPS.slice(1)));
    assert.notEqual(stepsKey(STEPS), stepsKey(STEPS.map((s) => ({ ...s, title: `${s.title}!` }))));
  });

  it('draws 50 learners x 20 steps quickly enough for a message a second', () => {
    const steps = Array.from({ length: 20 }, (_, i) => ({ id: `s${i}`, title: `Step ${i + 1}` }));
    const learners = Array.from({ length: 50 }, (_, i) =>
      learner(`l${i}`, `Learner ${i}`, {
        currentStep: `s${i % 20}`,
        steps: Object.fromEntries(steps.slice(0, i % 20).map((s) => [s.id, passed()])),
        stuck: i % 7 === 0 ? 'stuck' : undefined,
      }),
    );
    const view = room(learners, { steps });
    const start = performance.now();
    let previous = gridRows(view, WORDS);
    for (let i = 0; i < 20; i++) {
      const next = gridRows(view, WORDS);
      diffRows(new Map(previous.map((r) => [r.id, r])), previous.map((r) => r.id), next);
      previous = next;
    }
    const perMessage = (performance.now() - start) / 21;
    assert.ok(perMessage < 20, `${perMessage.toFixed(1)} ms per room message`);
    assert.deepEqual(previous.slice(0, 8).map((r) => r.stuck !== undefined), [true, true, true, true, true, true, true, true]);
  });
});
