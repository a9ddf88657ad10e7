// Loopback addresses for sandboxes: a reserved address (a learner's before a restart) goes only to whoever asks for
// it by name, an address in use is never given twice, and anything else asked for gets the next free one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateLoopback, releaseLoopback, reserveLoopback } from '../../server/clusters/sandbox/loopback.js';

function following(address: string): string {
  const [, , third, fourth] = address.split('.').map(Number) as [number, number, number, number];
  return fourth === 254 ? `127.0.${third + 1}.1` : `127.0.${third}.${fourth + 1}`;
}

describe('sandbox loopback addresses', () => {
  it('keeps a reserved address for whoever asks for it, and never gives one in use twice', async () => {
    const first = await allocateLoopback();
    if (first === '127.0.0.1') return; // no 127.0.1.x on this system: every sandbox shares 127.0.0.1
    const kept = following(first);
    reserveLoopback(kept);
    const other = await allocateLoopback();
    assert.notEqual(other, kept, 'a reserved address is skipped');
    assert.equal(await allocateLoopback(kept), kept, 'and given to whoever asks for it');
    const again = await allocateLoopback(kept);
    assert.notEqual(again, kept, 'in use: the next free one instead');
    const outside = await allocateLoopback('10.1.2.3');
    assert.match(outside, /^127\.0\.\d+\.\d+$/);
    const notHost = await allocateLoopback('127.0.0.1');
    assert.notEqual(notHost, '127.0.0.1', "the host's own address is never a sandbox's");
    for (const a of [first, other, kept, again, outside, notHost]) releaseLoopback(a);
  });
});
