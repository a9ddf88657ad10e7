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
    async create(name: string): Promise<SeatEnvironment> {
      f.made += 1;
      await new Promise((r) => setTimeout(r, delayMs));
      return { name, user: undefined, kubeconfig: '', gateways: {}, server: '', kind: 'sandbox',
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
});
