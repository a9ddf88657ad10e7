import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CAPTURE_HEAD_BYTES, CAPTURE_TAIL_BYTES, cleanText, OutputCapture } from '../../server/terminal/shell-integration/output-capture.js';

const enc = new TextEncoder();

describe('OutputCapture', () => {
  it('strips colours, normalises CRLF and keeps what a carriage return left visible', () => {
    assert.equal(cleanText('\x1b[32mok\x1b[0m\r\nline\r\n10%\r50%\r100%\r\n'), 'ok\nline\n100%\n');
    assert.equal(cleanText('downloading 10%\rdone\r\n'), 'doneloading 10%\n', 'as a terminal shows it');
    assert.equal(cleanText('abcdef\rXY'), 'XYcdef');
  });

  it('keeps everything when under the cap', () => {
    const c = new OutputCapture();
    c.write(enc.encode('hello\r\n'));
    assert.deepEqual(c.text(), { output: 'hello\n', truncated: false });
  });

  it('keeps the head and the tail of long output in bounded memory', () => {
    const c = new OutputCapture();
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i}\r\n`);
    for (let i = 0; i < lines.length; i += 97) c.write(enc.encode(lines.slice(i, i + 97).join('')));
    const { output, truncated } = c.text();
    assert.equal(truncated, true);
    assert.ok(output.startsWith('line 0\nline 1\n'));
    assert.ok(output.endsWith('line 49998\nline 49999\n'));
    assert.match(output, /\[\.\.\. \d+ bytes of output omitted \.\.\.\]/);
    assert.ok(output.length < CAPTURE_HEAD_BYTES + CAPTURE_TAIL_BYTES + 200);
  });

  it('handles one write bigger than the whole tail', () => {
    const c = new OutputCapture();
    const big = 'a'.repeat(CAPTURE_HEAD_BYTES) + 'b'.repeat(CAPTURE_TAIL_BYTES * 3) + 'END';
    c.write(enc.encode(big));
    const { output, truncated } = c.text();
    assert.equal(truncated, true);
    assert.ok(output.endsWith('bEND'));
    assert.equal(c.size, big.length);
  });
});
