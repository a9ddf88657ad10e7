import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_OSC_BYTES, OscParser, type OscToken } from '../../server/terminal/shell-integration/osc-parser.js';

const enc = new TextEncoder();

/** Feeds the chunks and returns the tokens with adjacent data runs joined (split points are arbitrary). */
function run(chunks: Uint8Array[]): Array<{ data: string } | { osc: string }> {
  const tokens: OscToken[] = [];
  const parser = new OscParser((t) => tokens.push({ ...t, ...(t.type === 'data' ? { bytes: t.bytes.slice() } : {}) } as OscToken));
  for (const c of chunks) parser.write(c);
  parser.end();
  const out: Array<{ data: string } | { osc: string }> = [];
  for (const t of tokens) {
    const last = out.at(-1);
    if (t.type === 'data') {
      const text = Buffer.from(t.bytes).toString('latin1');
      if (last && 'data' in last) last.data += text;
      else out.push({ data: text });
    } else out.push({ osc: t.payload });
  }
  return out;
}

/** Every way of cutting the input into two chunks, and byte by byte. */
function allSplits(input: string): Uint8Array[][] {
  const bytes = enc.encode(input);
  const splits: Uint8Array[][] = [[bytes]];
  for (let i = 1; i < bytes.length; i++) splits.push([bytes.subarray(0, i), bytes.subarray(i)]);
  splits.push([...bytes].map((b) => Uint8Array.of(b)));
  return splits;
}

describe('OscParser', () => {
  const stream = 'abc\x1b]633;E;echo hi;n:1\x07out\r\n\x1b]633;D;0;n:1\x1b\\$ ';
  const expected = [
    { data: 'abc' },
    { osc: '633;E;echo hi;n:1' },
    { data: 'out\r\n' },
    { osc: '633;D;0;n:1' },
    { data: '$ ' },
  ];

  it('finds marks terminated by BEL and by ST, wherever the stream is cut', () => {
    for (const chunks of allSplits(stream)) assert.deepEqual(run(chunks), expected);
  });

  it('passes other escape sequences through as data, titles and colours included', () => {
    const input = '\x1b]0;my title\x07\x1b[1;31mred\x1b[0m\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\';
    for (const chunks of allSplits(input)) assert.deepEqual(run(chunks), [{ data: input }]);
  });

  it('accepts OSC 133 marks too', () => {
    assert.deepEqual(run([enc.encode('\x1b]133;A\x07\x1b]133;D;2\x07')]), [{ osc: '133;A' }, { osc: '133;D;2' }]);
  });

  it('survives garbage: lone ESC, ESC ] without payload, invalid UTF-8, NULs', () => {
    const garbage = Uint8Array.from([0x1b, 0x00, 0xff, 0xfe, 0x1b, 0x5d, 0x07, 0x1b, 0x1b, 0x5d, 0x36, 0x33]);
    const tokens = run([garbage]);
    const total = tokens.reduce((n, t) => n + ('data' in t ? t.data.length : 0), 0);
    assert.equal(total, garbage.length, 'every byte comes out as data');
    assert.ok(tokens.every((t) => 'data' in t));
  });

  it('treats a mark interrupted by another escape as data', () => {
    const input = '\x1b]633;E;half\x1b[31mred';
    assert.deepEqual(run([enc.encode(input)]), [{ data: input }]);
  });

  it('gives up on an unterminated mark longer than the limit, without buffering forever', () => {
    const long = `\x1b]633;E;${'x'.repeat(MAX_OSC_BYTES + 10)}`;
    const chunks = [];
    for (let i = 0; i < long.length; i += 4096) chunks.push(enc.encode(long.slice(i, i + 4096)));
    const tokens = run(chunks);
    assert.ok(tokens.every((t) => 'data' in t));
    assert.equal(tokens.map((t) => ('data' in t ? t.data : '')).join('').length, long.length);
  });

  it('hands out an unfinished mark as data when the stream ends', () => {
    assert.deepEqual(run([enc.encode('x\x1b]633;D;0')]), [{ data: 'x\x1b]633;D;0' }]);
  });

  it('keeps a multi-byte UTF-8 command line intact across a split', () => {
    const input = '\x1b]633;E;echo héllo → 世界;n:1\x07';
    for (const chunks of allSplits(input)) assert.deepEqual(run(chunks), [{ osc: '633;E;echo héllo → 世界;n:1' }]);
  });
});
