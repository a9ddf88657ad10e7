// Wrong join codes from one address are limited (a six-letter code must not be guessable by trying): after 10
// failures within a minute, that address waits out the rest of the minute. Right codes are never delayed.
export class JoinLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds this address must wait before trying again, or 0. */
  waitFor(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.maxFailures) return 0;
    return Math.max(0, recent[0]! + this.windowMs - this.now());
  }

  failed(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    this.failures.set(address, recent);
    if (this.failures.size > 10_000) this.failures.clear(); // a flood of addresses cannot grow this without bound
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(address) ?? []).filter((t) => t > since);
  }
}
