// `mode: plan` through the runner harness: it writes the outputs it can know and a job summary,
// and has no side effect at all (README, Modes): no docker, Trivy or kustomize, no download,
// no network, nothing written to git. Every tool a run could reach is replaced by a recorder
// first on PATH, the Trivy download URL and the proxy variables point at a recording HTTP
// server, and the checkout and its bare origin are compared before and after.

import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionResult, type ActionRun } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import { EVENTS, git, lines, payload, sourceTree, type EventFixture } from './support.js';

const SERVICE = 'signal-generation-engine';
const IMAGE = 'ghcr.io/ftmo-labs/signal-generation-engine';
const CONTEXT = 'services/signal-generation-engine';
const RECORDED_TOOLS = ['docker', 'trivy', 'kubectl', 'kustomize', 'curl', 'wget', 'update-binfmts', 'tar'];

let ws: Workspace;
let tmp: string;
let toolLog: string;
let server: http.Server;
let serverUrl: string;
const requests: string[] = [];
let before: Record<string, string>;

/** Everything git-visible about the checkout and its origin. */
async function gitState(): Promise<Record<string, string>> {
  return {
    status: git(ws.dir, 'status', '--porcelain', '--untracked-files=all', '--ignored'),
    refs: git(ws.dir, 'for-each-ref', '--format=%(refname) %(objectname)'),
    head: git(ws.dir, 'rev-parse', 'HEAD'),
    symbolicHead: git(ws.dir, 'symbolic-ref', 'HEAD'),
    config: await readFile(path.join(ws.dir, '.git/config'), 'utf8'),
    shallow: await readFile(path.join(ws.dir, '.git/shallow'), 'utf8').catch(() => '(none)'),
    stashes: git(ws.dir, 'stash', 'list'),
    originRefs: git(ws.remote, 'for-each-ref', '--format=%(refname) %(objectname)'),
    originConfig: await readFile(path.join(ws.remote, 'config'), 'utf8'),
  };
}

function env(): Record<string, string> {
  const proxy = serverUrl;
  return {
    PATH: `${path.join(tmp, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    // Anything that would reach the network through a proxy-aware client lands on the recorder.
    http_proxy: proxy,
    https_proxy: proxy,
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    no_proxy: '',
    NO_PROXY: '',
  };
}

async function plan(fixture: EventFixture, inputs: Record<string, string> = {}, extra: Partial<ActionRun> = {}): Promise<ActionResult> {
  return runAction({
    event: fixture === 'pull_request_fork' ? 'pull_request' : fixture === 'tag' ? 'push' : fixture,
    payload: payload(fixture),
    ref: EVENTS[fixture].ref,
    // The checkout is the run's commit, as every mode expects (a mismatch would only warn here).
    sha: ws.sha,
    workspace: ws.dir,
    inputs: {
      service: SERVICE,
      mode: 'plan',
      context: CONTEXT,
      'trivy-download-url': `${serverUrl}/trivy/releases/download`,
      ...inputs,
    },
    env: env(),
    ...extra,
  });
}

/** The workspace's commit as the tags carry it (sha-length 7). */
function short(): string {
  return ws.sha.slice(0, 7);
}

/** The argv for `docker buildx build` wherever the plan JSON keeps it. */
function findBuildxArgs(value: unknown): string[] | undefined {
  if (Array.isArray(value)) {
    if (value[0] === 'buildx' && value[1] === 'build' && value.every((v) => typeof v === 'string')) return value as string[];
    for (const item of value) {
      const found = findBuildxArgs(item);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) {
      const found = findBuildxArgs(item);
      if (found) return found;
    }
  }
  return undefined;
}

function flagValues(argv: string[], flag: string): string[] {
  return argv.flatMap((arg, i) => (argv[i - 1] === flag ? [arg] : []));
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ftmo-plan-'));
  toolLog = path.join(tmp, 'tools.log');
  await writeFile(toolLog, '');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(path.join(tmp, 'bin'));
  for (const tool of RECORDED_TOOLS) {
    const file = path.join(tmp, 'bin', tool);
    await writeFile(file, `#!/bin/sh\nprintf '%s\\n' "${tool} $*" >> '${toolLog}'\nexit 1\n`);
    await chmod(file, 0o755);
  }
  server = http.createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ws = await makeWorkspace({ files: sourceTree() });
  before = await gitState();
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await ws?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

describe('plan mode on a push to main', () => {
  let result: ActionResult;
  beforeAll(async () => {
    result = await plan('push');
  });
  afterAll(async () => {
    await result?.dispose();
  });

  it('succeeds, also in the post step', () => {
    expect(result.errors, result.stdout).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.postCode).toBe(0);
  });

  it('writes image, version, tags and labels', () => {
    const { outputs } = result;
    expect(outputs.image).toBe(IMAGE);
    expect(outputs.version).toBe(`main-${short()}`);
    expect(lines(outputs.tags)).toEqual([`${IMAGE}:latest`, `${IMAGE}:main-${short()}`]);
    const labels = (outputs.labels ?? '').split('\n');
    const created = labels.find((label) => label.startsWith('org.opencontainers.image.created='));
    expect(labels.filter((label) => label !== created).sort()).toEqual([
      `org.opencontainers.image.revision=${ws.sha}`,
      'org.opencontainers.image.source=https://github.com/Ftmo-Labs/dax-trading',
      'org.opencontainers.image.title=signal-generation-engine',
      `org.opencontainers.image.version=main-${short()}`,
    ]);
    const time = created?.split('=')[1] ?? '';
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/);
    expect(Number.isNaN(Date.parse(time))).toBe(false);
  });

  it('reports nothing pushed, scanned or committed', () => {
    const { outputs } = result;
    expect(outputs.digest).toBe('');
    expect(outputs['manifests-changed']).toBe('false');
    expect(outputs['manifests-commit']).toBe('');
    expect(outputs['scan-result']).toBe('skipped');
  });

  it('writes the plan as JSON with the buildx arguments', () => {
    const planJson: unknown = JSON.parse(result.outputs.plan ?? '');
    const argv = findBuildxArgs(planJson);
    expect(argv).toBeDefined();
    const args = argv ?? [];
    expect(flagValues(args, '--platform')).toEqual(['linux/amd64,linux/arm64']);
    // latest is never part of the build: it moves after the scan gate. The source key's tag is
    // (README "Build avoidance"), and the key is the plan's.
    const key = (planJson as { build: { reuse: { key: string } } }).build.reuse.key;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(flagValues(args, '--tag')).toEqual([`${IMAGE}:main-${short()}`, `${IMAGE}:src-${key}`]);
    expect(flagValues(args, '--label')).toContain(`dev.ftmo-deploy.source-key=${key}`);
    expect(flagValues(args, '--label')).toContain(`org.opencontainers.image.revision=${ws.sha}`);
    expect(flagValues(args, '--label')).toContain('org.opencontainers.image.title=signal-generation-engine');
    expect(flagValues(args, '--file')).toEqual([`${CONTEXT}/Dockerfile`]);
    expect(flagValues(args, '--cache-from')).toEqual([`type=gha,scope=${SERVICE}-linux-amd64-linux-arm64`]);
    expect(args.some((arg) => /^--provenance(=mode=min)?$/.test(arg))).toBe(true);
    expect(args).toContain('--push');
    expect(args.at(-1)).toBe(CONTEXT);
    expect(JSON.stringify(planJson)).toContain(`"main-${short()}"`);
  });

  it('summarises tags, labels, every stage and the manifests diff', () => {
    const { summary } = result;
    expect(summary).toContain(`${IMAGE}:main-${short()}`);
    expect(summary).toContain(`${IMAGE}:latest`);
    for (const label of (result.outputs.labels ?? '').split('\n')) expect(summary).toContain(label);
    for (const stage of [/\|\s*Build[^|]*\|/, /\|\s*Scan[^|]*\|/, /\|[^|]*latest[^|]*\|/i, /\|\s*Manifests[^|]*\|/]) {
      expect(summary).toMatch(stage);
    }
    // The preview of the overlay edit: the service's entry only.
    expect(summary).toContain('infra/k8s/overlays/production/kustomization.yaml');
    expect(summary).toMatch(/^-\s+newTag: latest$/m);
    expect(summary).toMatch(new RegExp(`^\\+\\s+newTag: "?main-${short()}"?$`, 'm'));
    expect(summary).toMatch(/^\+\s+digest: /m);
    expect(summary.match(/^\+\s+newTag:/gm)).toHaveLength(1);
  });
});

describe('plan mode on other events', () => {
  it('a fork pull request: the plan says nothing is pushed', async () => {
    const result = await plan('pull_request_fork');
    try {
      expect(result.code, result.stdout).toBe(0);
      expect(lines(result.outputs.tags)).toEqual([`${IMAGE}:pr-57`, `${IMAGE}:pr-57-${short()}`]);
      const args = findBuildxArgs(JSON.parse(result.outputs.plan ?? '')) ?? [];
      expect(args.slice(0, 2)).toEqual(['buildx', 'build']);
      expect(args).not.toContain('--push');
      expect(result.summary).toMatch(/fork/i);
      expect(result.summary).toMatch(/not pushed|nothing is pushed/i);
      // Nothing pushed: no scan, no latest, no manifests.
      expect(result.summary).toMatch(/\|\s*Scan\s*\|\s*skipped/);
      expect(result.summary).toMatch(/\|\s*Manifests\s*\|\s*skipped/);
    } finally {
      await result.dispose();
    }
  });

  it.each([
    ['pull_request', {}],
    ['tag', { cache: 'registry', sbom: 'true', 'build-args': 'PYTHON_VERSION=3.12\nAPP_ENV=production' }],
    ['workflow_dispatch', { 'manifests-repository': 'Ftmo-Labs/dax-gitops', 'extra-tags': 'rollback-candidate' }],
    ['schedule', { 'trivy-version': '0.68.2', 'trivy-sha256': 'a'.repeat(64), 'fail-on': 'none' }],
  ] as [EventFixture, Record<string, string>][])('%s with %j runs no tool and writes its outputs', async (fixture, inputs) => {
    const result = await plan(fixture, inputs);
    try {
      expect(result.errors, result.stdout).toEqual([]);
      expect(result.code).toBe(0);
      expect(result.outputs.image).toBe(IMAGE);
      expect(result.outputs.version).not.toBe('');
      expect(findBuildxArgs(JSON.parse(result.outputs.plan ?? ''))).toBeDefined();
      expect(result.summary).toContain('plan');
    } finally {
      await result.dispose();
    }
  });
});

describe('invalid inputs fail in planning', () => {
  it.each([
    ['sha-length', '6'],
    ['mode', 'yolo'],
    ['platforms', 'linux/amd64;rm -rf /'],
    ['trivy-version', '0.69.4'],
    ['image', 'ghcr.io/Ftmo-Labs/Signals'],
  ])('%s: %s', async (input, value) => {
    const result = await plan('push', { [input]: value });
    try {
      expect(result.code).toBe(1);
      expect(result.errors.length).toBeGreaterThan(0);
      expect(result.errors.join('\n')).toContain(`'${input}'`);
    } finally {
      await result.dispose();
    }
  });
});

// Declared last: vitest runs a file's tests in order, so every run above is included.
describe('no side effects across every plan-mode run above', () => {
  it('ran no docker, trivy, kubectl or kustomize', async () => {
    expect(await readFile(toolLog, 'utf8')).toBe('');
  });

  it('made no HTTP request, neither to the Trivy mirror nor through the proxy', () => {
    expect(requests).toEqual([]);
  });

  it('left the checkout and its origin exactly as they were', async () => {
    expect(await gitState()).toEqual(before);
    expect(git(ws.remote, 'branch', '--list', 'manifests')).toBe('');
  });
});
