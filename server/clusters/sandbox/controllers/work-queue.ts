// A controller's work queue, as client-go's: keys ("namespace/name") to reconcile, each at most once in the queue
// however many changes arrive, processed one at a time after the change that caused them has been delivered to
// every listener. A failing sync is retried with a growing delay; delayed adds ("look again in 10 s") are timers
// that close() cancels, so a stopped sandbox leaves nothing scheduled.

export type SyncFunction = (key: string) => void | Promise<void>;

const RETRY_BASE_MS = 50;
const RETRY_MAX_MS = 5_000;
/** Work done without letting I/O in: past it the queue yields, so fifty sandboxes' controllers share the loop with terminals. */
const SLICE_MS = 4;

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly failures = new Map<string, number>();
  private running = false;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly sync: SyncFunction,
  ) {}

  /** Queues the key now, or after `delayMs` (an earlier pending delay for the key wins over a later one). */
  add(key: string, delayMs = 0): void {
    if (this.closed) return;
    if (delayMs > 0) {
      if (this.timers.has(key)) return;
      const timer = setTimeout(() => {
        this.timers.delete(key);
        this.add(key);
      }, delayMs);
      timer.unref();
      this.timers.set(key, timer);
      return;
    }
    this.pending.add(key);
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.drain());
    }
  }

  close(): void {
    this.closed = true;
    this.pending.clear();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async drain(): Promise<void> {
    let sliceStart = performance.now();
    while (!this.closed && this.pending.size > 0) {
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
        if (this.closed) break;
      }
      const key = this.pending.values().next().value as string;
      this.pending.delete(key);
      try {
        await this.sync(key);
        this.failures.delete(key);
      } catch (error) {
        // A conflict or a vanished object: look again later, as a rate-limited requeue does.
        const attempts = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, attempts);
        if (attempts === 5) console.error(`sandbox ${this.name}: syncing ${key} keeps failing: ${(error as Error).message}`);
        this.add(key, Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempts));
      }
    }
    this.running = false;
  }
}

export function keyOf(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i === -1 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
