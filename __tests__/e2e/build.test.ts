// The build stage against the real stack of scripts/e2e-stack.sh: dockerd with the containerd
// image store, buildx, QEMU for arm64 and a registry on 127.0.0.1:5000. Images go to
// 127.0.0.1:5000/e2e/<unique name> so runs never collide.

import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openRegistrySession, type RegistrySession } from '../../src/adapters/docker/session.js';
import { createTag, inspectImage, resolveTag, revisionOf } from '../../src/adapters/docker/registry-images.js';
import { execTool } from '../../src/adapters/exec.js';
import { buildxArgs } from '../../src/domain/plan/buildx-args.js';
import type { BuildResult, CacheKind, Plan } from '../../src/domain/types.js';
import type { Runtime } from '../../src/runtime.js';
import { buildImage } from '../../src/stages/build.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REGISTRY = '127.0.0.1:5000';
const BUSYBOX_DIR = process.env.E2E_BUSYBOX_DIR ?? join(REPO, '.tmp/e2e-stack/busybox');
const PLATFORMS = ['linux/amd64', 'linux/arm64'];
const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
const MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'];
const SOURCE_COMMIT = '0123456789abcdef0123456789abcdef01234567';

// busybox from Debian's packages is the only "base image": nothing can be pulled here.
const DOCKERFILE = `FROM scratch
ARG TARGETARCH
COPY busybox-\${TARGETARCH} /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ARG NONCE
RUN echo "RUN step on $(uname -m)" && uname -m > /arch
`;

let tmp: string;
let workspace: string;
let session: RegistrySession;
let output = '';

async function requireStack(): Promise<void> {
  const hint = 'the e2e suite needs the Docker stack: run scripts/e2e-stack.sh first (as root)';
  const engine = await execTool('docker', ['version', '--format', '{{.Server.Version}}']);
  if (engine.code !== 0) throw new Error(`No docker engine answers (${engine.stderr.trim()}): ${hint}`);
  const registry = await fetch(`http://${REGISTRY}/v2/`).catch((error: unknown) => error as Error);
  if (registry instanceof Error || !registry.ok) throw new Error(`No registry answers on ${REGISTRY}: ${hint}`);
  for (const arch of ['amd64', 'arm64']) {
    await stat(join(BUSYBOX_DIR, arch, 'busybox')).catch(() => {
      throw new Error(`No busybox for ${arch} in ${BUSYBOX_DIR}: ${hint}`);
    });
  }
}

function nonce(): string {
  return randomBytes(8).toString('hex');
}

function uniqueImage(purpose: string): string {
  return `${REGISTRY}/e2e/${purpose}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

// NONCE (a build argument the RUN step sees) makes the RUN step new for each test, whatever the
// engine's build cache holds from earlier runs.
function planFor(image: string, tags: string[], options: { push: boolean; cache: CacheKind; nonce: string }): Plan {
  const labels = [
    { key: 'org.opencontainers.image.source', value: 'https://github.com/acme/app' },
    { key: 'org.opencontainers.image.revision', value: SOURCE_COMMIT },
    { key: 'org.opencontainers.image.title', value: 'e2e build' },
  ];
  const settings = {
    context: '.',
    file: 'Dockerfile',
    target: '',
    buildArgs: [{ key: 'NONCE', value: options.nonce }],
    platforms: PLATFORMS,
    cache: options.cache,
    provenance: 'mode=min',
    sbom: 'false',
    push: options.push,
  };
  const immutableTags = tags.filter((tag) => tag !== 'latest');
  return {
    mode: 'build',
    event: 'push',
    refKind: 'branch',
    refName: 'main',
    service: 'e2e',
    image,
    registry: REGISTRY,
    version: immutableTags[0] ?? '',
    tags,
    immutableTags,
    latest: tags.includes('latest'),
    releaseAliases: [],
    labels,
    sourceCommit: SOURCE_COMMIT,
    defaultBranch: 'main',
    runUrl: '',
    merge: [],
    build: {
      enabled: true,
      reason: 'e2e',
      reuse: { enabled: false, reason: 'skip-unchanged: false', key: '', tag: '' },
      login: false,
      pushByDigest: false,
      ...settings,
      args: buildxArgs({ ...settings, pushByDigest: false, image, service: 'e2e', tags, labels }),
    },
    scan: {
      enabled: false,
      reason: 'e2e',
      trivyVersion: '',
      trivySha256: '',
      trivyDownloadUrl: '',
      trivyPath: '',
      failOn: [],
      ignoreUnfixed: true,
      trivyignore: '',
      trivyCacheDir: '~/.cache/trivy',
      trivyDbRepositories: [],
      trivyDbMaxAgeMs: 72 * 3_600_000,
      platforms: PLATFORMS,
    },
    manifests: { enabled: false, reason: 'e2e', paths: [], branch: '', repository: '', pinDigest: true, maxPushAttempts: 1, tag: '', ordering: 'enforced' },
  };
}

// The build stage reads only the workspace from the runtime.
function runtime(): Runtime {
  return { ctx: { workspace } } as unknown as Runtime;
}

/** Runs the stage with the streamed build log captured (and kept out of the test output). */
async function build(plan: Plan): Promise<BuildResult> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    return await buildImage(plan, session, runtime());
  } finally {
    spy.mockRestore();
    output = chunks.join('');
  }
}

async function registryGet(path: string, accept: string[]): Promise<Response> {
  return fetch(`http://${REGISTRY}/v2/${path}`, { headers: { Accept: accept.join(', ') } });
}

function repository(image: string): string {
  return image.slice(REGISTRY.length + 1);
}

interface Index {
  mediaType: string;
  manifests: { digest: string; platform?: { os: string; architecture: string }; annotations?: Record<string, string> }[];
}

beforeAll(async () => {
  await requireStack();
  tmp = await mkdtemp(join(tmpdir(), 'e2e-build-'));
  workspace = join(tmp, 'workspace');
  await mkdir(workspace);
  await writeFile(join(workspace, 'Dockerfile'), DOCKERFILE);
  for (const arch of ['amd64', 'arm64']) {
    await copyFile(join(BUSYBOX_DIR, arch, 'busybox'), join(workspace, `busybox-${arch}`));
  }
  session = await openRegistrySession({
    registry: REGISTRY,
    username: '',
    password: '',
    login: false,
    tempRoot: tmp,
    env: process.env,
  });
});

afterAll(async () => {
  await session?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

afterEach(() => {
  output = '';
});

describe('registry session with the real docker CLI', () => {
  it('logs in with the password on stdin into a private DOCKER_CONFIG that close removes', async () => {
    const password = `pw-${nonce()}`;
    const own = await openRegistrySession({
      registry: REGISTRY,
      username: 'e2e',
      password,
      login: true,
      tempRoot: tmp,
      env: process.env,
    });
    try {
      expect((await stat(own.configDir)).mode & 0o777).toBe(0o700);
      const config = JSON.parse(await readFile(join(own.configDir, 'config.json'), 'utf8')) as {
        auths: Record<string, { auth: string }>;
      };
      expect(config.auths[REGISTRY]?.auth).toBe(Buffer.from(`e2e:${password}`).toString('base64'));
    } finally {
      await own.close();
    }
    await expect(stat(own.configDir)).rejects.toThrow(/ENOENT/);
  });
});

describe('build stage on the real stack', () => {
  it('builds linux/amd64 and linux/arm64 with a RUN step on each, and pushes one index', async () => {
    const image = uniqueImage('build');
    const result = await build(planFor(image, ['main-0123456', '1.0.0', 'latest'], { push: true, cache: 'none', nonce: nonce() }));

    expect(output).toContain('RUN step on x86_64');
    expect(output).toContain('RUN step on aarch64');
    expect(result.pushed).toBe(true);
    expect(result.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(Object.keys(result.platformDigests).sort()).toEqual(['linux/amd64', 'linux/arm64']);

    // The registry's own answer: the index digest and its platform manifests.
    const response = await registryGet(`${repository(image)}/manifests/main-0123456`, INDEX_TYPES);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(response.headers.get('docker-content-digest')).toBe(result.digest);
    expect(`sha256:${createHash('sha256').update(body).digest('hex')}`).toBe(result.digest);
    const index = JSON.parse(body) as Index;
    expect(INDEX_TYPES).toContain(index.mediaType);
    const platforms = index.manifests
      .filter((m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest')
      .map((m) => [`${m.platform?.os}/${m.platform?.architecture}`, m.digest]);
    expect(Object.fromEntries(platforms)).toEqual(result.platformDigests);

    // Every immutable tag resolves to that index; latest is not pushed by the build.
    const other = await registryGet(`${repository(image)}/manifests/1.0.0`, INDEX_TYPES);
    expect(other.headers.get('docker-content-digest')).toBe(result.digest);
    expect((await registryGet(`${repository(image)}/manifests/latest`, INDEX_TYPES)).status).toBe(404);

    // The OCI labels are in each platform's image configuration.
    for (const [platform, digest] of Object.entries(result.platformDigests)) {
      const manifest = (await (await registryGet(`${repository(image)}/manifests/${digest}`, MANIFEST_TYPES)).json()) as {
        config: { digest: string };
      };
      const config = (await (await fetch(`http://${REGISTRY}/v2/${repository(image)}/blobs/${manifest.config.digest}`)).json()) as {
        architecture: string;
        config: { Labels: Record<string, string> };
      };
      expect(`linux/${config.architecture}`).toBe(platform);
      expect(config.config.Labels).toMatchObject({
        'org.opencontainers.image.source': 'https://github.com/acme/app',
        'org.opencontainers.image.revision': SOURCE_COMMIT,
        'org.opencontainers.image.title': 'e2e build',
      });
    }

    // What promotion and deploy mode read back through buildx imagetools.
    expect(await resolveTag(`${image}:1.0.0`, session)).toMatchObject({ digest: result.digest, platformDigests: result.platformDigests });
    await expect(resolveTag(`${image}:latest`, session)).rejects.toThrow(`the image "${image}:latest" does not exist in the registry`);
    expect(revisionOf((await inspectImage(`${image}:main-0123456`, session))?.labels ?? [])).toBe(SOURCE_COMMIT);
    expect(await inspectImage(`${image}:latest`, session)).toBeUndefined();
    await createTag(`${image}@${result.digest}`, `${image}:latest`, session);
    const latest = await registryGet(`${repository(image)}/manifests/latest`, INDEX_TYPES);
    expect(latest.headers.get('docker-content-digest')).toBe(result.digest);
  });

  it('builds without pushing when the plan does not push', async () => {
    const image = uniqueImage('nopush');
    const result = await build(planFor(image, ['pr-7'], { push: false, cache: 'none', nonce: nonce() }));
    expect(result).toEqual({ pushed: false, digest: '', platformDigests: {} });
    expect(output).toContain('[linux/amd64 1/3] COPY busybox-amd64 /bin/busybox');
    expect(output).toContain('[linux/arm64 1/3] COPY busybox-arm64 /bin/busybox');
    expect((await registryGet(`${repository(image)}/manifests/pr-7`, INDEX_TYPES)).status).toBe(404);
  });

  it('cache: registry lets a second build of an unchanged context reuse the cache', async () => {
    const image = uniqueImage('cache');
    const same = nonce();
    await build(planFor(image, ['main-aaaaaaa'], { push: true, cache: 'registry', nonce: same }));
    expect(output).toContain('RUN step on aarch64');
    expect((await registryGet(`${repository(image)}/manifests/buildcache`, INDEX_TYPES)).status).toBe(200);

    // Without the engine's local build cache, only the registry cache can make steps CACHED.
    const prune = await execTool('docker', ['buildx', 'prune', '--all', '--force']);
    expect(prune.code).toBe(0);

    const second = await build(planFor(image, ['main-bbbbbbb'], { push: true, cache: 'registry', nonce: same }));
    expect(second.pushed).toBe(true);
    expect(output).toContain(`importing cache manifest from ${image}:buildcache`);
    const runSteps = [...output.matchAll(/^#(\d+) \[(?:linux\/\w+ )?\d+\/\d+\] RUN /gm)].map((m) => m[1]);
    expect(runSteps.length).toBeGreaterThanOrEqual(4);
    for (const step of runSteps) expect(output).toMatch(new RegExp(`^#${step} CACHED$`, 'm'));
    expect(output).not.toMatch(/RUN step on (x86_64|aarch64)/);
  });
});
