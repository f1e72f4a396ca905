// GitHub-native records through the bundle: a Deployment (and its status) for every new pin of
// the manifests branch, and one edited-in-place comment per service on pull requests. The REST
// API is a recording stand-in on 127.0.0.1 (GITHUB_API_URL); docker and Trivy are the fakes, git
// is real. The tests of this file run in order on one source repository and its bare origin.

import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHubApi, type FakeGitHubApi, type RecordedRequest } from '../harness/github-api.js';
import type { ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import { CLEAN_REPORTS as CLEAN, EVENTS, FAKE_PLATFORM_DIGESTS, VULNERABLE_REPORTS as VULNERABLE, branchTip, fakeIndexDigest, payload, runWithFakes, sourceTree, type EventFixture } from './support.js';

const SERVICE = 'signal-generation-engine';
const IMAGE = 'ghcr.io/ftmo-labs/signal-generation-engine';
const TOKEN = 'ghs_ApiRec0rdT0kenNeverLogged0123456789ab';
const RUN_URL = 'https://github.com/Ftmo-Labs/dax-trading/actions/runs/4242';
const ENV_URL = 'https://trading.example.com/signals';
const REPO_PATH = '/repos/Ftmo-Labs/dax-trading';
const DIGEST = fakeIndexDigest();
const PRODUCTION = { environment: 'production', 'environment-url': ENV_URL };

let ws: Workspace;
let api: FakeGitHubApi;
let tmp: string;
const results: ActionResult[] = [];

interface RunOptions {
  fixture: EventFixture;
  event?: string;
  sha: string;
  workspace: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  reports?: Record<string, string>;
  /** The pull request's head commit (pull_request events): the commit checked out in `workspace`. */
  head?: string;
}

/** Runs the bundle against the stand-in API and checks where the token went: the header only. */
async function run(options: RunOptions): Promise<ActionResult> {
  const result = await runWithFakes({
    service: SERVICE,
    event: options.event ?? options.fixture,
    payload: withHead(payload(options.fixture), options.head),
    ref: EVENTS[options.fixture].ref,
    sha: options.sha,
    workspace: options.workspace,
    token: TOKEN,
    inputs: options.inputs,
    log: path.join(tmp, 'calls.jsonl'),
    reports: options.reports ?? CLEAN,
    env: { GITHUB_API_URL: api.url, ...options.env },
    post: false,
  });
  results.push(result);
  const unmasked = result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  for (const text of [unmasked, result.stderr, result.summary, JSON.stringify(result.outputs)]) expect(text).not.toContain(TOKEN);
  for (const request of api.requests) {
    expect(request.headers.authorization).toBe(`token ${TOKEN}`);
    const elsewhere = { ...request.headers, authorization: undefined };
    expect(JSON.stringify(elsewhere) + request.path + request.raw).not.toContain(TOKEN);
  }
  return result;
}

/** A pull request event whose head is `head` (the run builds its checked-out head), or the event as it is. */
function withHead(event: Record<string, unknown>, head: string | undefined): Record<string, unknown> {
  if (head !== undefined) (event.pull_request as { head: { sha: string } }).head.sha = head;
  return event;
}

function warnings(result: ActionResult): string[] {
  return result.stdout.split('\n').filter((line) => line.startsWith('::warning'));
}

function calls(method: string, suffix: RegExp): RecordedRequest[] {
  return api.requests.filter((r) => r.method === method && suffix.test(r.path));
}

const deploymentPosts = (): RecordedRequest[] => calls('POST', /\/deployments$/);
const statusPosts = (): RecordedRequest[] => calls('POST', /\/deployments\/\d+\/statuses$/);

function short(sha: string): string {
  return sha.slice(0, 7);
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ftmo-records-'));
  ws = await makeWorkspace({ files: sourceTree() });
  api = await startFakeGitHubApi();
});

beforeEach(() => api.reset());

afterAll(async () => {
  for (const result of results) await result.dispose();
  await api?.close();
  await ws?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

describe('Deployments for the pins of auto mode', () => {
  it('with environment and pr-comment off, a deploy makes no API call at all', async () => {
    const r = await run({ fixture: 'push', sha: ws.sha, workspace: ws.dir });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['manifests-changed']).toBe('true');
    expect(api.requests).toEqual([]);
    expect(r.outputs['deployment-id']).toBe('');
    expect(r.outputs['deployment-url']).toBe('');
  });

  let C2 = '';
  let C2dir = '';
  it('a new pin creates a Deployment of the source commit, then a success status with the links', async () => {
    C2 = ws.commit({ [`services/${SERVICE}/app.py`]: 'print("signals v2")\n' }, 'Signals v2');
    C2dir = ws.checkout('main');
    const r = await run({ fixture: 'push', sha: C2, workspace: C2dir, inputs: PRODUCTION });
    expect(r.code, r.stdout).toBe(0);
    const manifestsCommit = r.outputs['manifests-commit'] ?? '';
    expect(manifestsCommit).toBe(branchTip(ws.remote, 'manifests'));
    expect(api.requests.map((q) => `${q.method} ${q.path}`)).toEqual([`POST ${REPO_PATH}/deployments`, `POST ${REPO_PATH}/deployments/9001/statuses`]);
    expect(deploymentPosts()[0]?.body).toEqual({
      ref: C2,
      environment: 'production',
      task: `deploy:${SERVICE}`,
      auto_merge: false,
      required_contexts: [],
      description: `${SERVICE} main-${short(C2)}`,
      payload: { service: SERVICE, image: IMAGE, tag: `main-${short(C2)}`, digest: DIGEST, manifestsCommit, runUrl: RUN_URL },
    });
    expect(statusPosts()[0]?.body).toEqual({
      state: 'success',
      log_url: RUN_URL,
      environment_url: ENV_URL,
      description: `pinned in ${manifestsCommit.slice(0, 12)}`,
    });
    expect(r.outputs['deployment-id']).toBe('9001');
    expect(r.outputs['deployment-url']).toBe(`${api.url}${REPO_PATH}/deployments/9001`);
  });

  it('an unchanged re-run pins nothing, so no Deployment', async () => {
    const r = await run({ fixture: 'push', sha: C2, workspace: C2dir, inputs: PRODUCTION });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['manifests-changed']).toBe('false');
    expect(api.requests).toEqual([]);
    expect(r.outputs['deployment-id']).toBe('');
  });

  it('an older commit held back by the ordering rule: no Deployment', async () => {
    // The registry holds this commit's own tag, and latest from the newer C2.
    const tags = { [`main-${short(ws.sha)}`]: ws.sha, [`main-${short(C2)}`]: C2, latest: C2 };
    const r = await run({ fixture: 'push', sha: ws.sha, workspace: ws.dir, inputs: PRODUCTION, env: { FAKE_DOCKER_TAGS: JSON.stringify(tags) } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['manifests-changed']).toBe('false');
    expect(api.requests).toEqual([]);
  });

  let C3 = '';
  let C3dir = '';
  it('a failed scan gate: no Deployment', async () => {
    C3 = ws.commit({ [`services/${SERVICE}/app.py`]: 'print("signals v3")\n' }, 'Signals v3');
    C3dir = ws.checkout('main');
    const r = await run({ fixture: 'push', sha: C3, workspace: C3dir, inputs: PRODUCTION, reports: VULNERABLE });
    expect(r.code).toBe(1);
    expect(r.outputs['scan-result']).toBe('failed');
    expect(api.requests).toEqual([]);
  });

  it('a 502 from the API is retried, and the Deployment is made once', async () => {
    api.fail('POST', /\/deployments$/, 502, 1);
    const r = await run({ fixture: 'push', sha: C3, workspace: C3dir, inputs: PRODUCTION });
    expect(r.code, r.stdout).toBe(0);
    expect(deploymentPosts()).toHaveLength(2);
    expect(deploymentPosts()[1]?.body).toEqual(deploymentPosts()[0]?.body);
    expect(statusPosts().map((q) => (q.body as { state: string }).state)).toEqual(['success']);
    expect(r.outputs['deployment-id']).toBe('9002');
    expect(warnings(r)).toEqual([]);
  });

  it('a secondary rate limit (403 with retry-after) is waited out and retried', async () => {
    const next = ws.commit({ [`services/${SERVICE}/app.py`]: 'print("signals v3.1")\n' }, 'Signals v3.1');
    api.fail('POST', /\/deployments$/, 403, 1, { headers: { 'retry-after': '1' }, message: 'You have exceeded a secondary rate limit' });
    const r = await run({ fixture: 'push', sha: next, workspace: ws.checkout('main'), inputs: PRODUCTION });
    expect(r.code, r.stdout).toBe(0);
    expect(deploymentPosts()).toHaveLength(2);
    expect(statusPosts().map((q) => (q.body as { state: string }).state)).toEqual(['success']);
    expect(r.outputs['deployment-id']).toBe('9003');
    expect(warnings(r)).toEqual([]);
  });

  it('a 403 (no deployments: write) is a warning naming the permission; the deploy succeeds', async () => {
    const C4 = ws.commit({ [`services/${SERVICE}/app.py`]: 'print("signals v4")\n' }, 'Signals v4');
    api.fail('POST', /\/deployments$/, 403, Infinity, { message: 'Resource not accessible by integration' });
    const r = await run({ fixture: 'push', sha: C4, workspace: ws.checkout('main'), inputs: PRODUCTION });
    expect(r.code, r.stdout).toBe(0);
    expect(r.errors).toEqual([]);
    expect(r.outputs['manifests-changed']).toBe('true');
    expect(branchTip(ws.remote, 'manifests')).toBe(r.outputs['manifests-commit']);
    // Not retried: a missing permission does not come back.
    expect(deploymentPosts()).toHaveLength(1);
    expect(statusPosts()).toEqual([]);
    expect(warnings(r).join('\n')).toContain('deployments: write');
    expect(r.outputs['deployment-id']).toBe('');
  });

  it('a push that fails after the Deployment was created gives it a failure status', async () => {
    const C5 = ws.commit({ [`services/${SERVICE}/app.py`]: 'print("signals v5")\n' }, 'Signals v5');
    const hook = path.join(ws.remote, 'hooks/pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "manifests are frozen" >&2\nexit 1\n');
    await chmod(hook, 0o755);
    try {
      const tip = branchTip(ws.remote, 'manifests');
      const r = await run({ fixture: 'push', sha: C5, workspace: ws.checkout('main'), inputs: PRODUCTION });
      expect(r.code).toBe(1);
      expect(branchTip(ws.remote, 'manifests')).toBe(tip);
      expect(api.requests.map((q) => q.method)).toEqual(['POST', 'POST']);
      expect(deploymentPosts()[0]?.body).toMatchObject({ ref: C5, description: `${SERVICE} main-${short(C5)}` });
      expect(statusPosts()[0]?.body).toMatchObject({ state: 'failure', log_url: RUN_URL, environment_url: ENV_URL });
      expect((statusPosts()[0]?.body as { description: string }).description).toMatch(/^not pinned: /);
      // 9001 to 9003 were made above; the refused ones got no id.
      expect(r.outputs['deployment-id']).toBe('9004');
    } finally {
      await rm(hook);
    }
  });
});

describe('Deployments in deploy mode', () => {
  it('pinning an older commit is a rollback, of the image’s own commit', async () => {
    const tag = `main-${short(ws.sha)}`;
    const r = await run({
      fixture: 'workflow_dispatch',
      sha: branchTip(ws.source, 'main') || ws.sha,
      workspace: ws.checkout('main'),
      inputs: { mode: 'deploy', tag, environment: 'production' },
      env: { FAKE_DOCKER_TAGS: JSON.stringify({ [tag]: ws.sha }), FAKE_DOCKER_IMAGE_REVISION: ws.sha },
    });
    expect(r.code, r.stdout).toBe(0);
    expect(deploymentPosts()[0]?.body).toEqual({
      ref: ws.sha,
      environment: 'production',
      task: `deploy:${SERVICE}`,
      auto_merge: false,
      required_contexts: [],
      description: `${SERVICE} ${tag} (rollback)`,
      payload: { service: SERVICE, image: IMAGE, tag, digest: DIGEST, manifestsCommit: r.outputs['manifests-commit'], runUrl: RUN_URL },
    });
    // No environment-url: the status has no environment_url.
    expect(statusPosts()[0]?.body).toEqual({ state: 'success', log_url: RUN_URL, description: `pinned in ${(r.outputs['manifests-commit'] ?? '').slice(0, 12)}` });
  });

  it('pinning a newer commit again is a promotion', async () => {
    const head = ws.git(['rev-parse', 'HEAD'], ws.source);
    const tag = `main-${short(head)}`;
    const r = await run({
      fixture: 'workflow_dispatch',
      sha: head,
      workspace: ws.checkout('main'),
      inputs: { mode: 'deploy', tag, environment: 'staging' },
      env: { FAKE_DOCKER_TAGS: JSON.stringify({ [tag]: head }), FAKE_DOCKER_IMAGE_REVISION: head },
    });
    expect(r.code, r.stdout).toBe(0);
    expect(deploymentPosts()[0]?.body).toMatchObject({ ref: head, environment: 'staging', description: `${SERVICE} ${tag} (promotion)` });
    expect(statusPosts()[0]?.body).toMatchObject({ state: 'success' });
  });
});

describe('the pull request comment', () => {
  // The checkout is the pull request's head, as the named-commit rule requires.
  const pr = (): { fixture: 'pull_request'; sha: string; head: string } => ({ fixture: 'pull_request', sha: EVENTS.pull_request.sha, head: ws.sha });

  it('is not written when pr-comment is off', async () => {
    const r = await run({ ...pr(), workspace: ws.dir });
    expect(r.code, r.stdout).toBe(0);
    expect(api.requests).toEqual([]);
  });

  it('is created once, with the tags, digests, scan and the manifests diff of merging', async () => {
    const r = await run({ ...pr(), workspace: ws.dir, inputs: { 'pr-comment': 'true' } });
    expect(r.code, r.stdout).toBe(0);
    expect(api.requests.map((q) => `${q.method} ${q.path.replace(/\?.*/, '')}`)).toEqual([
      `GET ${REPO_PATH}/issues/42/comments`,
      `POST ${REPO_PATH}/issues/42/comments`,
    ]);
    expect(api.comments).toHaveLength(1);
    const body = api.comments[0]?.body ?? '';
    expect(body.split('\n')[0]).toBe(`<!-- ftmo-deploy:${SERVICE} -->`);
    expect(body).toContain(`\`${IMAGE}:pr-42\``);
    expect(body).toContain(`\`${IMAGE}:pr-42-${short(ws.sha)}\``);
    expect(body).toContain(`| index | \`${DIGEST}\` |`);
    expect(body).toContain(`| linux/amd64 | \`${FAKE_PLATFORM_DIGESTS['linux/amd64']}\` |`);
    expect(body).toContain('Vulnerability scan: passed');
    expect(body).toContain('```diff');
    expect(body).toContain('-    newTag: latest');
    expect(body).toContain(`+    newTag: pr-42-${short(ws.sha)}`);
    expect(body).toContain(`+    digest: ${DIGEST}`);
    // The head branch is shown as code, escaped as in the job summary.
    expect(body).toContain('`feature/risk-limits`');
  });

  it('is edited in place on the next push, never duplicated, also when the gate fails', async () => {
    const first = api.comments[0]?.id;
    const r = await run({ ...pr(), workspace: ws.dir, inputs: { 'pr-comment': 'true' }, reports: VULNERABLE });
    expect(r.code).toBe(1);
    expect(api.requests.map((q) => q.method)).toEqual(['GET', 'PATCH']);
    expect(calls('PATCH', new RegExp(`/issues/comments/${first}$`))).toHaveLength(1);
    expect(api.comments).toHaveLength(1);
    const body = api.comments[0]?.body ?? '';
    expect(body.split('\n')[0]).toBe(`<!-- ftmo-deploy:${SERVICE} -->`);
    expect(body).toContain('Vulnerability scan: failed');
    expect(body).toContain('CVE-2031-1001');
    expect(body).toContain('> [!CAUTION]');
  });

  it('a 403 (no pull-requests: write) is a warning; the step keeps its result', async () => {
    api.fail('GET', /\/issues\/42\/comments$/, 403, Infinity, { message: 'Resource not accessible by integration' });
    const r = await run({ ...pr(), workspace: ws.dir, inputs: { 'pr-comment': 'true' } });
    expect(r.code, r.stdout).toBe(0);
    expect(warnings(r).join('\n')).toContain('pull-requests: write');
    expect(api.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('is not written for a fork, whose token is read-only, and the log says so', async () => {
    const r = await run({
      fixture: 'pull_request_fork',
      event: 'pull_request',
      sha: EVENTS.pull_request_fork.sha,
      head: ws.sha,
      workspace: ws.dir,
      inputs: { 'pr-comment': 'true' },
    });
    expect(r.code, r.stdout).toBe(0);
    expect(api.requests).toEqual([]);
    expect(r.stdout).toMatch(/fork, whose token is read-only/);
  });
});
