// Build avoidance: when the registry already holds the image of this run's source key
// (`src-<key>`, pushed by an earlier build of the same files and settings), that image gets
// this run's immutable tags instead of a build. Whatever cannot be confirmed builds: a registry
// that cannot be read, an image without the key's label or with other platforms.

import * as core from '@actions/core';
import type { RegistrySession } from '../adapters/docker/session.js';
import { createTag, inspectImage } from '../adapters/docker/registry-images.js';
import { formatReference } from '../domain/plan/image-ref.js';
import { reuseVerdict } from '../domain/plan/reuse.js';
import type { BuildResult, Plan } from '../domain/types.js';
import { errorMessage } from '../domain/errors.js';

/** Why the immutable tags may not be given the image of `reusedDigest` ('' when they may). */
export type TagsCheck = (reusedDigest: string) => Promise<string>;

/** The reused image, tagged; undefined when the run must build. */
export async function reuseImage(plan: Plan, session: RegistrySession, tagsTaken: TagsCheck): Promise<BuildResult | undefined> {
  const { reuse } = plan.build;
  if (!reuse.enabled) {
    core.info(`Build avoidance: ${reuse.reason}`);
    return undefined;
  }
  const sourceRef = formatReference(plan.image, { tag: reuse.tag });
  let found;
  try {
    found = await inspectImage(sourceRef, session);
  } catch (error) {
    // Only the registry's "not found" means absent; anything else is no proof either way.
    core.warning(`Build avoidance: ${sourceRef} could not be read, so the image is built: ${errorMessage(error)}`);
    return undefined;
  }
  if (found === undefined) {
    core.info(`Build avoidance: ${sourceRef} is not in the registry: no earlier build had these files and settings, so the image is built`);
    return undefined;
  }
  const verdict = reuseVerdict({ labels: found.labels, platforms: Object.keys(found.platformDigests) }, { ...reuse, platforms: plan.build.platforms });
  if (!verdict.reuse) {
    core.warning(`Build avoidance: ${verdict.reason}`);
    return undefined;
  }
  // A tag never moves to another image here: one that names another (this commit's earlier
  // build, or another commit's) sends the run to the build, whose checks decide.
  const taken = await tagsTaken(found.digest);
  if (taken !== '') {
    core.info(`Build avoidance: ${taken}, so the image is built instead of reused`);
    return undefined;
  }
  // Every tag a build would push (moving ones like pr-<N> too); `latest` waits for the scan gate.
  const targets = plan.immutableTags.map((tag) => formatReference(plan.image, { tag }));
  await createTag(formatReference(plan.image, { digest: found.digest }), targets, session);
  core.info(
    `Build avoidance: nothing was built. ${sourceRef} (${found.digest}, built from ${verdict.revision || 'an unknown commit'}) ` +
      `has the same files and build settings; it is now tagged ${plan.immutableTags.join(', ')}`,
  );
  return { pushed: true, digest: found.digest, platformDigests: found.platformDigests, reused: { tag: reuse.tag, revision: verdict.revision } };
}
