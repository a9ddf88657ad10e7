// Knative's autoscaling sample (gcr.io/knative-samples/autoscale-go): each request sleeps, finds a prime and
// holds memory as its query asks (`?sleep=100&prime=10000&bloat=5`), so a load test keeps requests in flight
// and the autoscaler has concurrency to react to. The work is bounded here so a lesson cannot hurt the host.
import { goRuntimeExit, portOf, sendText, type ProgramDefinition } from './program.js';

const MAX_SLEEP_MS = 60_000;
const MAX_PRIME = 5_000_000;
const MAX_BLOAT_MB = 64;

function largestPrimeBelow(n: number): number {
  if (n < 3) return 0;
  const sieve = new Uint8Array(n);
  let largest = 0;
  for (let i = 2; i < n; i++) {
    if (sieve[i]) continue;
    largest = i;
    for (let j = i * i; j < n; j += i) sieve[j] = 1;
  }
  return largest;
}

export const autoscaleGo: ProgramDefinition = {
  binaries: ['/ko-app/autoscale-go', 'autoscale-go'],
  start(context) {
    const port = portOf(context.env.PORT, 8080);
    return {
      signal: goRuntimeExit(context),
      http: (p) =>
        p !== port
          ? undefined
          : (req, res) => {
              const query = new URL(req.url ?? '/', 'http://x').searchParams;
              const lines: string[] = [];
              const bloat = Math.min(MAX_BLOAT_MB, Number(query.get('bloat') ?? 0) || 0);
              const held = bloat > 0 ? Buffer.alloc(bloat * 1024 * 1024, 1) : undefined;
              if (held) lines.push(`Allocated ${bloat} Mb of memory.`);
              const prime = Math.min(MAX_PRIME, Number(query.get('prime') ?? 0) || 0);
              if (prime > 0) lines.push(`The largest prime less than ${prime} is ${largestPrimeBelow(prime)}.`);
              const sleep = Math.min(MAX_SLEEP_MS, Number(query.get('sleep') ?? 0) || 0);
              const started = process.hrtime.bigint();
              const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e6;
              // Node's timers may fire a fraction of a millisecond early; Go's time.Sleep never returns early.
              const finish = (): void => {
                if (elapsed() < sleep) {
                  setTimeout(finish, Math.max(1, Math.ceil(sleep - elapsed())));
                  return;
                }
                if (sleep > 0) lines.push(`Slept for ${elapsed().toFixed(2)} milliseconds.`);
                sendText(res, 200, lines.length ? `${lines.join('\n')}\n` : '');
                void held;
              };
              setTimeout(finish, sleep);
            },
    };
  },
};
