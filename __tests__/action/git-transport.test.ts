// Where git goes and what it carries, through whole push-to-main runs of the bundle against
// smart-HTTP git servers on 127.0.0.1 that record every request: manifests-token reaches the
// manifests server only (never a mirror origin, never a redirect's target, never plain http
// elsewhere than loopback); the checkout's own git configuration redirects nothing and gets no
// credential; a remote that stops answering fails the step, naming the operation and the
// host, with the branch as it was; a branch name colliding with another fails at once.

import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitRequest, type GitServer } from '../harness/git-server.js';
import type { ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import { SECRETS, base64, leakOf, loadEvent, refsOf, runWithSecrets, serviceFiles, tempDir } from './hostile-support.js';
import { branchTip, git } from './support.js';

const SERVICE = 'signal-engine';
const IMAGE = `ghcr.io/ftmo-labs/${SERVICE}`;
const TOKEN = SECRETS.manifestsToken;
const AUTHORIZATION = `basic ${base64(`x-access-token:${TOKEN}`)}`;
const SECRET_FORMS = [TOKEN, base64(`x-access-token:${TOKEN}`)];
/** Seconds a git network operation may stall in these tests. */
const STALL_SECONDS = '2';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let runs = 0;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  tmp = await tempDir('ftmo-git-transport-');
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await tmp?.dispose();
});

async function server(name: string): Promise<GitServer> {
  const started = await startGitServer(path.join(tmp.dir, `${name}-${++runs}`));
  cleanups.push(() => started.close());
  return started;
}

async function workspace(): Promise<Workspace> {
  const ws = await makeWorkspace({ files: serviceFiles(IMAGE) });
  cleanups.push(() => ws.dispose());
  return ws;
}

/** Serves the workspace's bare origin at `<server>/origin.git` (pushes allowed) and points the checkout `dir` there. */
async function originOver(ws: Workspace, dir: string, host: GitServer): Promise<string> {
  const served = path.join(host.root, 'origin.git');
  if (!existsSync(served)) {
    git(ws.remote, 'config', 'http.receivepack', 'true');
    await symlink(ws.remote, served);
  }
  const url = `${host.url}/origin.git`;
  git(dir, 'remote', 'set-url', 'origin', url);
  return url;
}

/** A push to main of `sha`, checked out in `dir`. */
async function pushToMain(ws: Workspace, dir: string, sha: string, extra: { inputs?: Record<string, string>; env?: Record<string, string> } = {}): Promise<ActionResult> {
  const { result } = await runWithSecrets(path.join(tmp.dir, `run-${++runs}`), 'http://127.0.0.1:9/unused-trivy-download', {
    inputs: { service: SERVICE, ...extra.inputs },
    event: 'push',
    payload: { ...loadEvent('push'), after: sha },
    workspace: dir,
    ref: 'refs/heads/main',
    sha,
    env: { [GIT_TIMEOUT]: STALL_SECONDS, ...extra.env },
  });
  cleanups.push(() => result.dispose());
  return result;
}

const GIT_TIMEOUT = 'FTMO_DEPLOY_GIT_TIMEOUT_SECONDS';

/**
 * A run whose GitHub server (and so the manifests repository Ftmo-Labs/gitops) is `url`: to the
 * action that is a GitHub Enterprise Server, whose own registry is containers.<host>, so ghcr.io
 * is another registry and gets its own user (runWithSecrets gives registry-password).
 */
function onServer(url: string): { inputs: Record<string, string>; env: Record<string, string> } {
  return { inputs: { 'manifests-repository': 'Ftmo-Labs/gitops', 'registry-username': 'jana-novak' }, env: { GITHUB_SERVER_URL: url } };
}

function isGitRequest(request: GitRequest): boolean {
  return /\/(?:info\/refs|git-upload-pack|git-receive-pack)(?:\?|$)/.test(request.url);
}

function pushes(requests: GitRequest[]): GitRequest[] {
  return requests.filter((request) => request.url.includes('git-receive-pack'));
}

describe('manifests-token goes to the manifests server only', () => {
  it('reaches the manifests-repository server on every request, and never the mirror the checkout was cloned from', async () => {
    const ws = await workspace();
    const mirror = await server('mirror');
    const github = await server('github');
    const gitops = github.createRepository('Ftmo-Labs/gitops.git');
    const options = onServer(github.url);

    // First run creates the branch; the second, of a newer commit, asks the mirror whether the
    // pinned commit is older (the checkout is one commit deep), so both servers are reached.
    await originOver(ws, ws.dir, mirror);
    const first = await pushToMain(ws, ws.dir, ws.sha, options);
    expect(first.errors).toEqual([]);
    const next = ws.commit({ app: 'hello again\n' }, 'Change the app');
    const dir = ws.checkout('main');
    await originOver(ws, dir, mirror);
    const second = await pushToMain(ws, dir, next, options);
    expect(second.errors).toEqual([]);
    expect(second.outputs['manifests-changed']).toBe('true');
    expect(git(gitops, 'log', '--format=%s', 'manifests').split('\n')).toHaveLength(2);

    const toGithub = github.requests.filter(isGitRequest);
    expect(pushes(toGithub).length).toBeGreaterThanOrEqual(2);
    for (const request of toGithub) expect(request.headers.authorization).toBe(AUTHORIZATION);
    const toMirror = mirror.requests.filter(isGitRequest);
    expect(toMirror.map((request) => request.url)).toContainEqual(expect.stringMatching(/^\/origin\.git\/git-upload-pack$/));
    expect(toMirror.filter((request) => request.headers.authorization !== undefined)).toEqual([]);
    expect(leakOf(second, SECRET_FORMS)).toBe('');
  });

  it("is not sent after a redirect: the manifests server's redirect to another server is refused", async () => {
    const ws = await workspace();
    const elsewhere = await server('elsewhere');
    const captured = elsewhere.createRepository('gitops.git');
    const github = await server('github');
    github.route = (request) => ({ kind: 'redirect', location: `${elsewhere.url}${request.url.replace('/Ftmo-Labs/gitops.git', '/gitops.git')}` });

    const result = await pushToMain(ws, ws.dir, ws.sha, onServer(github.url));
    expect(result.code).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/git ls-remote with 127\.0\.0\.1:\d+: cannot read branch "manifests"/);
    expect(result.errors[0]).toContain('302');
    expect(github.requests.filter(isGitRequest).length).toBeGreaterThan(0);
    // Nothing reached the other server, let alone the token.
    expect(elsewhere.requests).toEqual([]);
    expect(refsOf(captured)).toBe('');
  });

  it('is sent over https only: a plain-http manifests server that is not loopback is refused before any request is made', async () => {
    const ws = await workspace();
    const result = await pushToMain(ws, ws.dir, ws.sha, onServer('http://git.example.invalid'));
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      "manifests: Input 'manifests-token': is sent only over https, and the manifests repository http://git.example.invalid/Ftmo-Labs/gitops.git is plain http (allowed on a loopback address only)",
    ]);
  });
});

describe("the checkout's own git configuration", () => {
  /** Rules and programs a hostile step could leave in the checkout, each leaving a mark if used. */
  async function hostileCheckout(dir: string, origin: string, decoy: GitServer, marks: string): Promise<void> {
    const mark = async (name: string): Promise<string> => {
      const file = path.join(tmp.dir, `${path.basename(marks)}-${name}`);
      await writeFile(file, `#!/bin/sh\necho "${name} $*" >> "${marks}"\ncat > /dev/null\nexit 1\n`);
      await chmod(file, 0o755);
      return file;
    };
    const set = (key: string, value: string) => git(dir, 'config', '--add', key, value);
    set(`url.${decoy.url}/insteadof.git.insteadOf`, origin);
    set(`url.${decoy.url}/pushinsteadof.git.pushInsteadOf`, origin);
    set('remote.origin.pushurl', `${decoy.url}/pushurl.git`);
    set('credential.helper', await mark('credential-helper'));
    set('core.sshCommand', await mark('ssh-command'));
    set('core.fsmonitor', await mark('fsmonitor'));
    set('http.extraHeader', 'X-Checkout-Header: from-the-checkout');
    set('http.followRedirects', 'true');
    set('protocol.allow', 'always');
    const hooks = path.join(dir, '.git/hooks');
    await mkdir(hooks, { recursive: true });
    for (const hook of ['pre-push', 'reference-transaction', 'post-checkout', 'pre-commit', 'post-commit', 'pre-auto-gc', 'post-index-change']) {
      const file = path.join(hooks, hook);
      await writeFile(file, `#!/bin/sh\necho "hook ${hook}" >> "${marks}"\n`);
      await chmod(file, 0o755);
    }
    // The rule works for plain git in the checkout: origin would be the decoy.
    expect(git(dir, 'remote', 'get-url', 'origin')).toBe(`${decoy.url}/insteadof.git`);
  }

  it('redirects no fetch or push and receives no credential', async () => {
    const ws = await workspace();
    const github = await server('origin');
    const decoy = await server('decoy');
    for (const name of ['insteadof.git', 'pushinsteadof.git', 'pushurl.git']) decoy.createRepository(name);
    const marks = path.join(tmp.dir, `marks-${++runs}`);

    const origin = await originOver(ws, ws.dir, github);
    await hostileCheckout(ws.dir, origin, decoy, marks);
    const first = await pushToMain(ws, ws.dir, ws.sha);
    expect(first.errors).toEqual([]);
    expect(first.outputs['manifests-changed']).toBe('true');
    // A second run of a newer commit: the ancestry of the pinned commit is fetched from origin.
    const next = ws.commit({ app: 'hello again\n' }, 'Change the app');
    const dir = ws.checkout('main');
    await originOver(ws, dir, github);
    await hostileCheckout(dir, origin, decoy, marks);
    const second = await pushToMain(ws, dir, next);
    expect(second.errors).toEqual([]);
    expect(second.outputs['manifests-changed']).toBe('true');

    // Both runs landed in the real origin; the decoy server was never asked anything.
    expect(git(ws.remote, 'log', '--format=%s', 'manifests').split('\n')).toHaveLength(2);
    expect(second.outputs['manifests-commit']).toBe(branchTip(ws.remote, 'manifests'));
    expect(decoy.requests).toEqual([]);
    const toOrigin = github.requests.filter(isGitRequest);
    expect(toOrigin.map((request) => request.url)).toContainEqual('/origin.git/git-upload-pack');
    expect(pushes(toOrigin).length).toBeGreaterThanOrEqual(2);
    for (const request of toOrigin) {
      expect(request.headers.authorization).toBe(AUTHORIZATION);
      expect(request.headers['x-checkout-header']).toBeUndefined();
    }
    // No helper, ssh command, fsmonitor or hook of the checkout ran.
    await expect(readMarks(marks)).resolves.toBe('');
    expect(leakOf(second, SECRET_FORMS)).toBe('');
  });
});

function readMarks(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

describe('a remote that stops answering', () => {
  it('fails the push within the bound, naming the operation and the host, and the branch stays as it was', async () => {
    const ws = await workspace();
    const github = await server('origin');
    await originOver(ws, ws.dir, github);
    const first = await pushToMain(ws, ws.dir, ws.sha);
    expect(first.errors).toEqual([]);
    const before = branchTip(ws.remote, 'manifests');
    expect(before).not.toBe('');

    // Reads are served; the push is accepted and never answered.
    const seen = github.requests.length;
    github.route = (request) => (request.url.endsWith('/git-receive-pack') ? { kind: 'stall' } : { kind: 'git' });
    const next = ws.commit({ app: 'hello again\n' }, 'Change the app');
    const dir = ws.checkout('main');
    await originOver(ws, dir, github);
    const result = await pushToMain(ws, dir, next);
    expect(result.code).toBe(1);
    expect(result.errors).toHaveLength(1);
    const { host } = new URL(github.url);
    expect(result.errors[0]).toMatch(new RegExp(`^manifests: git push with ${host.replace(/\./g, '\\.')} (?:made no progress for 2 s|did not finish within 4 s) and was stopped`));
    expect(result.stdout).not.toContain('Retrying');
    // One push, stopped; no second attempt.
    expect(pushes(github.requests.slice(seen)).filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(branchTip(ws.remote, 'manifests')).toBe(before);
    expect(result.outputs['manifests-changed']).not.toBe('true');
  });

  it('fails the first read of a server that accepts connections and never answers', async () => {
    const ws = await workspace();
    const silent = await server('silent');
    silent.route = () => ({ kind: 'stall' });
    const result = await pushToMain(ws, ws.dir, ws.sha, onServer(silent.url));
    expect(result.code).toBe(1);
    const { host } = new URL(silent.url);
    expect(result.errors).toEqual([expect.stringMatching(new RegExp(`^manifests: git fetch with ${host.replace(/\./g, '\\.')} (?:made no progress|did not finish)`))]);
    expect(silent.requests.length).toBeGreaterThan(0);
    expect(refsOf(ws.remote)).not.toContain('manifests');
  });
});

describe('a branch name that collides with an existing branch', () => {
  it.each([
    ['manifests/prod', 'manifests', "'refs/heads/manifests' exists; cannot create 'refs/heads/manifests/prod'"],
    ['manifests', 'manifests/prod', "'refs/heads/manifests/prod' exists; cannot create 'refs/heads/manifests'"],
  ])('%s next to an existing %s fails at once with git\'s reason, without retries', async (branch, existing, reason) => {
    const ws = await workspace();
    git(ws.remote, 'update-ref', `refs/heads/${existing}`, ws.sha);
    const before = refsOf(ws.remote);
    const result = await pushToMain(ws, ws.dir, ws.sha, { inputs: { 'manifests-branch': branch } });
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      `manifests: the manifests branch "${branch}" cannot be created next to another branch of the same path (${reason}); choose a manifests-branch that is not a prefix of, or prefixed by, an existing branch. Nothing was pushed`,
    ]);
    expect(result.stdout).not.toContain('Retrying');
    expect(refsOf(ws.remote)).toBe(before);
  });
});
