import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clampSize, closeReason } from '../../server/common/protocol.js';
import { parseClientMessage } from '../../server/terminal/client-message.js';

describe('protocol', () => {
  it('accepts well-formed messages and fills defaults', () => {
    const hello = parseClientMessage('{"type":"hello","version":1,"cols":80,"rows":24}');
    assert.deepEqual(hello, { ok: true, value: { type: 'hello', version: 1, cols: 80, rows: 24, resumeFrom: 0 } });
    assert.equal(parseClientMessage('{"type":"ack","bytes":123}').ok, true);
    assert.equal(parseClientMessage('{"type":"resize","cols":100,"rows":30}').ok, true);
  });

  it('refuses hostile and malformed messages with a reason, never throwing', () => {
    const cases: Array<[string, RegExp]> = [
      ['not json', /not JSON/],
      ['null', /invalid message/],
      ['[]', /invalid message/],
      ['{"type":"exec","cmd":"rm"}', /invalid message/],
      ['{"type":"ack","bytes":-1}', /bytes/],
      ['{"type":"ack","bytes":1e300}', /bytes/],
      ['{"type":"resize","cols":"80","rows":24}', /cols/],
      ['{"type":"hello","version":1,"cols":80,"rows":24,"sessionId":"../../etc"}', /sessionId/],
      ['{"type":"hello","version":1,"cols":80,"rows":24,"extra":true}', /invalid message/],
      ['{"__proto__":{"type":"ack"},"bytes":1}', /invalid message/],
    ];
    for (const [text, reason] of cases) {
      const result = parseClientMessage(text);
      assert.equal(result.ok, false, text);
      if (!result.ok) assert.match(result.error, reason, text);
    }
  });

  it('clamps sizes and keeps close reasons within 123 bytes', () => {
    assert.deepEqual(clampSize(100000, 0), { cols: 500, rows: 1 });
    assert.ok(new TextEncoder().encode(closeReason('é'.repeat(200))).length <= 123);
  });
});
