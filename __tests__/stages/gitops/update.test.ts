import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManifestError, StageError } from '../../../src/domain/errors.js';
import type { Inputs } from '../../../src/domain/inputs/input-rules.js';
import type { Plan, RunContext } from '../../../src/domain/types.js';
import type { Runtime } from '../../../src/runtime.js';
import { updateManifests, type ImagePin } from '../../../src/stages/gitops/update.js';
import { SERVICES, deploymentYaml } from '../../harness/ftmo.js';
import { FIXTURE_GIT_ENV } from '../../harness/workspace.js';

// The FTMO system's manifests as a source repository holds them: a base per service and a
// production overlay whose `images:` entries the action pins on the manifests branch.
const LIMITS: Record<string, [string, string]> = {
  'postgres-data-collector': ['500m', '512Mi'],
  'signal-generation-engine': ['1000m', '2Gi'],
  'technical-pattern-service': ['500m', '1Gi'],
  'finbert-sentiment-service': ['2000m', '4Gi'],
  'news-ingestion-service': ['500m', '512Mi'],
  'signal-monitoring': ['500m', '512Mi'],
  'dax-llm-service': ['2000m', '8Gi'],
  'finbert-trading-llm': ['2000m', '8Gi'],
};
const OVERLAY = 'infra/k8s/overlays/production/kustomization.yaml';
const STATE = '.ftmo-deploy/state.json';
const BRANCH = 'manifests';
const NOW = new Date('2026-03-01T10:00:00Z');
const RUN_URL = 'https://github.com/acme/trading/actions/runs/42';

// signal-generation-engine's base names its image by the short name (entry matched by `name`
// = service, the action writes `newName`); every other base uses the full repository.
function baseImage(service: string): string {
  return service === 'signal-generation-engine' ? 'signal-generation-engine' : `ghcr.io/acme/${service}:latest`;
}

function deployment(service: string, cpu = LIMITS[service]?.[0] ?? '500m', image = baseImage(service)): string {
  return deploymentYaml(service, { image, cpu, memory: LIMITS[service]?.[1] ?? '512Mi', env: { POSTGRES_HOST: 'postgres-service' } });
}

function overlay(services: readonly string[] = SERVICES, extraTop = ''): string {
  const entries = services
    .map((service) =>
      service === 'signal-generation-engine'
        ? `  - name: signal-generation-engine # short name in the base\n    newName: ghcr.io/acme/signal-generation-engine\n    newTag: "latest"\n`
        : `  - name: ghcr.io/acme/${service}\n    newTag: latest\n`,
    )
    .join('');
  return `# Production: what Argo CD deploys to the cluster.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: dax-trading
${extraTop}
resources:
${services.map((service) => `  - ../../base/${service}`).join('\n')}

images:
  # main keeps \`latest\`; the manifests branch pins what was built and scanned.
${entries}`;
}

function manifests(): Record<string, string> {
  const files: Record<string, string> = { [OVERLAY]: overlay() };
  for (const service of SERVICES) {
    files[`infra/k8s/base/${service}/kustomization.yaml`] = `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n`;
    files[`infra/k8s/base/${service}/deployment.yaml`] = deployment(service);
  }
  return files;
}

// Nothing of the machine's environment but PATH.
const FIXTURE_ENV = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...FIXTURE_GIT_ENV };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: FIXTURE_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function digestOf(service: string, n = 1): string {
  return `sha256:${createHash('sha256').update(`${service}#${n}`).digest('hex')}`;
}

interface Source {
  root: string;
  /** The bare repository behind the workspaces' origin. */
  origin: string;
  commits: string[];
  commit(files: Record<string, string | null>, message: string): string;
  /** A checkout of `commit` as actions/checkout leaves it (depth 1, origin set). */
  checkout(commit: string, originUrl?: string): string;
  runnerTemp(): Promise<string>;
}

const roots: string[] = [];

async function makeSource(files = manifests()): Promise<Source> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'gitops-test-'));
  roots.push(root);
  const dev = path.join(root, 'dev');
  const origin = path.join(root, 'origin.git');
  git(root, 'init', '-q', '-b', 'main', dev);
  git(root, 'init', '-q', '--bare', origin);
  let checkouts = 0;
  let temps = 0;
  const source: Source = {
    root,
    origin,
    commits: [],
    commit(changes, message) {
      for (const [file, content] of Object.entries(changes)) {
        const target = path.join(dev, file);
        if (content === null) {
          execFileSync('rm', ['-rf', target]);
          continue;
        }
        execFileSync('mkdir', ['-p', path.dirname(target)]);
        execFileSync('tee', [target], { input: content, stdio: ['pipe', 'ignore', 'inherit'] });
      }
      git(dev, 'add', '--all');
      git(dev, 'commit', '-q', '-m', message);
      git(dev, 'push', '-q', origin, 'HEAD:refs/heads/main');
      const sha = git(dev, 'rev-parse', 'HEAD');
      source.commits.push(sha);
      return sha;
    },
    checkout(commit, originUrl = origin) {
      const dir = path.join(root, `workspace-${++checkouts}`);
      git(root, 'init', '-q', dir);
      git(dir, 'remote', 'add', 'origin', originUrl);
      git(dir, 'fetch', '-q', '--depth=1', `file://${origin}`, commit);
      git(dir, 'checkout', '-q', '--detach', commit);
      return dir;
    },
    async runnerTemp() {
      const dir = path.join(root, `runner-temp-${++temps}`);
      await fs.mkdir(dir);
      return dir;
    },
  };
  source.commit(files, 'Manifests of the FTMO trading system');
  return source;
}

afterAll(async () => {
  await Promise.all(roots.map((root) => fs.rm(root, { recursive: true, force: true })));
});

interface Run {
  service: string;
  /** manifests-path (default infra/k8s). */
  paths?: string[];
  commit: string;
  workspace: string;
  tag?: string;
  digest?: string;
  deploy?: boolean;
  token?: string;
  serverUrl?: string;
  repository?: string;
  maxPushAttempts?: number;
  pinDigest?: boolean;
  env?: Record<string, string>;
  runnerTemp: string;
  sleeps?: number[];
  /** Real waiting (scaled down) instead of none. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

function planFor(run: Run): Plan {
  const tag = run.tag ?? `main-${run.commit.slice(0, 7)}`;
  const image = `ghcr.io/acme/${run.service}`;
  return {
    mode: run.deploy ? 'deploy' : 'auto',
    event: 'push',
    refKind: 'branch',
    refName: 'main',
    service: run.service,
    image,
    registry: 'ghcr.io',
    version: tag,
    tags: [tag],
    immutableTags: [tag],
    latest: false,
    labels: [],
    sourceCommit: run.commit,
    defaultBranch: 'main',
    runUrl: RUN_URL,
    build: {
      enabled: true,
      reason: 'push to main',
      push: true,
      login: true,
      context: '.',
      file: 'Dockerfile',
      target: '',
      buildArgs: [],
      platforms: ['linux/amd64'],
      cache: 'none',
      provenance: 'false',
      sbom: 'false',
      args: [],
    },
    scan: {
      enabled: false,
      reason: 'not needed here',
      trivyVersion: '0.69.3',
      trivySha256: '',
      trivyDownloadUrl: '',
      trivyPath: '',
      failOn: [],
      ignoreUnfixed: true,
      trivyignore: '',
      trivyCacheDir: '~/.cache/trivy',
      trivyDbRepositories: [],
      trivyDbMaxAgeMs: 72 * 3_600_000,
      platforms: [],
    },
    manifests: {
      enabled: true,
      reason: 'main is a deploy branch',
      paths: run.paths ?? ['infra/k8s'],
      branch: BRANCH,
      repository: run.repository ?? '',
      pinDigest: run.pinDigest ?? true,
      maxPushAttempts: run.maxPushAttempts ?? 10,
      tag,
    },
  };
}

function runtimeFor(run: Run): Runtime {
  const ctx: RunContext = {
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: run.commit,
    repository: 'acme/trading',
    owner: 'acme',
    workspace: run.workspace,
    serverUrl: run.serverUrl ?? 'https://github.com',
    apiUrl: 'https://api.github.com',
    runId: '42',
    actor: 'jana',
    runnerTemp: run.runnerTemp,
    payloadDefaultBranch: 'main',
  };
  return {
    env: { PATH: process.env.PATH, RUNNER_TEMP: run.runnerTemp, ...run.env },
    ctx,
    // The stage reads one input: the token.
    inputs: { manifestsToken: run.token ?? '' } as unknown as Inputs,
    now: () => NOW,
    sleep: async (ms) => {
      run.sleeps?.push(ms);
      await run.sleep?.(ms);
    },
    random: run.random ?? (() => 0.5),
  };
}

function deploy(run: Run) {
  const plan = planFor(run);
  const pin: ImagePin = { tag: plan.manifests.tag, digest: run.digest ?? digestOf(run.service), sourceCommit: run.commit, deploy: run.deploy ?? false };
  return updateManifests(plan, pin, runtimeFor(run));
}

function show(remote: string, file: string, ref = BRANCH): string {
  return git(remote, 'show', `${ref}:${file}`);
}

function tip(remote: string, ref = BRANCH): string {
  try {
    return git(remote, 'rev-parse', '--verify', '--quiet', `refs/heads/${ref}`);
  } catch {
    return '';
  }
}

/** Someone else's commit on the manifests branch (made with plain git); returns the new tip. */
function editBranch(source: Source, change: (dir: string) => void): string {
  const dir = path.join(source.root, `edit-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  git(source.root, 'clone', '-q', '--branch', BRANCH, source.origin, dir);
  change(dir);
  git(dir, 'add', '--all');
  git(dir, 'commit', '-q', '-m', 'manual edit');
  git(dir, 'push', '-q', 'origin', `HEAD:refs/heads/${BRANCH}`);
  return git(dir, 'rev-parse', 'HEAD');
}

/** Renders the branch's production overlay with the real kubectl kustomize. */
async function renderBranch(remote: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gitops-render-'));
  try {
    git(remote, '--work-tree', dir, 'checkout', BRANCH, '--', '.');
    return execFileSync('kubectl', ['kustomize', path.join(dir, 'infra/k8s/overlays/production')], { encoding: 'utf8' });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function imageLines(rendered: string): string[] {
  return rendered
    .split('\n')
    .filter((line) => /^\s*(- )?image: /.test(line))
    .map((line) => line.replace(/^\s*(- )?image: /, ''))
    .sort();
}

async function expectEmpty(dir: string): Promise<void> {
  expect(await fs.readdir(dir)).toEqual([]);
}

let logged: string[] = [];
let writeSpy: { mockRestore(): void } | undefined;

function captureLog(): void {
  logged = [];
  const original = process.stdout.write.bind(process.stdout);
  writeSpy = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write);
}

afterEach(() => {
  writeSpy?.mockRestore();
  writeSpy = undefined;
});

describe('updateManifests', () => {
  it('creates the branch from the source manifests, pins the service, records the state', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const workspace = source.checkout(c1);
    const configBefore = await fs.readFile(path.join(workspace, '.git/config'), 'utf8');
    const headBefore = git(workspace, 'rev-parse', 'HEAD');
    const runnerTemp = await source.runnerTemp();
    const digest = digestOf('signal-monitoring');
    const tag = `main-${c1.slice(0, 7)}`;

    const result = await deploy({ service: 'signal-monitoring', commit: c1, workspace, runnerTemp });

    const head = tip(source.origin);
    expect(result).toMatchObject({ changed: true, commit: head, commitUrl: '' });
    expect(result.reason).toContain(`ghcr.io/acme/signal-monitoring:${tag}@${digest}`);
    // Structure copied whole; only the service's entry differs from main.
    for (const service of SERVICES) {
      expect(show(source.origin, `infra/k8s/base/${service}/deployment.yaml`)).toBe(deployment(service).trimEnd());
    }
    expect(show(source.origin, OVERLAY)).toBe(
      overlay()
        .replace('  - name: ghcr.io/acme/signal-monitoring\n    newTag: latest\n', `  - name: ghcr.io/acme/signal-monitoring\n    newTag: ${tag}\n    digest: ${digest}\n`)
        .trimEnd(),
    );
    expect(JSON.parse(show(source.origin, STATE))).toEqual({
      version: 1,
      sourceCommit: c1,
      pins: {
        [OVERLAY]: {
          'signal-monitoring': { image: 'ghcr.io/acme/signal-monitoring', tag, digest, sourceCommit: c1, time: '2026-03-01T10:00:00.000Z', runUrl: RUN_URL },
        },
      },
    });
    expect(git(source.origin, 'ls-tree', '-r', '--name-only', BRANCH).split('\n')).toEqual([STATE, ...Object.keys(manifests()).sort()].sort());
    // One commit, by the bot, at the run's time, with the contract's subject and body.
    expect(git(source.origin, 'rev-list', '--count', BRANCH)).toBe('1');
    expect(git(source.origin, 'log', '-1', '--format=%an|%ae|%cn|%ce|%at|%ct', BRANCH)).toBe(
      'github-actions[bot]|41898282+github-actions[bot]@users.noreply.github.com|github-actions[bot]|41898282+github-actions[bot]@users.noreply.github.com|1772359200|1772359200',
    );
    expect(git(source.origin, 'log', '-1', '--format=%B', BRANCH)).toBe(
      `deploy(signal-monitoring): ${tag}\n\nImage: ghcr.io/acme/signal-monitoring:${tag}\nDigest: ${digest}\nSource-Commit: ${c1}\nRun: ${RUN_URL}`,
    );
    expect(result.diff).toContain(`--- a/${OVERLAY}\n+++ b/${OVERLAY}\n`);
    expect(result.diff).toContain(`-    newTag: latest\n+    newTag: ${tag}\n+    digest: ${digest}\n`);
    expect(imageLines(await renderBranch(source.origin))).toContain(`ghcr.io/acme/signal-monitoring:${tag}@${digest}`);
    // The workspace's repository is only read; the run leaves nothing in RUNNER_TEMP.
    expect(await fs.readFile(path.join(workspace, '.git/config'), 'utf8')).toBe(configBefore);
    expect(git(workspace, 'rev-parse', 'HEAD')).toBe(headBefore);
    expect(git(workspace, 'status', '--porcelain')).toBe('');
    await expectEmpty(runnerTemp);
  });

  it('a re-run of the same commit changes nothing and commits nothing', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const workspace = source.checkout(c1);
    const first = await deploy({ service: 'news-ingestion-service', commit: c1, workspace, runnerTemp: await source.runnerTemp() });
    expect(first.changed).toBe(true);

    const again = await deploy({ service: 'news-ingestion-service', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });

    expect(again).toMatchObject({ changed: false, commit: '', diff: '', commitUrl: '' });
    expect(again.reason).toMatch(/already pins ghcr\.io\/acme\/news-ingestion-service:main-[0-9a-f]{7}@sha256:[0-9a-f]{64} for news-ingestion-service; nothing to change/);
    expect(tip(source.origin)).toBe(first.commit);
  });

  it('a resource-limit change on main reaches the branch with the next deployment; other pins are kept', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    const c2 = source.commit({ 'infra/k8s/base/signal-generation-engine/deployment.yaml': deployment('signal-generation-engine', '1500m') }, 'More CPU for signal generation');

    const result = await deploy({ service: 'postgres-data-collector', commit: c2, workspace: source.checkout(c2), runnerTemp: await source.runnerTemp() });

    expect(result.changed).toBe(true);
    expect(show(source.origin, 'infra/k8s/base/signal-generation-engine/deployment.yaml')).toContain('cpu: 1500m');
    const images = imageLines(await renderBranch(source.origin));
    expect(images).toContain(`ghcr.io/acme/signal-monitoring:main-${c1.slice(0, 7)}@${digestOf('signal-monitoring')}`);
    expect(images).toContain(`ghcr.io/acme/postgres-data-collector:main-${c2.slice(0, 7)}@${digestOf('postgres-data-collector')}`);
    expect(images).toContain('ghcr.io/acme/dax-llm-service:latest');
    const state = JSON.parse(show(source.origin, STATE));
    expect(state.sourceCommit).toBe(c2);
    expect(Object.keys(state.pins[OVERLAY]).sort()).toEqual(['postgres-data-collector', 'signal-monitoring']);
    expect(git(source.origin, 'log', '--format=%s', BRANCH).split('\n')).toEqual([
      `deploy(postgres-data-collector): main-${c2.slice(0, 7)}`,
      `deploy(signal-monitoring): main-${c1.slice(0, 7)}`,
    ]);
  });

  it('re-applies every recorded pin on a changed overlay and drops pins whose entry is gone', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-generation-engine', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    await deploy({ service: 'finbert-trading-llm', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    const remaining = SERVICES.filter((service) => service !== 'finbert-trading-llm');
    const c2 = source.commit(
      {
        [OVERLAY]: overlay(remaining, 'commonAnnotations:\n  team: trading\n'),
        'infra/k8s/base/finbert-trading-llm': null,
      },
      'Retire finbert-trading-llm',
    );

    const result = await deploy({ service: 'dax-llm-service', commit: c2, workspace: source.checkout(c2), runnerTemp: await source.runnerTemp() });

    const t1 = `main-${c1.slice(0, 7)}`;
    const t2 = `main-${c2.slice(0, 7)}`;
    expect(show(source.origin, OVERLAY)).toBe(
      overlay(remaining, 'commonAnnotations:\n  team: trading\n')
        .replace(
          '    newName: ghcr.io/acme/signal-generation-engine\n    newTag: "latest"\n',
          `    newName: ghcr.io/acme/signal-generation-engine\n    newTag: "${t1}"\n    digest: ${digestOf('signal-generation-engine')}\n`,
        )
        .replace('  - name: ghcr.io/acme/dax-llm-service\n    newTag: latest\n', `  - name: ghcr.io/acme/dax-llm-service\n    newTag: ${t2}\n    digest: ${digestOf('dax-llm-service')}\n`)
        .trimEnd(),
    );
    const state = JSON.parse(show(source.origin, STATE));
    expect(Object.keys(state.pins[OVERLAY]).sort()).toEqual(['dax-llm-service', 'signal-generation-engine']);
    expect(git(source.origin, 'log', '-1', '--format=%B', BRANCH)).toContain(`\nDropped-Pins: 1 stale pin dropped, their file or entry is gone: "finbert-trading-llm" in "${OVERLAY}"`);
    expect(result.reason).toContain('dropped 1 stale pin');
    expect(git(source.origin, 'ls-tree', '-r', '--name-only', BRANCH)).not.toContain('base/finbert-trading-llm');
  });

  it('an older commit finishing last pins nothing; deploy mode pins it anyway and says so', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const c2 = source.commit({ 'infra/k8s/base/signal-monitoring/deployment.yaml': deployment('signal-monitoring', '750m') }, 'Tune signal-monitoring');
    const newer = await deploy({ service: 'signal-monitoring', commit: c2, workspace: source.checkout(c2), runnerTemp: await source.runnerTemp() });
    expect(newer.changed).toBe(true);

    // The build of c1 finishes after c2's, from a depth-1 checkout of c1.
    const older = await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });

    expect(older).toMatchObject({ changed: false, commit: '' });
    expect(older.reason).toBe(
      `signal-monitoring is pinned from ${c2.slice(0, 12)}, which descends from this run's commit ${c1.slice(0, 12)}: a newer build is deployed, so this run pins nothing`,
    );
    expect(tip(source.origin)).toBe(newer.commit);

    // Another service from the old commit: pinned, but the branch keeps c2's structure.
    const other = await deploy({ service: 'dax-llm-service', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    expect(other.changed).toBe(true);
    expect(show(source.origin, 'infra/k8s/base/signal-monitoring/deployment.yaml')).toContain('cpu: 750m');
    expect(JSON.parse(show(source.origin, STATE)).sourceCommit).toBe(c2);

    // Rollback on purpose.
    const rollback = await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), deploy: true, runnerTemp: await source.runnerTemp() });
    expect(rollback.changed).toBe(true);
    const t1 = `main-${c1.slice(0, 7)}`;
    expect(git(source.origin, 'log', '-1', '--format=%B', BRANCH)).toBe(
      `deploy(signal-monitoring): ${t1}\n\nImage: ghcr.io/acme/signal-monitoring:${t1}\nDigest: ${digestOf('signal-monitoring')}\nSource-Commit: ${c1}\nRun: ${RUN_URL}\n` +
        'Ordering-Check: bypassed (deploy mode pins this tag even if a newer commit of the service is deployed)',
    );
    expect(JSON.parse(show(source.origin, STATE)).pins[OVERLAY]['signal-monitoring']).toMatchObject({ tag: t1, sourceCommit: c1, deploy: true });
    expect(imageLines(await renderBranch(source.origin))).toContain(`ghcr.io/acme/signal-monitoring:${t1}@${digestOf('signal-monitoring')}`);
  });

  it('a path the branch does not hold yet comes from the source even when the structure stays', async () => {
    const files = manifests();
    files['infra/k8s/overlays/staging/kustomization.yaml'] = files[OVERLAY]!.replace('# Production', '# Staging');
    const source = await makeSource(files);
    const [c1] = source.commits as [string];
    const c2 = source.commit({ 'infra/k8s/base/signal-monitoring/deployment.yaml': deployment('signal-monitoring', '750m') }, 'Tune signal-monitoring');
    const production = ['infra/k8s/base', 'infra/k8s/overlays/production'];
    await deploy({ service: 'signal-monitoring', commit: c2, paths: production, workspace: source.checkout(c2), runnerTemp: await source.runnerTemp() });
    expect(() => show(source.origin, 'infra/k8s/overlays/staging/kustomization.yaml')).toThrow();

    // An older commit lists the staging overlay for the first time: the structure stays c2's...
    const staging = ['infra/k8s/base', 'infra/k8s/overlays/staging'];
    const first = await deploy({ service: 'dax-llm-service', commit: c1, paths: staging, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    expect(first.changed).toBe(true);
    expect(show(source.origin, 'infra/k8s/base/signal-monitoring/deployment.yaml')).toContain('cpu: 750m');
    // ...and the overlay it did not have comes from the source, pinned.
    expect(show(source.origin, 'infra/k8s/overlays/staging/kustomization.yaml')).toContain(
      `  - name: ghcr.io/acme/dax-llm-service\n    newTag: main-${c1.slice(0, 7)}\n    digest: ${digestOf('dax-llm-service')}\n`,
    );
  });

  it('a service without an entry anywhere is an error and nothing is pushed', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const runnerTemp = await source.runnerTemp();

    const attempt = deploy({ service: 'risk-engine', commit: c1, workspace: source.checkout(c1), runnerTemp });

    await expect(attempt).rejects.toThrow(ManifestError);
    await expect(attempt).rejects.toThrow(/^infra\/k8s: no kustomization has an `images` entry for "risk-engine" \(name or newName "ghcr\.io\/acme\/risk-engine"\); 9 file\(s\) read, nothing pushed$/);
    expect(tip(source.origin)).toBe('');
    await expectEmpty(runnerTemp);
  });

  it('a tree that does not render is not pushed', async () => {
    const files = manifests();
    files['infra/k8s/base/dax-llm-service/kustomization.yaml'] = 'resources:\n  - deployment.yaml\n  - missing-service.yaml\n';
    const source = await makeSource(files);
    const [c1] = source.commits as [string];

    const attempt = deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });

    await expect(attempt).rejects.toThrow(StageError);
    await expect(attempt).rejects.toThrow(/does not render after the update, so nothing was pushed: .*missing-service\.yaml/s);
    expect(tip(source.origin)).toBe('');
  });

  it('a pin that does not reach any container is not pushed', async () => {
    const files = manifests();
    // The base runs another image than the overlay entry names.
    files['infra/k8s/base/technical-pattern-service/deployment.yaml'] = deployment('technical-pattern-service', '500m', 'ghcr.io/acme/tps:latest');
    const source = await makeSource(files);
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    const before = tip(source.origin);

    const attempt = deploy({ service: 'technical-pattern-service', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });

    await expect(attempt).rejects.toThrow(/"infra\/k8s\/overlays\/production" renders without "ghcr\.io\/acme\/technical-pattern-service:main-[0-9a-f]{7}@sha256:[0-9a-f]{64}".*nothing was pushed/);
    expect(tip(source.origin)).toBe(before);
  });

  it('a branch that keeps moving exhausts max-push-attempts with a clear error', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    // Another job lands a commit while each of our pushes is received.
    const hook = path.join(source.origin, 'hooks', 'update');
    await fs.writeFile(
      hook,
      '#!/bin/sh\necho x >> moves.log\nc=$(git commit-tree -p "$2" -m "another job" "$2^{tree}")\ngit update-ref "$1" "$c" "$2"\nexit 0\n',
      { mode: 0o755 },
    );
    const sleeps: number[] = [];

    const attempt = deploy({ service: 'dax-llm-service', commit: c1, workspace: source.checkout(c1), maxPushAttempts: 3, sleeps, runnerTemp: await source.runnerTemp() });

    await expect(attempt).rejects.toThrow(StageError);
    await expect(attempt).rejects.toThrow(
      'the manifests branch "manifests" kept moving: all 3 push attempts allowed by max-push-attempts were rejected (last: failed to update ref); nothing of this run was pushed',
    );
    expect((await fs.readFile(path.join(source.origin, 'moves.log'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
    // Two waits between three attempts: equal jitter with random() = 0.5 over 1 s, then 2 s.
    expect(sleeps).toEqual([750, 1500]);
    expect(git(source.origin, 'log', '--format=%s', BRANCH).split('\n')).toEqual(['another job', 'another job', 'another job', `deploy(signal-monitoring): main-${c1.slice(0, 7)}`]);
  });

  it('any other push failure stops at once with git\'s message', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    await fs.writeFile(
      path.join(source.origin, 'hooks', 'pre-receive'),
      '#!/bin/sh\necho x >> declined.log\necho "GH006: Protected branch update failed for refs/heads/manifests." >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const sleeps: number[] = [];
    const before = tip(source.origin);

    const attempt = deploy({ service: 'dax-llm-service', commit: c1, workspace: source.checkout(c1), sleeps, runnerTemp: await source.runnerTemp() });

    await expect(attempt).rejects.toThrow(StageError);
    await expect(attempt).rejects.toThrow(/push to the manifests branch "manifests" failed \(git exit 1\):.*GH006: Protected branch update failed.*pre-receive hook declined/s);
    expect((await fs.readFile(path.join(source.origin, 'declined.log'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(tip(source.origin)).toBe(before);
  });

  it('eight services deployed at once all land', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const runs = await Promise.all(
      SERVICES.map(async (service, index) => ({
        service,
        commit: c1,
        workspace: source.checkout(c1),
        digest: digestOf(service, index),
        runnerTemp: await source.runnerTemp(),
        // Jittered backoff as in a real run.
        sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
        random: Math.random,
      })),
    );

    const results = await Promise.all(runs.map((run) => deploy(run)));

    const tag = `main-${c1.slice(0, 7)}`;
    expect(results.map((result) => result.changed)).toEqual(SERVICES.map(() => true));
    expect(git(source.origin, 'rev-list', '--count', BRANCH)).toBe('8');
    // Linear history: every commit has one parent but the first.
    expect(git(source.origin, 'rev-list', '--min-parents=2', BRANCH)).toBe('');
    expect(new Set(results.map((result) => result.commit)).size).toBe(8);
    const state = JSON.parse(show(source.origin, STATE));
    expect(Object.keys(state.pins[OVERLAY]).sort()).toEqual([...SERVICES].sort());
    for (const [index, service] of SERVICES.entries()) {
      expect(state.pins[OVERLAY][service]).toMatchObject({ tag, digest: digestOf(service, index), sourceCommit: c1 });
    }
    expect(imageLines(await renderBranch(source.origin))).toEqual(SERVICES.map((service, index) => `ghcr.io/acme/${service}:${tag}@${digestOf(service, index)}`).sort());
  });

  it('a corrupt state file on the branch is an error and nothing is pushed', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    const broken = editBranch(source, (dir) => execFileSync('tee', [path.join(dir, STATE)], { input: '{"version": 1, "pins": ', stdio: ['pipe', 'ignore', 'inherit'] }));

    const attempt = deploy({ service: 'dax-llm-service', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });

    await expect(attempt).rejects.toThrow(ManifestError);
    await expect(attempt).rejects.toThrow(/^\.ftmo-deploy\/state\.json: is not valid JSON .*repair or remove the file on the manifests branch$/);
    expect(tip(source.origin)).toBe(broken);
  });

  it('a symlink planted on the branch is replaced, never followed', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    const outside = path.join(source.root, 'outside');
    await fs.mkdir(path.join(outside, 'k8s'), { recursive: true });
    await fs.writeFile(path.join(outside, 'k8s', 'precious.txt'), 'keep me\n');
    editBranch(source, (dir) => {
      execFileSync('rm', ['-rf', path.join(dir, 'infra')]);
      execFileSync('ln', ['-s', outside, path.join(dir, 'infra')]);
    });

    const result = await deploy({ service: 'dax-llm-service', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });

    expect(result.changed).toBe(true);
    expect(await fs.readFile(path.join(outside, 'k8s', 'precious.txt'), 'utf8')).toBe('keep me\n');
    expect(await fs.readdir(outside)).toEqual(['k8s']);
    // infra is a directory again (mode 040000 = tree), with both pins.
    expect(git(source.origin, 'ls-tree', BRANCH, 'infra')).toMatch(/^040000 tree /);
    const images = imageLines(await renderBranch(source.origin));
    expect(images).toContain(`ghcr.io/acme/signal-monitoring:main-${c1.slice(0, 7)}@${digestOf('signal-monitoring')}`);
    expect(images).toContain(`ghcr.io/acme/dax-llm-service:main-${c1.slice(0, 7)}@${digestOf('dax-llm-service')}`);
  });

  it('with pin-digest false pins the tag only and says the digest is not pinned', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const tag = `main-${c1.slice(0, 7)}`;

    await deploy({ service: 'news-ingestion-service', commit: c1, workspace: source.checkout(c1), pinDigest: false, runnerTemp: await source.runnerTemp() });

    expect(show(source.origin, OVERLAY)).toContain(`  - name: ghcr.io/acme/news-ingestion-service\n    newTag: ${tag}\n  - name`);
    expect(imageLines(await renderBranch(source.origin))).toContain(`ghcr.io/acme/news-ingestion-service:${tag}`);
    expect(git(source.origin, 'log', '-1', '--format=%B', BRANCH)).toContain(`\nDigest: ${digestOf('news-ingestion-service')} (not pinned)\n`);
    expect(JSON.parse(show(source.origin, STATE)).pins[OVERLAY]['news-ingestion-service'].digest).toBe('');
  });

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
    const log = logged.join('').split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(log.join('\n')).toContain('Manifests repository:');
    expect(log.join('\n')).not.toContain(TOKEN);
    expect(log.join('\n')).not.toContain(TOKEN_B64);
    expect(logged.join('')).toContain(`::add-mask::${TOKEN}`);
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
