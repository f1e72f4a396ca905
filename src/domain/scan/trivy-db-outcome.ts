// Which vulnerability DB the scans use. A fresh DB in the cache directory: no download. Else
// the repositories in order; when every one failed, a DB downloaded within trivy-db-max-age
// still serves (with a warning), and without one the scan fails closed.

import { quote } from '../escape.js';
import { describeDuration } from '../duration.js';
import type { DbFailure } from './trivy-db-failure.js';
import { ageOf, isFresh, type DbMetadata } from './trivy-db-metadata.js';

/** What each repository answered, in the order they were asked. */
export interface RepositoryFailure {
  repository: string;
  attempts: number;
  failure: DbFailure;
}

/** The DB the scans ran with, for the log and the job summary. */
export interface TrivyDbStatus {
  /** cache: fresh, nothing downloaded; repository: downloaded now; stale-cache: every repository failed. */
  source: 'cache' | 'repository' | 'stale-cache';
  /** The repository it was downloaded from in this run ('' otherwise). */
  repository: string;
  cacheDir: string;
  metadata: DbMetadata;
  /** Repositories that failed before the DB was found or given up on. */
  failures: RepositoryFailure[];
  /** Age of the data (since UpdatedAt) and of this copy (since DownloadedAt) when the scans ran. */
  updatedAgeMs: number;
  downloadedAgeMs: number;
  /** Said as a warning: the scans use a DB that could not be updated. */
  warning: string;
}

/** The status of the DB the scans use, ages counted at `now`. */
export function dbStatus(
  source: TrivyDbStatus['source'],
  found: { repository: string; cacheDir: string; metadata: DbMetadata; failures: RepositoryFailure[]; warning?: string },
  now: Date,
): TrivyDbStatus {
  return {
    source,
    repository: found.repository,
    cacheDir: found.cacheDir,
    metadata: found.metadata,
    failures: found.failures,
    updatedAgeMs: ageOf(found.metadata.updatedAt, now),
    downloadedAgeMs: ageOf(found.metadata.downloadedAt, now),
    warning: found.warning ?? '',
  };
}

/** Before any download: is the cached DB (or its absence, or why it is unusable) good enough? */
export function needsDownload(cached: DbMetadata | undefined, now: Date): boolean {
  return cached === undefined || !isFresh(cached, now);
}

export type AllFailedOutcome = { kind: 'use-stale'; status: TrivyDbStatus } | { kind: 'fail'; message: string };

/**
 * Every repository failed. `cached` is the DB in the cache directory (undefined: none, or
 * unusable for `cacheProblem`). Its age is counted from DownloadedAt, as trivy-db-max-age says.
 */
export function whenAllFailed(
  cached: DbMetadata | undefined,
  cacheProblem: string,
  failures: RepositoryFailure[],
  where: { cacheDir: string; maxAgeMs: number; now: Date },
): AllFailedOutcome {
  const tried = failures.map((f) => `- ${quote(f.repository)}: ${f.failure.answer}${f.attempts > 1 ? ` (${f.attempts} attempts)` : ''}`);
  const head = `No repository could provide the vulnerability DB, so the scan fails closed and nothing is promoted or deployed. Repositories tried, in order:`;
  if (cached === undefined) {
    const why = cacheProblem === '' ? 'there is no DB' : cacheProblem;
    return { kind: 'fail', message: `${head}\n${tried.join('\n')}\nIn the cache directory ${quote(where.cacheDir)} ${why}.` };
  }
  const age = ageOf(cached.downloadedAt, where.now);
  if (age > where.maxAgeMs) {
    const why = `the DB was downloaded ${describeDuration(age)} ago (${cached.downloadedAt}), longer than trivy-db-max-age (${describeDuration(where.maxAgeMs)}) allows`;
    return { kind: 'fail', message: `${head}\n${tried.join('\n')}\nIn the cache directory ${quote(where.cacheDir)} ${why}.` };
  }
  const warning =
    `The vulnerability DB could not be updated (${failures.map((f) => `${f.repository}: ${f.failure.answer}`).join('; ')}); ` +
    `scanning with the cached DB downloaded ${describeDuration(age)} ago (updated upstream ${cached.updatedAt}), within trivy-db-max-age (${describeDuration(where.maxAgeMs)}).`;
  return { kind: 'use-stale', status: dbStatus('stale-cache', { repository: '', cacheDir: where.cacheDir, metadata: cached, failures, warning }, where.now) };
}
