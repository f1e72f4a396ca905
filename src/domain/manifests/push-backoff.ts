// How long a job waits before retrying a push the branch rejected because another job pushed
// first. A rejection means the rival's push has landed, so the new tip can be fetched at once;
// the wait only spreads jobs that collided, and is scaled to how long one attempt takes here
// (fetch, edit, render, commit): tens of milliseconds, not seconds. The bound doubles only
// while pushes keep being rejected.

/** No bound below this (ms): below it, jitter cannot separate two jobs. */
export const MIN_BOUND_MS = 10;
/** No bound above this (ms), however long attempts take or however often they were rejected. */
export const MAX_BOUND_MS = 250;
/** The first bound is this fraction of an attempt: a rejection means the rival's push is done already. */
const ATTEMPT_SHARE = 1 / 8;

/**
 * Delay (ms) before the retry that follows `rejections` rejected pushes in a row (1 = the first
 * retry), when one attempt took `attemptMs`: a bound of an eighth of an attempt, doubled per
 * further rejection, clamped to [MIN_BOUND_MS, MAX_BOUND_MS]; half of it for sure, the other
 * half random, so a retry never comes immediately. `random` returns a number in [0, 1).
 */
export function pushRetryDelay(rejections: number, attemptMs: number, random: () => number): number {
  const growth = 2 ** Math.max(0, Math.min(rejections, 16) - 1);
  const bound = Math.min(MAX_BOUND_MS, Math.max(MIN_BOUND_MS, Math.max(0, attemptMs) * ATTEMPT_SHARE * growth));
  return Math.round(bound / 2 + (bound / 2) * random());
}
