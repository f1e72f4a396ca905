// Moving `latest`: only after the scan gate passed (the caller's order), and only forward.
// `latest` stays where it is when the image it names was built from a commit that descends
// from this run's commit: a slow build of an older commit finishing last must not roll it back.

import * as core from '@actions/core';
import type { RegistrySession } from '../adapters/docker/session.js';
import { createTag, inspectImage, revisionOf } from '../adapters/docker/registry-images.js';
import { commitShaOf } from '../domain/ids.js';
import { formatReference } from '../domain/plan/image-ref.js';
import type { BuildResult, Plan, PromoteResult } from '../domain/types.js';
import type { SourceHistory } from './source-history.js';

export async function promoteLatest(plan: Plan, build: BuildResult, session: RegistrySession, history: SourceHistory): Promise<PromoteResult> {
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
