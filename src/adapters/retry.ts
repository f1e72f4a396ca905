// Waiting between attempts at something that may come back (a busy download server, an Argo CD
// poll): exponential growth so a crowd thins out, with jitter so callers that collided once do
// not collide again. Pushes to the manifests branch wait by their own rule (push-backoff.ts).

export interface Backoff {
  /** First delay's upper bound, in milliseconds. */
  baseMs: number;
  /** No delay is longer than this. */
  capMs: number;
}

/**
 * Delay before retry number `retry` (1 = the first retry): half of the exponential bound for
 * sure, the other half random ("equal jitter"), so a retry never comes immediately.
 */
export function backoffDelay(retry: number, random: () => number, backoff: Backoff): number {
  const bound = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(bound / 2 + (bound / 2) * random());
}
