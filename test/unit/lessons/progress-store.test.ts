// The progress store on real SQLite files: what is written is read back by a new process's store, a damaged file
// is moved aside, and a newer schema is refused with a clear message.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ProgressStore } from '../../../server/store/progress-store.js';

describe('ProgressStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeclass-store-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps position, attempts, time and status across reopening', () => {
    const file = join(dir, 'a.db');
    const store = ProgressStore.open(file);
    store.setPosition('l1', 'lesson', { step: 's1', locale: 'zh' }, 1000);
    store.addAttempt('l1', 'lesson', 's1');
    store.addAttempt('l1', 'lesson', 's1');
    store.addTime('l1', 'lesson', 's1', 1500.4);
    store.setLastMessage('l1', 'lesson', 's1', 'expected x, saw y');
    assert.equal(store.finish('l1', 'lesson', 's1', 'passed', 2000), true);
    assert.equal(store.finish('l1', 'lesson', 's1', 'skipped', 3000), false, 'a finished step keeps its first status');
    store.setPosition('l1', 'lesson', { step: 's2' });
    store.setPosition('l2', 'other', { step: 'x' });
    store.close();
    const again = ProgressStore.open(file);
    assert.equal(again.lastLesson('l1'), 'lesson');
    assert.equal(again.lastLesson('l2'), 'other');
    const record = again.lesson('l1', 'lesson');
    assert.equal(record.locale, 'zh', 'a position without a locale keeps the chosen one');
    assert.equal(record.currentStep, 's2');
    assert.deepEqual(record.steps.get('s1'), { status: 'passed', attempts: 2, timeMs: 1500, passedAt: 2000, lastMessage: 'expected x, saw y' });
    assert.equal(again.lesson('l2', 'lesson').steps.size, 0, 'learners do not see each other');
    again.resetStep('l1', 'lesson', 's1');
    assert.equal(again.lesson('l1', 'lesson').steps.size, 0);
    again.addAttempt('l1', 'lesson', 's2');
    again.resetLesson('l1', 'lesson');
    const reset = again.lesson('l1', 'lesson');
    assert.deepEqual([reset.steps.size, reset.currentStep, reset.locale], [0, undefined, 'zh']);
    again.close();
  });

  it('moves a damaged file aside and starts a new one, saying so', () => {
    const file = join(dir, 'broken.db');
    writeFileSync(file, 'this is not a database, just bytes '.repeat(200));
    const logs: string[] = [];
    const store = ProgressStore.open(file, (m) => logs.push(m));
    store.addAttempt('l', 'x', 's');
    assert.equal(store.lesson('l', 'x').steps.get('s')?.attempts, 1);
    store.close();
    assert.match(logs.join('\n'), /could not be opened .* moved it to .*broken\.db\.corrupt-\d+/);
    assert.equal(readdirSync(dir).filter((n) => n.startsWith('broken.db.corrupt-')).length, 1);
  });

  it('refuses a file from a newer kubeclass instead of damaging it', () => {
    const file = join(dir, 'newer.db');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    assert.throws(() => ProgressStore.open(file), /version 99, newer than this kubeclass/);
    assert.ok(existsSync(file));
  });
});
