// Waiting on the store: resolves with what `probe` finds, at once or after a later change, or undefined after
// the timeout. The data planes use it to hold a request until a ready pod exists.
import type { ObjectStore, StoreEvent } from './object-store.js';

export function waitFor<T>(store: ObjectStore, probe: () => T | undefined, timeoutMs: number, relevant: (event: StoreEvent) => boolean = () => true): Promise<T | undefined> {
  const now = probe();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(undefined);
    }, timeoutMs);
    timer.unref();
    const unsubscribe = store.subscribe((event) => {
      if (!relevant(event)) return;
      const found = probe();
      if (found === undefined) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(found);
    });
  });
}
