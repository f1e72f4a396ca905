// The build stage: take an earlier build's image when the source key says nothing changed
// (build-reuse.ts); else check the engine and the builder, make sure no immutable tag of another
// commit would be overwritten, run the planned `docker buildx build`, and read back what the
// registry now holds (index digest and per-platform manifest digests).

import * as core from '@actions/core';
import { buildAndPush } from '../adapters/docker/build.js';
import { preflight } from '../adapters/docker/preflight.js';
import { requirePushByDigestBuilder } from '../adapters/docker/builder-driver.js';
import type { RegistrySession } from '../adapters/docker/session.js';
import { inspectImage, inspectIndex, revisionsOf, type RegistryImage } from '../adapters/docker/registry-images.js';
import { quote } from '../domain/escape.js';
import { formatReference } from '../domain/plan/image-ref.js';
import { immutableTags, overwriteRefusal } from '../domain/plan/immutable-tags.js';
import { legPlatformDigests } from '../domain/plan/merge-sources.js';
import type { BuildResult, Plan } from '../domain/types.js';
import type { Runtime } from '../runtime.js';
import { reuseImage } from './build-reuse.js';

export const NOTHING_PUSHED: BuildResult = Object.freeze({ pushed: false, digest: '', platformDigests: {} });

export async function buildImage(plan: Plan, session: RegistrySession, rt: Runtime): Promise<BuildResult> {
  if (!plan.build.enabled) return { ...NOTHING_PUSHED };
  // Pushed by digest, the build tags nothing: the merge job checks the tags before it makes them.
  const checksTags = plan.build.push && !plan.build.pushByDigest;
  // Read while the source image is looked up: both are registry round trips.
  const existing = checksTags ? readImmutableTags(plan, session) : Promise.resolve([]);
  existing.catch(() => undefined); // awaited below; a rejection must not go unhandled meanwhile
  // A reused image needs the registry only: no engine, builder or emulation is asked for.
  if (checksTags) {
    const reused = await reuseImage(plan, session, async (digest) => tagsNamingOther(await existing, digest));
    if (reused !== undefined) return reused;
  }
  await preflight(session, plan.build.platforms);
  if (plan.build.pushByDigest) await requirePushByDigestBuilder(session.env);
  refuseOverwrites(plan, await existing);
  const output = await buildAndPush(plan.build.args, session, rt.ctx.workspace);
  if (!plan.build.push) return { ...NOTHING_PUSHED };
  if (output.digest === '') {
    throw new Error('buildx pushed the image but wrote no containerimage.digest in its metadata file');
  }
  // By digest, so the platforms read are those of exactly what this build pushed.
  const index = await inspectIndex(`${plan.image}@${output.digest}`, session);
  const platformDigests = plan.build.pushByDigest ? legPlatformDigests(output.digest, index.platformDigests) : index.platformDigests;
  return { pushed: true, digest: output.digest, platformDigests };
}

/** An immutable tag of the plan and what the registry holds under it (undefined: nothing). */
export interface ImmutableTag {
  ref: string;
  image: RegistryImage | undefined;
}

/**
 * Every immutable tag of the plan, read at once. The registry is read, never assumed: a tag
 * counts as absent only when the registry says so; any other failure throws.
 */
export function readImmutableTags(plan: Plan, session: RegistrySession): Promise<ImmutableTag[]> {
  return Promise.all(
    immutableTags(plan).map(async (tag) => {
      const ref = formatReference(plan.image, { tag });
      return { ref, image: await inspectImage(ref, session) };
    }),
  );
}

/**
 * Before a reused image is tagged: the immutable tags that already name another image than
 * `digest` ('' when none does; a tag naming exactly that image is a re-run of a reusing run).
 */
export function tagsNamingOther(tags: ImmutableTag[], digest: string): string {
  const taken = tags.filter(({ image }) => image !== undefined && image.digest !== digest).map(({ ref }) => quote(ref));
  return taken.length === 0 ? '' : `${taken.join(', ')} already name${taken.length === 1 ? 's' : ''} another image`;
}

/**
 * Before anything is built or pushed: every immutable tag either does not exist yet or names an
 * image built from this run's commit (a re-run, which replaces it).
 */
export function refuseOverwrites(plan: Plan, tags: ImmutableTag[]): void {
  for (const { ref, image } of tags) {
    if (image === undefined) continue;
    const refusal = overwriteRefusal(
      { ref, revisions: revisionsOf(image.labels) },
      { sourceCommit: plan.sourceCommit, event: plan.event, refKind: plan.refKind, refName: plan.refName },
    );
    if (refusal !== undefined) throw new Error(refusal);
    core.info(`${ref} already names an image of ${plan.sourceCommit}: this re-run replaces it`);
  }
}
