// The formats of the vulnerability DB inputs: trivy-cache-dir, trivy-db-repositories and
// trivy-db-max-age. input-rules.ts wires them into the input table.

import { parseDuration } from '../duration.js';

/**
 * Asked in this order when trivy-db-repositories is empty: Google's and AWS's public mirrors
 * first (their rate limits are the most generous), Aqua's own repository on ghcr.io last.
 */
export const DEFAULT_DB_REPOSITORIES: readonly string[] = [
  'mirror.gcr.io/aquasec/trivy-db:2',
  'public.ecr.aws/aquasecurity/trivy-db:2',
  'ghcr.io/aquasecurity/trivy-db:2',
];

export const DEFAULT_CACHE_DIR = '~/.cache/trivy';
export const DEFAULT_DB_MAX_AGE = '72h';
/** A DB older than this is not a scan of today's advisories by any reading. */
export const LONGEST_DB_MAX_AGE_MS = 30 * 86_400_000;

/** host[:port]/path[:tag], lower-case host and path as registries require, no scheme or credentials. */
const DB_REPOSITORY_RE = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/;

/** Why `value` is not an OCI repository reference Trivy can download the DB from, or undefined. */
export function dbRepositoryProblem(value: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'must be host/path[:tag] without a scheme (e.g. mirror.gcr.io/aquasec/trivy-db:2)';
  if (value.includes('@')) return 'must not contain user info or a digest: the DB is downloaded anonymously, by tag';
  if (!DB_REPOSITORY_RE.test(value)) return 'must be one OCI repository per line, host/path[:tag] (e.g. mirror.gcr.io/aquasec/trivy-db:2)';
  return undefined;
}

/** Why `value` is not a usable cache directory, or undefined. `~/` is the runner user's home. */
export function cacheDirProblem(value: string): string | undefined {
  if (value.startsWith('-')) return "must not start with '-'";
  if (value.startsWith('~') && value !== '~' && !value.startsWith('~/')) return 'may start with ~/ (the home directory) but not ~user';
  return undefined;
}

/** trivy-db-max-age in milliseconds, or why it is refused. */
export function dbMaxAge(value: string): number | string {
  const ms = parseDuration(value, ['d', 'h', 'm', 's']);
  if (ms === undefined) return 'must be a duration such as 72h, 3d or 1h30m (units d, h, m, s)';
  if (ms <= 0) return 'must be longer than 0';
  if (ms > LONGEST_DB_MAX_AGE_MS) return 'must be at most 30d';
  return ms;
}
