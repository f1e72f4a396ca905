// The tag rules: which tags an image built in this run gets, which of them is the `version`,
// and whether `latest` applies. Everything here is a function of the run context alone.

import parseSemver from 'semver/functions/parse.js';
import { ContextError, InputError } from '../errors.js';
import { LATEST, MAX_TAG_LENGTH, PULL_REQUEST_TAG_RE, extraTagProblem, isValidTag } from '../ids.js';
import { DEPLOY_EVENTS, isPullRequestRun } from './run-context.js';
import type { RefKind, RunContext } from '../types.js';

export interface TagOptions {
  /** Already resolved (see resolveDefaultBranch). */
  defaultBranch: string;
  shaLength: number;
  extraTags: string[];
  /** Full SHA of the commit that is built (see checkout.ts): the only commit the tags name. */
  sourceCommit: string;
}

export interface TagResult {
  refKind: RefKind;
  /** Branch or tag name; the head branch on pull requests; '' for other refs. */
  refName: string;
  /** The primary immutable tag. */
  version: string;
  /** Every tag, `latest` and a release's `X.Y` and `X` included when they apply. */
  tags: string[];
  /** `tags` without the ones moved after the scan gate: what the build pushes. */
  immutableTags: string[];
  latest: boolean;
  /** A release's `X.Y` and `X`: moved after the scan gate, to newer releases only. */
  releaseAliases: string[];
  /** Full SHA the image is built from (the checked-out commit). */
  sourceCommit: string;
}

/**
 * A ref name made into tag material: every run of characters outside `[A-Za-z0-9_.-]` becomes
 * one `-`, leading `.`/`-` go (a tag cannot start with them), case is kept. No length limit
 * here: callers cut to fit, because what must survive whole differs by rule.
 */
export function sanitizeTag(ref: string): string {
  return ref.replace(/[^A-Za-z0-9_.-]+/gu, '-').replace(/^[.-]+/, '');
}

/** `default-branch` input, else the payload's repository.default_branch, else `main`. */
export function resolveDefaultBranch(input: string, ctx: RunContext): string {
  return input || ctx.payloadDefaultBranch || 'main';
}

export function computeTags(ctx: RunContext, options: TagOptions): TagResult {
  const pullRequest = isPullRequestRun(ctx) ? ctx.pullRequest : undefined;
  const sourceCommit = options.sourceCommit;
  const sha = sourceCommit.slice(0, options.shaLength);
  const row = pullRequest
    ? pullRequestRow(pullRequest.number, pullRequest.headRef, sha)
    : refRow(ctx, options.defaultBranch, sha);
  const aliases = row.aliases ?? [];
  const tags = unique([...row.tags, ...aliases, ...(row.latest ? [LATEST] : []), ...checkedExtraTags(options.extraTags)]);
  return {
    refKind: row.refKind,
    refName: row.refName,
    version: row.version,
    tags,
    immutableTags: tags.filter((tag) => tag !== LATEST && !aliases.includes(tag)),
    latest: row.latest,
    releaseAliases: aliases,
    sourceCommit,
  };
}

interface Row {
  refKind: RefKind;
  refName: string;
  /** The row's immutable tag. */
  version: string;
  /** The row's own tags, in the contract's order (without `latest` and the release aliases). */
  tags: string[];
  latest: boolean;
  /** A release's `X.Y` and `X`. */
  aliases?: string[];
}

function pullRequestRow(number: number, headRef: string, sha: string): Row {
  // Not the head branch's `<branch>-<sha>`: that tag belongs to the branch's push builds, and
  // what a pull request builds (by default its merge commit) is other content. `pr-N` moves with
  // every push to the pull request; `pr-N-<sha>` is the immutable version.
  const version = `pr-${number}-${sha}`;
  return { refKind: 'pull_request', refName: headRef, version, tags: [`pr-${number}`, version], latest: false };
}

function refRow(ctx: RunContext, defaultBranch: string, sha: string): Row {
  const branch = stripPrefix(ctx.ref, 'refs/heads/');
  if (branch !== undefined) {
    const latest = branch === defaultBranch && DEPLOY_EVENTS.has(ctx.eventName);
    const version = branchShaTag(branch, sha);
    return { refKind: 'branch', refName: branch, version, tags: [version], latest };
  }
  const tag = stripPrefix(ctx.ref, 'refs/tags/');
  if (tag !== undefined) {
    const tags = gitTagTags(tag, sha);
    for (const taken of tags) checkNotReserved(tag, taken);
    const [version = sha, ...aliases] = tags;
    return { refKind: 'tag', refName: tag, version, tags: [version], latest: false, aliases };
  }
  // Anything else (refs/pull/* without a payload, no ref at all): only the commit names the image.
  return { refKind: 'other', refName: '', version: sha, tags: [sha], latest: false };
}

/** `<ref>-<sha>`: the ref part is cut so the whole fits in 128 characters; the SHA is kept whole. */
function branchShaTag(ref: string, sha: string): string {
  const room = MAX_TAG_LENGTH - sha.length - 1;
  const part = sanitizeTag(ref).slice(0, Math.max(room, 0));
  return part === '' ? sha : `${part}-${sha}`;
}

/** Semver release: X.Y.Z, X.Y, X. Prerelease: the full version only. Any other tag: sanitised. The first is the version. */
function gitTagTags(tag: string, sha: string): string[] {
  // Strict semver.org grammar with an optional `v`; `version` drops the build metadata.
  const parsed = parseSemver(tag);
  if (parsed) {
    const { major, minor, version } = parsed;
    if (parsed.prerelease.length === 0) return [version, `${major}.${minor}`, `${major}`];
    if (isValidTag(version)) return [version];
    // A prerelease too long for a tag falls through to the generic rule below.
  }
  const sanitised = sanitizeTag(tag).slice(0, MAX_TAG_LENGTH);
  return [sanitised === '' ? sha : sanitised];
}

/**
 * A git tag may not produce a tag that other rows own: `latest` (moved only after the scan gate)
 * or a pull request's `pr-N` / `pr-N-<sha>`. Either would be overwritten with other content.
 */
function checkNotReserved(gitTag: string, tag: string): void {
  const owner = tag === LATEST ? 'the tag rules move it only after the scan gate' : PULL_REQUEST_TAG_RE.test(tag) ? 'it is a pull request build\'s tag' : '';
  if (owner === '') return;
  throw new ContextError(
    'GITHUB_REF',
    `refused: the git tag would give the image tag ${tag}, which a tag push must not take (${owner}); use another git tag name`,
    `refs/tags/${gitTag}`,
  );
}

function checkedExtraTags(extraTags: string[]): string[] {
  for (const tag of extraTags) {
    const problem = extraTagProblem(tag);
    if (problem !== undefined) throw new InputError('extra-tags', problem, tag);
  }
  return extraTags;
}

function stripPrefix(value: string, prefix: string): string | undefined {
  return value.startsWith(prefix) ? value.slice(prefix.length) : undefined;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export interface LabelOptions {
  service: string;
  version: string;
  /** Full SHA of the commit the image is built from. */
  sourceCommit: string;
  /** ISO 8601 time of the build, given by the caller (the domain has no clock). */
  created: string;
}

/** OCI annotations for the image config, in a stable order. */
export function ociLabels(ctx: RunContext, options: LabelOptions): { key: string; value: string }[] {
  return [
    { key: 'org.opencontainers.image.source', value: `${ctx.serverUrl.replace(/\/+$/, '')}/${ctx.repository}` },
    { key: 'org.opencontainers.image.revision', value: options.sourceCommit },
    { key: 'org.opencontainers.image.version', value: options.version },
    { key: 'org.opencontainers.image.created', value: options.created },
    { key: 'org.opencontainers.image.title', value: options.service },
  ];
}
