// Shared by the gitops stage's tests: the FTMO system's manifests in a real source repository
// (a bare origin, depth-1 checkouts as actions/checkout leaves them), the plan and runtime of a
// run, and readers of the branch the stage pushed.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, expect, vi } from 'vitest';
import type { Inputs } from '../../../src/domain/inputs/input-rules.js';
import type { Plan, RunContext } from '../../../src/domain/types.js';
import type { Runtime } from '../../../src/runtime.js';
import { updateManifests, type ImagePin } from '../../../src/stages/gitops/update.js';
import { sourceHistory } from '../../../src/stages/source-history.js';
import { SERVICES, deploymentYaml } from '../../harness/ftmo.js';
import { FIXTURE_GIT_ENV } from '../../harness/workspace.js';

// The FTMO system's manifests as a source repository holds them: a base per service and a
// production overlay whose `images:` entries the action pins on the manifests branch.
export const LIMITS: Record<string, [string, string]> = {
  'postgres-data-collector': ['500m', '512Mi'],
  'signal-generation-engine': ['1000m', '2Gi'],
  'technical-pattern-service': ['500m', '1Gi'],
  'finbert-sentiment-service': ['2000m', '4Gi'],
  'news-ingestion-service': ['500m', '512Mi'],
  'signal-monitoring': ['500m', '512Mi'],
  'dax-llm-service': ['2000m', '8Gi'],
  'finbert-trading-llm': ['2000m', '8Gi'],
};
export const OVERLAY = 'infra/k8s/overlays/production/kustomization.yaml';
export const STATE = '.ftmo-deploy/state.json';
export const BRANCH = 'manifests';
export const NOW = new Date('2026-03-01T10:00:00Z');
export const RUN_URL = 'https://github.com/acme/trading/actions/runs/42';

// signal-generation-engine's base names its image by the short name (entry matched by `name`
// = service, the action writes `newName`); every other base uses the full repository.
export function baseImage(service: string): string {
  return service === 'signal-generation-engine' ? 'signal-generation-engine' : `ghcr.io/acme/${service}:latest`;
}

export function deployment(service: string, cpu = LIMITS[service]?.[0] ?? '500m', image = baseImage(service)): string {
  return deploymentYaml(service, { image, cpu, memory: LIMITS[service]?.[1] ?? '512Mi', env: { POSTGRES_HOST: 'postgres-service' } });
}

export function overlay(services: readonly string[] = SERVICES, extraTop = ''): string {
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

export function manifests(): Record<string, string> {
  const files: Record<string, string> = { [OVERLAY]: overlay() };
  for (const service of SERVICES) {
    files[`infra/k8s/base/${service}/kustomization.yaml`] = `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n`;
    files[`infra/k8s/base/${service}/deployment.yaml`] = deployment(service);
  }
  return files;
}

// Nothing of the machine's environment but PATH.
export const FIXTURE_ENV = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...FIXTURE_GIT_ENV };

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: FIXTURE_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function digestOf(service: string, n = 1): string {
  return `sha256:${createHash('sha256').update(`${service}#${n}`).digest('hex')}`;
}

export interface Source {
  root: string;
  /** The bare repository behind the workspaces' origin. */
  origin: string;
  commits: string[];
  commit(files: Record<string, string | null>, message: string): string;
  /** A checkout of `commit` as actions/checkout leaves it (depth 1, origin set). */
  checkout(commit: string, originUrl?: string): string;
  runnerTemp(): Promise<string>;
}

export const roots: string[] = [];

export async function makeSource(files = manifests()): Promise<Source> {
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

export interface Run {
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

export function planFor(run: Run): Plan {
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
    releaseAliases: [],
    labels: [],
    sourceCommit: run.commit,
    defaultBranch: 'main',
    runUrl: RUN_URL,
    merge: [],
    build: {
      enabled: true,
      reason: 'push to main',
      push: true,
      pushByDigest: false,
      login: true,
      reuse: { enabled: false, reason: 'skip-unchanged: false', key: '', tag: '' },
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
      ordering: run.deploy ? 'bypassed' : 'enforced',
    },
  };
}

export function runtimeFor(run: Run): Runtime {
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

export async function deploy(run: Run) {
  const plan = planFor(run);
  const pin: ImagePin = { tag: plan.manifests.tag, digest: run.digest ?? digestOf(run.service), sourceCommit: run.commit };
  const rt = runtimeFor(run);
  const history = sourceHistory(rt, plan);
  try {
    return await updateManifests(plan, pin, rt, history);
  } finally {
    await history.close();
  }
}

export function show(remote: string, file: string, ref = BRANCH): string {
  return git(remote, 'show', `${ref}:${file}`);
}

export function tip(remote: string, ref = BRANCH): string {
  try {
    return git(remote, 'rev-parse', '--verify', '--quiet', `refs/heads/${ref}`);
  } catch {
    return '';
  }
}

/** Someone else's commit on the manifests branch (made with plain git); returns the new tip. */
export function editBranch(source: Source, change: (dir: string) => void): string {
  const dir = path.join(source.root, `edit-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  git(source.root, 'clone', '-q', '--branch', BRANCH, source.origin, dir);
  change(dir);
  git(dir, 'add', '--all');
  git(dir, 'commit', '-q', '-m', 'manual edit');
  git(dir, 'push', '-q', 'origin', `HEAD:refs/heads/${BRANCH}`);
  return git(dir, 'rev-parse', 'HEAD');
}

/** Renders the branch's production overlay with the real kubectl kustomize. */
export async function renderBranch(remote: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gitops-render-'));
  try {
    git(remote, '--work-tree', dir, 'checkout', BRANCH, '--', '.');
    return execFileSync('kubectl', ['kustomize', path.join(dir, 'infra/k8s/overlays/production')], { encoding: 'utf8' });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export function imageLines(rendered: string): string[] {
  return rendered
    .split('\n')
    .filter((line) => /^\s*(- )?image: /.test(line))
    .map((line) => line.replace(/^\s*(- )?image: /, ''))
    .sort();
}

export async function expectEmpty(dir: string): Promise<void> {
  expect(await fs.readdir(dir)).toEqual([]);
}

let logged: string[] = [];

/** What the stage wrote to stdout since captureLog(). */
export function capturedLog(): string[] {
  return logged;
}
let writeSpy: { mockRestore(): void } | undefined;

export function captureLog(): void {
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

