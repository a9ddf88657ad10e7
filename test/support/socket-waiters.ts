// Waiting on a test client's socket: a predicate checked on every message (and, for predicates that read state
// outside the socket, on a timer), failing early when the socket closes and with the given context on timeout.
export class SocketWaiters {
  private readonly waiters = new Set<() => void>();

  constructor(
    /** Set once the socket closed. */
    private readonly closed: () => { code: number; reason: string } | undefined,
    /** What a timeout error adds (the output or the messages so far). */
    private readonly context: () => string,
    private readonly pollMs?: number,
  ) {}

  /** Call on every message and on close. */
  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        if (poll) clearInterval(poll);
        this.waiters.delete(check);
        settle();
      };
      const check = (): void => {
        const closed = this.closed();
        if (predicate()) finish(resolve);
        else if (closed && what !== 'close') finish(() => reject(new Error(`socket closed (${closed.code} ${closed.reason}) while waiting for ${what}`)));
      };
      const poll = this.pollMs ? setInterval(check, this.pollMs) : undefined;
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${what}; ${this.context()}`))), timeoutMs);
      this.waiters.add(check);
    });
  }

  async waitForClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    await this.waitFor(() => this.closed() !== undefined, timeoutMs, 'close');
    return this.closed()!;
  }

  /** Closes the socket (unless it is closed already) and waits for the close handshake. */
  async close(ws: { close(): void }): Promise<void> {
    if (this.closed()) return;
    ws.close();
    await this.waitForClose();
  }
}
