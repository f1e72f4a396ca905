// What a registry answered when `trivy image --download-db-only` failed, read from Trivy's
// stderr. Only a rate limit or a server error is worth asking the same repository again;
// anything else (not found, denied, no such host, a timeout) will not change in seconds, so
// the next repository is asked instead.

export type DbFailureKind = 'rate-limited' | 'server-error' | 'not-found' | 'denied' | 'unreachable' | 'timeout' | 'other';

export interface DbFailure {
  kind: DbFailureKind;
  /** Asking the same repository again after a pause can help. */
  retry: boolean;
  /** The registry's answer in a few words, for the log and the error. */
  answer: string;
}

const KINDS: { kind: DbFailureKind; pattern: RegExp; answer: (match: RegExpExecArray) => string }[] = [
  { kind: 'rate-limited', pattern: /TOOMANYREQUESTS|\b429 Too Many Requests|unexpected status code 429\b/i, answer: () => '429 TOOMANYREQUESTS (rate limit)' },
  {
    kind: 'server-error',
    pattern: /\b(5[0-9]{2}) (Internal Server Error|Not Implemented|Bad Gateway|Service Unavailable|Gateway Timeout)\b/i,
    answer: (m) => `${m[1] ?? '5xx'} ${m[2] ?? ''} (server error)`,
  },
  { kind: 'server-error', pattern: /unexpected status code (5[0-9]{2})\b/i, answer: (m) => `${m[1] ?? '5xx'} (server error)` },
  { kind: 'not-found', pattern: /\b(MANIFEST_UNKNOWN|NAME_UNKNOWN|BLOB_UNKNOWN)\b/, answer: (m) => `404 ${m[1] ?? ''} (not found)` },
  { kind: 'not-found', pattern: /\b404 Not Found\b|unexpected status code 404\b/i, answer: () => '404 (not found)' },
  { kind: 'denied', pattern: /\b(DENIED|UNAUTHORIZED|FORBIDDEN)\b/, answer: (m) => `${m[1] ?? ''} (access refused)` },
  { kind: 'denied', pattern: /\b(401 Unauthorized|403 Forbidden)\b/i, answer: (m) => `${m[1] ?? ''} (access refused)` },
  { kind: 'unreachable', pattern: /no such host/i, answer: () => 'no such host (DNS)' },
  { kind: 'unreachable', pattern: /connection refused|network is unreachable|no route to host|x509:|tls: /i, answer: () => 'registry unreachable' },
  { kind: 'timeout', pattern: /context deadline exceeded|i\/o timeout|Client\.Timeout exceeded/i, answer: () => 'timed out' },
];

const RETRIED: ReadonlySet<DbFailureKind> = new Set(['rate-limited', 'server-error']);

/**
 * The kind of failure in Trivy's `stderr`. `timedOut`: our watchdog stopped the process. The
 * first rule that matches wins: a rate limit or server error is recognised before words like
 * "denied" that a registry's error page might also hold.
 */
export function classifyDbFailure(stderr: string, timedOut: boolean): DbFailure {
  if (timedOut) return { kind: 'timeout', retry: false, answer: 'no answer before the time limit' };
  for (const { kind, pattern, answer } of KINDS) {
    const match = pattern.exec(stderr);
    if (match) return { kind, retry: RETRIED.has(kind), answer: answer(match).trim() };
  }
  return { kind: 'other', retry: false, answer: 'failed' };
}
