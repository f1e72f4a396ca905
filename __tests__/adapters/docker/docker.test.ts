import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildAndPush } from '../../../src/adapters/docker/build.js';
import { preflight } from '../../../src/adapters/docker/preflight.js';
import { openRegistrySession, type RegistrySession } from '../../../src/adapters/docker/session.js';
import { REGISTRY_TIMEOUT_SECONDS, registryTimeoutMs } from '../../../src/adapters/docker/registry-command.js';
import { createTag, inspectImage, inspectIndex, resolveTag, revisionOf } from '../../../src/adapters/docker/registry-images.js';
import { ToolError } from '../../../src/domain/errors.js';
import { METADATA_FILE_PLACEHOLDER, type Plan } from '../../../src/domain/types.js';
import type { Runtime } from '../../../src/runtime.js';
import { buildImage } from '../../../src/stages/build.js';

const FIXTURE_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/bin');
const PASSWORD = 'ghp_s3cret-Passw0rd';
// sha256 of __tests__/fixtures/docker/index.json, the index the fake registry serves.
const INDEX_DIGEST = 'sha256:2ceb1adfa22dbda2013cfb0175f5319fe069c59bac922158bac590c4ea896b42';
const AMD64 = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';
const ARM64 = 'sha256:2222222222222222222222222222222222222222222222222222222222222222';
const COMMIT = '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e';
const OTHER = 'e84cc64499f50d72071c1a2ce65752ff3838f03f';

interface Call {
  tool?: string;
  argv: string[];
  stdin: string;
  cwd: string;
  dockerConfig: string | null;
  configMode: number | null;
  inputs: string[];
}

let tmp: string;
let runnerTemp: string;
let logFile: string;
let binfmtDir: string;
const sessions: RegistrySession[] = [];

/** A PATH with only node and the named fake tools, so nothing real is found by accident. */
async function pathWith(tools: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmp, 'bin-'));
  await symlink(process.execPath, join(dir, 'node'));
  for (const tool of tools) await symlink(join(FIXTURE_BIN, tool), join(dir, tool));
  return dir;
}

async function usePath(tools: string[]): Promise<Record<string, string>> {
  const path = await pathWith(tools);
  // The fakes must win whichever PATH a lookup uses: the child environment's or this process's.
  vi.stubEnv('PATH', path);
  return { PATH: path, HOME: tmp, FAKE_DOCKER_LOG: logFile, FAKE_BINFMT_DIR: binfmtDir };
}

async function calls(): Promise<Call[]> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Call);
}

async function session(env: Record<string, string | undefined>, login = true, timeoutMs?: number): Promise<RegistrySession> {
  const opened = await openRegistrySession({
    registry: 'ghcr.io',
    username: 'octo',
    password: PASSWORD,
    login,
    tempRoot: runnerTemp,
    env,
    timeoutMs,
  });
  sessions.push(opened);
  return opened;
}

/** A tool's failure (ToolError); `type` Error for the stage's own refusals. */
async function rejection(promise: Promise<unknown>, type: abstract new (...args: never[]) => Error = ToolError): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as Error;
}

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'docker-adapter-'));
  runnerTemp = join(tmp, 'runner-temp');
  binfmtDir = join(tmp, 'binfmt_misc');
  logFile = join(tmp, 'docker-calls.jsonl');
  await mkdir(runnerTemp);
  await mkdir(binfmtDir);
  // Keep the log group and stop-commands lines out of the test output.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(async () => {
  for (const opened of sessions.splice(0)) await opened.close();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await rm(tmp, { recursive: true, force: true });
});

describe('openRegistrySession', () => {
  it('logs in with the password on stdin only, into a private DOCKER_CONFIG', async () => {
    const env = await usePath(['docker']);
    const opened = await session({ ...env, 'INPUT_REGISTRY-PASSWORD': PASSWORD });

    expect(dirname(opened.configDir)).toBe(runnerTemp);
    expect((await stat(opened.configDir)).mode & 0o777).toBe(0o700);
    expect(opened.env.DOCKER_CONFIG).toBe(opened.configDir);

    const recorded = await calls();
    const login = recorded.find((call) => call.argv[0] === 'login');
    expect(login?.argv).toEqual(['login', 'ghcr.io', '--username', 'octo', '--password-stdin']);
    expect(login?.stdin).toBe(PASSWORD);
    for (const call of recorded) {
      expect(call.argv.join(' ')).not.toContain(PASSWORD);
      expect(call.dockerConfig).toBe(opened.configDir);
      expect(call.configMode).toBe(0o700);
      // The inputs (and the secrets among them) are not handed to docker.
      expect(call.inputs).toEqual([]);
    }
    expect(await readdir(opened.configDir)).toContain('config.json');
  });

  it("keeps the runner's buildx builders visible from the private configuration", async () => {
    const env = await usePath(['docker']);
    const home = join(tmp, 'home');
    const fromHome = await session({ ...env, HOME: home, DOCKER_CONFIG: undefined, BUILDX_CONFIG: undefined });
    expect(fromHome.env.BUILDX_CONFIG).toBe(join(home, '.docker', 'buildx'));
    const fromConfig = await session({ ...env, DOCKER_CONFIG: '/etc/runner-docker', BUILDX_CONFIG: undefined });
    expect(fromConfig.env.BUILDX_CONFIG).toBe('/etc/runner-docker/buildx');
    const explicit = await session({ ...env, BUILDX_CONFIG: '/opt/buildx' });
    expect(explicit.env.BUILDX_CONFIG).toBe('/opt/buildx');
  });

  it('close removes the private configuration and the login in it', async () => {
    const opened = await session(await usePath(['docker']));
    await opened.close();
    await expect(stat(opened.configDir)).rejects.toThrow(/ENOENT/);
    expect(await readdir(runnerTemp)).toEqual([]);
    await opened.close();
  });

  it('does not log in when no login is wanted (fork pull requests)', async () => {
    const opened = await session(await usePath(['docker']), false);
    const recorded = await calls();
    expect(recorded.map((call) => call.argv[0])).not.toContain('login');
    expect(recorded.every((call) => call.dockerConfig === opened.configDir)).toBe(true);
    expect(await readdir(opened.configDir)).toEqual([]);
  });

  it('a refused login fails with docker’s message and leaves no configuration behind', async () => {
    const env = await usePath(['docker']);
    const error = await rejection(session({ ...env, FAKE_DOCKER_LOGIN_FAIL: '1' }));
    expect(error.message).toContain('docker login to "ghcr.io" as "octo" failed');
    expect(error.message).toContain('denied: denied');
    expect(error.message).not.toContain(PASSWORD);
    expect(await readdir(runnerTemp)).toEqual([]);
  });

  it('names the system-wide plugin directories when buildx is not reachable', async () => {
    const env = await usePath(['docker']);
    const error = await rejection(session({ ...env, FAKE_DOCKER_NO_BUILDX: '1' }));
    expect(error.message).toContain('docker buildx is not available');
    expect(error.message).toContain('/usr/local/lib/docker/cli-plugins');
    expect(error.message).toContain('/usr/libexec/docker/cli-plugins');
    expect(error.message).toContain('system-wide');
    expect(await readdir(runnerTemp)).toEqual([]);
  });

  it('names its configuration directory before the login writes to it', async () => {
    const env = await usePath(['docker']);
    const told: string[] = [];
    const error = await rejection(
      openRegistrySession({ registry: 'ghcr.io', username: 'jana', password: PASSWORD, login: true, tempRoot: runnerTemp, env: { ...env, FAKE_DOCKER_LOGIN_FAIL: '1' }, onConfigDir: (dir) => told.push(dir) }),
    );
    expect(error.message).toContain('docker login');
    expect(told).toHaveLength(1);
    expect(dirname(told[0] ?? '')).toBe(runnerTemp);
    expect((told[0] ?? '').split('/').pop()).toMatch(/^docker-config-/);
  });

  it('reports a missing buildx before a refused login, though both are asked at once', async () => {
    const env = await usePath(['docker']);
    const error = await rejection(session({ ...env, FAKE_DOCKER_NO_BUILDX: '1', FAKE_DOCKER_LOGIN_FAIL: '1' }));
    expect(error.message).toContain('docker buildx is not available');
    expect(await readdir(runnerTemp)).toEqual([]);
  });

  it('says the docker CLI is missing when there is none', async () => {
    const env = await usePath([]);
    const error = await rejection(session(env));
    expect(error.message).toContain('the docker CLI was not found on PATH');
    expect(await readdir(runnerTemp)).toEqual([]);
  });
});

describe('preflight', () => {
  it('passes when the builder lists every requested platform', async () => {
    const opened = await session(await usePath(['docker']), false);
    opened.env.FAKE_DOCKER_PLATFORMS = 'linux/amd64, linux/amd64/v2, linux/arm64, linux/386';
    await preflight(opened, ['linux/amd64', 'linux/arm64'], { binfmtDir });
    const argvs = (await calls()).map((call) => call.argv.join(' '));
    expect(argvs).toContain('version --format {{.Server.Version}}');
    expect(argvs).toContain('buildx inspect --bootstrap');
    // The session proved the CLI and buildx: preflight does not ask again.
    expect(argvs.filter((argv) => argv === 'buildx version')).toHaveLength(1);
    expect(argvs).not.toContain('--version');
  });

  it('accepts linux/arm64 from a builder that lists linux/arm64/v8', async () => {
    const opened = await session(await usePath(['docker']), false);
    opened.env.FAKE_DOCKER_PLATFORMS = 'linux/amd64*, linux/arm64/v8';
    await expect(preflight(opened, ['linux/amd64', 'linux/arm64'], { binfmtDir })).resolves.toBeUndefined();
  });

  it('fails clearly when no engine is reachable', async () => {
    const opened = await session(await usePath(['docker']), false);
    opened.env.FAKE_DOCKER_NO_ENGINE = '1';
    const error = await rejection(preflight(opened, ['linux/amd64'], { binfmtDir }));
    expect(error.message).toContain('no docker engine is reachable at the default socket');
    expect(error.message).toContain('Is the docker daemon running?');
  });

  it('names DOCKER_HOST when it points somewhere', async () => {
    const opened = await session(await usePath(['docker']), false);
    opened.env.FAKE_DOCKER_NO_ENGINE = '1';
    opened.env.DOCKER_HOST = 'tcp://127.0.0.1:2375';
    const error = await rejection(preflight(opened, ['linux/amd64'], { binfmtDir }));
    expect(error.message).toContain('DOCKER_HOST="tcp://127.0.0.1:2375"');
  });

  it('uses QEMU emulation that is already registered for a foreign platform', async () => {
    const opened = await session(await usePath(['docker']), false);
    await writeFile(join(binfmtDir, 'qemu-aarch64'), 'enabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: F\n');
    await expect(preflight(opened, ['linux/amd64', 'linux/arm64'], { binfmtDir })).resolves.toBeUndefined();
  });

  it('does not count a disabled handler', async () => {
    const opened = await session(await usePath(['docker']), false);
    await writeFile(join(binfmtDir, 'qemu-aarch64'), 'disabled\ninterpreter /usr/bin/qemu-aarch64-static\n');
    const error = await rejection(preflight(opened, ['linux/arm64'], { binfmtDir }));
    expect(error.message).toContain('"qemu-aarch64"');
  });

  it('registers QEMU emulation with update-binfmts when it is installed', async () => {
    const opened = await session(await usePath(['docker', 'update-binfmts']), false);
    await preflight(opened, ['linux/amd64', 'linux/arm64'], { binfmtDir });
    const registered = (await calls()).find((call) => call.tool === 'update-binfmts');
    expect(registered?.argv).toEqual(['--enable', 'qemu-aarch64']);
    expect(await readFile(join(binfmtDir, 'qemu-aarch64'), 'utf8')).toMatch(/^enabled\n/);
  });

  it('names the missing QEMU handler and package when emulation cannot be registered', async () => {
    const opened = await session(await usePath(['docker']), false);
    const error = await rejection(preflight(opened, ['linux/amd64', 'linux/arm64'], { binfmtDir }));
    expect(error.message).toContain('the builder cannot build "linux/arm64"');
    expect(error.message).toContain('linux/amd64, linux/amd64/v2, linux/amd64/v3, linux/386');
    expect(error.message).toContain('"qemu-aarch64"');
    expect(error.message).toContain('update-binfmts is not installed');
    expect(error.message).toContain('qemu-user-static');
  });

  it('refuses a platform no emulator exists for', async () => {
    const opened = await session(await usePath(['docker']), false);
    const error = await rejection(preflight(opened, ['windows/amd64'], { binfmtDir }));
    expect(error.message).toContain('the builder cannot build "windows/amd64"');
    expect(error.message).toContain('no QEMU emulation is known for it');
  });
});

describe('buildAndPush', () => {
  const args = ['buildx', 'build', '--tag', 'ghcr.io/acme/api:main-abc1234', '--metadata-file', METADATA_FILE_PLACEHOLDER, '--push', '.'];

  it('runs docker in the workspace with the metadata placeholder replaced, and returns the pushed digest', async () => {
    const opened = await session(await usePath(['docker']));
    const workspace = join(tmp, 'workspace');
    await mkdir(workspace);
    const output = await buildAndPush(args, opened, workspace);
    expect(output.digest).toBe(INDEX_DIGEST);

    const build = (await calls()).find((call) => call.argv[1] === 'build');
    const metadataFile = build?.argv[5] ?? '';
    expect(build?.argv.slice(0, 5)).toEqual(args.slice(0, 5));
    expect(build?.argv.slice(6)).toEqual(['--push', '.']);
    expect(dirname(metadataFile)).toBe(opened.configDir);
    expect(build?.cwd).toBe(workspace);
    await expect(stat(metadataFile)).rejects.toThrow(/ENOENT/);
  });

  it('returns no digest when nothing was pushed', async () => {
    const opened = await session(await usePath(['docker']), false);
    const output = await buildAndPush(['buildx', 'build', '--metadata-file', METADATA_FILE_PLACEHOLDER, '--output', 'type=cacheonly', '.'], opened, tmp);
    expect(output.digest).toBe('');
  });

  it('streams inside a log group with workflow commands stopped', async () => {
    const opened = await session(await usePath(['docker']));
    const write = vi.mocked(process.stdout.write);
    await buildAndPush(args, opened, tmp);
    const printed = write.mock.calls.map((call) => String(call[0])).join('');
    const group = printed.indexOf('::group::docker buildx build');
    const stop = /::stop-commands::([0-9a-f-]+)/.exec(printed);
    expect(group).toBeGreaterThanOrEqual(0);
    expect(stop).not.toBeNull();
    const resume = printed.indexOf(`::${stop?.[1]}::`);
    expect(resume).toBeGreaterThan(printed.indexOf('#1 DONE 0.0s'));
    expect(printed.indexOf('::endgroup::')).toBeGreaterThan(resume);
  });

  it('fails with the last lines of buildx’s output', async () => {
    const opened = await session(await usePath(['docker']));
    opened.env.FAKE_DOCKER_BUILD_FAIL = '1';
    const error = await rejection(buildAndPush(args, opened, tmp));
    expect(error.message).toContain('docker buildx build failed (exit code 1)');
    expect(error.message).toContain(
      'ERROR: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
    );
    expect(error.message).toContain('   4 | >>> RUN exit 3');
    // Only the tail: the start of a long log is not in the message.
    expect(error.message).not.toContain('building with "default" instance');
  });
});

describe('registry reads and tags', () => {
  it('inspectIndex reads the index digest and one manifest per platform, without attestations', async () => {
    const opened = await session(await usePath(['docker']));
    const index = await inspectIndex('ghcr.io/acme/api:main-abc1234', opened);
    expect(index).toEqual({ digest: INDEX_DIGEST, platformDigests: { 'linux/amd64': AMD64, 'linux/arm64': ARM64 } });
    const inspect = (await calls()).find((call) => call.argv[1] === 'imagetools');
    expect(inspect?.argv).toEqual(['buildx', 'imagetools', 'inspect', '--raw', 'ghcr.io/acme/api:main-abc1234']);
  });

  it('inspectIndex checks a reference pinned by digest against what the registry returned', async () => {
    const opened = await session(await usePath(['docker']));
    await expect(inspectIndex(`ghcr.io/acme/api@${INDEX_DIGEST}`, opened)).resolves.toMatchObject({ digest: INDEX_DIGEST });
    const wrong = `ghcr.io/acme/api@sha256:${'0'.repeat(64)}`;
    const error = await rejection(inspectIndex(wrong, opened));
    expect(error.message).toContain(INDEX_DIGEST);
  });

  it('a single-platform manifest takes its platform from the image configuration', async () => {
    const opened = await session(await usePath(['docker']));
    const index = await inspectIndex('ghcr.io/acme/single:1', opened);
    expect(index).toEqual({
      digest: 'sha256:c98d2e800e48e8f3a3af36141aa5d5b40c11fc9ef714b99c0f37339f2c924d4a',
      platformDigests: { 'linux/arm64/v8': 'sha256:c98d2e800e48e8f3a3af36141aa5d5b40c11fc9ef714b99c0f37339f2c924d4a' },
    });
  });

  it('inspectImage reads digest, platforms and labels in one registry call', async () => {
    const opened = await session({ ...(await usePath(['docker'])), FAKE_DOCKER_TAGS: JSON.stringify({ '1.2.3': COMMIT }) });
    const image = await inspectImage('ghcr.io/acme/api:1.2.3', opened);
    expect(image).toMatchObject({ digest: INDEX_DIGEST, platformDigests: { 'linux/amd64': AMD64, 'linux/arm64': ARM64 } });
    expect(image?.labels.map((labels) => labels['org.opencontainers.image.revision'])).toEqual([COMMIT, COMMIT]);
    expect((await calls()).filter((call) => call.argv[1] === 'imagetools')).toHaveLength(1);
  });

  it.each([
    ['a credential helper that is not installed', 'error getting credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH, out: ``'],
    ['a proxy page', 'ERROR: unexpected status from HEAD request to https://ghcr.io/v2/acme/api/manifests/1.2.3: 404 Not Found (proxy error page)'],
  ])('inspectImage fails on %s: "not found" in another sense is not an absent tag', async (_name, stderr) => {
    const opened = await session({ ...(await usePath(['docker'])), FAKE_DOCKER_INSPECT_ERROR: stderr });
    const error = await rejection(inspectImage('ghcr.io/acme/api:1.2.3', opened));
    expect(error.message).toContain('inspecting "ghcr.io/acme/api:1.2.3" failed');
  });

  it.each([
    ['buildx', 'ERROR: ghcr.io/acme/api:1.2.3: not found'],
    ['a registry error code', 'ERROR: failed to resolve: MANIFEST_UNKNOWN: manifest unknown'],
    ['an unknown repository', 'ERROR: failed to resolve: NAME_UNKNOWN: repository name not known to registry; name unknown'],
  ])('inspectImage takes the registry’s own "not found" from %s as an absent tag', async (_name, stderr) => {
    const opened = await session({ ...(await usePath(['docker'])), FAKE_DOCKER_INSPECT_ERROR: stderr });
    expect(await inspectImage('ghcr.io/acme/api:1.2.3', opened)).toBeUndefined();
  });

  it('inspectImage checks a reference pinned by digest, and reads a single-platform image', async () => {
    const opened = await session(await usePath(['docker']));
    const error = await rejection(inspectImage(`ghcr.io/acme/api@sha256:${'0'.repeat(64)}`, opened));
    expect(error.message).toContain(INDEX_DIGEST);
    const single = 'sha256:c98d2e800e48e8f3a3af36141aa5d5b40c11fc9ef714b99c0f37339f2c924d4a';
    expect(await inspectImage('ghcr.io/acme/single:1', opened)).toMatchObject({ digest: single, platformDigests: { 'linux/arm64/v8': single } });
  });

  it('resolveTag fails clearly when the tag does not exist', async () => {
    const opened = await session(await usePath(['docker']));
    const error = await rejection(resolveTag('ghcr.io/acme/api:missing-1', opened));
    expect(error.message).toBe('the image "ghcr.io/acme/api:missing-1" does not exist in the registry');
  });

  it('resolveTag returns the digests of an existing tag', async () => {
    const opened = await session(await usePath(['docker']));
    expect(await resolveTag('ghcr.io/acme/api:1.2.3', opened)).toMatchObject({
      digest: INDEX_DIGEST,
      platformDigests: { 'linux/amd64': AMD64, 'linux/arm64': ARM64 },
    });
  });

  it('revisionOf takes the revision label of the first platform that has one', async () => {
    const opened = await session(await usePath(['docker']));
    expect(revisionOf((await inspectImage('ghcr.io/acme/api:latest', opened))?.labels ?? [])).toBe('0123456789abcdef0123456789abcdef01234567');
    expect(revisionOf((await inspectImage('ghcr.io/acme/single:latest', opened))?.labels ?? [])).toBeUndefined();
    expect(revisionOf([{}, { 'org.opencontainers.image.revision': COMMIT }])).toBe(COMMIT);
  });

  it('inspectImage reads the labels of every platform, and is undefined only for a tag the registry does not hold', async () => {
    const opened = await session({ ...(await usePath(['docker'])), FAKE_DOCKER_TAGS: JSON.stringify({ 'main-0ccf1ae': COMMIT, unlabelled: '' }) });
    const revisions = async (ref: string) => (await inspectImage(ref, opened))?.labels.map((labels) => labels['org.opencontainers.image.revision'] ?? '');
    expect(await revisions('ghcr.io/acme/api:main-0ccf1ae')).toEqual([COMMIT, COMMIT]);
    expect(await revisions('ghcr.io/acme/api:unlabelled')).toEqual(['', '']);
    expect(await revisions('ghcr.io/acme/api:main-e84cc64')).toBeUndefined();
  });

  it('inspectImage fails closed when the registry refuses the read: a refusal is not an absent tag', async () => {
    const opened = await session({ ...(await usePath(['docker'])), FAKE_DOCKER_TAGS: '{}', FAKE_DOCKER_REGISTRY_DENIED: '1' });
    const error = await rejection(inspectImage('ghcr.io/acme/api:main-0ccf1ae', opened));
    expect(error.message).toContain('inspecting "ghcr.io/acme/api:main-0ccf1ae" failed');
    expect(error.message).toContain('401 Unauthorized');
    // Not streamed, yet the debug log (ACTIONS_STEP_DEBUG) says what ran and how it ended.
    const printed = vi.mocked(process.stdout.write).mock.calls.map((call) => String(call[0])).join('');
    const line = '"docker" "buildx" "imagetools" "inspect" "--format" "{{json .}}" "ghcr.io/acme/api:main-0ccf1ae"';
    expect(printed).toContain(`::debug::run: ${line}\n`);
    expect(printed).toMatch(new RegExp(`::debug::exit code 1 in \\d+ ms: ${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`));
  });

  it('createTag points the target at the source with imagetools create', async () => {
    const opened = await session(await usePath(['docker']));
    await createTag(`ghcr.io/acme/api@${INDEX_DIGEST}`, 'ghcr.io/acme/api:latest', opened);
    const create = (await calls()).find((call) => call.argv[2] === 'create');
    expect(create?.argv).toEqual(['buildx', 'imagetools', 'create', '--tag', 'ghcr.io/acme/api:latest', `ghcr.io/acme/api@${INDEX_DIGEST}`]);
  });

  it('createTag fails with the tool’s message', async () => {
    const opened = await session(await usePath(['docker']));
    const error = await rejection(createTag('ghcr.io/acme/api@sha256:abc', 'ghcr.io/acme/missing:latest', opened));
    expect(error.message).toContain('ERROR: ghcr.io/acme/api@sha256:abc: not found');
  });
});

describe('buildImage', () => {
  function plan(push: boolean): Plan {
    return {
      image: 'ghcr.io/acme/api',
      event: 'push',
      refKind: 'branch',
      refName: 'main',
      version: 'main-0ccf1ae',
      immutableTags: ['main-0ccf1ae'],
      sourceCommit: COMMIT,
      build: {
        enabled: true,
        reason: 'push to main',
        push,
        login: push,
        platforms: ['linux/amd64'],
        args: ['buildx', 'build', '--metadata-file', METADATA_FILE_PLACEHOLDER, ...(push ? ['--push'] : []), '.'],
        reuse: { enabled: false, reason: 'skip-unchanged: false', key: '', tag: '' },
      },
    } as unknown as Plan;
  }
  const rt = (workspace: string) => ({ ctx: { workspace } }) as unknown as Runtime;

  it('returns the pushed index digest and the platform digests read by digest', async () => {
    const opened = await session({ ...(await usePath(['docker'])), FAKE_DOCKER_TAGS: '{}' });
    const result = await buildImage(plan(true), opened, rt(tmp));
    expect(result).toEqual({ pushed: true, digest: INDEX_DIGEST, platformDigests: { 'linux/amd64': AMD64, 'linux/arm64': ARM64 } });
    const inspect = (await calls()).find((call) => call.argv[2] === 'inspect' && call.argv.includes('--raw'));
    expect(inspect?.argv.at(-1)).toBe(`ghcr.io/acme/api@${INDEX_DIGEST}`);
  });

  it('reads each immutable tag before building, and refuses one that names another commit', async () => {
    const opened = await session({ ...(await usePath(['docker'])), FAKE_DOCKER_TAGS: JSON.stringify({ 'main-0ccf1ae': OTHER }) });
    const error = await rejection(buildImage(plan(true), opened, rt(tmp)), Error);
    expect(error.message).toContain('"ghcr.io/acme/api:main-0ccf1ae"');
    expect(error.message).toContain(OTHER);
    expect(error.message).toContain(COMMIT);
    expect((await calls()).some((call) => call.argv[1] === 'build')).toBe(false);
  });

  it('replaces a tag that names an image of the same commit', async () => {
    const opened = await session({ ...(await usePath(['docker'])), FAKE_DOCKER_TAGS: JSON.stringify({ 'main-0ccf1ae': COMMIT }) });
    expect(await buildImage(plan(true), opened, rt(tmp))).toMatchObject({ pushed: true, digest: INDEX_DIGEST });
    const recorded = await calls();
    const read = recorded.findIndex((call) => call.argv[2] === 'inspect' && call.argv.at(-1) === 'ghcr.io/acme/api:main-0ccf1ae');
    const build = recorded.findIndex((call) => call.argv[1] === 'build');
    expect(read).toBeGreaterThanOrEqual(0);
    expect(read).toBeLessThan(build);
  });

  it('reads no tag when the plan does not push', async () => {
    const opened = await session({ ...(await usePath(['docker'])), FAKE_DOCKER_TAGS: JSON.stringify({ 'main-0ccf1ae': OTHER }) }, false);
    expect(await buildImage(plan(false), opened, rt(tmp))).toEqual({ pushed: false, digest: '', platformDigests: {} });
    expect((await calls()).some((call) => call.argv[1] === 'imagetools')).toBe(false);
  });

  it('reports nothing pushed when the plan does not push', async () => {
    const opened = await session(await usePath(['docker']), false);
    expect(await buildImage(plan(false), opened, rt(tmp))).toEqual({ pushed: false, digest: '', platformDigests: {} });
    expect((await calls()).some((call) => call.argv[1] === 'build')).toBe(true);
  });

  it('checks the tools before building', async () => {
    const opened = await session(await usePath(['docker']));
    opened.env.FAKE_DOCKER_NO_ENGINE = '1';
    await rejection(buildImage(plan(true), opened, rt(tmp)));
    expect((await calls()).some((call) => call.argv[1] === 'build')).toBe(false);
  });
});

describe('registry calls are bounded in time', () => {
  it.each<[string, Record<string, string>, number | undefined, number]>([
    ['the default', {}, undefined, REGISTRY_TIMEOUT_SECONDS * 1000],
    ['an empty variable is the default', { FTMO_REGISTRY_TIMEOUT_SECONDS: ' ' }, undefined, REGISTRY_TIMEOUT_SECONDS * 1000],
    ['the variable, in seconds', { FTMO_REGISTRY_TIMEOUT_SECONDS: '30' }, undefined, 30_000],
    ['fractions of a second', { FTMO_REGISTRY_TIMEOUT_SECONDS: '0.5' }, undefined, 500],
    ['an explicit bound wins', { FTMO_REGISTRY_TIMEOUT_SECONDS: '30' }, 250, 250],
  ])('%s', (_name, env, explicit, expected) => {
    expect(registryTimeoutMs(env, explicit)).toBe(expected);
  });

  it.each(['0', '-3', 'ten', '1e999'])('refuses FTMO_REGISTRY_TIMEOUT_SECONDS=%s', (value) => {
    expect(() => registryTimeoutMs({ FTMO_REGISTRY_TIMEOUT_SECONDS: value })).toThrow(
      `FTMO_REGISTRY_TIMEOUT_SECONDS must be a positive number of seconds (got "${value}")`,
    );
  });

  it('a login that never answers is stopped, naming the operation and the host, and the config is removed', async () => {
    const env = { ...(await usePath(['docker'])), FAKE_DOCKER_HANG: 'login' };
    const error = await rejection(session(env, true, 300));
    expect(error.message).toBe(
      'docker login at the registry "ghcr.io" did not finish within 0.3 s and was stopped (FTMO_REGISTRY_TIMEOUT_SECONDS sets this bound)',
    );
    expect((await calls()).map((call) => call.argv[0])).toContain('login');
    expect(await readdir(runnerTemp)).toEqual([]);
  });

  it.each([
    ['imagetools inspect', (opened: RegistrySession) => inspectImage('ghcr.io/acme/api:main-0ccf1ae', opened), 'docker buildx imagetools inspect of "ghcr.io/acme/api:main-0ccf1ae"'],
    ['imagetools create', (opened: RegistrySession) => createTag(`ghcr.io/acme/api@${INDEX_DIGEST}`, 'ghcr.io/acme/api:latest', opened), 'docker buildx imagetools create of "ghcr.io/acme/api:latest"'],
  ])('%s that never answers is stopped, naming the operation and the host', async (_name, call, operation) => {
    const opened = await session({ ...(await usePath(['docker'])), FAKE_DOCKER_HANG: 'imagetools' }, true, 300);
    const error = await rejection(call(opened));
    expect(error.message).toBe(`${operation} at the registry "ghcr.io" did not finish within 0.3 s and was stopped (FTMO_REGISTRY_TIMEOUT_SECONDS sets this bound)`);
  });
});
