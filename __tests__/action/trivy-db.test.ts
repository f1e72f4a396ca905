// The vulnerability DB through the bundle: one download per job before the first scan, from the
// repositories in order, retried only on a rate limit or a server error, anonymously; a fresh
// cache means no download; when every repository fails, a DB downloaded within
// trivy-db-max-age still serves (with a warning), anything else fails the scan closed and
// deploys nothing. The Trivy stand-in records every call and fails per repository on demand.

import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../harness/runner.js';
import { seedTrivyDb } from '../harness/trivy-db.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import { CLEAN_REPORTS, EVENTS, branchTip, flagValues, payload, readFakeCalls, runWithFakes, scanCalls, sourceTree, type ToolCall } from './support.js';

const SERVICE = 'signal-generation-engine';
const LATEST = `ghcr.io/ftmo-labs/${SERVICE}:latest`;
const MIRROR = 'mirror.gcr.io/aquasec/trivy-db:2';
const ECR = 'public.ecr.aws/aquasecurity/trivy-db:2';
const GHCR = 'ghcr.io/aquasecurity/trivy-db:2';
const INTERNAL = 'registry.corp.example:5000/security/trivy-db:2';
const INTERNAL_BACKUP = 'trivy-db.corp.example/aquasec/trivy-db:2';

let ws: Workspace;
let tmp: string;
let runs = 0;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ftmo-trivy-db-'));
  ws = await makeWorkspace({ files: sourceTree([SERVICE]) });
}, 60_000);

afterAll(async () => {
  await ws.dispose();
  await rm(tmp, { recursive: true, force: true });
});

interface Run {
  result: ActionResult;
  trivy: ToolCall[];
  docker: ToolCall[];
  downloads: ToolCall[];
  scans: ToolCall[];
}

/** A push to main with the fakes; `mode: build` unless a test needs the deploy. */
async function run(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<Run> {
  const log = path.join(tmp, `calls-${++runs}.jsonl`);
  const result = await runWithFakes({
    service: SERVICE,
    event: 'push',
    payload: payload('push'),
    ref: EVENTS.push.ref,
    // The workspace's commit: every mode but plan builds only the commit the run is for.
    sha: ws.sha,
    workspace: ws.dir,
    inputs: { mode: 'build', ...inputs },
    log,
    reports: CLEAN_REPORTS,
    env,
  });
  const { docker, trivy } = await readFakeCalls(log);
  return {
    result,
    trivy,
    docker,
    downloads: trivy.filter((call) => call.argv[0] === 'image' && call.argv.includes('--download-db-only')),
    scans: scanCalls(trivy),
  };
}

const repositoryOf = (call: ToolCall): string => flagValues(call.argv, '--db-repository')[0] ?? '';
/** The harness's HOME is beside RUNNER_TEMP; Trivy's default cache directory is in it. */
const defaultCacheDir = (result: ActionResult): string => path.join(path.dirname(result.runnerTemp), 'home', '.cache', 'trivy');

describe('the vulnerability DB', () => {
  it('is downloaded once, anonymously, from the first default repository, and both platform scans share it', async () => {
    const r = await run({}, { TRIVY_USERNAME: 'ci-bot', TRIVY_PASSWORD: 'hunter2-db', GITHUB_TOKEN: 'ghs_notForMirrors' });
    try {
      expect(r.result.code, r.result.stdout).toBe(0);
      const cacheDir = defaultCacheDir(r.result);
      expect(r.downloads.map((call) => call.argv)).toEqual([['image', '--download-db-only', '--db-repository', MIRROR, '--cache-dir', cacheDir, '--no-progress']]);
      // The download comes before the first scan; every scan reads the same cache, never downloads.
      expect(r.trivy.indexOf(r.downloads[0] as ToolCall)).toBeLessThan(r.trivy.indexOf(r.scans[0] as ToolCall));
      expect(r.scans).toHaveLength(2);
      for (const scan of r.scans) {
        expect(flagValues(scan.argv, '--cache-dir')).toEqual([cacheDir]);
        expect(scan.argv).toContain('--skip-db-update');
      }

      // Anonymous: an empty private docker config, not the login's, and no credential variable.
      const [download] = r.downloads as [ToolCall & { dockerConfigEntries: string[]; dockerConfigMode: string; auths: string[]; credentialEnv: string[] }];
      expect(download.dockerConfig).not.toBe(r.scans[0]?.dockerConfig);
      expect(path.relative(r.result.runnerTemp, download.dockerConfig ?? '/').startsWith('..')).toBe(false);
      expect(download.dockerConfigEntries).toEqual([]);
      expect(download.dockerConfigMode).toBe('700');
      expect(download.auths).toEqual([]);
      expect(download.credentialEnv).toEqual([]);
      expect(download.envKeys).not.toContain('GITHUB_TOKEN');
      expect((r.scans[0] as ToolCall & { auths: string[] }).auths).toEqual(['ghcr.io']);

      expect(r.result.summary).toMatch(/^Vulnerability DB: updated \d{4}-\d\d-\d\dT\d\d\\:\d\d\\:\d\d\.\d{3}Z \(3 h old\), downloaded from `mirror\.gcr\.io\/aquasec\/trivy-db:2`; downloaded .* \(\d+ s ago\)\.$/m);
      const metadata = JSON.parse(await readFile(path.join(cacheDir, 'db', 'metadata.json'), 'utf8')) as { Version: number };
      expect(metadata.Version).toBe(2);
    } finally {
      await r.result.dispose();
    }
  });

  it('falls back in order, without retrying a 404 or an unknown host', async () => {
    const r = await run({}, { TRIVY_FAKE_DB_FAIL: JSON.stringify({ [MIRROR]: '404', [ECR]: 'dns' }) });
    try {
      expect(r.result.code, r.result.stdout).toBe(0);
      expect(r.downloads.map(repositoryOf)).toEqual([MIRROR, ECR, GHCR]);
      expect(r.result.stdout).toContain('404 MANIFEST_UNKNOWN (not found)');
      expect(r.result.stdout).toContain('no such host (DNS)');
      expect(r.result.summary).toContain('downloaded from `ghcr.io/aquasecurity/trivy-db:2`');
      expect(r.scans).toHaveLength(2);
    } finally {
      await r.result.dispose();
    }
  });

  it('asks a rate-limited repository again, and stops once it answers', async () => {
    const r = await run({}, { TRIVY_FAKE_DB_FAIL: JSON.stringify({ [MIRROR]: { fail: '429', times: 1 } }) });
    try {
      expect(r.result.code, r.result.stdout).toBe(0);
      expect(r.downloads.map(repositoryOf)).toEqual([MIRROR, MIRROR]);
      expect(r.result.stdout).toContain('429 TOOMANYREQUESTS (rate limit)');
      expect(r.result.summary).toContain('downloaded from `mirror.gcr.io/aquasec/trivy-db:2`');
    } finally {
      await r.result.dispose();
    }
  });

  it('downloads nothing when the cached DB is fresh', async () => {
    const cacheDir = path.join(tmp, 'fresh-cache');
    const seeded = await seedTrivyDb(cacheDir, { updatedHoursAgo: 5, downloadedHoursAgo: 2, nextUpdateInHours: 19 });
    const r = await run({ 'trivy-cache-dir': cacheDir });
    try {
      expect(r.result.code, r.result.stdout).toBe(0);
      expect(r.downloads).toEqual([]);
      expect(r.scans.map((scan) => flagValues(scan.argv, '--cache-dir'))).toEqual([[cacheDir], [cacheDir]]);
      expect(r.result.summary).toContain(`from the cache (\`${cacheDir}\`; fresh until ${seeded.NextUpdate.slice(0, 23).replace(/:/g, '\\:')}Z), nothing downloaded`);
      expect(r.result.summary).toContain('(5 h old)');
    } finally {
      await r.result.dispose();
    }
  });

  it('scans with a cached DB downloaded within trivy-db-max-age when every repository fails, with a warning and its age', async () => {
    const cacheDir = path.join(tmp, 'recent-cache');
    await seedTrivyDb(cacheDir, { updatedHoursAgo: 32, downloadedHoursAgo: 30, nextUpdateInHours: -8 });
    const r = await run(
      { 'trivy-cache-dir': cacheDir, 'trivy-db-repositories': `${INTERNAL}\n${INTERNAL_BACKUP}` },
      { TRIVY_FAKE_DB_FAIL: JSON.stringify({ [INTERNAL]: 'denied', [INTERNAL_BACKUP]: 'dns' }) },
    );
    try {
      expect(r.result.code, r.result.stdout).toBe(0);
      expect(r.result.outputs['scan-result']).toBe('passed');
      expect(r.downloads.map(repositoryOf)).toEqual([INTERNAL, INTERNAL_BACKUP]);
      expect(r.scans).toHaveLength(2);
      expect(r.result.stdout).toMatch(/^::warning::The vulnerability DB could not be updated \(.*DENIED \(access refused\).*no such host \(DNS\)\); scanning with the cached DB downloaded 1 d 6 h ago/m);
      expect(r.result.summary).toContain('every repository failed');
      expect(r.result.summary).toContain('(1 d 8 h old)');
      expect(r.result.summary).toMatch(/^> \[!WARNING\]\n> The vulnerability DB could not be updated/m);
    } finally {
      await r.result.dispose();
    }
  });

  it.each([
    ['no DB at all', undefined, 'there is no DB (no db/metadata.json)'],
    ['a DB downloaded longer ago than trivy-db-max-age', { updatedHoursAgo: 100, downloadedHoursAgo: 98, nextUpdateInHours: -76 }, 'the DB was downloaded 4 d 2 h ago'],
  ])('fails the scan closed and deploys nothing with %s when every repository fails', async (_what, seed, why) => {
    const cacheDir = path.join(tmp, `closed-${runs}`);
    if (seed !== undefined) await seedTrivyDb(cacheDir, seed);
    const manifestsBefore = branchTip(ws.remote, 'manifests');
    const r = await run(
      { mode: 'auto', 'trivy-cache-dir': cacheDir, 'trivy-db-repositories': `${INTERNAL}\n${INTERNAL_BACKUP}` },
      { TRIVY_FAKE_DB_FAIL: JSON.stringify({ [INTERNAL]: '404', [INTERNAL_BACKUP]: 'dns' }) },
    );
    try {
      expect(r.result.code).toBe(1);
      expect(r.result.outputs['scan-result']).toBe('failed');
      const error = r.result.errors.join('\n');
      expect(error).toContain('No repository could provide the vulnerability DB, so the scan fails closed');
      expect(error).toContain(`- "${INTERNAL}": 404 MANIFEST_UNKNOWN (not found)`);
      expect(error).toContain(`- "${INTERNAL_BACKUP}": no such host (DNS)`);
      expect(error).toContain(why);
      expect(r.scans).toEqual([]);
      // Nothing promoted, nothing pinned.
      expect(r.docker.filter((call) => flagValues(call.argv, '--tag').includes(LATEST))).toEqual([]);
      expect(branchTip(ws.remote, 'manifests')).toBe(manifestsBefore);
      expect(r.result.outputs['manifests-changed']).toBe('false');
    } finally {
      await r.result.dispose();
    }
  });
});
