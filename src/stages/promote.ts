// The tags promoted after the scan gate passed (the caller's order), each only forward: `latest`
// stays where it is when the image it names was built from a commit that descends from this
// run's commit (a slow build of an older commit finishing last must not roll it back), and a
// release's `X.Y` and `X` stay on the image of a newer release (release-aliases.ts).

import * as core from '@actions/core';
import type { RegistrySession } from '../adapters/docker/session.js';
import { createTag, inspectImage, labelOf, revisionOf } from '../adapters/docker/registry-images.js';
import { commitShaOf } from '../domain/ids.js';
import { formatReference } from '../domain/plan/image-ref.js';
import { VERSION_LABEL, aliasDecision } from '../domain/plan/release-aliases.js';
import type { BuildResult, Plan, PromoteResult } from '../domain/types.js';
import type { SourceHistory } from './source-history.js';

export async function promote(plan: Plan, build: BuildResult, session: RegistrySession, history: SourceHistory): Promise<PromoteResult> {
  const latest = await promoteLatest(plan, build, session, history);
  const releaseAliases = await promoteReleaseAliases(plan, build, session);
  return releaseAliases.length === 0 ? latest : { ...latest, releaseAliases };
}

async function promoteLatest(plan: Plan, build: BuildResult, session: RegistrySession, history: SourceHistory): Promise<PromoteResult> {
  if (!plan.latest) return { latest: 'not-applicable', reason: 'latest applies only to pushes on the default branch' };
  if (!build.pushed || build.digest === '') return { latest: 'skipped', reason: 'nothing was pushed' };
  const latestRef = formatReference(plan.image, { tag: 'latest' });
  return core.group(`Promote ${latestRef}`, async () => {
    const named = await inspectImage(latestRef, session);
    if (named?.digest === build.digest) {
      // A reused image, or a re-run: latest is where it would be moved to.
      const reason = `latest names ${build.digest} already`;
      core.info(reason);
      return { latest: 'current' as const, reason };
    }
    const current = commitShaOf(revisionOf(named?.labels ?? []) ?? '');
    if (current !== undefined && (await isNewer(current, plan.sourceCommit, history))) {
      const reason = `latest stays: it names an image built from ${current.slice(0, 12)}, which is newer than ${plan.sourceCommit.slice(0, 12)}`;
      core.info(reason);
      return { latest: 'kept' as const, reason };
    }
    await createTag(formatReference(plan.image, { digest: build.digest }), latestRef, session);
    const reason = `latest now names ${build.digest}`;
    core.info(reason);
    return { latest: 'moved' as const, reason };
  });
}

/** `candidate` strictly descends from `commit`, the commit this run built. */
async function isNewer(candidate: string, commit: string, history: SourceHistory): Promise<boolean> {
  if (candidate.toLowerCase() === commit.toLowerCase()) return false;
  return history.isAncestorOrEqual(commit, candidate);
}

/** Each release alias pointed at this image, unless it names a newer release's already. */
async function promoteReleaseAliases(plan: Plan, build: BuildResult, session: RegistrySession): Promise<NonNullable<PromoteResult['releaseAliases']>> {
  if (plan.releaseAliases.length === 0 || !build.pushed || build.digest === '') return [];
  return core.group(`Promote ${plan.releaseAliases.map((tag) => formatReference(plan.image, { tag })).join(', ')}`, async () => {
    const results = [];
    for (const tag of plan.releaseAliases) {
      const ref = formatReference(plan.image, { tag });
      const named = await inspectImage(ref, session);
      const current = named === undefined ? undefined : { digest: named.digest, version: labelOf(named.labels, VERSION_LABEL) ?? '' };
      const decision = aliasDecision(tag, { version: plan.version, digest: build.digest }, current);
      if (decision.move) await createTag(formatReference(plan.image, { digest: build.digest }), ref, session);
      core.info(decision.reason);
      results.push({ tag, moved: decision.move, reason: decision.reason });
    }
    return results;
  });
}
