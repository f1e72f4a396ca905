// What the action-level end-to-end tests share. They run the bundled action through the runner
// harness against the real stack of scripts/e2e-stack.sh (docker engine, buildx, QEMU, a
// registry on 127.0.0.1:5000), real git with a bare origin and real `kubectl kustomize`; only
// Trivy is the stand-in of __tests__/fixtures/bin/trivy (given through `trivy-path`), because
// no release can be downloaded here.
//
// Every docker call of a run goes through a small recording wrapper put first on PATH: it writes
// the arguments (never stdin, where secrets go) to a log and runs the real docker, so a test can
// say "no login happened" or "nothing was built" from what was actually executed.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { deploymentYaml } from '../harness/ftmo.js';
import { ROOT, runAction, type ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';

export const REGISTRY = '127.0.0.1:5000';
export const PLATFORMS = ['linux/amd64', 'linux/arm64'];
/** The harness's default repository: labels and the run URL name it. */
export const REPOSITORY = 'Ftmo-Labs/dax-trading';
export const FAKE_TRIVY = path.join(ROOT, '__tests__/fixtures/bin/trivy');
const BUSYBOX_DIR = process.env.E2E_BUSYBOX_DIR ?? path.join(ROOT, '.tmp/e2e-stack/busybox');
const REPORTS_DIR = path.join(ROOT, '__tests__/fixtures/trivy');

/** Trivy stand-in reports per platform: nothing found, or fixed CRITICAL/HIGH findings (CVE-2031-1001 among them). */
export const REPORTS = {
  clean: { 'linux/amd64': path.join(REPORTS_DIR, 'report-clean.json'), 'linux/arm64': path.join(REPORTS_DIR, 'report-clean.json') },
  critical: { 'linux/amd64': path.join(REPORTS_DIR, 'report-amd64.json'), 'linux/arm64': path.join(REPORTS_DIR, 'report-arm64.json') },
};

export const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
const MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'];

export const OVERLAY_DIR = 'infra/k8s/overlays/production';

export async function requireStack(): Promise<void> {
  const hint = 'the e2e suite needs the Docker stack: run scripts/e2e-stack.sh first (as root)';
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`No docker engine answers (${String(error)}): ${hint}`);
  }
  const registry = await fetch(`http://${REGISTRY}/v2/`).catch((error: unknown) => error as Error);
  if (registry instanceof Error || !registry.ok) throw new Error(`No registry answers on ${REGISTRY}: ${hint}`);
  for (const arch of ['amd64', 'arm64']) {
    await stat(path.join(BUSYBOX_DIR, arch, 'busybox')).catch(() => {
      throw new Error(`No busybox for ${arch} in ${BUSYBOX_DIR}: ${hint}`);
    });
  }
  try {
    execFileSync('kubectl', ['kustomize', '--help'], { stdio: 'pipe' });
  } catch {
    throw new Error('kubectl (for `kubectl kustomize`) is not installed');
  }
}

export function nonce(): string {
  return randomBytes(6).toString('hex');
}

/** A repository under 127.0.0.1:5000/e2e-action/ that no other run uses. */
export function uniqueImage(purpose: string): string {
  return `${REGISTRY}/e2e-action/${purpose}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

// ---------------------------------------------------------------------------------------------
// Workspace content

export interface ServiceImage {
  service: string;
  image: string;
}

/**
 * A service's build context: busybox is the only "base image" (nothing can be pulled here); the
 * marker file makes the RUN step new for every test, whatever the engine's cache holds, so the
 * step really runs on each platform and writes the machine it ran on into /arch.
 */
export function serviceFiles(service: string, marker: string): Record<string, string> {
  return {
    [`services/${service}/Dockerfile`]: [
      'FROM scratch',
      'ARG TARGETARCH',
      'COPY busybox-${TARGETARCH} /bin/busybox',
      'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
      'COPY marker.txt /marker.txt',
      'RUN echo "RUN step on $(uname -m)" && uname -m > /arch',
      '',
    ].join('\n'),
    [`services/${service}/marker.txt`]: `${service} ${marker}\n`,
  };
}

/** infra/k8s: a base per service (Deployment using the image) and a production overlay pinning them. */
export function manifestFiles(services: ServiceImage[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const { service, image } of services) {
    files[`infra/k8s/base/${service}/kustomization.yaml`] = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n';
    files[`infra/k8s/base/${service}/deployment.yaml`] = deploymentYaml(service, { image: `${image}:bootstrap`, cpu: '500m', memory: '512Mi' });
  }
  files[`${OVERLAY_DIR}/kustomization.yaml`] = [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'namespace: dax-trading',
    'resources:',
    ...services.map(({ service }) => `  - ../../base/${service}`),
    'images:',
    ...services.flatMap(({ image }) => [`  - name: ${image}`, '    newTag: bootstrap']),
    '',
  ].join('\n');
  return files;
}

/** busybox beside the checked-out code, like an artefact an earlier step of the job left there. */
export async function addBusybox(workspace: string, service: string): Promise<void> {
  for (const arch of ['amd64', 'arm64']) {
    await copyFile(path.join(BUSYBOX_DIR, arch, 'busybox'), path.join(workspace, 'services', service, `busybox-${arch}`));
  }
}

// ---------------------------------------------------------------------------------------------
// Event payloads (only the fields the runner context reads)

function repositoryPayload(): Record<string, unknown> {
  const [owner = ''] = REPOSITORY.split('/');
  return { full_name: REPOSITORY, name: REPOSITORY.split('/')[1], default_branch: 'main', owner: { login: owner } };
}

export function pushPayload(sha: string, branch = 'main'): Record<string, unknown> {
  return { ref: `refs/heads/${branch}`, after: sha, repository: repositoryPayload() };
}

export function pullRequestPayload(pr: { number: number; headRef: string; headSha: string; headRepo: string }): Record<string, unknown> {
  const repository = repositoryPayload();
  return {
    action: 'synchronize',
    number: pr.number,
    pull_request: {
      number: pr.number,
      head: { ref: pr.headRef, sha: pr.headSha, repo: { full_name: pr.headRepo, fork: pr.headRepo !== REPOSITORY } },
      base: { ref: 'main', repo: repository },
    },
    repository,
  };
}

export function dispatchPayload(inputs: Record<string, string>): Record<string, unknown> {
  return { inputs, ref: 'refs/heads/main', repository: repositoryPayload() };
}

// ---------------------------------------------------------------------------------------------
// Running the action

/** The action's outputs (README, Outputs); a missing one reads as undefined and fails any assertion on it. */
type OutputName =
  | 'image'
  | 'version'
  | 'tags'
  | 'labels'
  | 'digest'
  | 'platform-digests'
  | 'scan-result'
  | 'vulnerabilities'
  | 'sarif-file'
  | 'manifests-changed'
  | 'manifests-commit'
  | 'build-reused'
  | 'plan';

export interface E2ERun extends ActionResult {
  outputs: Record<OutputName, string>;
  /** Arguments of every docker command the run executed, one string each. */
  docker: string[];
}

export class Stack {
  private runs = 0;
  private readonly disposals: (() => Promise<void>)[] = [];

  private constructor(
    readonly dir: string,
    private readonly binDir: string,
  ) {}

  /** A temporary directory with the recording docker wrapper. */
  static async open(): Promise<Stack> {
    const dir = await mkdtemp(path.join(tmpdir(), 'e2e-action-'));
    const realDocker = execFileSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).trim();
    const binDir = path.join(dir, 'bin');
    await mkdir(binDir);
    const wrapper = path.join(binDir, 'docker');
    await writeFile(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> "$E2E_DOCKER_LOG"\nexec '${realDocker}' "$@"\n`);
    await chmod(wrapper, 0o755);
    return new Stack(dir, binDir);
  }

  /** The bundled action as the runner runs it, scanned by the Trivy stand-in with `reports`. */
  async run(options: {
    workspace: string;
    event: string;
    payload: unknown;
    ref: string;
    sha: string;
    inputs: Record<string, string>;
    reports?: Record<string, string>;
  }): Promise<E2ERun> {
    const log = path.join(this.dir, `docker-${++this.runs}.log`);
    await writeFile(log, '');
    const result = await runAction({
      // The local registry is not GitHub's: it gets credentials of its own (it accepts any).
      inputs: { 'trivy-path': FAKE_TRIVY, cache: 'none', 'registry-username': 'e2e', 'registry-password': 'e2e-local-registry', ...options.inputs },
      event: options.event,
      payload: options.payload,
      workspace: options.workspace,
      ref: options.ref,
      sha: options.sha,
      env: {
        PATH: `${this.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
        E2E_DOCKER_LOG: log,
        TRIVY_FAKE_REPORTS: JSON.stringify(options.reports ?? REPORTS.clean),
      },
    });
    this.disposals.push(result.dispose);
    const docker = (await readFile(log, 'utf8')).split('\n').filter((line) => line !== '');
    return { ...result, outputs: result.outputs as Record<OutputName, string>, docker };
  }

  /** Removes the wrapper and every run's runner directories. */
  async close(): Promise<void> {
    await Promise.all(this.disposals.splice(0).map((dispose) => dispose()));
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The stack of a test file: checked and opened before its tests, closed after them. */
export function useStack(): { readonly stack: Stack } {
  let stack: Stack | undefined;
  beforeAll(async () => {
    await requireStack();
    stack = await Stack.open();
  });
  afterAll(async () => {
    await stack?.close();
  });
  return {
    get stack(): Stack {
      if (stack === undefined) throw new Error('the stack is opened in beforeAll');
      return stack;
    },
  };
}

/** A commit and its own checkout of it, with busybox beside the service's code. */
export interface Checkout {
  sha: string;
  dir: string;
}

/**
 * The stack of a test file about one service: each test's workspaces hold the service's build
 * context and manifests and are removed when the test ends; its runs are pushes to main.
 */
export function useServiceStack(service: string) {
  const suite = useStack();
  const workspaces: Workspace[] = [];
  afterEach(async () => {
    await Promise.all(workspaces.splice(0).map((ws) => ws.dispose()));
  });
  return {
    get stack(): Stack {
      return suite.stack;
    },

    /** A repository with the service's context and manifests pinning `image`, checked out one commit deep. */
    async workspace(image: string): Promise<Workspace> {
      const ws = await makeWorkspace({ files: { ...serviceFiles(service, nonce()), ...manifestFiles([{ service, image }]) } });
      workspaces.push(ws);
      await addBusybox(ws.dir, service);
      return ws;
    },

    /** `files` committed on main of `ws` and pushed to its origin, then checked out anew. */
    async commit(ws: Workspace, files: Record<string, string>, message: string): Promise<Checkout> {
      const sha = ws.commit(files, message);
      const dir = ws.checkout('main');
      await addBusybox(dir, service);
      return { sha, dir };
    },

    /** A push to main of the checkout that builds the service as `image` (Trivy finding `reports`, clean by default). */
    push(at: Checkout, image: string, extra: { inputs?: Record<string, string>; reports?: Record<string, string> } = {}): Promise<E2ERun> {
      return suite.stack.run({
        workspace: at.dir,
        event: 'push',
        payload: pushPayload(at.sha),
        ref: 'refs/heads/main',
        sha: at.sha,
        inputs: { service, image, context: `services/${service}`, ...extra.inputs },
        reports: extra.reports,
      });
    },
  };
}

/** The run's outcome for an assertion message: exit code, errors and the end of the log. */
export function describeRun(run: ActionResult): string {
  return `exit ${run.code}; errors: ${run.errors.join(' | ')}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-1000)}`;
}

// ---------------------------------------------------------------------------------------------
// The registry's HTTP API

function repositoryOf(image: string): string {
  if (!image.startsWith(`${REGISTRY}/`)) throw new Error(`not an image of ${REGISTRY}: ${image}`);
  return image.slice(REGISTRY.length + 1);
}

export interface Manifest {
  status: number;
  /** Docker-Content-Digest of the answer ('' when absent). */
  digest: string;
  body: string;
}

export async function getManifest(image: string, reference: string, accept = [...INDEX_TYPES, ...MANIFEST_TYPES]): Promise<Manifest> {
  const response = await fetch(`http://${REGISTRY}/v2/${repositoryOf(image)}/manifests/${reference}`, {
    headers: { Accept: accept.join(', ') },
  });
  return { status: response.status, digest: response.headers.get('docker-content-digest') ?? '', body: await response.text() };
}

/** The digest a tag resolves to in the registry ('' when the tag does not exist). */
export async function tagDigest(image: string, tag: string): Promise<string> {
  const manifest = await getManifest(image, tag);
  if (manifest.status === 404) return '';
  if (manifest.status !== 200) throw new Error(`GET manifest ${image}:${tag} answered ${manifest.status}: ${manifest.body}`);
  return manifest.digest;
}

/** The repository's tags, sorted; undefined when the registry does not know the repository (404). */
export async function listTags(image: string): Promise<string[] | undefined> {
  const response = await fetch(`http://${REGISTRY}/v2/${repositoryOf(image)}/tags/list`);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET tags/list of ${image} answered ${response.status}`);
  const body = (await response.json()) as { tags?: string[] | null };
  return [...(body.tags ?? [])].sort();
}

export interface IndexEntry {
  digest: string;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
}

/** platform -> manifest digest of an index, attestation manifests left out. */
export function platformManifests(index: { manifests: IndexEntry[] }): Record<string, string> {
  const entries = index.manifests
    .filter((entry) => entry.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest')
    .map((entry) => [`${entry.platform?.os}/${entry.platform?.architecture}`, entry.digest]);
  return Object.fromEntries(entries);
}

async function blob(image: string, digest: string): Promise<Buffer> {
  const response = await fetch(`http://${REGISTRY}/v2/${repositoryOf(image)}/blobs/${digest}`);
  if (!response.ok) throw new Error(`GET blob ${digest} of ${image} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

interface ImageManifest {
  config: { digest: string };
  layers: { digest: string; mediaType: string }[];
}

async function imageManifest(image: string, digest: string): Promise<ImageManifest> {
  const manifest = await getManifest(image, digest, MANIFEST_TYPES);
  if (manifest.status !== 200) throw new Error(`GET manifest ${image}@${digest} answered ${manifest.status}`);
  return JSON.parse(manifest.body) as ImageManifest;
}

export interface ImageConfig {
  os: string;
  architecture: string;
  config: { Labels?: Record<string, string> };
}

/** The image configuration of one platform's manifest. */
export async function imageConfig(image: string, manifestDigest: string): Promise<ImageConfig> {
  const manifest = await imageManifest(image, manifestDigest);
  return JSON.parse((await blob(image, manifest.config.digest)).toString('utf8')) as ImageConfig;
}

/** The content of a file in the image's top-most layer that has it (gzip layers, plain tar entries). */
export async function fileInImage(image: string, manifestDigest: string, file: string): Promise<string | undefined> {
  const manifest = await imageManifest(image, manifestDigest);
  for (const layer of [...manifest.layers].reverse()) {
    if (!layer.mediaType.endsWith('gzip')) throw new Error(`layer ${layer.digest} is ${layer.mediaType}, not gzip`);
    const content = tarEntry(gunzipSync(await blob(image, layer.digest)), file);
    if (content !== undefined) return content.toString('utf8');
  }
  return undefined;
}

// ustar: 512-byte headers, name at 0..100, size (octal) at 124..136, content padded to 512.
function tarEntry(tar: Buffer, name: string): Buffer | undefined {
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return undefined;
    const entry = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '').replace(/^\.?\//, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    if (entry === name) return tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The manifests branch

/** The commit a branch of the bare remote points at ('' when it does not exist). */
export function branchTip(remote: string, branch: string): string {
  const out = execFileSync('git', ['for-each-ref', '--format=%(objectname)', `refs/heads/${branch}`], { cwd: remote, encoding: 'utf8' });
  return out.trim();
}

export function commitMessage(remote: string, commit: string): string {
  return execFileSync('git', ['log', '-1', '--format=%B', commit], { cwd: remote, encoding: 'utf8' });
}

export function commitCount(remote: string, branch: string): number {
  return Number(execFileSync('git', ['rev-list', '--count', `refs/heads/${branch}`], { cwd: remote, encoding: 'utf8' }).trim());
}

/** `kubectl kustomize` of the production overlay as the branch holds it: every `image:` value. */
export async function renderedImages(remote: string, branch: string): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'e2e-render-'));
  try {
    execFileSync('git', ['clone', '--quiet', '--depth', '1', '--branch', branch, `file://${remote}`, dir], { stdio: 'pipe' });
    const rendered = execFileSync('kubectl', ['kustomize', path.join(dir, OVERLAY_DIR)], { encoding: 'utf8', stdio: 'pipe' });
    return [...rendered.matchAll(/^\s*(?:-\s+)?image:\s*(\S+)\s*$/gm)].map((match) => match[1] ?? '').sort();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
