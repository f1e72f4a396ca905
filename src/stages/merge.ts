// The merge stage (mode: merge): no build. The legs of a fan-out each pushed one platform by
// digest; here every reported digest is checked against the registry (it exists in this image's
// repository and names exactly its platform), the immutable tags are checked as before a build,
// and one `imagetools create` makes the index under every immutable tag. What it returns is
// what a build returns, so scan, promote and the manifests follow exactly as in auto mode.

import * as core from '@actions/core';
import type { RegistrySession } from '../adapters/docker/session.js';
import { createIndex, inspectSource } from '../adapters/docker/imagetools-merge.js';
import { inspectIndex } from '../adapters/docker/registry-images.js';
import { formatReference } from '../domain/plan/image-ref.js';
import { expectedIndex, indexMismatch, sourceProblem, sourceReferences } from '../domain/plan/merge-sources.js';
import type { BuildResult, Plan } from '../domain/types.js';
import { NOTHING_PUSHED, readImmutableTags, refuseOverwrites } from './build.js';

export async function mergeImages(plan: Plan, session: RegistrySession): Promise<BuildResult> {
  if (!plan.build.push) return { ...NOTHING_PUSHED };
  // Only the registry is asked (imagetools): the session proved docker and buildx, no engine is needed.
  const expected = await checkSources(plan, session);
  refuseOverwrites(plan, await readImmutableTags(plan, session));
  const tags = plan.immutableTags.map((tag) => formatReference(plan.image, { tag }));
  await core.group(`Merge ${plan.merge.map((entry) => entry.platform).join(', ')} into ${tags.join(', ')}`, () =>
    createIndex(tags, sourceReferences(plan.image, plan.merge), session),
  );
  // Read back by tag: the digest that is scanned, promoted and pinned is the one the tag names.
  const index = await inspectIndex(formatReference(plan.image, { tag: plan.version }), session, 'merge');
  const mismatch = indexMismatch(expected, index.platformDigests);
  if (mismatch !== undefined) {
    throw new Error(`${plan.image}:${plan.version} does not name the index just made (${mismatch}): another run tagged it meanwhile?`);
  }
  core.info(`${plan.image}@${index.digest} holds ${Object.keys(index.platformDigests).join(', ')}`);
  return { pushed: true, digest: index.digest, platformDigests: index.platformDigests };
}

/** Every leg's digest exists in this repository and names exactly its platform; nothing is tagged before. */
async function checkSources(plan: Plan, session: RegistrySession): Promise<Record<string, string>> {
  const sources = [];
  for (const entry of plan.merge) {
    const names = (await inspectSource(plan.image, entry.platform, entry.digest, session)).platformDigests;
    const problem = sourceProblem(entry, plan.image, names);
    if (problem !== undefined) throw new Error(`${problem}. Nothing was tagged`);
    sources.push({ entry, names });
  }
  return expectedIndex(sources);
}
