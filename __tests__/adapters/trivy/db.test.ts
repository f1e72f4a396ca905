// prepareTrivyDb with the Trivy stand-in and an injected clock: how long it waits between
// attempts (recorded, never slept), and where the cache directory is.

import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareTrivyDb, resolveCacheDir } from '../../../src/adapters/trivy/db.js';

const FAKE_TRIVY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/bin/trivy');
const MIRROR = 'mirror.gcr.io/aquasec/trivy-db:2';
const ECR = 'public.ecr.aws/aquasecurity/trivy-db:2';

let dir: string;
let sleeps: number[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'trivy-db-adapter-'));
  sleeps = [];
  chmodSync(FAKE_TRIVY, 0o755);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function env(fail: Record<string, unknown>): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TRIVY_FAKE_LOG: path.join(dir, 'calls.jsonl'), TRIVY_FAKE_DB_FAIL: JSON.stringify(fail) };
}

const waiting = {
  now: () => new Date(),
  sleep: async (ms: number) => {
    sleeps.push(ms);
  },
  random: () => 0.5,
};

function downloads(): string[] {
  const log = path.join(dir, 'calls.jsonl');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { argv: string[] }).argv)
    .map((argv) => argv[argv.indexOf('--db-repository') + 1] ?? '');
}

function options() {
  return { cacheDir: path.join(dir, 'cache'), repositories: [MIRROR, ECR], maxAgeMs: 72 * 3_600_000, tempRoot: dir };
}

describe('prepareTrivyDb backoff', () => {
  it('asks a repository answering 503 three times, 750 ms then 1500 ms apart (equal jitter at 0.5), then the next', async () => {
    const status = await prepareTrivyDb(FAKE_TRIVY, options(), env({ [MIRROR]: '503' }), waiting);
    expect(downloads()).toEqual([MIRROR, MIRROR, MIRROR, ECR]);
    expect(sleeps).toEqual([750, 1500]);
    expect(status.source).toBe('repository');
    expect(status.repository).toBe(ECR);
    expect(status.failures).toEqual([{ repository: MIRROR, attempts: 3, failure: { kind: 'server-error', retry: true, answer: '503 Service Unavailable (server error)' } }]);
  });

  it('stops retrying as soon as a rate-limited repository answers', async () => {
    await prepareTrivyDb(FAKE_TRIVY, options(), env({ [MIRROR]: { fail: '429', times: 1 } }), waiting);
    expect(downloads()).toEqual([MIRROR, MIRROR]);
    expect(sleeps).toEqual([750]);
  });

  it('does not wait before the next repository after a 404', async () => {
    await prepareTrivyDb(FAKE_TRIVY, options(), env({ [MIRROR]: '404' }), waiting);
    expect(downloads()).toEqual([MIRROR, ECR]);
    expect(sleeps).toEqual([]);
  });
});

describe('resolveCacheDir', () => {
  it.each([
    ['~/.cache/trivy', '/home/runner', '/home/runner/work/r/r', '/home/runner/.cache/trivy'],
    ['~', '/home/runner', '/w', '/home/runner'],
    ['/var/cache/trivy', '/home/runner', '/w', '/var/cache/trivy'],
    ['.cache/trivy', '/home/runner', '/home/runner/work/r/r', '/home/runner/work/r/r/.cache/trivy'],
  ])('%s (HOME %s, workspace %s) is %s', (value, home, workspace, expected) => {
    expect(resolveCacheDir(value, home, workspace)).toBe(expected);
  });
});
