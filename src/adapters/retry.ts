// Waiting between attempts that compete with other jobs (pushes to one branch): exponential
// growth so a crowd thins out, with jitter so jobs that collided once do not collide again.

export interface Backoff {
  /** First delay's upper bound, in milliseconds. */
  baseMs: number;
  /** No delay is longer than this. */
  capMs: number;
}

export const PUSH_BACKOFF: Backoff = { baseMs: 1000, capMs: 15000 };

/**
 * Delay before retry number `retry` (1 = the first retry): half of the exponential bound for
 * sure, the other half random ("equal jitter"), so a retry never comes immediately.
 */
export function backoffDelay(retry: number, random: () => number, backoff: Backoff = PUSH_BACKOFF): number {
  const bound = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(bound / 2 + (bound / 2) * random());
}
