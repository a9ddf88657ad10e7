// The instructor's row for a learner, from stored progress: cells, the live time on the current step, stuck
// detection, the score; and the export, CSV quoting and formula injection.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvField, exportLearner, learnerRow, toCsv } from '../../server/classroom/room-view.js';
import type { StepRecord } from '../../server/store/progress-store.js';

const STEPS = [
  { id: 'a', title: 'First' },
  { id: 'b', title: 'Second' },
  { id: 'c', title: 'Third' },
];
const learner = { id: 'x'.repeat(32), name: 'Ada', seat: 'seat1', joinedAt: 1000, lastSeenAt: 2000, expiresAt: 9000, state: 'active' as const };
const step = (r: Partial<StepRecord>): StepRecord => ({ status: 'pending', attempts: 0, timeMs: 0, passedAt: undefined, lastMessage: undefined, ...r });

describe('room view', () => {
  it('shows passed and current steps, adds the unrecorded time, and scores passed steps only', () => {
    const progress = { locale: 'en', currentStep: 'b', steps: new Map([['a', step({ status: 'passed', attempts: 1, timeMs: 5000, passedAt: 3000 })], ['b', step({ attempts: 2, timeMs: 1000, lastMessage: 'no such flag' })]]) };
    const row = learnerRow(learner, progress, STEPS, true, { stepId: 'b', ms: 500 });
    assert.deepEqual(row.steps, {
      a: { status: 'passed', attempts: 1, timeMs: 5000, at: 3000 },
      b: { status: 'pending', attempts: 2, timeMs: 1500, lastMessage: 'no such flag' },
    });
    assert.equal(row.currentStepMs, 1500);
    assert.equal(row.score, 33);
    assert.equal(row.stuck, undefined);
  });

  it('calls a learner stuck after 5 failed attempts or 10 minutes on a step', () => {
    const tries = learnerRow(learner, { locale: 'en', currentStep: 'a', steps: new Map([['a', step({ attempts: 5 })]]) }, STEPS, true);
    assert.equal(tries.stuck, '5 failed attempts on "First"');
    const long = learnerRow(learner, { locale: 'en', currentStep: 'c', steps: new Map() }, STEPS, true, { stepId: 'c', ms: 11 * 60_000 });
    assert.equal(long.stuck, '11 min on "Third"');
    assert.equal(learnerRow({ ...learner, state: 'expired' }, { locale: 'en', currentStep: 'a', steps: new Map([['a', step({ attempts: 9 })]]) }, STEPS, false).stuck, undefined);
  });

  it('exports totals per learner and a CSV a spreadsheet cannot be tricked by', () => {
    const row = learnerRow({ ...learner, name: '=HYPERLINK("http://x")' }, { locale: 'en', currentStep: 'b', steps: new Map([['a', step({ status: 'skipped', attempts: 3, timeMs: 2000, passedAt: 1 })]]) }, STEPS, false);
    const exported = exportLearner(row, STEPS);
    assert.equal(exported.stepsSkipped, 1);
    assert.equal(exported.attempts, 3);
    assert.equal(exported.score, 0);
    const csv = toCsv([exported], STEPS);
    assert.equal(csv.split('\r\n')[1], `"'=HYPERLINK(""http://x"")",active,1970-01-01T00:00:01.000Z,0,1,3,2,0,skipped,pending,pending`);
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
  });
});
