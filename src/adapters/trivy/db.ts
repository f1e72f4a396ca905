// The vulnerability DB, once per job, before the first scan: kept in Trivy's cache directory
// (which actions/cache can restore and save across jobs), downloaded only when it is not fresh,
// from the configured repositories in order. Every scan then runs with --skip-db-update.

import { mkdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { ToolError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { anonymousEnv } from '../../domain/scan/anonymous-env.js';
import { classifyDbFailure } from '../../domain/scan/trivy-db-failure.js';
import { parseDbMetadata, type DbMetadata } from '../../domain/scan/trivy-db-metadata.js';
import { dbStatus, needsDownload, whenAllFailed, type RepositoryFailure, type TrivyDbStatus } from '../../domain/scan/trivy-db-outcome.js';
import { describeDuration } from '../../domain/duration.js';
import { execTool, tail } from '../exec.js';
import { backoffDelay, type Backoff } from '../retry.js';
import { makeTempDir, removeTempDir } from '../temp.js';

export interface TrivyDbOptions {
  /** Absolute cache directory (see resolveCacheDir). */
  cacheDir: string;
  repositories: string[];
  maxAgeMs: number;
  /** The empty docker config of the download is made (and removed) below it. */
  tempRoot: string;
}

/** How hard one repository is tried. */
export interface DbDownloadPolicy {
  /** Attempts per repository when it answers with a rate limit or a server error. */
  attempts: number;
  backoff: Backoff;
  /** One download at most this long; then the next repository. */
  watchdogMs: number;
}

/**
 * Three attempts, 0.5–1 s then 1–2 s apart: a registry's short rate-limit window passes, and a
 * repository that keeps refusing hands over to the next one within seconds.
 */
export const DB_DOWNLOAD_POLICY: DbDownloadPolicy = { attempts: 3, backoff: { baseMs: 1000, capMs: 8000 }, watchdogMs: 5 * 60 * 1000 };

/** The clock and the waiting, injectable so tests do not wait. */
export interface Waiting {
  now(): Date;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/** `~` and `~/...` under `home`; a relative path inside the workspace. */
export function resolveCacheDir(value: string, home: string, workspace: string): string {
  const homeDir = home === '' ? os.homedir() : home;
  if (value === '~') return homeDir;
  if (value.startsWith('~/')) return path.join(homeDir, value.slice(2));
  return path.resolve(workspace, value);
}

/**
 * Makes sure the cache directory holds a DB the scans may use, and says which. Throws a
 * ToolError (the gate fails closed) when no repository answered and no DB recent enough is
 * cached. `env` is Trivy's environment without any registry login.
 */
export async function prepareTrivyDb(
  trivyBin: string,
  options: TrivyDbOptions,
  env: Record<string, string>,
  waiting: Waiting,
  policy: DbDownloadPolicy = DB_DOWNLOAD_POLICY,
): Promise<TrivyDbStatus> {
  await mkdir(options.cacheDir, { recursive: true });
  const cached = await readCachedDb(options.cacheDir);
  if (typeof cached !== 'string' && !needsDownload(cached, waiting.now())) {
    core.info(`Vulnerability DB in ${quote(options.cacheDir)} is fresh until ${cached.nextUpdate}: nothing to download.`);
    return dbStatus('cache', { repository: '', cacheDir: options.cacheDir, metadata: cached, failures: [] }, waiting.now());
  }
  core.info(typeof cached === 'string' ? `No usable vulnerability DB in ${quote(options.cacheDir)}: ${cached}.` : `The cached vulnerability DB is due for an update (next update was ${cached.nextUpdate}).`);
  const dockerConfig = await makeTempDir(options.tempRoot, 'ftmo-deploy-trivy-db-');
  try {
    const failures: RepositoryFailure[] = [];
    for (const repository of options.repositories) {
      const result = await downloadFrom(trivyBin, repository, options.cacheDir, anonymousEnv(env, dockerConfig), waiting, policy);
      if ('metadata' in result) {
        core.info(`Vulnerability DB downloaded from ${quote(repository)} (updated ${result.metadata.updatedAt}).`);
        return dbStatus('repository', { repository, cacheDir: options.cacheDir, metadata: result.metadata, failures }, waiting.now());
      }
      failures.push(result);
    }
    const now = await readCachedDb(options.cacheDir);
    const outcome = whenAllFailed(typeof now === 'string' ? undefined : now, typeof now === 'string' ? now : '', failures, {
      cacheDir: options.cacheDir,
      maxAgeMs: options.maxAgeMs,
      now: waiting.now(),
    });
    if (outcome.kind === 'fail') throw new ToolError(outcome.message);
    core.warning(outcome.status.warning);
    return outcome.status;
  } finally {
    await removeTempDir(dockerConfig);
  }
}

/** One repository: retried after a pause only on a rate limit or a server error. */
async function downloadFrom(
  trivyBin: string,
  repository: string,
  cacheDir: string,
  env: Record<string, string>,
  waiting: Waiting,
  policy: DbDownloadPolicy,
): Promise<{ metadata: DbMetadata } | RepositoryFailure> {
  const args = ['image', '--download-db-only', '--db-repository', repository, '--cache-dir', cacheDir, '--no-progress'];
  for (let attempt = 1; ; attempt++) {
    const result = await execTool(trivyBin, args, { env, timeoutMs: policy.watchdogMs });
    if (result.code === 0 && !result.timedOut) {
      const metadata = await readCachedDb(cacheDir);
      if (typeof metadata !== 'string') return { metadata };
      return { repository, attempts: attempt, failure: { kind: 'other', retry: false, answer: `Trivy reported success, but ${metadata}` } };
    }
    const failure = classifyDbFailure(result.stderr, result.timedOut);
    const last = !failure.retry || attempt >= policy.attempts;
    core.info(`${quote(repository)}, attempt ${attempt} of ${failure.retry ? policy.attempts : 1}: ${failure.answer}${detail(result.stderr)}`);
    if (last) return { repository, attempts: attempt, failure };
    const delay = backoffDelay(attempt, waiting.random, policy.backoff);
    core.info(`Asking ${quote(repository)} again in ${describeDuration(delay)} (${delay} ms).`);
    await waiting.sleep(delay);
  }
}

/** The metadata of the DB in the cache directory, or why there is none to use. */
async function readCachedDb(cacheDir: string): Promise<DbMetadata | string> {
  const text = await readFile(path.join(cacheDir, 'db', 'metadata.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return 'there is no DB (no db/metadata.json)';
  const metadata = parseDbMetadata(text);
  if (typeof metadata === 'string') return metadata;
  const hasDb = await stat(path.join(cacheDir, 'db', 'trivy.db')).then(
    (info) => info.isFile(),
    () => false,
  );
  return hasDb ? metadata : 'db/metadata.json is there but db/trivy.db is missing';
}

/** The end of Trivy's stderr, escaped, for the log. */
function detail(stderr: string): string {
  return stderr.trim() === '' ? '' : `\n${tail(stderr, 4)
    .split('\n')
    .map((line) => `  ${quote(line, 400)}`)
    .join('\n')}`;
}
