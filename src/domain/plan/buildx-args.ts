import { LATEST } from '../ids.js';
import type { BuildSettings } from './settings.js';
import { METADATA_FILE_PLACEHOLDER } from '../types.js';

/**
 * What `docker buildx build` needs to know: the build settings of the plan, plus the image, the
 * service (the GitHub cache scope), the tags to push and the OCI labels.
 */
export type BuildxInput = BuildSettings & {
  push: boolean;
  /** Push untagged, by digest, for a merge job (push: by-digest). */
  pushByDigest: boolean;
  /** Image repository with host, e.g. ghcr.io/owner/service. */
  image: string;
  service: string;
  /** Immutable tags; `latest` is never pushed by the build (it moves only after the scan gate). */
  tags: string[];
  labels: { key: string; value: string }[];
};

/**
 * argv for `docker` (`buildx`, `build`, ...): one array element per argument, never a shell
 * string, so no value can be re-read as another option or a command. The metadata file is
 * METADATA_FILE_PLACEHOLDER; the docker adapter replaces it with a temporary file.
 */
export function buildxArgs(input: BuildxInput): string[] {
  return [
    'buildx',
    'build',
    // Plain progress: the log is a file on the runner, and the tail of it is the error message.
    '--progress',
    'plain',
    ...platformArgs(input.platforms),
    ...(input.file ? ['--file', pathArg(input.file)] : []),
    ...(input.target ? ['--target', input.target] : []),
    ...input.buildArgs.flatMap(({ key, value }) => ['--build-arg', `${key}=${value}`]),
    ...input.labels.flatMap(({ key, value }) => ['--label', `${key}=${value}`]),
    ...tagArgs(input),
    ...attestationArgs('provenance', input.provenance),
    ...attestationArgs('sbom', input.sbom),
    ...cacheArgs(input),
    '--metadata-file',
    METADATA_FILE_PLACEHOLDER,
    ...outputArgs(input),
    pathArg(input.context || '.'),
  ];
}

// Pushed by digest, a leg names no tag: the merge job tags the index of every leg's image.
function tagArgs(input: BuildxInput): string[] {
  if (input.pushByDigest) return [];
  return input.tags.filter((tag) => tag !== LATEST).flatMap((tag) => ['--tag', `${input.image}:${tag}`]);
}

function platformArgs(platforms: string[]): string[] {
  return platforms.length > 0 ? ['--platform', platforms.join(',')] : [];
}

// `--provenance` and `--sbom` take an optional value in some buildx versions; written as one
// `--flag=value` token the value can never be taken for the build context (`--provenance false .`).
function attestationArgs(flag: 'provenance' | 'sbom', value: string): string[] {
  return value === '' ? [] : [`--${flag}=${value}`];
}

function cacheArgs(input: BuildxInput): string[] {
  switch (input.cache) {
    case 'gha': {
      // Per service and platform: legs building one platform each in parallel never overwrite
      // each other's cache (a multi-platform build has the scope of its platforms together).
      const ref = `type=gha,scope=${cacheScope(input.service, input.platforms)}`;
      // A cache that cannot be written (rate limits, fork PR tokens) must not fail the build.
      return ['--cache-from', ref, '--cache-to', `${ref},mode=max,ignore-error=true`];
    }
    case 'registry': {
      const ref = `type=registry,ref=${input.image}:buildcache`;
      // Without a push there is no login, so the cache can be read (public images) but not written.
      const write = input.push ? ['--cache-to', `${ref},mode=max,ignore-error=true`] : [];
      return ['--cache-from', ref, ...write];
    }
    case 'none':
      return [];
  }
}

function cacheScope(service: string, platforms: string[]): string {
  return [service, ...platforms.map((platform) => platform.replace(/\//g, '-'))].join('-');
}

// Not pushing (fork pull requests, `push: false`): a multi-platform result cannot be `--load`ed
// into the classic image store, and without any output buildx warns that the result stays in the
// build cache. `type=cacheonly` says that on purpose: the build runs and is checked, nothing leaves.
// Pushed by digest (Docker's "distribute build across multiple runners"): untagged, under the
// image's canonical name, so the digest is all a merge job needs.
function outputArgs(input: BuildxInput): string[] {
  if (!input.push) return ['--output', 'type=cacheonly'];
  if (input.pushByDigest) return ['--output', `type=image,name=${input.image},push-by-digest=true,name-canonical=true,push=true`];
  return ['--push'];
}

// A relative path that starts with `-` would read as an option (`-` alone as stdin for --file).
function pathArg(path: string): string {
  return path.startsWith('-') ? `./${path}` : path;
}
