// The one step after parsing: the defaults derived from other values (the image from owner and
// service, its registry host, GitHub's registry credentials, the Dockerfile from the context),
// and the rules that tie inputs together.

import { posix } from 'node:path';
import { InputError } from '../errors.js';
import { isGitHubRegistry } from '../plan/github-registry.js';
import { defaultImage, imageRepositoryProblem, registryHost } from '../plan/image-ref.js';
import { checkDigestList, type PlatformDigest } from '../plan/digest-list.js';
import { KNOWN_TRIVY_CHECKSUMS } from '../scan/trivy-release.js';
import { parseEach, type Inputs, type ParsedInputs } from './input-rules.js';
import { fail, type InputWhere } from './parse.js';

/**
 * Validates every input and resolves the derived defaults. `raw` is keyed by input name; an
 * empty or missing value means the default.
 */
export function parseInputs(raw: Record<string, string>, where: InputWhere): Inputs {
  const v = parseEach(raw, where);
  const image = v.image || derivedImage(where.owner, v.service);
  checkTogether(v);
  const registry = registryHost(image);
  // The workflow's token and the actor are the defaults for GitHub's own registry only; any
  // other registry gets exactly what was given (checked in plan.ts when the run logs in).
  const githubRegistry = isGitHubRegistry(registry, where.serverUrl);
  return {
    ...v,
    image,
    registry,
    registryUsername: v.registryUsername || (githubRegistry ? where.actor : ''),
    registryPassword: v.registryPassword || (githubRegistry ? v.githubToken : ''),
    file: v.file || posix.join(v.context, 'Dockerfile'),
    digests: mergeDigests(v, image),
  };
}

/**
 * merge mode needs the legs' digests, all of them and only them; no other mode reads them, and a
 * leg that pushes by digest builds (auto or build mode, or plan mode to show it).
 */
function mergeDigests(v: ParsedInputs, image: string): PlatformDigest[] {
  if (v.push === 'by-digest' && (v.mode === 'merge' || v.mode === 'deploy')) {
    fail('push', `by-digest is for the per-platform build legs (mode auto or build), not ${v.mode} mode`, v.push);
  }
  if (v.mode !== 'merge') {
    if (v.digests.length > 0) throw new InputError('digests', 'is read in merge mode only');
    return [];
  }
  return checkDigestList(v.digests, { platforms: v.platforms, image });
}

/** Inputs that only make sense together. */
function checkTogether(v: ParsedInputs): void {
  if (v.mode === 'deploy' && v.tag === '') throw new InputError('tag', 'is required in deploy mode (the existing tag to pin)');
  if (v.trivySha256 === '' && KNOWN_TRIVY_CHECKSUMS[v.trivyVersion] === undefined) {
    const known = Object.keys(KNOWN_TRIVY_CHECKSUMS).join(', ');
    fail('trivy-version', `is not in the embedded checksum table (${known}); give trivy-sha256 to use it`, v.trivyVersion);
  }
  checkArgoCdInputs(v);
}

/** Waiting needs a server, a token and an Application; rolling back needs a wait to fail. */
function checkArgoCdInputs(v: ParsedInputs): void {
  if (v.wait === 'none') {
    if (v.rollbackOnFailure) throw new InputError('rollback-on-failure', 'needs wait: synced or healthy (a rollback follows a failed wait)');
    return;
  }
  if (v.argocdServer === '') throw new InputError('argocd-server', `is required when wait is ${v.wait}`);
  if (v.argocdToken === '') throw new InputError('argocd-token', `is required when wait is ${v.wait}`);
  if (v.argocdApplications.length === 0) throw new InputError('argocd-application', `is required when wait is ${v.wait}`);
}

/** ghcr.io/<owner>/<service>; an owner docker cannot accept needs an explicit `image`. */
function derivedImage(owner: string, service: string): string {
  const image = defaultImage(owner, service);
  const problem = imageRepositoryProblem(image);
  if (problem !== undefined) fail('image', `is not given, and the default derived from the repository owner ${problem}; set image`, image);
  return image;
}
