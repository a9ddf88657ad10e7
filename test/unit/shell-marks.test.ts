import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeValue, isTrusted, parseMark, unescapeValue } from '../../server/common/shell-marks.js';

describe('shell marks', () => {
  it('round-trips command lines through the escaping the shell scripts use', () => {
    for (const text of ['plain', 'a;b', 'back\\slash', 'multi\nline\r\ttab\x1b', 'ünï ☸ 世界', '\\x3b literal', '']) {
      const escaped = escapeValue(text);
      assert.ok(!escaped.includes(';') && !/[\x00-\x1f]/.test(escaped), `escaped form of ${JSON.stringify(text)}`);
      assert.equal(unescapeValue(escaped), text);
    }
  });

  it('parses each kind of mark with its tag', () => {
    const tag = { nonce: 'abcdef0123456789', pid: 42 };
    assert.deepEqual(parseMark('633;A;abcdef0123456789:42'), { kind: 'promptStart', tag });
    assert.deepEqual(parseMark('633;E;ls\\x3b pwd;abcdef0123456789:42'), { kind: 'commandLine', commandLine: 'ls; pwd', tag });
    assert.deepEqual(parseMark('633;D;130;abcdef0123456789:42'), { kind: 'finished', exitCode: 130, tag });
    assert.deepEqual(parseMark('633;D'), { kind: 'finished', exitCode: undefined, tag: undefined });
    assert.deepEqual(parseMark('633;P;Cwd=/tmp/a\\x3bb;abcdef0123456789:42'), { kind: 'property', key: 'Cwd', value: '/tmp/a;b', tag });
    assert.deepEqual(parseMark('133;C'), { kind: 'executing', tag: undefined });
  });

  it('ignores what is not a mark and trusts only the right nonce', () => {
    assert.equal(parseMark('0;title'), undefined);
    assert.equal(parseMark('633;Z;x'), undefined);
    assert.equal(parseMark('133;E;cmd'), undefined);
    const mark = parseMark('633;C;abcdef0123456789:7');
    assert.ok(mark);
    assert.equal(isTrusted(mark, 'abcdef0123456789'), true);
    assert.equal(isTrusted(mark, 'ffffffffffffffff'), false);
    const untagged = parseMark('633;C');
    assert.ok(untagged);
    assert.equal(isTrusted(untagged, 'abcdef0123456789'), false);
  });
});
