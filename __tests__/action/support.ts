// What the action-level tests share: the FTMO services and a small kustomize tree for them, the
// event fixtures, the fake executables, a run of the bundle with them and their call logs, and git
// read-outs of a bare remote. The bundle runs through the runner harness (../harness/runner.ts).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SERVICES, deploymentYaml } from '../harness/ftmo.js';
import { ROOT, runAction, type ActionResult, type ActionRun } from '../harness/runner.js';

export const FIXTURES = path.join(ROOT, '__tests__/fixtures');
/** The fake docker, trivy and update-binfmts. */
export const FAKE_BIN = path.join(FIXTURES, 'bin');
export const FAKE_TRIVY = path.join(FAKE_BIN, 'trivy');
export const TRIVY_REPORTS = path.join(FIXTURES, 'trivy');
/** Reports for the fake trivy per platform: no findings, and findings of every severity. */
export const CLEAN_REPORTS = {
  'linux/amd64': path.join(TRIVY_REPORTS, 'report-clean.json'),
  'linux/arm64': path.join(TRIVY_REPORTS, 'report-clean.json'),
};
export const VULNERABLE_REPORTS = {
  'linux/amd64': path.join(TRIVY_REPORTS, 'report-amd64.json'),
  'linux/arm64': path.join(TRIVY_REPORTS, 'report-arm64.json'),
};

/** The FTMO services (from ../harness/ftmo.ts). */
export { SERVICES };

/** The derived image of a service for the repository Ftmo-Labs/dax-trading (owner lower-cased). */
export function imageOf(service: string): string {
  return `ghcr.io/ftmo-labs/${service}`;
}

/** The event fixtures with the GITHUB_REF / GITHUB_SHA the runner sets for each. */
export const EVENTS = {
  push: { ref: 'refs/heads/main', sha: '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e' },
  pull_request: { ref: 'refs/pull/42/merge', sha: 'f1d92115a540de598e6500f645c822269b7cd8e4' },
  pull_request_fork: { ref: 'refs/pull/57/merge', sha: '8b8cad0a7cd8bc5775e1b7ac8070ad7901aa429b' },
  pull_request_target_fork: { ref: 'refs/heads/main', sha: '9bf9df18db7e66a582c4dbb5dde49694c3df8805' },
  tag: { ref: 'refs/tags/v1.4.2', sha: '5e9b60f69165f32f8930843ca718e10fdee30c52' },
  workflow_dispatch: { ref: 'refs/heads/main', sha: '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e' },
  schedule: { ref: 'refs/heads/main', sha: '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e' },
} as const;

export type EventFixture = keyof typeof EVENTS;

/** A fresh copy of an event payload, free to modify. */
export function payload(name: EventFixture): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'events', `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** The index digest the fake docker reports for every push: the SHA-256 of its index fixture. */
export function fakeIndexDigest(): string {
  return `sha256:${createHash('sha256').update(readFileSync(path.join(FIXTURES, 'docker/index.json'))).digest('hex')}`;
}

/** The per-platform manifest digests of the fake docker's index fixture. */
export const FAKE_PLATFORM_DIGESTS = {
  'linux/amd64': `sha256:${'1'.repeat(64)}`,
  'linux/arm64': `sha256:${'2'.repeat(64)}`,
};

export const OVERLAY_DIR = 'infra/k8s/overlays/production';
export const OVERLAY = `${OVERLAY_DIR}/kustomization.yaml`;
export const STATE_FILE = '.ftmo-deploy/state.json';

/**
 * A source repository's files: a Dockerfile per service, a kustomize base per service whose
 * Deployment uses `ghcr.io/ftmo-labs/<service>:latest`, and a production overlay with one
 * `images:` entry per service (the entries the action pins).
 */
export function sourceTree(services: readonly string[] = SERVICES): Record<string, string> {
  const files: Record<string, string> = {};
  for (const service of services) {
    files[`services/${service}/Dockerfile`] = 'FROM scratch\nCOPY app.py /app.py\n';
    files[`services/${service}/app.py`] = `print("${service}")\n`;
    files[`infra/k8s/base/${service}/kustomization.yaml`] = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n';
    files[`infra/k8s/base/${service}/deployment.yaml`] = deploymentYaml(service, { image: `${imageOf(service)}:latest`, cpu: '500m', memory: '512Mi' });
  }
  files[OVERLAY] = [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    '# Production: Argo CD renders this overlay from the manifests branch.',
    'namespace: dax-trading',
    'resources:',
    ...services.map((service) => `  - ../../base/${service}`),
    'images:',
    ...services.flatMap((service) => [`  - name: ${imageOf(service)}`, '    newTag: latest']),
    '',
  ].join('\n');
  return files;
}

/** One JSON line per call, as the fake docker and fake trivy append them. */
export interface ToolCall {
  argv: string[];
  /** fake docker only */
  stdin?: string;
  dockerConfig?: string | null;
  inputs?: string[];
  /** fake trivy only */
  envKeys?: string[];
}

export async function readCalls(file: string): Promise<ToolCall[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ToolCall);
}

/** What the fakes recorded in one log: every call in order, and the calls of each tool. */
export interface FakeCalls {
  calls: ToolCall[];
  docker: ToolCall[];
  trivy: ToolCall[];
}

export async function readFakeCalls(log: string): Promise<FakeCalls> {
  const calls = await readCalls(log);
  return { calls, docker: calls.filter(isDockerCall), trivy: calls.filter(isTrivyCall) };
}

/** A call was made by the fake trivy (its lines carry the environment's names). */
export function isTrivyCall(call: ToolCall): boolean {
  return call.envKeys !== undefined;
}

export function isDockerCall(call: ToolCall): boolean {
  return call.envKeys === undefined;
}

export function startsWith(call: ToolCall, ...prefix: string[]): boolean {
  return prefix.every((arg, i) => call.argv[i] === arg);
}

/** Trivy's scans: its `image` calls other than the one that downloads the vulnerability DB. */
export function scanCalls(trivy: ToolCall[]): ToolCall[] {
  return trivy.filter((call) => startsWith(call, 'image') && !call.argv.includes('--download-db-only'));
}

/** `--flag value` pairs of an argv. */
export function flagValues(argv: string[], flag: string): string[] {
  return argv.flatMap((arg, i) => (argv[i - 1] === flag ? [arg] : []));
}

export interface FakesRun extends Omit<ActionRun, 'inputs' | 'env'> {
  /** The service built from `services/<service>`. */
  service: string;
  /** More inputs, or other values for service, context and trivy-path. */
  inputs?: Record<string, string>;
  /** The file both fakes append their calls to; without it they record nothing. */
  log?: string;
  /** The tags the registry holds, with the revision of each (an empty registry by default). */
  registry?: Record<string, string>;
  /** The fake trivy's report per platform; without it the fake's own. */
  reports?: Record<string, string>;
  /** More environment, or other values for the fakes' variables. */
  env?: Record<string, string>;
}

/**
 * Runs the bundle with the fake docker and trivy first on PATH (trivy given as `trivy-path`, so
 * nothing is downloaded), the registry holding two platforms per index.
 */
export function runWithFakes(run: FakesRun): Promise<ActionResult> {
  const { service, inputs, log, registry, reports, env, ...rest } = run;
  return runAction({
    ...rest,
    inputs: { service, context: `services/${service}`, 'trivy-path': FAKE_TRIVY, ...inputs },
    env: {
      PATH: `${FAKE_BIN}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      ...(log === undefined ? {} : { FAKE_DOCKER_LOG: log, TRIVY_FAKE_LOG: log }),
      FAKE_DOCKER_PLATFORMS: 'linux/amd64, linux/arm64',
      FAKE_DOCKER_TAGS: JSON.stringify(registry ?? {}),
      ...(reports === undefined ? {} : { TRIVY_FAKE_REPORTS: JSON.stringify(reports) }),
      ...env,
    },
  });
}

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

/** git in `cwd` (a bare repository works too); trimmed stdout, throws on a non-zero exit. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The commit a branch of a repository points at, '' when the branch does not exist. */
export function branchTip(repo: string, branch: string): string {
  try {
    return git(repo, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`);
  } catch {
    return '';
  }
}

/** A file's content at a commit-ish of a repository. */
export function showFile(repo: string, rev: string, file: string): string {
  return git(repo, 'show', `${rev}:${file}`);
}

/** The outputs' newline-separated lists, sorted (the contract fixes the members, not the order). */
export function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split('\n')
    .filter((line) => line !== '')
    .sort();
}
