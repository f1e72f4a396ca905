// The pure parts of the vulnerability DB handling, by hand-written tables: durations, Trivy's
// metadata and freshness, what a failed download answered, and which DB the scans get.

import { describe, expect, it } from 'vitest';
import { anonymousEnv } from '../../../src/domain/scan/anonymous-env.js';
import { classifyDbFailure } from '../../../src/domain/scan/trivy-db-failure.js';
import { cacheDirProblem, dbMaxAge, dbRepositoryProblem } from '../../../src/domain/scan/trivy-db-inputs.js';
import { isFresh, parseDbMetadata, type DbMetadata } from '../../../src/domain/scan/trivy-db-metadata.js';
import { dbStatus, needsDownload, whenAllFailed, type RepositoryFailure } from '../../../src/domain/scan/trivy-db-outcome.js';
import { dbSummaryLines } from '../../../src/domain/scan/trivy-db-summary.js';

const NOW = new Date('2026-03-02T12:00:00Z');

describe('dbMaxAge', () => {
  it.each([
    ['72h', 259_200_000],
    ['30d', 2_592_000_000],
    ['1m', 60_000],
  ])('%s is %i ms', (text, ms) => {
    expect(dbMaxAge(text)).toBe(ms);
  });

  it.each([
    ['0h', 'must be longer than 0'],
    ['31d', 'must be at most 30d'],
    ['forever', 'must be a duration such as 72h, 3d or 1h30m (units d, h, m, s)'],
  ])('refuses %s', (text, problem) => {
    expect(dbMaxAge(text)).toBe(problem);
  });
});

describe('dbRepositoryProblem', () => {
  it.each(['mirror.gcr.io/aquasec/trivy-db:2', 'public.ecr.aws/aquasecurity/trivy-db:2', 'ghcr.io/aquasecurity/trivy-db', 'registry.corp.example:5000/security/trivy-db:2', '127.0.0.1:5000/trivy-db:2'])(
    'accepts %s',
    (value) => {
      expect(dbRepositoryProblem(value)).toBeUndefined();
    },
  );

  it.each([
    ['https://ghcr.io/aquasecurity/trivy-db:2', /without a scheme/],
    ['user:pass@ghcr.io/aquasecurity/trivy-db:2', /user info or a digest/],
    ['ghcr.io/aquasecurity/trivy-db@sha256:abc', /user info or a digest/],
    ['ghcr.io/AquaSecurity/trivy-db:2', /host\/path\[:tag\]/],
    ['trivy-db', /host\/path\[:tag\]/],
    ['--insecure', /host\/path\[:tag\]/],
    ['ghcr.io/aquasecurity/trivy db:2', /host\/path\[:tag\]/],
  ])('refuses %s', (value, problem) => {
    expect(dbRepositoryProblem(value)).toMatch(problem);
  });
});

describe('cacheDirProblem', () => {
  it.each([
    ['~/.cache/trivy', undefined],
    ['/var/cache/trivy', undefined],
    ['.cache/trivy', undefined],
    ['~', undefined],
    ['-rf', "must not start with '-'"],
    ['~root/.cache', 'may start with ~/ (the home directory) but not ~user'],
  ])('%s: %s', (value, problem) => {
    expect(cacheDirProblem(value)).toBe(problem);
  });
});

describe('parseDbMetadata', () => {
  it("reads Trivy's metadata.json, times with nanoseconds", () => {
    const text = '{"Version":2,"NextUpdate":"2026-03-03T06:12:44.118412789Z","UpdatedAt":"2026-03-02T06:12:44.118412789Z","DownloadedAt":"2026-03-02T08:01:02.5Z"}';
    expect(parseDbMetadata(text)).toEqual({
      version: 2,
      nextUpdate: '2026-03-03T06:12:44.118Z',
      updatedAt: '2026-03-02T06:12:44.118Z',
      downloadedAt: '2026-03-02T08:01:02.500Z',
    });
  });

  it.each([
    ['not json', 'db/metadata.json is not JSON'],
    ['[]', 'db/metadata.json is not a JSON object'],
    ['{"Version":1,"NextUpdate":"2026-03-03T06:12:44Z","UpdatedAt":"2026-03-02T06:12:44Z","DownloadedAt":"2026-03-02T08:01:02Z"}', 'db/metadata.json has schema version 1, not 2'],
    ['{"NextUpdate":"2026-03-03T06:12:44Z"}', 'db/metadata.json has schema version null, not 2'],
    ['{"Version":2,"NextUpdate":"soon","UpdatedAt":"2026-03-02T06:12:44Z","DownloadedAt":"2026-03-02T08:01:02Z"}', 'db/metadata.json has no valid NextUpdate'],
    ['{"Version":2,"NextUpdate":"2026-03-03T06:12:44Z","UpdatedAt":"2026-03-02T06:12:44Z"}', 'db/metadata.json has no valid DownloadedAt'],
  ])('refuses %s', (text, problem) => {
    expect(parseDbMetadata(text)).toBe(problem);
  });
});

function metadata(nextUpdate: string, downloadedAt = '2026-03-02T08:00:00.000Z', updatedAt = '2026-03-02T06:00:00.000Z'): DbMetadata {
  return { version: 2, nextUpdate, updatedAt, downloadedAt };
}

describe('freshness', () => {
  it.each([
    ['2026-03-03T06:00:00.000Z', true, false],
    ['2026-03-02T12:00:01.000Z', true, false],
    ['2026-03-02T12:00:00.000Z', false, true],
    ['2026-03-01T06:00:00.000Z', false, true],
  ])('NextUpdate %s: fresh %s, download %s', (nextUpdate, fresh, download) => {
    expect(isFresh(metadata(nextUpdate), NOW)).toBe(fresh);
    expect(needsDownload(metadata(nextUpdate), NOW)).toBe(download);
  });

  it('downloads when there is no DB', () => {
    expect(needsDownload(undefined, NOW)).toBe(true);
  });
});

describe('classifyDbFailure', () => {
  const trivyError = (detail: string) =>
    `2026-03-02T09:14:01Z\tERROR\t[vulndb] Failed to download artifact\trepo="ghcr.io/aquasecurity/trivy-db:2" err="OCI repository error: 1 error occurred:\\n\\t* ${detail}\\n\\n"\n` +
    '2026-03-02T09:14:05Z\tFATAL\tFatal error\tinit error: DB error: failed to download vulnerability DB: failed to download artifact from any source\n';

  it.each([
    ['GET https://ghcr.io/v2/aquasecurity/trivy-db/manifests/2: TOOMANYREQUESTS: retry-after: 1.084625ms, allowed: 44000/minute', 'rate-limited', true, '429 TOOMANYREQUESTS (rate limit)'],
    ['GET https://mirror.gcr.io/v2/aquasec/trivy-db/manifests/2: unexpected status code 503 Service Unavailable: <html></html>', 'server-error', true, '503 Service Unavailable (server error)'],
    ['GET https://mirror.gcr.io/v2/aquasec/trivy-db/blobs/sha256:0503: unexpected status code 502 Bad Gateway', 'server-error', true, '502 Bad Gateway (server error)'],
    ['GET https://mirror.gcr.io/v2/aquasec/trivy-db/manifests/2: unexpected status code 500', 'server-error', true, '500 (server error)'],
    ['GET https://mirror.gcr.io/v2/aquasec/trivy-db/manifests/2: MANIFEST_UNKNOWN: manifest unknown; map[Tag:2]', 'not-found', false, '404 MANIFEST_UNKNOWN (not found)'],
    ['GET https://public.ecr.aws/v2/aquasecurity/trivy-db/blobs/sha256:07a5: BLOB_UNKNOWN: blob unknown to registry', 'not-found', false, '404 BLOB_UNKNOWN (not found)'],
    ['GET https://ghcr.io/token?scope=repository%3Aaquasecurity%2Ftrivy-db%3Apull: DENIED: requested access to the resource is denied', 'denied', false, 'DENIED (access refused)'],
    ['GET https://ghcr.io/v2/aquasecurity/trivy-db/manifests/2: UNAUTHORIZED: authentication required', 'denied', false, 'UNAUTHORIZED (access refused)'],
    ['Get "https://trivy-db.corp.example/v2/": dial tcp: lookup trivy-db.corp.example on 127.0.0.53:53: no such host', 'unreachable', false, 'no such host (DNS)'],
    ['Get "https://10.0.0.7/v2/": dial tcp 10.0.0.7:443: connect: connection refused', 'unreachable', false, 'registry unreachable'],
    ['Get "https://ghcr.io/v2/": net/http: request canceled (Client.Timeout exceeded while awaiting headers)', 'timeout', false, 'timed out'],
    ['something nobody expected', 'other', false, 'failed'],
  ])('%s', (detail, kind, retry, answer) => {
    expect(classifyDbFailure(trivyError(detail), false)).toEqual({ kind, retry, answer });
  });

  it('a process our watchdog stopped timed out, whatever it printed', () => {
    expect(classifyDbFailure('TOOMANYREQUESTS', true)).toEqual({ kind: 'timeout', retry: false, answer: 'no answer before the time limit' });
  });
});

describe('whenAllFailed', () => {
  const failures: RepositoryFailure[] = [
    { repository: 'mirror.gcr.io/aquasec/trivy-db:2', attempts: 3, failure: { kind: 'rate-limited', retry: true, answer: '429 TOOMANYREQUESTS (rate limit)' } },
    { repository: 'ghcr.io/aquasecurity/trivy-db:2', attempts: 1, failure: { kind: 'not-found', retry: false, answer: '404 MANIFEST_UNKNOWN (not found)' } },
  ];
  const where = { cacheDir: '/home/runner/.cache/trivy', maxAgeMs: 72 * 3_600_000, now: NOW };
  const tried = '- "mirror.gcr.io/aquasec/trivy-db:2": 429 TOOMANYREQUESTS (rate limit) (3 attempts)\n- "ghcr.io/aquasecurity/trivy-db:2": 404 MANIFEST_UNKNOWN (not found)';
  const head = 'No repository could provide the vulnerability DB, so the scan fails closed and nothing is promoted or deployed. Repositories tried, in order:';

  it('scans with a DB downloaded within max-age, with a warning stating its age', () => {
    const cached = metadata('2026-03-01T20:00:00.000Z', '2026-03-01T00:00:00.000Z', '2026-02-28T20:00:00.000Z');
    const outcome = whenAllFailed(cached, '', failures, where);
    expect(outcome).toEqual({
      kind: 'use-stale',
      status: {
        source: 'stale-cache',
        repository: '',
        cacheDir: '/home/runner/.cache/trivy',
        metadata: cached,
        failures,
        updatedAgeMs: 40 * 3_600_000,
        downloadedAgeMs: 36 * 3_600_000,
        warning:
          'The vulnerability DB could not be updated (mirror.gcr.io/aquasec/trivy-db:2: 429 TOOMANYREQUESTS (rate limit); ghcr.io/aquasecurity/trivy-db:2: 404 MANIFEST_UNKNOWN (not found)); ' +
          'scanning with the cached DB downloaded 1 d 12 h ago (updated upstream 2026-02-28T20:00:00.000Z), within trivy-db-max-age (3 d).',
      },
    });
  });

  it('accepts a DB exactly max-age old', () => {
    expect(whenAllFailed(metadata('2026-02-28T12:00:00.000Z', '2026-02-27T12:00:00.000Z'), '', failures, where).kind).toBe('use-stale');
  });

  it('fails closed on a DB downloaded longer ago than max-age, naming every repository', () => {
    const outcome = whenAllFailed(metadata('2026-02-28T12:00:00.000Z', '2026-02-27T11:00:00.000Z'), '', failures, where);
    expect(outcome).toEqual({
      kind: 'fail',
      message: `${head}\n${tried}\nIn the cache directory "/home/runner/.cache/trivy" the DB was downloaded 3 d 1 h ago (2026-02-27T11:00:00.000Z), longer than trivy-db-max-age (3 d) allows.`,
    });
  });

  it('fails closed when there is no DB, saying why', () => {
    expect(whenAllFailed(undefined, 'there is no DB (no db/metadata.json)', failures, where)).toEqual({
      kind: 'fail',
      message: `${head}\n${tried}\nIn the cache directory "/home/runner/.cache/trivy" there is no DB (no db/metadata.json).`,
    });
  });
});

describe('dbStatus and its summary lines', () => {
  const meta = metadata('2026-03-03T06:00:00.000Z', '2026-03-02T11:57:00.000Z', '2026-03-02T06:00:00.000Z');

  it('a download names the repository and both ages', () => {
    const status = dbStatus('repository', { repository: 'public.ecr.aws/aquasecurity/trivy-db:2', cacheDir: '/c', metadata: meta, failures: [] }, NOW);
    expect(status.updatedAgeMs).toBe(6 * 3_600_000);
    expect(status.downloadedAgeMs).toBe(180_000);
    expect(dbSummaryLines(status)).toEqual([
      'Vulnerability DB: updated 2026-03-02T06\\:00\\:00.000Z (6 h old), downloaded from `public.ecr.aws/aquasecurity/trivy-db:2`; downloaded 2026-03-02T11\\:57\\:00.000Z (3 min ago).',
      '',
    ]);
  });

  it('a fresh cache says nothing was downloaded', () => {
    const status = dbStatus('cache', { repository: '', cacheDir: '/home/runner/.cache/trivy', metadata: meta, failures: [] }, NOW);
    expect(dbSummaryLines(status)[0]).toBe(
      'Vulnerability DB: updated 2026-03-02T06\\:00\\:00.000Z (6 h old), from the cache (`/home/runner/.cache/trivy`; fresh until 2026-03-03T06\\:00\\:00.000Z), nothing downloaded; downloaded 2026-03-02T11\\:57\\:00.000Z (3 min ago).',
    );
  });

  it('a stale cache carries its warning as an alert', () => {
    const status = dbStatus('stale-cache', { repository: '', cacheDir: '/c', metadata: meta, failures: [], warning: 'could not be updated' }, NOW);
    expect(dbSummaryLines(status).slice(2)).toEqual(['> [!WARNING]', '> could not be updated', '']);
  });
});

describe('anonymousEnv', () => {
  it('drops every registry credential and points DOCKER_CONFIG at the empty directory', () => {
    const env = {
      PATH: '/usr/bin',
      HOME: '/home/runner',
      DOCKER_CONFIG: '/tmp/login-config',
      TRIVY_USERNAME: 'ci-bot',
      TRIVY_PASSWORD: 'hunter2',
      TRIVY_REGISTRY_TOKEN: 'tok',
      DOCKER_AUTH_CONFIG: '{"auths":{}}',
      GITHUB_TOKEN: 'ghs_x',
      TRIVY_DB_REPOSITORY: 'ghcr.io/aquasecurity/trivy-db:2',
    };
    expect(anonymousEnv(env, '/tmp/empty')).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      DOCKER_CONFIG: '/tmp/empty',
      TRIVY_DB_REPOSITORY: 'ghcr.io/aquasecurity/trivy-db:2',
    });
  });
});
