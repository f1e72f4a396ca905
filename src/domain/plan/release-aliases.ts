// A release's `X.Y` and `X` follow the newest release of their line. They are not pushed by the
// build: after the scan gate, each is pointed at this release's image unless it names the image
// of a newer release already (by that image's `org.opencontainers.image.version` label), so a
// patch of an older line released late never moves them back, and nothing unscanned gets them.

import compareSemver from 'semver/functions/compare.js';
import validSemver from 'semver/functions/valid.js';

export const VERSION_LABEL = 'org.opencontainers.image.version';

/** What an alias names now: the image's digest and version label ('' when it has none). */
export interface AliasTarget {
  digest: string;
  version: string;
}

export interface AliasDecision {
  move: boolean;
  reason: string;
}

/** Whether `tag` moves to this release (`version`, image `digest`), given what it names now (undefined: nothing). */
export function aliasDecision(tag: string, release: AliasTarget, current: AliasTarget | undefined): AliasDecision {
  if (current === undefined) return { move: true, reason: `${tag} now names ${release.version}` };
  if (current.digest === release.digest) return { move: false, reason: `${tag} names ${release.version} already` };
  const theirs = validSemver(current.version);
  if (theirs !== null && validSemver(release.version) !== null && compareSemver(theirs, release.version) > 0) {
    return { move: false, reason: `${tag} stays on ${theirs}, a newer release than ${release.version}` };
  }
  return { move: true, reason: `${tag} moved to ${release.version}${theirs === null ? '' : ` from ${theirs}`}` };
}
