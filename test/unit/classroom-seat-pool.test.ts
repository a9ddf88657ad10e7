// The warm pool with a counting factory: joins take ready seats at once, many joins beyond the warm ones are all
// seated up to the maximum (a seat being made for a join is counted once), and one more is refused as full.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EnvironmentFactory, SeatEnvironment } from '../../server/classroom/seat-environment.js';
import { RoomFullError, SeatPool } from '../../server/classroom/seat-pool.js';

function factory(delayMs: number): EnvironmentFactory & { made: number; disposed: number } {
  const f = {
    made: 0,
    disposed: 0,
    async create(name: string, place?: string): Promise<SeatEnvironment> {
      f.made += 1;
      await new Promise((r) => setTimeout(r, delayMs));
      // Like loopback addresses: the one asked for, else the next.
      return { name, user: undefined, kubeconfig: '', gateways: {}, server: '', kind: 'sandbox', place: place ?? `place${f.made}`,
        saveState: async () => undefined,
        restoreState: async () => ({ restored: 'nothing', failed: [] }),
        suspend: async () => undefined,
        dispose: async () => void (f.disposed += 1),
      };
    },
  };
  return f;
}

describe('seat pool', () => {
  it('fills to warm, seats every join up to the maximum even when they come at once, then says the room is full', async () => {
    const f = factory(20);
    const pool = new SeatPool({ factory: f, max: 12, warm: 3, log: () => undefined });
    await pool.fill();
    assert.deepEqual(pool.counts, { max: 12, used: 0, warm: 3 });
    const seats = await Promise.all(Array.from({ length: 12 }, () => pool.take()));
    assert.equal(new Set(seats.map((s) => s.name)).size, 12);
    await assert.rejects(pool.take(), RoomFullError);
    await pool.release(seats[0]!);
    assert.equal(f.disposed, 1);
    await pool.fill();
    assert.equal(pool.counts.used + pool.counts.warm <= 12, true);
    await pool.close();
  });

  it("gives a returning learner an environment at their old place: a waiting one there, else one made there, else (full) any", async () => {
    const f = factory(5);
    const pool = new SeatPool({ factory: f, max: 4, warm: 2, log: () => undefined });
    await pool.fill();
    const waitingThere = await pool.take('place2');
    assert.equal(waitingThere.place, 'place2');
    assert.equal(waitingThere.name, 'seat2', 'one of the two made ahead, not one made for this take');
    await pool.fill();
    const madeThere = await pool.take('place9');
    assert.equal(madeThere.place, 'place9', 'made at the old place rather than given a waiting one elsewhere');
    assert.deepEqual(pool.counts, { max: 4, used: 2, warm: 2 });
    // 2 taken + 2 waiting = 4: making one more would pass the maximum, so a waiting one it is.
    const elsewhere = await pool.take('place42');
    assert.notEqual(elsewhere.place, 'place42');
    assert.equal(pool.counts.used, 3);
    await pool.close();
  });
});
