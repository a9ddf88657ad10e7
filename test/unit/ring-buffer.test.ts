import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RingBuffer } from '../../server/terminal/ring-buffer.js';

function bytes(from: number, count: number): Uint8Array {
  return Uint8Array.from({ length: count }, (_, i) => (from + i) % 251);
}

describe('RingBuffer', () => {
  it('returns any kept range byte-exact across growth and wrap-around', () => {
    const ring = new RingBuffer(100_000);
    let written = 0;
    for (const size of [1, 7, 5000, 30_000, 64_000, 3, 99_999, 120_000, 12]) {
      ring.append(bytes(written, size));
      written += size;
      assert.equal(ring.end, written);
      assert.equal(ring.start, Math.max(0, written - 100_000));
      for (const [from, to] of [[ring.start, ring.end], [ring.end - 1, ring.end], [ring.start, ring.start + 1]] as const) {
        assert.deepEqual(ring.slice(from, to), bytes(from, to - from));
      }
    }
    assert.ok(ring.allocated <= 100_000);
  });

  it('stays small while little is written', () => {
    const ring = new RingBuffer(2 * 1024 * 1024);
    ring.append(bytes(0, 100));
    assert.ok(ring.allocated <= 16 * 1024);
  });

  it('refuses ranges it no longer has', () => {
    const ring = new RingBuffer(10);
    ring.append(bytes(0, 25));
    assert.throws(() => ring.slice(5, 25), RangeError);
    assert.deepEqual(ring.slice(15, 25), bytes(15, 10));
  });
});
