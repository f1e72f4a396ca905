// wait / rollback-on-failure through the bundle: a local stand-in for the Argo CD API on
// 127.0.0.1 answers each poll from a script (which may read the real manifests branch of the
// bare remote), git is real, docker and trivy are the fakes. Timeouts are a second or a few,
// and the poll backoff shrinks with them, so no run sleeps for long.

import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionResult } from '../harness/runner.js';
import { FIXTURE_GIT_ENV, makeWorkspace, type Workspace } from '../harness/workspace.js';
import { EVENTS, FAKE_BIN, FAKE_TRIVY, OVERLAY, TRIVY_REPORTS, branchTip, git, payload, showFile, sourceTree, type EventFixture } from './support.js';

const SERVICE = 'signal-generation-engine';
const IMAGE = `ghcr.io/ftmo-labs/${SERVICE}`;
const BRANCH = 'manifests';
const APP = 'ftmo-trading-staging';
const ARGO_TOKEN = 'argocd-Tok3nThatMustNeverBeShown-5f2c9e71b0';
const CLEAN = path.join(TRIVY_REPORTS, 'report-clean.json');

type Body = Record<string, unknown>;
/** The answer to the n-th request (1 = the refresh) for an Application. */
type Script = (n: number) => { status: number; body: Body };

interface Seen {
  url: string;
  authorization: string | undefined;
  /** Every header but Authorization, and the URL: where the token must not be. */
  elsewhere: string;
}

let ws: Workspace;
let tmp: string;
let server: Server;
let base = '';
let script: Script = () => ({ status: 500, body: {} });
let seen: Seen[] = [];
const results: ActionResult[] = [];

function tip(): string {
  return branchTip(ws.remote, BRANCH);
}

function parentOfTip(): string {
  return git(ws.remote, 'rev-parse', `${BRANCH}^`);
}

function subjectOf(rev: string): string {
  return git(ws.remote, 'log', '-1', '--format=%s', rev);
}

function application(state: { sync: string; revision: string; health: string; resources?: Body[]; operation?: Body }): { status: number; body: Body } {
  return {
    status: 200,
    body: {
      metadata: { name: APP, namespace: 'argocd' },
      status: {
        sync: { status: state.sync, revision: state.revision },
        health: { status: state.health },
        resources: state.resources ?? [workload(state.health)],
        ...(state.operation === undefined ? {} : { operationState: state.operation }),
      },
    },
  };
}

function workload(health: string, message = ''): Body {
  return { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'dax-trading', name: SERVICE, status: 'Synced', health: message === '' ? { status: health } : { status: health, message } };
}

function record(request: IncomingMessage): void {
  const { authorization, ...others } = request.headers;
  seen.push({ url: request.url ?? '', authorization, elsewhere: `${request.url ?? ''} ${JSON.stringify(others)}` });
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ftmo-argocd-'));
  ws = await makeWorkspace({ files: sourceTree() });
  server = createServer((request, response) => {
    record(request);
    const n = seen.filter((s) => s.url.startsWith(`/api/v1/applications/${APP}`)).length;
    const answer = request.url?.startsWith(`/api/v1/applications/${APP}`) ? script(n) : { status: 404, body: { error: 'not found' } };
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The first pin of the service (no wait): what a rollback goes back to.
  const first = await run({ fixture: 'push', inputs: { wait: 'none' } });
  expect(first.code, first.stdout).toBe(0);
  expect(first.outputs['argocd-status']).toBe('skipped');
});

afterAll(async () => {
  server?.close();
  for (const result of results) await result.dispose();
  await ws?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

let tags = 0;

/** deploy mode pins a fresh tag each time, so every run pushes a commit to wait for. */
async function run(options: { fixture?: EventFixture; inputs?: Record<string, string>; service?: string } = {}): Promise<ActionResult> {
  const fixture = options.fixture ?? 'workflow_dispatch';
  const service = options.service ?? SERVICE;
  const deploy: Record<string, string> = fixture === 'workflow_dispatch' ? { mode: 'deploy', tag: `rc-${++tags}` } : {};
  seen = [];
  const result = await runAction({
    event: fixture,
    payload: payload(fixture),
    ref: EVENTS[fixture].ref,
    sha: ws.sha,
    workspace: ws.dir,
    inputs: {
      service,
      context: `services/${service}`,
      'trivy-path': FAKE_TRIVY,
      'argocd-server': base,
      'argocd-token': ARGO_TOKEN,
      'argocd-application': APP,
      wait: 'healthy',
      'wait-timeout': '5s',
      ...deploy,
      ...options.inputs,
    },
    env: {
      PATH: `${FAKE_BIN}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      FAKE_DOCKER_LOG: path.join(tmp, 'calls.jsonl'),
      TRIVY_FAKE_LOG: path.join(tmp, 'calls.jsonl'),
      FAKE_DOCKER_PLATFORMS: 'linux/amd64, linux/arm64',
      FAKE_DOCKER_IMAGE_REVISION: ws.sha,
      TRIVY_FAKE_REPORTS: JSON.stringify({ 'linux/amd64': CLEAN, 'linux/arm64': CLEAN }),
    },
  });
  results.push(result);
  expectTokenOnlyInHeader(result);
  return result;
}

/** The Argo CD token: masked, never in the log, outputs or summary; sent only as a Bearer header. */
function expectTokenOnlyInHeader(result: ActionResult): void {
  expect(result.masks).toContain(ARGO_TOKEN);
  const unmasked = result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  for (const text of [unmasked, result.stderr, result.summary, JSON.stringify(result.outputs), result.postStdout]) expect(text).not.toContain(ARGO_TOKEN);
  for (const request of seen) {
    expect(request.authorization).toBe(`Bearer ${ARGO_TOKEN}`);
    expect(request.elsewhere).not.toContain(ARGO_TOKEN);
  }
}

function overlayTag(rev: string): string | undefined {
  const doc = parse(showFile(ws.remote, rev, OVERLAY)) as { images: { name: string; newTag?: string }[] };
  return doc.images.find((entry) => entry.name === IMAGE)?.newTag;
}

describe('wait: healthy', () => {
  it('refreshes, then polls until the pushed commit is Synced and the service Healthy', async () => {
    script = (n) => {
      if (n === 1) return application({ sync: 'Synced', revision: parentOfTip(), health: 'Healthy' });
      if (n === 2) return application({ sync: 'OutOfSync', revision: tip(), health: 'Healthy' });
      if (n === 3) return application({ sync: 'Synced', revision: tip(), health: 'Progressing' });
      return application({ sync: 'Synced', revision: tip(), health: 'Healthy' });
    };
    const r = await run();
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['argocd-status']).toBe('healthy');
    expect(seen.length).toBe(4);
    expect(seen[0]?.url).toBe(`/api/v1/applications/${APP}?refresh=normal`);
    for (const request of seen.slice(1)) expect(request.url).toBe(`/api/v1/applications/${APP}`);
    expect(r.summary).toContain('### Argo CD');
    expect(r.summary).toMatch(new RegExp(`\\| ${APP.replace(/-/g, '-')} \\| Synced \\| Healthy \\| \`${r.outputs['manifests-commit']?.slice(0, 12)}\``));
  });

  it('a later commit of the branch (another job pushed after us) counts as synced', async () => {
    let later = '';
    script = () => {
      if (later === '') {
        const ours = tip();
        later = execFileSync('git', ['commit-tree', `${ours}^{tree}`, '-p', ours, '-m', 'deploy(signal-monitoring): main-1234567'], {
          cwd: ws.remote,
          env: { ...process.env, ...FIXTURE_GIT_ENV },
          encoding: 'utf8',
        }).trim();
        git(ws.remote, 'update-ref', `refs/heads/${BRANCH}`, later, ours);
      }
      return application({ sync: 'Synced', revision: later, health: 'Healthy' });
    };
    const r = await run();
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs['argocd-status']).toBe('healthy');
    expect(git(ws.remote, 'rev-parse', `${later}^`)).toBe(r.outputs['manifests-commit']);
  });

  it('a Degraded service fails the step and, without rollback, leaves the commit in place', async () => {
    const message = 'Back-off pulling image <img src=x> | retry';
    script = () => application({ sync: 'Synced', revision: tip(), health: 'Degraded', resources: [workload('Degraded', message)] });
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.outputs['argocd-status']).toBe('degraded');
    expect(r.errors.join('\n')).toMatch(/Degraded/);
    expect(r.errors.join('\n')).toMatch(/rollback-on-failure is false/);
    expect(tip()).toBe(r.outputs['manifests-commit']);
    expect(r.summary).toContain('Back-off pulling image &lt;img src=x&gt; \\| retry');
    expect(r.summary).not.toContain('<img');
  });

  it('with rollback-on-failure, a Degraded service re-pins the previous tag, waits for it and still fails', async () => {
    const previous = overlayTag(BRANCH);
    script = () =>
      subjectOf(BRANCH).startsWith('rollback(')
        ? application({ sync: 'Synced', revision: tip(), health: 'Healthy' })
        : application({ sync: 'Synced', revision: tip(), health: 'Degraded', resources: [workload('Degraded', 'CrashLoopBackOff')] });
    const r = await run({ inputs: { 'rollback-on-failure': 'true' } });
    expect(r.code).toBe(1);
    expect(r.outputs['argocd-status']).toBe('rolled-back');
    expect(r.errors.join('\n')).toMatch(/Degraded.*Rolled back/s);
    const failed = r.outputs['manifests-commit'] ?? '';
    expect(overlayTag(failed)).toBe(`rc-${tags}`);
    expect(git(ws.remote, 'rev-parse', `${BRANCH}^`)).toBe(failed);
    expect(subjectOf(BRANCH)).toBe(`rollback(${SERVICE}): ${previous}`);
    const body = git(ws.remote, 'log', '-1', '--format=%b', BRANCH);
    expect(body).toMatch(/Degraded/);
    expect(body).toMatch(/CrashLoopBackOff/);
    expect(body).toMatch(/Ordering-Check: bypassed/);
    expect(overlayTag(BRANCH)).toBe(previous);
    expect(r.summary).toContain('Rollback in');
  });

  it('without an earlier pin of the service, a rollback says so and changes nothing', async () => {
    const before = tip();
    const other = 'signal-monitoring';
    script = () => application({ sync: 'Synced', revision: tip(), health: 'Degraded', resources: [{ ...workload('Degraded'), name: other }] });
    const r = await run({ fixture: 'push', service: other, inputs: { 'rollback-on-failure': 'true' } });
    expect(r.code).toBe(1);
    expect(r.outputs['argocd-status']).toBe('degraded');
    expect(r.errors.join('\n')).toMatch(/no earlier pin of signal-monitoring/);
    expect(git(ws.remote, 'rev-parse', `${BRANCH}^`)).toBe(before);
    expect(tip()).toBe(r.outputs['manifests-commit']);
  });

  it('a sync operation of the commit that failed fails the step', async () => {
    script = () =>
      application({
        sync: 'OutOfSync',
        revision: parentOfTip(),
        health: 'Healthy',
        operation: { phase: 'Failed', message: 'one or more objects failed to apply', syncResult: { revision: tip() } },
      });
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.outputs['argocd-status']).toBe('failed');
    expect(r.errors.join('\n')).toContain('ended Failed: one or more objects failed to apply');
  });
});

describe('bounded failures', () => {
  it('times out when the Application never reaches the commit', async () => {
    script = () => application({ sync: 'OutOfSync', revision: parentOfTip(), health: 'Healthy' });
    const r = await run({ inputs: { 'wait-timeout': '1s' } });
    expect(r.code).toBe(1);
    expect(r.outputs['argocd-status']).toBe('timed-out');
    expect(r.errors.join('\n')).toMatch(/within wait-timeout 1s/);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('401 names the token and stops at once', async () => {
    script = () => ({ status: 401, body: { error: 'invalid session', message: 'invalid session: token is expired' } });
    const r = await run({ inputs: { 'rollback-on-failure': 'true' } });
    expect(r.code).toBe(1);
    expect(r.outputs['argocd-status']).toBe('failed');
    expect(r.errors.join('\n')).toMatch(/argocd-token \(HTTP 401\)/);
    expect(seen).toHaveLength(1);
    expect(subjectOf(BRANCH)).toMatch(/^deploy\(/);
  });

  it('403 names the RBAC permission the token needs', async () => {
    script = () => ({ status: 403, body: { error: 'permission denied', message: 'permission denied' } });
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toContain('`applications, get`');
  });

  it('an unreachable server fails within the timeout', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await run({ inputs: { 'argocd-server': `http://127.0.0.1:${port}`, 'wait-timeout': '1s' } });
    expect(r.code).toBe(1);
    expect(r.outputs['argocd-status']).toBe('timed-out');
    expect(r.errors.join('\n')).toMatch(/cannot reach Argo CD.*ECONNREFUSED/);
  });
});
