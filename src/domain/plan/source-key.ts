// The content key of an image: what BuildKit would be sent (the context's files after the ignore
// file, and the Dockerfile) named by the blob ids git already computed, plus the build settings
// that change the result. Two runs with the same key build the same image, so the second one can
// take the first one's image instead of building. Nothing here reads the disk: the adapter
// (adapters/git/source-files.ts) hands over what git printed.

import { createHash } from 'node:crypto';
import dockerignore from '@balena/dockerignore';
import { quote } from '../escape.js';
import type { BuildSettings as PlanBuildSettings } from './settings.js';

/** Raised whenever what goes into the key, or how, changes: old keys then never match. */
export const SOURCE_KEY_VERSION = 1;

/** The label that carries the key on the image (the tag `src-<key>` carries it too). */
export const SOURCE_KEY_LABEL = 'dev.ftmo-deploy.source-key';

const TAG_PREFIX = 'src-';

/** One entry of `git ls-files --stage`: paths are relative to the repository's top. */
export interface TrackedFile {
  mode: string;
  blob: string;
  /** 0 for a normal entry; 1-3 while a merge conflict is unresolved. */
  stage: number;
  path: string;
}

/** What git says about the workspace, every path relative to the repository's top. */
export interface SourceSnapshot {
  /** The build context ('.' for the top). */
  context: string;
  /** The Dockerfile. */
  file: string;
  /** Tracked files under the context and the Dockerfile, from `git ls-files --stage`. */
  tracked: TrackedFile[];
  /** The ignore file that applies and its text; undefined when there is none. */
  ignoreFile?: { path: string; text: string };
  /** Paths that differ from what git records (modified, deleted, untracked, ignored by git). */
  changed: string[];
}

export type BuildSettings = Pick<PlanBuildSettings, 'buildArgs' | 'target' | 'platforms' | 'provenance' | 'sbom'>;

export type SourceKey =
  | { trusted: true; key: string; tag: string; files: number }
  | { trusted: false; reason: string };

/** The ignore file BuildKit reads: `<Dockerfile>.dockerignore` when it exists, else `<context>/.dockerignore`. */
export function ignoreFileCandidates(context: string, file: string): string[] {
  return [`${file}.dockerignore`, joinPath(context, '.dockerignore')];
}

/** The key of a snapshot, or why the workspace cannot be trusted to say what would be built. */
export function sourceKey(snapshot: SourceSnapshot, settings: BuildSettings): SourceKey {
  const sent = contextFiles(snapshot);
  const dockerfile = snapshot.tracked.find((entry) => entry.path === snapshot.file);
  const problem = untrustedReason(snapshot, sent.map((entry) => entry.path), dockerfile);
  if (problem !== undefined) return { trusted: false, reason: problem };
  const key = createHash('sha256').update(sourceKeyText(snapshot, settings), 'utf8').digest('hex');
  return { trusted: true, key, tag: sourceTag(key), files: sent.length };
}

/** The tag that names an image by its key: 4 + 64 characters, well under docker's 128. */
export function sourceTag(key: string): string {
  return `${TAG_PREFIX}${key}`;
}

/**
 * The exact text that is hashed: one JSON document, so that no value (a build argument with a
 * newline, a path with a space) can be read as another field. File paths are relative to the
 * context, so moving the whole context elsewhere in the repository keeps the key.
 */
export function sourceKeyText(snapshot: SourceSnapshot, settings: BuildSettings): string {
  const dockerfile = snapshot.tracked.find((entry) => entry.path === snapshot.file);
  return JSON.stringify({
    version: SOURCE_KEY_VERSION,
    platforms: settings.platforms,
    target: settings.target,
    buildArgs: settings.buildArgs.map(({ key, value }) => `${key}=${value}`),
    provenance: settings.provenance,
    sbom: settings.sbom,
    dockerfile: dockerfile === undefined ? '' : `${dockerfile.mode} ${dockerfile.blob}`,
    files: contextFiles(snapshot).map((entry) => `${entry.mode} ${entry.blob} ${entry.path}`),
  });
}

/** The tracked files BuildKit would be sent, with paths relative to the context, in byte order. */
export function contextFiles(snapshot: SourceSnapshot): TrackedFile[] {
  const sent = sentFilter(snapshot);
  return snapshot.tracked
    .flatMap((entry) => {
      const inContext = relativeToContext(entry.path, snapshot.context);
      return inContext !== undefined && sent(inContext) ? [{ ...entry, path: inContext }] : [];
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function untrustedReason(snapshot: SourceSnapshot, sentPaths: string[], dockerfile: TrackedFile | undefined): string | undefined {
  const conflicted = snapshot.tracked.find((entry) => entry.stage !== 0);
  if (conflicted !== undefined) return `${quote(conflicted.path)} has an unresolved merge conflict, so the source key cannot be trusted`;
  if (dockerfile === undefined) return `the Dockerfile ${quote(snapshot.file)} is not tracked by git, so the source key cannot be trusted`;
  const changed = changedInputs(snapshot);
  if (changed.length > 0) {
    const shown = changed.slice(0, 5).map((file) => quote(file)).join(', ');
    const more = changed.length > 5 ? ` and ${changed.length - 5} more` : '';
    return `the workspace differs from the commit in files the build uses (${shown}${more}), so the source key cannot be trusted`;
  }
  if (sentPaths.length === 0 && snapshot.context !== '.') {
    return `git tracks no file of the context ${quote(snapshot.context)}, so the source key cannot be trusted`;
  }
  return undefined;
}

/** Changed paths that matter: the Dockerfile, the ignore file, and whatever the context would send. */
function changedInputs(snapshot: SourceSnapshot): string[] {
  const sent = sentFilter(snapshot);
  const own = new Set([snapshot.file, ...ignoreFileCandidates(snapshot.context, snapshot.file)]);
  return snapshot.changed.filter((file) => {
    if (own.has(file)) return true;
    const inContext = relativeToContext(file, snapshot.context);
    return inContext !== undefined && sent(inContext);
  });
}

/** Whether a context-relative path is sent, by the ignore file's rules (Docker's, not git's). */
function sentFilter(snapshot: SourceSnapshot): (path: string) => boolean {
  if (snapshot.ignoreFile === undefined) return () => true;
  // The package is CommonJS; `.default` is the same function, and what TypeScript's types name.
  const rules = dockerignore.default().add(snapshot.ignoreFile.text);
  return (file) => !rules.ignores(file);
}

function relativeToContext(file: string, context: string): string | undefined {
  if (context === '.' || context === '') return file;
  return file.startsWith(`${context}/`) ? file.slice(context.length + 1) : undefined;
}

function joinPath(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}
