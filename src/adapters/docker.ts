// Everything the action asks of docker: a private client configuration with the registry login,
// the tool checks before a build, the build itself and what the registry holds afterwards.
// Every call goes through execTool (argument arrays, no shell); secrets reach docker on stdin only.

import * as core from '@actions/core';
import { createHash, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { StageError } from '../domain/errors.js';
import { quote } from '../domain/escape.js';
import { METADATA_FILE_PLACEHOLDER } from '../domain/types.js';
import { execTool, tail, type ExecResult } from './exec.js';

/** Where the docker CLI looks for plugins whatever DOCKER_CONFIG says (Linux). */
export const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
];

export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';

export interface RegistrySessionOptions {
  /** Registry host to log in to (the image's host). */
  registry: string;
  username: string;
  password: string;
  /** Log in: only when something is pushed (never for fork pull requests). */
  login: boolean;
  /** RUNNER_TEMP: the private docker configuration lives below it. */
  runnerTemp: string;
  /** The environment docker runs with (DOCKER_CONFIG is replaced). */
  env: Record<string, string | undefined>;
}

export interface RegistrySession {
  /** Environment for every docker call of this run: DOCKER_CONFIG points at configDir. */
  env: Record<string, string>;
  /** Private docker configuration directory (mode 0700), holding the login. */
  configDir: string;
  /** Removes configDir and the credentials in it. Safe to call more than once. */
  close(): Promise<void>;
}

export interface ImageIndex {
  /** Digest of what the reference points at (an index for multi-platform images). */
  digest: string;
  /** os/arch[/variant] -> manifest digest; attestation manifests are left out. */
  platformDigests: Record<string, string>;
}

export interface BuildOutput {
  /** `containerimage.digest` of buildx's metadata file ('' when nothing was exported). */
  digest: string;
  metadata: Record<string, unknown>;
}

/**
 * Creates a private DOCKER_CONFIG (so neither the runner's ~/.docker nor a previous job's login is
 * used, and the login is gone with the directory), checks that buildx is still reachable from
 * it, and logs in when asked, the password going to `docker login --password-stdin` only.
 */
export async function openRegistrySession(options: RegistrySessionOptions): Promise<RegistrySession> {
  maskCredentials(options.username, options.password);
  const configDir = await mkdtemp(join(options.runnerTemp || tmpdir(), 'docker-config-'));
  await chmod(configDir, 0o700);
  const close = () => rm(configDir, { recursive: true, force: true });
  const env = childEnv(options.env, configDir);
  try {
    await requireBuildx(env);
    if (options.login) await login(options, env);
  } catch (error) {
    await close();
    throw error;
  }
  return { env, configDir, close };
}

/**
 * Fails with a message naming what is missing: the docker CLI, a reachable engine, buildx, or a
 * builder able to build every requested platform. A foreign platform without QEMU emulation is
 * registered with update-binfmts when that is installed (what docker/setup-qemu-action does with
 * a privileged container, which needs the network to pull).
 */
export async function preflight(
  session: RegistrySession,
  platforms: string[],
  options: { binfmtDir?: string } = {},
): Promise<void> {
  await requireDockerCli(session.env);
  await requireEngine(session.env);
  await requireBuildx(session.env);
  const supported = await builderPlatforms(session.env);
  for (const platform of platforms) {
    if (!supported.some((candidate) => samePlatform(candidate, platform))) {
      await ensureEmulation(platform, supported, options.binfmtDir ?? BINFMT_DIR, session.env);
    }
  }
}

/**
 * Runs `docker <args>` (from buildx-args.ts) in the workspace with the build log streamed inside
 * a log group, and returns what buildx wrote to its metadata file.
 */
export async function buildAndPush(args: string[], session: RegistrySession, workspace: string): Promise<BuildOutput> {
  const metadataFile = join(session.configDir, `build-metadata-${randomUUID()}.json`);
  const argv = args.map((arg) => (arg === METADATA_FILE_PLACEHOLDER ? metadataFile : arg));
  try {
    const result = await streamInGroup('docker buildx build', () =>
      execTool('docker', argv, { env: session.env, cwd: workspace, stream: true }),
    );
    if (result.code !== 0) {
      throw new StageError('build', `docker buildx build failed (exit code ${result.code}):\n${outputTail(result)}`);
    }
    const metadata = await readMetadata(metadataFile);
    const digest = metadata['containerimage.digest'];
    return { digest: typeof digest === 'string' ? digest : '', metadata };
  } finally {
    await rm(metadataFile, { force: true });
  }
}

/** The digest of an image reference and the manifest digest of each of its platforms. */
export async function inspectIndex(ref: string, session: RegistrySession): Promise<ImageIndex> {
  const raw = await rawManifest(ref, session, 'build', `${quote(ref)} was not found in the registry`);
  return describeManifest(ref, raw, session);
}

/** deploy mode: the image a tag points at; fails clearly when the tag does not exist. */
export async function resolveTag(ref: string, session: RegistrySession): Promise<ImageIndex> {
  const raw = await rawManifest(ref, session, 'deploy', `the image ${quote(ref)} does not exist in the registry`);
  return describeManifest(ref, raw, session);
}

/** Points targetRef at the image sourceRef (`image@digest`) names, without pulling or rebuilding. */
export async function createTag(sourceRef: string, targetRef: string, session: RegistrySession): Promise<void> {
  const result = await execTool('docker', ['buildx', 'imagetools', 'create', '--tag', targetRef, sourceRef], {
    env: session.env,
  });
  if (result.code !== 0) {
    throw new StageError(
      'promote',
      `tagging ${quote(sourceRef)} as ${quote(targetRef)} failed (exit code ${result.code}):\n${outputTail(result)}`,
    );
  }
}

/** The `org.opencontainers.image.revision` label of an image, undefined when the tag does not exist. */
export async function imageRevision(ref: string, session: RegistrySession): Promise<string | undefined> {
  const result = await execTool('docker', ['buildx', 'imagetools', 'inspect', '--format', '{{json .Image}}', ref], {
    env: session.env,
  });
  if (result.code !== 0) {
    if (isNotFound(result)) return undefined;
    throw new StageError('promote', `reading the labels of ${quote(ref)} failed:\n${outputTail(result)}`);
  }
  for (const config of imageConfigs(parseJson(result.stdout, ref))) {
    const revision = config.config?.Labels?.['org.opencontainers.image.revision'];
    if (typeof revision === 'string' && revision !== '') return revision;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

// The password, its lines and the forms docker derives from it (config.json's base64 `auth`).
function maskCredentials(username: string, password: string): void {
  if (password === '') return;
  const forms = [
    password,
    ...password.split(/\r?\n/),
    Buffer.from(password).toString('base64'),
    Buffer.from(`${username}:${password}`).toString('base64'),
  ];
  for (const form of new Set(forms)) {
    if (form.trim() !== '') core.setSecret(form);
  }
}

// The inputs (INPUT_*) carry the registry password and the manifests token: docker needs neither.
function childEnv(env: Record<string, string | undefined>, configDir: string): Record<string, string> {
  const child: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !key.startsWith('INPUT_')) child[key] = value;
  }
  // Builders (docker/setup-buildx-action's among them) are recorded in <docker config>/buildx;
  // keep using the runner's, or the private config would silently fall back to the default
  // builder, which may not build every platform.
  child.BUILDX_CONFIG = env.BUILDX_CONFIG || join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'buildx');
  child.DOCKER_CONFIG = configDir;
  return child;
}

async function login(options: RegistrySessionOptions, env: Record<string, string>): Promise<void> {
  if (options.password === '') {
    throw new StageError('login', `no password to log in to ${quote(options.registry)} (input 'registry-password' is empty)`);
  }
  const result = await execTool(
    'docker',
    ['login', options.registry, '--username', options.username, '--password-stdin'],
    { env, input: options.password },
  );
  if (result.code !== 0) {
    const detail = outputTail(result).split(options.password).join('***');
    throw new StageError(
      'login',
      `docker login to ${quote(options.registry)} as ${quote(options.username)} failed (exit code ${result.code}):\n${detail}`,
    );
  }
}

async function requireDockerCli(env: Record<string, string>): Promise<void> {
  const result = await execTool('docker', ['--version'], { env });
  if (result.code !== 0) {
    throw new StageError('build', `the docker CLI was not found on PATH (or does not run): ${tail(result.stderr, 3)}`);
  }
}

async function requireEngine(env: Record<string, string>): Promise<void> {
  const result = await execTool('docker', ['version', '--format', '{{.Server.Version}}'], { env });
  if (result.code !== 0 || result.stdout.trim() === '') {
    const where = env.DOCKER_HOST ? `DOCKER_HOST=${quote(env.DOCKER_HOST)}` : 'the default socket';
    throw new StageError('build', `no docker engine is reachable at ${where}:\n${outputTail(result, 5)}`);
  }
}

async function requireBuildx(env: Record<string, string>): Promise<void> {
  const result = await execTool('docker', ['buildx', 'version'], { env });
  if (result.code === 0) return;
  await requireDockerCli(env);
  throw new StageError(
    'build',
    'docker buildx is not available. The action uses a private DOCKER_CONFIG, which hides plugins in ' +
      '~/.docker/cli-plugins: install buildx as a system-wide CLI plugin in one of ' +
      `${SYSTEM_PLUGIN_DIRS.join(', ')} (docker/setup-buildx-action does this).\n${outputTail(result, 5)}`,
  );
}

// The platforms of every node of the current builder (`Platforms:` lines; `*` marks platforms
// configured by hand).
async function builderPlatforms(env: Record<string, string>): Promise<string[]> {
  const result = await execTool('docker', ['buildx', 'inspect', '--bootstrap'], { env });
  if (result.code !== 0) {
    throw new StageError('build', `the buildx builder does not start (docker buildx inspect --bootstrap):\n${outputTail(result)}`);
  }
  return result.stdout
    .split('\n')
    .map((line) => /^\s*Platforms:\s*(.*)$/.exec(line)?.[1])
    .filter((list): list is string => list !== undefined)
    .flatMap((list) => list.split(','))
    .map((platform) => platform.trim().replace(/\*$/, ''))
    .filter((platform) => platform !== '');
}

// linux/arm64 is linux/arm64/v8 and linux/amd64 is linux/amd64/v1 for every builder.
function normalisePlatform(platform: string): string {
  const [os = '', arch = '', variant = ''] = platform.toLowerCase().split('/');
  const implicit = (arch === 'arm64' && variant === 'v8') || (arch === 'amd64' && variant === 'v1');
  return variant && !implicit ? `${os}/${arch}/${variant}` : `${os}/${arch}`;
}

function samePlatform(a: string, b: string): boolean {
  return normalisePlatform(a) === normalisePlatform(b);
}

const QEMU_HANDLERS: Record<string, string> = {
  amd64: 'qemu-x86_64',
  arm64: 'qemu-aarch64',
  arm: 'qemu-arm',
  '386': 'qemu-i386',
  ppc64le: 'qemu-ppc64le',
  s390x: 'qemu-s390x',
  riscv64: 'qemu-riscv64',
  mips64le: 'qemu-mips64el',
  loong64: 'qemu-loongarch64',
};

// A builder lists the platforms it found when it started; a binfmt handler registered with the
// `F` flag (as qemu-user-static's are) runs foreign binaries in any container from then on.
async function ensureEmulation(platform: string, supported: string[], binfmtDir: string, env: Record<string, string>) {
  const arch = platform.split('/')[1] ?? '';
  const handler = QEMU_HANDLERS[arch];
  const cannot = `the builder cannot build ${quote(platform)} (it supports ${supported.join(', ') || 'nothing'})`;
  if (!platform.startsWith('linux/') || handler === undefined) {
    throw new StageError('build', `${cannot}, and no QEMU emulation is known for it`);
  }
  if (await handlerEnabled(binfmtDir, handler)) return;
  const registered = await execTool('update-binfmts', ['--enable', handler], { env });
  if (registered.code === 0 && (await handlerEnabled(binfmtDir, handler))) {
    core.info(`Registered QEMU emulation ${handler} for ${platform}`);
    return;
  }
  throw new StageError(
    'build',
    `${cannot}: no QEMU binfmt handler ${quote(handler)} is registered in ${binfmtDir}` +
      (registered.code === 127 ? ' and update-binfmts is not installed' : `, and update-binfmts --enable ${handler} failed`) +
      '. Install qemu-user-static and binfmt-support, or run docker/setup-qemu-action before this step.',
  );
}

async function handlerEnabled(binfmtDir: string, handler: string): Promise<boolean> {
  try {
    const status = await readFile(join(binfmtDir, handler), 'utf8');
    return status.split('\n')[0]?.trim() === 'enabled';
  } catch {
    return false;
  }
}

// A build runs code from the repository (a pull request's, possibly): its output must not be
// able to issue workflow commands, so they are stopped with a one-time token while it streams.
async function streamInGroup(title: string, run: () => Promise<ExecResult>): Promise<ExecResult> {
  const token = randomUUID();
  core.startGroup(title);
  core.info(`::stop-commands::${token}`);
  try {
    return await run();
  } finally {
    core.info(`::${token}::`);
    core.endGroup();
  }
}

async function readMetadata(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

async function rawManifest(ref: string, session: RegistrySession, stage: string, notFound: string): Promise<string> {
  const result = await execTool('docker', ['buildx', 'imagetools', 'inspect', '--raw', ref], { env: session.env });
  if (result.code !== 0) {
    if (isNotFound(result)) throw new StageError(stage, notFound);
    throw new StageError(stage, `inspecting ${quote(ref)} failed (exit code ${result.code}):\n${outputTail(result)}`);
  }
  return result.stdout;
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

interface ImageConfig {
  os?: string;
  architecture?: string;
  variant?: string;
  config?: { Labels?: Record<string, string> | null };
}

// `--raw` prints the manifest's bytes as stored, so their SHA-256 is the digest the registry
// serves; a reference pinned by digest is checked against it.
async function describeManifest(ref: string, raw: string, session: RegistrySession): Promise<ImageIndex> {
  const digest = `sha256:${createHash('sha256').update(raw, 'utf8').digest('hex')}`;
  const pinned = /@(sha256:[a-f0-9]{64})$/.exec(ref)?.[1];
  if (pinned !== undefined && pinned !== digest) {
    throw new StageError('build', `the registry returned content for ${quote(ref)} whose digest is ${digest}`);
  }
  const manifest = parseJson(raw, ref) as { manifests?: Descriptor[] };
  if (Array.isArray(manifest.manifests)) {
    return { digest, platformDigests: indexPlatforms(manifest.manifests) };
  }
  // A single-platform image without attestations is a plain manifest: its platform is in the config.
  const [config] = imageConfigs(await imageJson(ref, session));
  const platform = config ? platformName(config.os, config.architecture, config.variant) : '';
  return { digest, platformDigests: platform ? { [platform]: digest } : {} };
}

function indexPlatforms(manifests: Descriptor[]): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const entry of manifests) {
    if (entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') continue;
    const name = platformName(entry.platform?.os, entry.platform?.architecture, entry.platform?.variant);
    if (name && name !== 'unknown/unknown' && entry.digest) digests[name] = entry.digest;
  }
  return digests;
}

function platformName(os?: string, architecture?: string, variant?: string): string {
  if (!os || !architecture) return '';
  return variant ? `${os}/${architecture}/${variant}` : `${os}/${architecture}`;
}

async function imageJson(ref: string, session: RegistrySession): Promise<unknown> {
  const result = await execTool('docker', ['buildx', 'imagetools', 'inspect', '--format', '{{json .Image}}', ref], {
    env: session.env,
  });
  if (result.code !== 0) {
    throw new StageError('build', `reading the image configuration of ${quote(ref)} failed:\n${outputTail(result)}`);
  }
  return parseJson(result.stdout, ref);
}

// `{{json .Image}}` is one configuration for a single-platform image, and an object keyed by
// platform for an index.
function imageConfigs(image: unknown): ImageConfig[] {
  if (image === null || typeof image !== 'object') return [];
  const record = image as Record<string, unknown>;
  if ('architecture' in record || 'config' in record || 'rootfs' in record) return [record as ImageConfig];
  return Object.values(record).filter((value): value is ImageConfig => value !== null && typeof value === 'object');
}

function parseJson(text: string, ref: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StageError('build', `docker buildx imagetools printed unreadable JSON for ${quote(ref)}: ${quote(text, 200)}`);
  }
}

function isNotFound(result: ExecResult): boolean {
  return /\bnot found\b|manifest unknown|name unknown/i.test(result.stderr);
}

// buildx prints its progress and its errors on stderr; the error is at the end.
function outputTail(result: ExecResult, lines = 20): string {
  return tail([result.stdout, result.stderr].filter((text) => text.trim() !== '').join('\n'), lines);
}
