import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { convertToSarif, scanPlatform, type TrivyScanOptions } from '../../src/adapters/trivy/scan.js';
import { ToolError } from '../../src/domain/errors.js';
import type { Inputs } from '../../src/domain/inputs/input-rules.js';
import type { BuildResult, Plan, RunContext, ScanPlan } from '../../src/domain/types.js';
import type { Runtime } from '../../src/runtime.js';
import { scanImage } from '../../src/stages/scan.js';
import { seedTrivyDb } from '../harness/trivy-db.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FAKE_TRIVY = path.join(HERE, '..', 'fixtures', 'bin', 'trivy');
const REPORTS = path.join(HERE, '..', 'fixtures', 'trivy');
const REGISTRY = '127.0.0.1:5000';
const DIGEST = `sha256:${'4d7c1e0f'.repeat(8)}`;
const IMAGE = `${REGISTRY}/ftmo/signal-generation-engine`;
const REF = `${IMAGE}@${DIGEST}`;
const PASSWORD = 'ghp_s3cr3t-registry-password';

interface Call {
  argv: string[];
  dockerConfig: string | null;
  auths: string[];
  credentialEnv: string[];
  envKeys: string[];
  dockerConfigEntries: string[] | null;
}

let root: string;
let dir: string;
let logFile: string;
let dockerConfig: string;
let workspace: string;
let runnerTemp: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trivy-adapter-test-'));
  chmodSync(FAKE_TRIVY, 0o755);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(root, 'case-'));
  logFile = path.join(dir, 'calls.jsonl');
  workspace = path.join(dir, 'workspace');
  runnerTemp = path.join(dir, 'runner-temp');
  mkdirSync(workspace);
  // The registry session's private docker config, as `docker login --password-stdin` leaves it.
  dockerConfig = path.join(dir, 'docker-config');
  mkdirSync(dockerConfig);
  const auth = Buffer.from(`ci-bot:${PASSWORD}`).toString('base64');
  writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [REGISTRY]: { auth } } }));
  // scanPlatform's scans run with --skip-db-update on the DB prepared before them.
  await seedTrivyDb(path.join(dir, 'trivy-cache'), { updatedHoursAgo: 2, downloadedHoursAgo: 1, nextUpdateInHours: 22 });
});

const calls = (): Call[] =>
  existsSync(logFile)
    ? readFileSync(logFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Call)
    : [];

function fakeEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    TRIVY_FAKE_LOG: logFile,
    TRIVY_FAKE_REPORTS: JSON.stringify({
      'linux/amd64': path.join(REPORTS, 'report-amd64.json'),
      'linux/arm64': path.join(REPORTS, 'report-arm64.json'),
    }),
    TRIVY_FAKE_REQUIRE_AUTH: REGISTRY,
    DOCKER_CONFIG: dockerConfig,
    ...extra,
  };
}

function options(overrides: Partial<TrivyScanOptions> = {}): TrivyScanOptions {
  return {
    outputFile: path.join(dir, 'report.json'),
    ignoreUnfixed: true,
    ignorefile: path.join(workspace, '.trivyignore'),
    timeout: '10m',
    watchdogMs: 60_000,
    cacheDir: path.join(dir, 'trivy-cache'),
    ...overrides,
  };
}

describe('scanPlatform', () => {
  it('runs trivy image on the digest for one platform, with the ignore file when it exists', async () => {
    writeFileSync(path.join(workspace, '.trivyignore'), 'CVE-2031-1002\n');
    const report = await scanPlatform(FAKE_TRIVY, REF, 'linux/arm64', options(), fakeEnv());

    expect(calls().map((c) => c.argv)).toEqual([
      [
        'image',
        '--image-src',
        'remote',
        '--platform',
        'linux/arm64',
        '--scanners',
        'vuln',
        '--format',
        'json',
        '--output',
        path.join(dir, 'report.json'),
        '--ignore-unfixed',
        '--ignorefile',
        path.join(workspace, '.trivyignore'),
        '--timeout',
        '10m',
        '--cache-dir',
        path.join(dir, 'trivy-cache'),
        '--skip-db-update',
        '--quiet',
        REF,
      ],
    ]);
    expect(report.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2031-1001', 'CVE-2031-1004', 'GHSA-2fq4-m5x8-c7wv']);
  });

  it('leaves out --ignore-unfixed when not asked, and --ignorefile when there is no such file', async () => {
    await scanPlatform(FAKE_TRIVY, REF, 'linux/amd64', options({ ignoreUnfixed: false }), fakeEnv());
    const [call] = calls();
    expect(call?.argv).not.toContain('--ignore-unfixed');
    expect(call?.argv).not.toContain('--ignorefile');
    expect(call?.argv.slice(3, 5)).toEqual(['--platform', 'linux/amd64']);
  });

  it('never passes --ignorefile for a directory', async () => {
    mkdirSync(path.join(workspace, '.trivyignore'));
    await scanPlatform(FAKE_TRIVY, REF, 'linux/amd64', options(), fakeEnv());
    expect(calls()[0]?.argv).not.toContain('--ignorefile');
  });

  it('gives Trivy the registry credentials only through DOCKER_CONFIG', async () => {
    await scanPlatform(FAKE_TRIVY, REF, 'linux/amd64', options(), fakeEnv());
    const [call] = calls();
    expect(call?.dockerConfig).toBe(dockerConfig);
    expect(call?.auths).toEqual([REGISTRY]);
    expect(call?.credentialEnv).toEqual([]);
    const argv = JSON.stringify(call?.argv);
    expect(argv).not.toContain(PASSWORD);
    expect(argv).not.toContain('ci-bot');
    expect(argv).not.toContain(Buffer.from(`ci-bot:${PASSWORD}`).toString('base64'));
    // go-containerregistry talks plain HTTP to 127.0.0.1 by itself; --insecure would also switch
    // off TLS verification of the DB download.
    expect(call?.argv).not.toContain('--insecure');
  });

  it('fails closed, with Trivy\'s error, when the credentials are not there', async () => {
    const env = fakeEnv();
    delete env.DOCKER_CONFIG;
    await expect(scanPlatform(FAKE_TRIVY, REF, 'linux/amd64', options(), env)).rejects.toThrow(/UNAUTHORIZED: authentication required/);
  });

  it.each([
    ['fails', 'fail', /exited with code 1; its stderr ends with:\n.*MANIFEST_UNKNOWN: manifest unknown/s],
    ['times out', 'deadline', /exited with code 1 \(it timed out\); its stderr ends with:\n.*context deadline exceeded.*Provide a higher timeout value/s],
    ['prints garbage', 'garbage', /The Trivy report is not valid JSON .*; the gate fails closed; its stderr ends with:\n.*Vulnerability scanning is enabled/s],
    ['writes no report', 'no-output', /it wrote no report to ".*report\.json"; its stderr ends with/],
  ])('fails closed when Trivy %s, with its stderr in the message', async (_label, mode, message) => {
    const promise = scanPlatform(FAKE_TRIVY, REF, 'linux/amd64', options(), fakeEnv({ TRIVY_FAKE_MODE: mode }));
    await expect(promise).rejects.toThrow(ToolError);
    await expect(scanPlatform(FAKE_TRIVY, REF, 'linux/amd64', options(), fakeEnv({ TRIVY_FAKE_MODE: mode }))).rejects.toThrow(message);
  });

  it('never reads a report left over from an earlier run', async () => {
    writeFileSync(path.join(dir, 'report.json'), readFileSync(path.join(REPORTS, 'report-clean.json')));
    await expect(scanPlatform(FAKE_TRIVY, REF, 'linux/amd64', options(), fakeEnv({ TRIVY_FAKE_MODE: 'no-output' }))).rejects.toThrow(
      /wrote no report/,
    );
  });

  it('stops a Trivy that does not answer in time, and fails closed', async () => {
    // It would hang far past the test's own timeout: only killing it lets the scan return.
    const env = fakeEnv({ TRIVY_FAKE_MODE: 'hang', TRIVY_FAKE_HANG_MS: '600000' });
    await expect(scanPlatform(FAKE_TRIVY, REF, 'linux/amd64', options({ watchdogMs: 200 }), env)).rejects.toThrow(
      /Trivy could not scan .* no answer after 1 s, so it was stopped; the gate fails closed/,
    );
  });

  it('fails closed when Trivy cannot be started', async () => {
    await expect(scanPlatform(path.join(dir, 'no-trivy'), REF, 'linux/amd64', options(), fakeEnv())).rejects.toThrow(/exited with code 127/);
  });

  it('quotes stderr lines so they cannot become workflow commands', async () => {
    const env = fakeEnv({ TRIVY_FAKE_MODE: 'fail' });
    const error = (await scanPlatform(FAKE_TRIVY, '::error::pwned', 'linux/amd64', options(), env).then(
      () => new Error('no error'),
      (e: unknown) => e,
    )) as Error;
    const lines = error.message.split('\n').slice(1);
    expect(lines.join('\n')).toContain('pwned');
    for (const line of lines) expect(line.startsWith('"')).toBe(true);
    expect(error.message).not.toContain('::error::');
  });
});

describe('convertToSarif', () => {
  it('converts the JSON report of the same scan to SARIF 2.1.0', async () => {
    const json = path.join(REPORTS, 'report-amd64.json');
    const sarif = (await convertToSarif(FAKE_TRIVY, json, path.join(dir, 'out.sarif'), fakeEnv())) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    expect(calls().map((c) => c.argv)).toEqual([['convert', '--format', 'sarif', '--output', path.join(dir, 'out.sarif'), '--quiet', json]]);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['CVE-2031-1001', 'CVE-2031-1002', 'CVE-2031-1003', 'GHSA-2fq4-m5x8-c7wv']);
  });

  it('fails closed with stderr when the conversion fails', async () => {
    const json = path.join(REPORTS, 'report-amd64.json');
    await expect(convertToSarif(FAKE_TRIVY, json, path.join(dir, 'out.sarif'), fakeEnv({ TRIVY_FAKE_CONVERT_MODE: 'fail' }))).rejects.toThrow(
      /could not convert .* exited with code 1; its stderr ends with:\n.*unexpected end of JSON input/s,
    );
  });
});

describe('scanImage', () => {
  const pushed: BuildResult = { pushed: true, digest: DIGEST, platformDigests: {} };

  function plan(scan: Partial<ScanPlan> = {}): Plan {
    return {
      service: 'signal-generation-engine',
      image: IMAGE,
      registry: REGISTRY,
      scan: {
        enabled: true,
        reason: 'scan is true',
        trivyVersion: '0.69.3',
        trivySha256: '',
        trivyDownloadUrl: 'https://github.com/aquasecurity/trivy/releases/download',
        trivyPath: FAKE_TRIVY,
        failOn: ['CRITICAL', 'HIGH'],
        ignoreUnfixed: true,
        trivyignore: '.trivyignore',
        trivyCacheDir: '~/.cache/trivy',
        trivyDbRepositories: ['mirror.gcr.io/aquasec/trivy-db:2'],
        trivyDbMaxAgeMs: 72 * 3_600_000,
        platforms: ['linux/amd64', 'linux/arm64'],
        ...scan,
      },
    } as Plan;
  }

  function runtime(extra: Record<string, string> = {}): Runtime {
    const env = fakeEnv(extra);
    delete env.DOCKER_CONFIG;
    return {
      env: { ...env, RUNNER_TEMP: runnerTemp },
      ctx: { workspace } as RunContext,
      inputs: {} as Inputs,
      now: () => new Date(0),
      sleep: async () => {},
      random: () => 0.5,
    };
  }
  const session = () => ({ env: { DOCKER_CONFIG: dockerConfig } });

  it('scans every platform by the index digest, gates on the merged findings and writes one SARIF file', async () => {
    const result = await scanImage(plan(), pushed, session(), runtime());

    const imageCalls = calls().filter((c) => c.argv[0] === 'image' && !c.argv.includes('--download-db-only'));
    expect(imageCalls.map((c) => [c.argv[4], c.argv[c.argv.length - 1], c.dockerConfig])).toEqual([
      ['linux/amd64', REF, dockerConfig],
      ['linux/arm64', REF, dockerConfig],
    ]);
    expect(calls().filter((c) => c.argv[0] === 'convert')).toHaveLength(2);
    expect(result.outcome).toBe('failed');
    expect(result.reason).toBe(
      '3 findings at CRITICAL, HIGH: "CVE-2031-1001" in "libssl3" (CRITICAL), "CVE-2031-1004" in "libgnutls30" (HIGH), "GHSA-2fq4-m5x8-c7wv" in "requests" (HIGH)',
    );
    expect(result.counts).toEqual({ CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 0, UNKNOWN: 0 });
    expect(result.countsByPlatform).toEqual({
      'linux/amd64': { CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 0, UNKNOWN: 0 },
      'linux/arm64': { CRITICAL: 1, HIGH: 2, MEDIUM: 0, LOW: 0, UNKNOWN: 0 },
    });
    expect(result.findings.map((f) => f.id)).toEqual(['CVE-2031-1001', 'CVE-2031-1004', 'GHSA-2fq4-m5x8-c7wv', 'CVE-2031-1003']);

    expect(result.sarifFile.startsWith(runnerTemp + path.sep)).toBe(true);
    const sarif = JSON.parse(readFileSync(result.sarifFile, 'utf8')) as { version: string; runs: { automationDetails: { id: string }; results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs.map((r) => [r.automationDetails.id, r.results.length])).toEqual([
      ['ftmo-deploy/signal-generation-engine/linux/amd64/', 4],
      ['ftmo-deploy/signal-generation-engine/linux/arm64/', 3],
    ]);
  });

  it("gives Trivy an allow-list of the job's environment: no inputs, runner tokens or the job's secrets", async () => {
    const rt = runtime({
      'INPUT_REGISTRY-PASSWORD': PASSWORD,
      INPUT_MANIFESTS_TOKEN: 'ghs_token',
      ACTIONS_RUNTIME_TOKEN: 'rt',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
      GITHUB_TOKEN: 'ghs_job',
      GH_TOKEN: 'gho_cli',
      AWS_SECRET_ACCESS_KEY: 'aws',
      NPM_TOKEN: 'npm',
      HTTPS_PROXY: 'http://proxy.corp:3128',
    });
    rt.env.DOCKER_CONFIG = path.join(dir, 'the-runners-own-docker-config');
    await scanImage(plan(), pushed, session(), rt);
    expect(calls().map((call) => call.argv[0])).toEqual(['--version', 'image', 'image', 'convert', 'image', 'convert']);
    const [version, download, ...scans] = calls();
    // The DB download runs anonymously: a docker config of its own, empty.
    expect(download?.argv).toContain('--download-db-only');
    expect(download?.dockerConfig).not.toBe(dockerConfig);
    expect(download?.dockerConfigEntries).toEqual([]);
    for (const call of [version!, download!, ...scans]) {
      expect(call.envKeys.filter((k) => !/^TRIVY_FAKE_/.test(k))).toEqual(['DOCKER_CONFIG', 'HOME', 'HTTPS_PROXY', 'PATH']);
      expect(JSON.stringify(call.argv)).not.toContain(PASSWORD);
    }
    for (const call of [version!, ...scans]) expect(call.dockerConfig).toBe(dockerConfig);
  });

  it('passes with fail-on none, and counts unfixed findings when ignore-unfixed is off', async () => {
    const result = await scanImage(plan({ failOn: [], ignoreUnfixed: false }), pushed, session(), runtime());
    expect(result.outcome).toBe('passed');
    expect(result.reason).toBe('fail-on is none: report only (5 findings after filtering)');
    expect(result.counts).toEqual({ CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 1, UNKNOWN: 0 });
    expect(calls().filter((c) => c.argv[0] === 'image').every((c) => !c.argv.includes('--ignore-unfixed'))).toBe(true);
  });

  it('passes a clean image', async () => {
    const clean = path.join(REPORTS, 'report-clean.json');
    const rt = runtime({ TRIVY_FAKE_REPORTS: JSON.stringify({ 'linux/amd64': clean, 'linux/arm64': clean }) });
    const result = await scanImage(plan(), pushed, session(), rt);
    expect(result).toMatchObject({ outcome: 'passed', reason: 'no finding at CRITICAL, HIGH (0 findings after filtering)', findings: [] });
  });

  it('uses the workspace .trivyignore', async () => {
    writeFileSync(path.join(workspace, '.trivyignore'), 'CVE-2031-1002\n');
    await scanImage(plan(), pushed, session(), runtime());
    const argv = calls().find((c) => c.argv[0] === 'image' && c.argv.includes('--platform'))?.argv ?? [];
    expect(argv[argv.indexOf('--ignorefile') + 1]).toBe(path.join(workspace, '.trivyignore'));
  });

  it.each([
    ['the scan is disabled', plan({ enabled: false, reason: 'scan is false' }), pushed, 'scan is false'],
    ['nothing was pushed', plan(), { pushed: false, digest: '', platformDigests: {} }, 'nothing was pushed, so there is no image to scan'],
  ])('is skipped when %s, running nothing', async (_label, p, build, reason) => {
    const result = await scanImage(p, build, session(), runtime());
    expect(result).toEqual({
      outcome: 'skipped',
      reason,
      counts: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 },
      countsByPlatform: {},
      findings: [],
      sarifFile: '',
    });
    expect(calls()).toEqual([]);
  });

  it('fails closed when one platform cannot be scanned', async () => {
    const rt = runtime({ TRIVY_FAKE_REPORTS: JSON.stringify({ 'linux/amd64': path.join(REPORTS, 'report-clean.json') }) });
    await expect(scanImage(plan(), pushed, session(), rt)).rejects.toThrow(/for "linux\/arm64": it exited with code 1.*platform not found/s);
  });

  it('refuses a digest that is not a sha256 digest', async () => {
    await expect(scanImage(plan(), { ...pushed, digest: 'latest' }, session(), runtime())).rejects.toThrow(/not sha256:<64 hex>: "latest"/);
    expect(calls()).toEqual([]);
  });
});
