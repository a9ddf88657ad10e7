// Environments made ahead of time so joining is instant: `warm` of them wait ready, at most `max` exist in all
// (waiting plus taken). Taking one refills the pool in the background; a join when none waits makes one on the
// spot (a second or so) if the maximum allows.
import type { EnvironmentFactory, SeatEnvironment } from './seat-environment.js';

export interface PoolOptions {
  factory: EnvironmentFactory;
  max: number;
  warm: number;
  log: (message: string) => void;
}

export class RoomFullError extends Error {}

export class SeatPool {
  private readonly waiting: SeatEnvironment[] = [];
  private taken = 0;
  private making = 0;
  private counter = 0;
  private closed = false;
  private refilling: Promise<void> = Promise.resolve();

  constructor(private readonly options: PoolOptions) {}

  get counts(): { max: number; used: number; warm: number } {
    return { max: this.options.max, used: this.taken, warm: this.waiting.length };
  }

  /** Fills the pool up to `warm`; resolves when it is full. */
  fill(): Promise<void> {
    this.refilling = this.refilling.then(async () => {
      while (!this.closed && this.waiting.length < this.options.warm && this.taken + this.waiting.length + this.making < this.options.max) {
        this.making += 1;
        let env: SeatEnvironment;
        try {
          env = await this.make();
        } finally {
          this.making -= 1;
        }
        if (this.closed) await env.dispose();
        else this.waiting.push(env);
      }
    });
    return this.refilling;
  }

  /**
   * A seat's environment: a waiting one, or one made now. With `place` (a returning learner's), one there: waiting
   * already, else made there, so their addresses stay what they were (the factory falls back when it is taken).
   */
  async take(place?: string): Promise<SeatEnvironment> {
    if (this.closed) throw new RoomFullError('the classroom is closing');
    let index = place === undefined ? 0 : this.waiting.findIndex((env) => env.place === place);
    // No room for one more beside those waiting: a waiting one, elsewhere, rather than none.
    if (index === -1 && this.taken + this.making + this.waiting.length >= this.options.max) index = 0;
    const ready = index === -1 ? undefined : this.waiting.splice(index, 1)[0];
    if (ready) {
      this.taken += 1;
      void this.fill().catch((error: unknown) => this.options.log(`seat pool: ${(error as Error).message}`));
      return ready;
    }
    // `taken` already counts seats being made for a join; `making` counts only the pool's own.
    if (this.taken + this.making >= this.options.max) throw new RoomFullError(`the room is full (${this.options.max} seats): ask the instructor`);
    this.taken += 1;
    try {
      return await this.make(place);
    } catch (error) {
      this.taken -= 1;
      throw error;
    }
  }

  /** A seat is given back (expired, or its learner left for good): its environment is gone with it. */
  async release(env: SeatEnvironment): Promise<void> {
    this.taken = Math.max(0, this.taken - 1);
    await env.dispose();
    if (!this.closed) void this.fill().catch((error: unknown) => this.options.log(`seat pool: ${(error as Error).message}`));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.refilling.catch(() => undefined);
    await Promise.all(this.waiting.splice(0).map((env) => env.dispose()));
  }

  private make(place?: string): Promise<SeatEnvironment> {
    this.counter += 1;
    return this.options.factory.create(`seat${this.counter}`, place);
  }
}
