// What the classroom's pages accept from the server: the instructor socket's frames, the seat's frames on the
// lesson socket and the join answer. A malformed frame is dropped, never half-read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInstructorMessage } from '../../../client/classroom/instructor-message.js';
import { readJoinResponse } from '../../../client/classroom/join-model.js';
import { minutesLeft, parseSeatMessage } from '../../../client/lesson/seat-message.js';
import { learner, passed, pending, room } from '../../support/room-fixture.js';

describe('the instructor socket frames', () => {
  it('accepts every server message of the protocol', () => {
    const view = room([learner('a', 'Ada', { steps: { hello: passed(), deploy: pending(2, 'no service yet') }, currentStep: 'deploy', stuck: 'help' })], {
      broadcasts: [{ at: 1, text: 'Break at 11' }],
    });
    // Through JSON, as on the wire: undefined fields are left out.
    const parsed = parseInstructorMessage(JSON.stringify({ type: 'room', room: view }));
    assert.deepEqual(parsed, JSON.parse(JSON.stringify({ type: 'room', room: view })));
    assert.ok(parseInstructorMessage('{"type":"watching","learnerId":"a","name":"Ada","cols":80,"rows":24}'));
    assert.ok(parseInstructorMessage('{"type":"watch-ended","learnerId":"a","reason":"the learner left"}'));
    assert.ok(parseInstructorMessage('{"type":"error","message":"no such learner"}'));
  });

  it('drops malformed frames', () => {
    const good = JSON.parse(JSON.stringify({ type: 'room', room: room([learner('a', 'Ada')]) })) as { room: Record<string, unknown> & { learners: Record<string, unknown>[] } };
    const broken = (edit: (m: typeof good) => void): string => {
      const copy = JSON.parse(JSON.stringify(good)) as typeof good;
      edit(copy);
      return JSON.stringify(copy);
    };
    for (const text of [
      'not json',
      '[]',
      '{"type":"watching","learnerId":"a","name":"Ada","cols":"80","rows":24}',
      '{"type":"surprise"}',
      broken((m) => delete m.room['seats']),
      broken((m) => (m.room.learners[0]!['state'] = 'gone')),
      broken((m) => (m.room.learners[0]!['steps'] = { hello: { status: 'passed', attempts: 1, timeMs: 1 } })),
      broken((m) => (m.room.learners[0]!['stuck'] = 3)),
    ]) {
      assert.equal(parseInstructorMessage(text), undefined, text);
    }
  });
});

describe('the seat frames on the lesson socket', () => {
  it('reads a broadcast and the seat, and nothing else', () => {
    assert.deepEqual(parseSeatMessage('{"type":"broadcast","at":5,"text":"hi"}'), { type: 'broadcast', at: 5, text: 'hi' });
    assert.deepEqual(parseSeatMessage('{"type":"seat","name":"Ada","expiresAt":9,"warning":true}'), { type: 'seat', name: 'Ada', expiresAt: 9, warning: true });
    assert.equal(parseSeatMessage('{"type":"seat","name":"Ada","expiresAt":9}'), undefined);
    assert.equal(parseSeatMessage('{"type":"progress"}'), undefined);
    assert.equal(parseSeatMessage('nope'), undefined);
  });

  it('counts whole minutes left, never below one', () => {
    assert.equal(minutesLeft(1_000 + 5 * 60_000, 1_000), 5);
    assert.equal(minutesLeft(1_000 + 4 * 60_000 + 1, 1_000), 5);
    assert.equal(minutesLeft(1_000, 50_000), 1);
  });
});

describe('the join answer', () => {
  it('reads success and refusal, and nothing else', () => {
    assert.deepEqual(readJoinResponse({ ok: true, learnerId: 'l1', name: 'Ada', rejoined: false }), { ok: true, learnerId: 'l1', name: 'Ada', rejoined: false });
    assert.deepEqual(readJoinResponse({ ok: false, error: 'the class is full' }), { ok: false, error: 'the class is full' });
    assert.equal(readJoinResponse({ ok: true }), undefined);
    assert.equal(readJoinResponse('<html>'), undefined);
    assert.equal(readJoinResponse(undefined), undefined);
  });
});
