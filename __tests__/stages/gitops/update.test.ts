// The stage's wiring: which repository the branch is pushed to, with which credentials, and
// nothing of the runner's own git configuration.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BRANCH,
  OVERLAY,
  type Source,
  captureLog,
  capturedLog,
  deploy,
  digestOf,
  expectEmpty,
  git,
  makeSource,
  show,
  tip,
} from './support.js';

describe('updateManifests', () => {
  it('pushes to a separate manifests repository under GITHUB_SERVER_URL', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const server = path.join(source.root, 'server');
    const gitops = path.join(server, 'acme', 'gitops.git');
    await fs.mkdir(path.dirname(gitops), { recursive: true });
    git(source.root, 'init', '-q', '--bare', gitops);

    const result = await deploy({
      service: 'finbert-sentiment-service',
      commit: c1,
      workspace: source.checkout(c1),
      serverUrl: `file://${server}`,
      repository: 'acme/gitops',
      runnerTemp: await source.runnerTemp(),
    });

    expect(result).toMatchObject({ changed: true, commit: tip(gitops), commitUrl: '' });
    expect(show(gitops, OVERLAY)).toContain(`newTag: main-${c1.slice(0, 7)}\n    digest: ${digestOf('finbert-sentiment-service')}`);
    expect(tip(source.origin)).toBe('');
  });

  it('ignores the runner\'s global git config (insteadOf rules cannot redirect the push)', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const decoy = path.join(source.root, 'decoy.git');
    git(source.root, 'init', '-q', '--bare', decoy);
    const home = path.join(source.root, 'home');
    await fs.mkdir(path.join(home, '.config', 'git'), { recursive: true });
    const rules = `[url "${decoy}"]\n\tinsteadOf = ${source.origin}\n\tpushInsteadOf = ${source.origin}\n[user]\n\tname = Someone Else\n`;
    await fs.writeFile(path.join(home, '.gitconfig'), rules);
    await fs.writeFile(path.join(home, '.config', 'git', 'config'), rules);

    const result = await deploy({
      service: 'signal-monitoring',
      commit: c1,
      workspace: source.checkout(c1),
      env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig') },
      runnerTemp: await source.runnerTemp(),
    });

    expect(result.changed).toBe(true);
    expect(tip(source.origin)).toBe(result.commit);
    expect(tip(decoy)).toBe('');
    expect(git(source.origin, 'log', '-1', '--format=%an', BRANCH)).toBe('github-actions[bot]');
  });
});

// ---------------------------------------------------------------------------------------------
// HTTPS-style authentication, end to end: a smart-HTTP server (git http-backend behind a small
// Node server) that accepts only the header actions/checkout would send.

const TOKEN = 'ghs_FakeTokenForTests0123456789abcdef';
const TOKEN_B64 = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');

interface GitServer {
  url: string;
  authorizations: string[];
  close(): Promise<void>;
}

async function startGitServer(projectRoot: string): Promise<GitServer> {
  const authorizations: string[] = [];
  const server = http.createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? '');
    if (req.headers.authorization !== `basic ${TOKEN_B64}`) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: 'x-access-token',
        REMOTE_ADDR: '127.0.0.1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      },
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('close', () => {
      const all = Buffer.concat(out);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers).end(all.subarray(split + 4));
    });
    req.pipe(child.stdin);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, authorizations, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('updateManifests over HTTP with a token', () => {
  let source: Source;
  let server: GitServer;
  let gitops: string;
  let argvLog: string;
  let wrapperDir: string;
  const originalPath = process.env.PATH;

  beforeAll(async () => {
    source = await makeSource();
    const projectRoot = path.join(source.root, 'http-root');
    gitops = path.join(projectRoot, 'acme', 'gitops.git');
    await fs.mkdir(path.dirname(gitops), { recursive: true });
    git(source.root, 'init', '-q', '--bare', gitops);
    server = await startGitServer(projectRoot);
    // Records the argv of every git the action starts, then runs the real git.
    wrapperDir = path.join(source.root, 'wrapper');
    argvLog = path.join(source.root, 'argv.log');
    await fs.mkdir(wrapperDir);
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    await fs.writeFile(path.join(wrapperDir, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
  });

  afterAll(async () => {
    process.env.PATH = originalPath;
    await server.close();
  });

  it('authenticates with an extraheader from the environment and leaves the token nowhere', async () => {
    const [c1] = source.commits as [string];
    const workspace = source.checkout(c1);
    // What actions/checkout leaves behind must not matter (and is not used).
    git(workspace, 'config', '--local', 'http.https://github.com/.extraheader', 'AUTHORIZATION: basic Y2hlY2tvdXQ=');
    const runnerTemp = await source.runnerTemp();
    process.env.PATH = `${wrapperDir}:${originalPath}`;
    captureLog();

    const result = await deploy({
      service: 'signal-generation-engine',
      commit: c1,
      workspace,
      serverUrl: server.url,
      repository: 'acme/gitops',
      token: TOKEN,
      runnerTemp,
      env: { PATH: `${wrapperDir}:${originalPath}` },
    });
    process.env.PATH = originalPath;

    expect(result.changed).toBe(true);
    expect(result.commitUrl).toBe(`${server.url}/acme/gitops/commit/${result.commit}`);
    expect(tip(gitops)).toBe(result.commit);
    // Every request git made carried the header (ls-remote, push: at least 2 round trips).
    expect(server.authorizations.length).toBeGreaterThanOrEqual(2);
    expect(server.authorizations.every((value) => value === `basic ${TOKEN_B64}`)).toBe(true);
    // Never on a command line (and git really went through the wrapper).
    const argv = await fs.readFile(argvLog, 'utf8');
    expect(argv).toContain('push --porcelain --no-verify');
    expect(argv).not.toContain(TOKEN);
    expect(argv).not.toContain(TOKEN_B64);
    // Never in the log, except the runner's masking commands.
    const log = capturedLog().join('').split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(log.join('\n')).toContain('Manifests repository:');
    expect(log.join('\n')).not.toContain(TOKEN);
    expect(log.join('\n')).not.toContain(TOKEN_B64);
    expect(capturedLog().join('')).toContain(`::add-mask::${TOKEN}`);
    // Never in a file: nothing left in RUNNER_TEMP, nothing in any repository's config.
    await expectEmpty(runnerTemp);
    for (const secret of [TOKEN, TOKEN_B64]) {
      const grep = spawnSync('grep', ['-rlF', '--', secret, source.root], { encoding: 'utf8' });
      expect(grep.stdout).toBe('');
      expect(grep.status).toBe(1);
    }
  });

  it('without the token the server refuses and the error carries no secret', async () => {
    const [c1] = source.commits as [string];
    const attempt = deploy({
      service: 'dax-llm-service',
      commit: c1,
      workspace: source.checkout(c1),
      serverUrl: server.url,
      repository: 'acme/gitops',
      token: '',
      runnerTemp: await source.runnerTemp(),
    });
    await expect(attempt).rejects.toThrow(/cannot read branch "manifests" of "http:\/\/127\.0\.0\.1:\d+\/acme\/gitops\.git" \(git exit 128\)/);
  });
});

