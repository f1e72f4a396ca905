// What the registry holds, through `docker buildx imagetools` (never a pull): the digest of an
// image and of each of its platforms, the labels of its images, and a new tag for an existing
// image. Every call is bounded in time (registry-command.ts).

import { createHash } from 'node:crypto';
import { ToolError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { isDigest } from '../../domain/ids.js';
import type { RegistrySession } from './session.js';
import { outputTail, type ExecResult } from '../exec.js';
import { registryCommand } from './registry-command.js';

export interface ImageIndex {
  /** Digest of what the reference points at (an index for multi-platform images). */
  digest: string;
  /** os/arch[/variant] -> manifest digest; attestation manifests are left out. */
  platformDigests: Record<string, string>;
}

/** An image as the registry holds it: its digests and the labels of each platform's image. */
export interface RegistryImage extends ImageIndex {
  labels: Record<string, string>[];
}

/**
 * Digest, platforms and labels of what a reference names, in one registry read (what a tag names
 * now: the tags a run checks or moves); undefined only when the registry says the reference does
 * not exist. Any other failure throws.
 */
export async function inspectImage(ref: string, session: RegistrySession): Promise<RegistryImage | undefined> {
  const result = await inspect(['--format', '{{json .}}', ref], ref, session);
  if (result.code !== 0) {
    if (isNotFound(result)) return undefined;
    throw inspectFailure(ref, result);
  }
  const { manifest, image } = parseJson(result.stdout, ref) as { manifest?: { digest?: unknown; manifests?: Descriptor[] }; image?: unknown };
  const digest = typeof manifest?.digest === 'string' ? manifest.digest : '';
  if (!isDigest(digest)) throw new ToolError(`docker buildx imagetools named no digest for ${quote(ref)}: ${quote(result.stdout, 200)}`);
  checkPinned(ref, digest);
  const configs = imageConfigs(image);
  const platformDigests = Array.isArray(manifest?.manifests) ? indexPlatforms(manifest.manifests) : singlePlatform(configs[0], digest);
  return { digest, platformDigests, labels: configs.map(labelsOf) };
}

/**
 * The digest of an image reference and the manifest digest of each of its platforms, from the
 * manifest's own bytes (what a run pushed, read back by digest: the digest is computed here).
 */
export async function inspectIndex(ref: string, session: RegistrySession, notFound = `${quote(ref)} was not found in the registry`): Promise<ImageIndex> {
  const raw = await rawManifest(ref, session, notFound);
  return describeManifest(ref, raw, session);
}

/** deploy mode: the image a tag points at, with its labels; fails clearly when the tag does not exist. */
export async function resolveTag(ref: string, session: RegistrySession): Promise<RegistryImage> {
  const image = await inspectImage(ref, session);
  if (image === undefined) throw new ToolError(`the image ${quote(ref)} does not exist in the registry`);
  return image;
}

/** Points each target reference at the image sourceRef (`image@digest`) names, without pulling or rebuilding. */
export async function createTag(sourceRef: string, targetRefs: string | string[], session: RegistrySession): Promise<void> {
  const targets = typeof targetRefs === 'string' ? [targetRefs] : targetRefs;
  const named = targets.map((ref) => quote(ref)).join(', ');
  const result = await registryCommand(
    session,
    ['buildx', 'imagetools', 'create', ...targets.flatMap((ref) => ['--tag', ref]), sourceRef],
    `docker buildx imagetools create of ${named}`,
  );
  if (result.code !== 0) {
    throw new ToolError(`tagging ${quote(sourceRef)} as ${named} failed (exit code ${result.code}):\n${outputTail(result)}`);
  }
}

const REVISION_LABEL = 'org.opencontainers.image.revision';

/** The first revision label among the labels of an image's platforms; undefined when none has one. */
export function revisionOf(labels: Record<string, string>[]): string | undefined {
  return labelOf(labels, REVISION_LABEL);
}

/** The first non-empty value of label `key` among the labels of an image's platforms. */
export function labelOf(labels: Record<string, string>[], key: string): string | undefined {
  return labels.map((image) => image[key] ?? '').find((value) => value !== '');
}

/** The revision label of every image (platform), '' for an image without it. */
export function revisionsOf(labels: Record<string, string>[]): string[] {
  return labels.map((image) => image[REVISION_LABEL] ?? '');
}

function labelsOf(config: ImageConfig): Record<string, string> {
  const labels = config.config?.Labels ?? {};
  return Object.fromEntries(Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function inspectFailure(ref: string, result: ExecResult): ToolError {
  return new ToolError(`inspecting ${quote(ref)} failed (exit code ${result.code}):\n${outputTail(result)}`);
}

function inspect(args: string[], ref: string, session: RegistrySession): Promise<ExecResult> {
  return registryCommand(session, ['buildx', 'imagetools', 'inspect', ...args], `docker buildx imagetools inspect of ${quote(ref)}`);
}

async function rawManifest(ref: string, session: RegistrySession, notFound: string): Promise<string> {
  const result = await inspect(['--raw', ref], ref, session);
  if (result.code !== 0) {
    if (isNotFound(result)) throw new ToolError(notFound);
    throw inspectFailure(ref, result);
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
  checkPinned(ref, digest);
  const manifest = parseJson(raw, ref) as { manifests?: Descriptor[] };
  if (Array.isArray(manifest.manifests)) {
    return { digest, platformDigests: indexPlatforms(manifest.manifests) };
  }
  const [config] = imageConfigs(await imageJson(ref, session));
  return { digest, platformDigests: singlePlatform(config, digest) };
}

function checkPinned(ref: string, digest: string): void {
  const pinned = ref.split('@')[1] ?? '';
  if (isDigest(pinned) && pinned !== digest) {
    throw new ToolError(`the registry returned content for ${quote(ref)} whose digest is ${digest}`);
  }
}

// A single-platform image without attestations is a plain manifest: its platform is in the config.
function singlePlatform(config: ImageConfig | undefined, digest: string): Record<string, string> {
  const platform = config ? platformName(config.os, config.architecture, config.variant) : '';
  return platform ? { [platform]: digest } : {};
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
  const result = await inspect(['--format', '{{json .Image}}', ref], ref, session);
  if (result.code !== 0) {
    throw new ToolError(`reading the image configuration of ${quote(ref)} failed:\n${outputTail(result)}`);
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
    throw new ToolError(`docker buildx imagetools printed unreadable JSON for ${quote(ref)}: ${quote(text, 200)}`);
  }
}

// The registry's own answers for a reference it does not hold (buildx prints `<ref>: not found`).
// "not found" elsewhere in a message (a credential helper's `executable file not found in $PATH`)
// is a failure, never an absent tag.
const REGISTRY_NOT_FOUND = /: not found\s*$|\bmanifest unknown\b|\bname unknown\b/im;

function isNotFound(result: ExecResult): boolean {
  return REGISTRY_NOT_FOUND.test(result.stderr);
}
