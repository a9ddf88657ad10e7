// Reconnect delays: exponential so a down server is not hammered, jittered so many tabs do not retry in lockstep.

/** First retry waits about this long: quick enough that a blip goes unnoticed. */
export const BACKOFF_BASE_MS = 250;
/** Never wait longer than this between attempts: a restarted server is found within seconds. */
export const BACKOFF_MAX_MS = 10_000;

/**
 * Delay before reconnect attempt `attempt` (0-based): 250 ms doubling to 10 s, then "equal jitter" (a random
 * value between half and all of it), so the delay still grows but two tabs spread out.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
