// The whole `auto` flow of the bundle through the runner harness: fake docker and fake Trivy
// (given as `trivy-path`, so nothing is downloaded) record every call in one log, in order;
// git and `kubectl kustomize` are real. One source repository with a bare origin is shared by
// the tests of this file, which run in order: each states what the manifests branch holds
// before it. Expected values come from the README.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import {
  CLEAN_REPORTS,
  EVENTS,
  FAKE_PLATFORM_DIGESTS,
  OVERLAY,
  STATE_FILE,
  TRIVY_REPORTS,
  VULNERABLE_REPORTS,
  branchTip,
  fakeIndexDigest,
  flagValues,
  git,
  isDockerCall,
  payload,
  readFakeCalls,
  runWithFakes,
  scanCalls,
  showFile,
  sourceTree,
  startsWith,
  type EventFixture,
  type ToolCall,
} from './support.js';

const SERVICE = 'signal-generation-engine';
const IMAGE = 'ghcr.io/ftmo-labs/signal-generation-engine';
const LATEST = `${IMAGE}:latest`;
const BRANCH = 'manifests';
const TOKEN = 'ghs_Pipe1ineT0kenNeverLogged0123456789abcdef';
const PASSWORD = 'ghp_RegistryPassw0rdNeverLogged9876543210';
const RUN_URL = 'https://github.com/Ftmo-Labs/dax-trading/actions/runs/4242';
const NO_FINDINGS = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
// report-amd64 + report-arm64 after ignore-unfixed, each (ID, package) once across platforms:
// CVE-2031-1001 libssl3 CRITICAL (both), GHSA-2fq4-m5x8-c7wv requests HIGH (both),
// CVE-2031-1004 libgnutls30 HIGH, CVE-2031-1003 libc6 MEDIUM; CVE-2031-1002 has no fix.
const VULNERABLE_COUNTS = { CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 0, UNKNOWN: 0 };


let ws: Workspace;
let tmp: string;
let logs = 0;
const DIGEST = fakeIndexDigest();

interface Run {
  result: ActionResult;
  calls: ToolCall[];
  docker: ToolCall[];
  trivy: ToolCall[];
}

interface RunOptions {
  fixture: EventFixture;
  event?: string;
  ref?: string;
  sha: string;
  workspace: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  reports?: Record<string, string>;
  post?: boolean;
}

const results: ActionResult[] = [];

/**
 * Runs the bundle with the fakes. Every run is checked for what must never happen: a token or
 * password in a recorded argv, in the log (other than masked), in a file under RUNNER_TEMP, in
 * the origin's or the checkout's git config; a private docker config left behind.
 */
async function run(options: RunOptions): Promise<Run> {
  const log = path.join(tmp, `calls-${++logs}.jsonl`);
  const result = await runWithFakes({
    service: SERVICE,
    event: options.event ?? options.fixture,
    payload: payload(options.fixture),
    ref: options.ref ?? EVENTS[options.fixture].ref,
    sha: options.sha,
    workspace: options.workspace,
    token: TOKEN,
    inputs: {
      'registry-password': PASSWORD,
      // Build avoidance has its own tests (build-avoidance.test.ts): here a build pushes exactly its tags.
      'skip-unchanged': 'false',
      ...options.inputs,
    },
    log,
    reports: options.reports ?? CLEAN_REPORTS,
    env: options.env,
    post: options.post,
  });
  results.push(result);
  const recorded = await readFakeCalls(log);
  await expectNoLeftovers(result, recorded.calls, options.workspace);
  return { result, ...recorded };
}

async function expectNoLeftovers(result: ActionResult, calls: ToolCall[], workspace: string): Promise<void> {
  for (const secret of [TOKEN, PASSWORD, base64(`x-access-token:${TOKEN}`), base64(`jana-novak:${PASSWORD}`)]) {
    for (const call of calls) expect(call.argv.join(' ')).not.toContain(secret);
    const unmasked = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(unmasked).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
    expect(result.postStdout).not.toContain(secret);
    for (const file of await filesBelow(result.runnerTemp)) expect(await readFile(file, 'utf8'), file).not.toContain(secret);
    expect(await readFile(path.join(ws.remote, 'config'), 'utf8')).not.toContain(secret);
    expect(await readFile(path.join(workspace, '.git/config'), 'utf8')).not.toContain(secret);
  }
  // The inputs (secrets among them) never reach docker's environment.
  for (const call of calls.filter(isDockerCall)) expect(call.inputs).toEqual([]);
  // The private DOCKER_CONFIG lived under RUNNER_TEMP and is gone.
  for (const dir of new Set(calls.filter(isDockerCall).map((call) => call.dockerConfig))) {
    expect(dir).toBeTypeOf('string');
    expect(path.relative(result.runnerTemp, dir ?? '/').startsWith('..')).toBe(false);
    expect(existsSync(dir ?? '/'), `${dir} left behind`).toBe(false);
  }
}

function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

const builds = (r: Run): ToolCall[] => r.docker.filter((call) => startsWith(call, 'buildx', 'build'));
const logins = (r: Run): ToolCall[] => r.docker.filter((call) => startsWith(call, 'login'));
const creates = (r: Run): ToolCall[] => r.docker.filter((call) => startsWith(call, 'buildx', 'imagetools', 'create'));
const scans = (r: Run): ToolCall[] => scanCalls(r.trivy);
const latestCreates = (r: Run): ToolCall[] => creates(r).filter((call) => flagValues(call.argv, '--tag').includes(LATEST));

function vulnerabilities(r: Run): unknown {
  return JSON.parse(r.result.outputs.vulnerabilities ?? '');
}

/** The branch's commits, newest first: author, subject and body. */
function branchLog(): { sha: string; author: string; email: string; subject: string; body: string }[] {
  if (branchTip(ws.remote, BRANCH) === '') return [];
  return git(ws.remote, 'log', '--format=%H%x1f%an%x1f%ae%x1f%s%x1f%b%x1e', BRANCH)
    .split('\x1e')
    .map((record) => record.trim())
    .filter((record) => record !== '')
    .map((record) => {
      const [sha = '', author = '', email = '', subject = '', body = ''] = record.split('\x1f');
      return { sha, author, email, subject, body };
    });
}

interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

function overlayEntry(rev: string, service = SERVICE): ImageEntry | undefined {
  const doc = parse(showFile(ws.remote, rev, OVERLAY)) as { images: ImageEntry[] };
  return doc.images.find((entry) => entry.name === `ghcr.io/ftmo-labs/${service}`);
}

/** The overlay without the service's entry: what must stay byte for byte. */
function withoutEntry(text: string, service = SERVICE): string {
  return text.replace(new RegExp(`  - name: ghcr\\.io/ftmo-labs/${service}\\n(?:    .*\\n)*`), '');
}

function statePin(rev: string, service = SERVICE): Record<string, unknown> | undefined {
  const state = JSON.parse(showFile(ws.remote, rev, STATE_FILE)) as { pins: Record<string, Record<string, Record<string, unknown>>> };
  return state.pins[OVERLAY]?.[service];
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

// Commits of main: S (the initial import), then C2 and C3 made as the tests go.
let S: string;
let C2 = '';
let C2dir = '';

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ftmo-pipeline-'));
  ws = await makeWorkspace({ files: sourceTree() });
  S = ws.sha;
});

afterAll(async () => {
  for (const result of results) await result.dispose();
  await ws?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

describe('promotion only after the scan gate (no manifests branch yet)', () => {
  it('a CRITICAL fixed vulnerability fails the step; only the immutable tag was pushed', async () => {
    const r = await run({ fixture: 'push', sha: S, workspace: ws.dir, reports: VULNERABLE_REPORTS });
    expect(r.result.code).toBe(1);
    expect(r.result.errors.join('\n')).toMatch(/scan/i);
    expect(r.result.summary).toContain('CVE-2031-1001');
    expect(r.result.outputs['scan-result']).toBe('failed');
    expect(vulnerabilities(r)).toEqual(VULNERABLE_COUNTS);
    expect(builds(r)).toHaveLength(1);
    expect(flagValues(builds(r)[0]?.argv ?? [], '--tag')).toEqual([`${IMAGE}:main-${short(S)}`]);
    expect(scans(r)).toHaveLength(2);
    expect(creates(r)).toEqual([]);
    expect(r.result.outputs['manifests-changed']).toBe('false');
    expect(r.result.outputs['manifests-commit']).toBe('');
    expect(branchTip(ws.remote, BRANCH)).toBe('');
  });

  it.each([
    ['fail', 'MANIFEST_UNKNOWN'],
    ['garbage', ''],
    ['no-output', ''],
  ])('a broken scanner (%s) fails the step and never passes', async (mode, detail) => {
    const r = await run({ fixture: 'push', sha: S, workspace: ws.dir, env: { TRIVY_FAKE_MODE: mode } });
    expect(r.result.code).toBe(1);
    expect(r.result.errors.length).toBeGreaterThan(0);
    expect(r.result.errors.join('\n')).toMatch(/trivy/i);
    if (detail !== '') expect(r.result.errors.join('\n')).toContain(detail);
    // The stage it failed in leads the step's error and the summary's failure line.
    expect(r.result.errors[0]).toMatch(/^scan: Trivy /);
    expect(r.result.summary).toMatch(/^> \[!CAUTION\]\n> scan\\: Trivy /m);
    // Not streamed, yet the debug log says what ran and how it ended.
    const trivyRun = /^::debug::run: "[^"\n]*\/trivy" "image" [^\n]*"--format" "json"[^\n]*$/m.exec(r.result.stdout)?.[0];
    expect(trivyRun).toBeDefined();
    const line = trivyRun?.slice('::debug::run: '.length) ?? '';
    expect(r.result.stdout.split('\n')).toContainEqual(expect.stringMatching(new RegExp(`^::debug::exit code ${mode === 'fail' ? 1 : 0} in \\d+ ms: ${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)));
    expect(r.result.outputs['scan-result']).toBe('failed');
    expect(scans(r).length).toBeGreaterThan(0);
    expect(creates(r)).toEqual([]);
    expect(branchTip(ws.remote, BRANCH)).toBe('');
  });
});

describe("Trivy's input is held to what it needs (no manifests branch yet)", () => {
  const JOB_SECRETS = {
    GITHUB_TOKEN: 'ghs_JobGithubTokenGivenToTheStep000000000',
    GH_TOKEN: 'gho_JobGhCliTokenGivenToTheStep1111111111',
    AWS_ACCESS_KEY_ID: 'AKIAJOBKEYGIVENTOSTEP',
    AWS_SECRET_ACCESS_KEY: 'aws/JobSecretAccessKeyGivenToTheStep2222',
    NPM_TOKEN: 'npm_JobNpmTokenGivenToTheStep33333333333',
  };

  it("Trivy runs with PATH, HOME and the run's private docker config only: none of the job's tokens or keys", async () => {
    const envFile = path.join(tmp, 'trivy-env.jsonl');
    const jobDockerConfig = path.join(tmp, 'job-docker-config');
    const r = await run({
      fixture: 'push',
      sha: S,
      workspace: ws.dir,
      reports: VULNERABLE_REPORTS,
      env: { ...JOB_SECRETS, DOCKER_CONFIG: jobDockerConfig, TRIVY_FAKE_ENV_FILE: envFile },
    });
    expect(r.result.outputs['scan-result']).toBe('failed');
    const seen = (await readFile(envFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { argv: string[]; env: Record<string, string> });
    // The vulnerability DB download (with an empty docker config of its own), then a scan and a
    // conversion per platform: each is held to the same allow-list.
    const step = (argv: string[]): string => (argv.includes('--download-db-only') ? 'download-db' : (argv[0] ?? ''));
    expect(seen.map((call) => step(call.argv))).toEqual(['--version', 'download-db', 'image', 'convert', 'image', 'convert']);
    for (const { env } of seen) {
      expect(Object.keys(env).filter((name) => !name.startsWith('TRIVY_FAKE_')).sort()).toEqual(['DOCKER_CONFIG', 'HOME', 'PATH']);
      expect(env.DOCKER_CONFIG).not.toBe(jobDockerConfig);
      expect(path.relative(r.result.runnerTemp, env.DOCKER_CONFIG ?? '/').startsWith('..')).toBe(false);
      const values = JSON.stringify(env);
      for (const secret of [...Object.values(JOB_SECRETS), TOKEN, PASSWORD]) expect(values).not.toContain(secret);
    }
    expect(branchTip(ws.remote, BRANCH)).toBe('');
  });

  it.each([
    ["a severity word outside Trivy's set", 'report-unknown-severity.json', /"CVE-2031-2001" in "libexpat1" .*the Severity "SEVERE", which is not one of Trivy's/],
    [
      'a FixedVersion that is not a list of versions',
      'report-malformed-fixed-version.json',
      /"CVE-2031-2002" in "zlib1g" .*the FixedVersion "see https:\/\/security-tracker\.debian\.org", which is not a comma-separated list of versions/,
    ],
  ])('a report with %s fails the gate closed: nothing promoted or deployed', async (_label, file, message) => {
    const clean = path.join(TRIVY_REPORTS, 'report-clean.json');
    const odd = path.join(TRIVY_REPORTS, file);
    const r = await run({ fixture: 'push', sha: S, workspace: ws.dir, reports: { 'linux/amd64': clean, 'linux/arm64': odd } });
    expect(r.result.code).toBe(1);
    expect(r.result.errors.join('\n')).toMatch(message);
    expect(r.result.outputs['scan-result']).toBe('failed');
    expect(scans(r)).toHaveLength(2);
    expect(creates(r)).toEqual([]);
    expect(r.result.outputs['manifests-changed']).toBe('false');
    expect(branchTip(ws.remote, BRANCH)).toBe('');
  });
});

describe('a push to main', () => {
  let r: Run;
  beforeAll(async () => {
    // Without the post step: the main step itself must remove the private docker config.
    r = await run({ fixture: 'push', sha: S, workspace: ws.dir, post: false });
  });

  it('succeeds', () => {
    expect(r.result.errors, r.result.stdout).toEqual([]);
    expect(r.result.code).toBe(0);
  });

  it('logs in with --password-stdin only', () => {
    expect(logins(r)).toHaveLength(1);
    expect(logins(r)[0]?.argv).toEqual(['login', 'ghcr.io', '--username', 'jana-novak', '--password-stdin']);
    expect(logins(r)[0]?.stdin?.trim()).toBe(PASSWORD);
  });

  it('builds both platforms and pushes the immutable tag with the labels', () => {
    expect(builds(r)).toHaveLength(1);
    const argv = builds(r)[0]?.argv ?? [];
    expect(flagValues(argv, '--platform')).toEqual(['linux/amd64,linux/arm64']);
    expect(flagValues(argv, '--tag')).toEqual([`${IMAGE}:main-${short(S)}`]);
    expect(argv).toContain('--push');
    expect(flagValues(argv, '--file')).toEqual([`services/${SERVICE}/Dockerfile`]);
    expect(argv.at(-1)).toBe(`services/${SERVICE}`);
    const labels = flagValues(argv, '--label');
    expect(labels).toContain(`org.opencontainers.image.revision=${S}`);
    expect(labels).toContain('org.opencontainers.image.source=https://github.com/Ftmo-Labs/dax-trading');
    expect(labels).toContain(`org.opencontainers.image.version=main-${short(S)}`);
    expect(labels).toContain(`org.opencontainers.image.title=${SERVICE}`);
  });

  it('scans every platform by digest, then creates latest from that digest', () => {
    const scanned = scans(r);
    expect(scanned.map((call) => flagValues(call.argv, '--platform')[0]).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    for (const call of scanned) expect(call.argv.at(-1)).toBe(`${IMAGE}@${DIGEST}`);
    expect(latestCreates(r)).toHaveLength(1);
    expect(latestCreates(r)[0]?.argv.at(-1)).toBe(`${IMAGE}@${DIGEST}`);
    // Order of the recorded calls: build, then the scans, then latest.
    const index = (call: ToolCall | undefined): number => r.calls.indexOf(call as ToolCall);
    const lastScan = Math.max(...scanned.map(index));
    expect(index(builds(r)[0])).toBeLessThan(Math.min(...scanned.map(index)));
    expect(index(latestCreates(r)[0])).toBeGreaterThan(lastScan);
  });

  it('writes the build and scan outputs', async () => {
    const { outputs } = r.result;
    expect(outputs.version).toBe(`main-${short(S)}`);
    expect(outputs.digest).toBe(DIGEST);
    expect(JSON.parse(outputs['platform-digests'] ?? '')).toEqual(FAKE_PLATFORM_DIGESTS);
    expect(outputs['scan-result']).toBe('passed');
    expect(vulnerabilities(r)).toEqual(NO_FINDINGS);
    const sarif = outputs['sarif-file'] ?? '';
    expect(path.isAbsolute(sarif)).toBe(true);
    expect((await stat(sarif)).isFile()).toBe(true);
    const log = JSON.parse(await readFile(sarif, 'utf8')) as { version: string; runs: unknown[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs.length).toBeGreaterThan(0);
  });

  it('creates the manifests branch with one commit by github-actions[bot] pinning tag and digest', () => {
    const commits = branchLog();
    expect(commits).toHaveLength(1);
    const [commit] = commits;
    expect(commit?.sha).toBe(r.result.outputs['manifests-commit']);
    expect(r.result.outputs['manifests-changed']).toBe('true');
    expect(commit?.author).toBe('github-actions[bot]');
    expect(commit?.subject).toBe(`deploy(${SERVICE}): main-${short(S)}`);
    const body = commit?.body ?? '';
    expect(body).toMatch(new RegExp(`^Image: ${IMAGE}:main-${short(S)}$`, 'm'));
    expect(body).toMatch(new RegExp(`^Digest: ${DIGEST}$`, 'm'));
    expect(body).toMatch(new RegExp(`^Source-Commit: ${S}$`, 'm'));
    expect(body).toMatch(new RegExp(`^Run: ${RUN_URL}$`, 'm'));
    expect(overlayEntry(BRANCH)).toEqual({ name: IMAGE, newTag: `main-${short(S)}`, digest: DIGEST });
    // Everything but the service's entry is byte for byte the source's overlay.
    expect(withoutEntry(showFile(ws.remote, BRANCH, OVERLAY))).toBe(withoutEntry(showFile(ws.remote, S, OVERLAY)));
    expect(statePin(BRANCH)).toMatchObject({ image: IMAGE, tag: `main-${short(S)}`, digest: DIGEST, sourceCommit: S, runUrl: RUN_URL });
    // The source's main branch is not touched.
    expect(branchTip(ws.remote, 'main')).toBe(S);
  });

  it('a re-run of the same commit changes nothing', async () => {
    const tip = branchTip(ws.remote, BRANCH);
    const again = await run({ fixture: 'push', sha: S, workspace: ws.dir });
    expect(again.result.code, again.result.stdout).toBe(0);
    expect(again.result.outputs['manifests-changed']).toBe('false');
    expect(again.result.outputs['manifests-commit']).toBe('');
    expect(branchTip(ws.remote, BRANCH)).toBe(tip);
    expect(branchLog()).toHaveLength(1);
  });
});

describe('a newer commit C2', () => {
  beforeAll(() => {
    C2 = ws.commit({ [`services/${SERVICE}/app.py`]: 'print("signals v2")\n' }, 'Signals v2');
    C2dir = ws.checkout('main');
  });

  it('with a failing gate: exit 1, no latest, the manifests branch does not move', async () => {
    const tip = branchTip(ws.remote, BRANCH);
    const r = await run({ fixture: 'push', sha: C2, workspace: C2dir, reports: VULNERABLE_REPORTS });
    expect(r.result.code).toBe(1);
    expect(r.result.summary).toContain('CVE-2031-1001');
    expect(r.result.outputs['scan-result']).toBe('failed');
    expect(flagValues(builds(r)[0]?.argv ?? [], '--tag')).toEqual([`${IMAGE}:main-${short(C2)}`]);
    expect(creates(r)).toEqual([]);
    expect(branchTip(ws.remote, BRANCH)).toBe(tip);
  });

  it('the same findings with fail-on: none pass and deploy', async () => {
    const tip = branchTip(ws.remote, BRANCH);
    const r = await run({ fixture: 'push', sha: C2, workspace: C2dir, reports: VULNERABLE_REPORTS, inputs: { 'fail-on': 'none' } });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(r.result.outputs['scan-result']).toBe('passed');
    expect(vulnerabilities(r)).toEqual(VULNERABLE_COUNTS);
    expect(r.result.summary).toContain('CVE-2031-1001');
    expect(latestCreates(r)).toHaveLength(1);
    expect(r.result.outputs['manifests-changed']).toBe('true');
    const commits = branchLog();
    expect(commits).toHaveLength(2);
    expect(commits[0]?.sha).toBe(r.result.outputs['manifests-commit']);
    expect(git(ws.remote, 'rev-parse', `${BRANCH}^`)).toBe(tip);
    expect(commits[0]?.subject).toBe(`deploy(${SERVICE}): main-${short(C2)}`);
    expect(overlayEntry(BRANCH)).toEqual({ name: IMAGE, newTag: `main-${short(C2)}`, digest: DIGEST });
  });
});

describe('latest and the manifests only move forward', () => {
  it('an older commit finishing last: latest stays (its image is from a descendant) and nothing is pinned', async () => {
    const tip = branchTip(ws.remote, BRANCH);
    const r = await run({ fixture: 'push', sha: S, workspace: ws.dir, env: { FAKE_DOCKER_TAGS: JSON.stringify({ latest: C2, [`main-${short(S)}`]: S }) } });
    expect(r.result.code, r.result.stdout).toBe(0);
    // latest was looked at, and left alone.
    expect(r.docker.some((call) => startsWith(call, 'buildx', 'imagetools', 'inspect') && call.argv.at(-1) === LATEST)).toBe(true);
    expect(latestCreates(r)).toEqual([]);
    expect(r.result.outputs['manifests-changed']).toBe('false');
    expect(branchTip(ws.remote, BRANCH)).toBe(tip);
    expect(overlayEntry(BRANCH)?.newTag).toBe(`main-${short(C2)}`);
  });

  it('the newer commit moves latest past an image built from its ancestor', async () => {
    const r = await run({ fixture: 'push', sha: C2, workspace: C2dir, env: { FAKE_DOCKER_TAGS: JSON.stringify({ latest: S }) } });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(latestCreates(r)).toHaveLength(1);
  });
});

describe('deploy mode (workflow_dispatch rollback)', () => {
  it('pins an existing tag without building, bypassing the ordering check, and says so', async () => {
    const tag = `main-${short(S)}`;
    const r = await run({
      fixture: 'workflow_dispatch',
      sha: C2,
      workspace: C2dir,
      inputs: { mode: 'deploy', tag },
      env: { FAKE_DOCKER_TAGS: JSON.stringify({ [tag]: S }), FAKE_DOCKER_IMAGE_REVISION: S },
    });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(builds(r)).toEqual([]);
    expect(r.docker.some((call) => startsWith(call, 'buildx', 'imagetools', 'inspect') && call.argv.at(-1) === `${IMAGE}:${tag}`)).toBe(true);
    expect(latestCreates(r)).toEqual([]);
    expect(r.result.outputs['manifests-changed']).toBe('true');
    expect(r.result.outputs.digest).toBe(DIGEST);
    const [commit] = branchLog();
    expect(commit?.sha).toBe(r.result.outputs['manifests-commit']);
    expect(commit?.subject).toBe(`deploy(${SERVICE}): ${tag}`);
    expect(commit?.body).toMatch(/bypass/i);
    expect(commit?.body).toMatch(new RegExp(`^Digest: ${DIGEST}$`, 'm'));
    expect(overlayEntry(BRANCH)).toEqual({ name: IMAGE, newTag: tag, digest: DIGEST });
  });

  it('a tag that does not exist fails and pins nothing', async () => {
    const tip = branchTip(ws.remote, BRANCH);
    const r = await run({ fixture: 'workflow_dispatch', sha: C2, workspace: C2dir, inputs: { mode: 'deploy', tag: 'missing-0000000' } });
    expect(r.result.code).toBe(1);
    expect(r.result.errors.join('\n')).toContain('missing-0000000');
    expect(builds(r)).toEqual([]);
    expect(branchTip(ws.remote, BRANCH)).toBe(tip);
  });
});

describe('build mode', () => {
  it('builds, scans and moves latest on the default branch, but never touches the manifests', async () => {
    const C3 = ws.commit({ [`services/${SERVICE}/app.py`]: 'print("signals v3")\n' }, 'Signals v3');
    const dir = ws.checkout('main');
    const tip = branchTip(ws.remote, BRANCH);
    const r = await run({ fixture: 'push', sha: C3, workspace: dir, inputs: { mode: 'build' } });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(builds(r)).toHaveLength(1);
    expect(scans(r)).toHaveLength(2);
    expect(r.result.outputs['scan-result']).toBe('passed');
    expect(r.result.outputs['manifests-changed']).toBe('false');
    expect(r.result.outputs['manifests-commit']).toBe('');
    expect(branchTip(ws.remote, BRANCH)).toBe(tip);
    // After the scans, from the digest they scanned.
    expect(latestCreates(r)).toHaveLength(1);
    expect(latestCreates(r)[0]?.argv.at(-1)).toBe(`${IMAGE}@${DIGEST}`);
  });
});

describe('a tag push', () => {
  it('builds X.Y.Z, scans it, then gives it X.Y and X, and moves neither latest nor the manifests', async () => {
    const tip = branchTip(ws.remote, BRANCH);
    const r = await run({ fixture: 'tag', event: 'push', sha: S, workspace: ws.dir });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(flagValues(builds(r)[0]?.argv ?? [], '--tag').filter((tag) => !tag.includes(':src-'))).toEqual([`${IMAGE}:1.4.2`]);
    expect(scans(r)).toHaveLength(2);
    expect(r.result.outputs['scan-result']).toBe('passed');
    // The aliases only after the scans, from the digest they scanned; latest never.
    const aliases = creates(r);
    expect(aliases.map((call) => flagValues(call.argv, '--tag')).sort()).toEqual([[`${IMAGE}:1`], [`${IMAGE}:1.4`]]);
    for (const call of aliases) expect(call.argv.at(-1)).toBe(`${IMAGE}@${DIGEST}`);
    const index = (call: ToolCall | undefined): number => r.calls.indexOf(call as ToolCall);
    expect(Math.min(...aliases.map(index))).toBeGreaterThan(Math.max(...scans(r).map(index)));
    expect(r.result.summary).toMatch(/\| Promote release tags \| moved \|/);
    expect(r.result.outputs.version).toBe('1.4.2');
    expect(r.result.outputs['manifests-changed']).toBe('false');
    expect(branchTip(ws.remote, BRANCH)).toBe(tip);
  });
});

describe('pull requests', () => {
  it('pull_request #42 (merge commit checked out) pushes pr-42 and pr-42-<sha> only, never the manifests', async () => {
    const tip = branchTip(ws.remote, BRANCH);
    const r = await run({ fixture: 'pull_request', sha: S, workspace: ws.dir });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(logins(r)).toHaveLength(1);
    const argv = builds(r)[0]?.argv ?? [];
    expect(flagValues(argv, '--tag').sort()).toEqual([`${IMAGE}:pr-42`, `${IMAGE}:pr-42-${short(S)}`]);
    expect(argv).toContain('--push');
    expect(flagValues(argv, '--label')).toContain(`org.opencontainers.image.revision=${S}`);
    expect(scans(r)).toHaveLength(2);
    expect(creates(r)).toEqual([]);
    expect(r.result.outputs.version).toBe(`pr-42-${short(S)}`);
    expect(r.result.outputs['manifests-changed']).toBe('false');
    expect(branchTip(ws.remote, BRANCH)).toBe(tip);
  });

  it('a fork pull_request builds without logging in or pushing, and skips the scan', async () => {
    const r = await run({ fixture: 'pull_request_fork', event: 'pull_request', sha: S, workspace: ws.dir });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(logins(r)).toEqual([]);
    expect(builds(r)).toHaveLength(1);
    expect(builds(r)[0]?.argv).not.toContain('--push');
    expect(r.trivy).toEqual([]);
    expect(creates(r)).toEqual([]);
    expect(r.result.outputs['scan-result']).toBe('skipped');
    expect(r.result.outputs.digest).toBe('');
  });

  it('pull_request_target from a fork is refused before any tool runs', async () => {
    const tip = branchTip(ws.remote, BRANCH);
    const r = await run({ fixture: 'pull_request_target_fork', event: 'pull_request_target', sha: S, workspace: ws.dir });
    expect(r.result.code).toBe(1);
    expect(r.result.errors.join('\n')).toContain('pull_request_target');
    expect(r.calls).toEqual([]);
    expect(await readdir(r.result.runnerTemp)).toEqual([]);
    expect(branchTip(ws.remote, BRANCH)).toBe(tip);
  });
});
