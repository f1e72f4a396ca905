// The build stage: check the tools, run the planned `docker buildx build`, and read back what the
// registry now holds (index digest and per-platform manifest digests).

import { buildAndPush } from '../adapters/docker-build.js';
import { preflight } from '../adapters/docker-preflight.js';
import type { RegistrySession } from '../adapters/docker-session.js';
import { inspectIndex } from '../adapters/registry-images.js';
import { StageError } from '../domain/errors.js';
import type { BuildResult, Plan } from '../domain/types.js';
import type { Runtime } from '../runtime.js';

const NOTHING_PUSHED: BuildResult = { pushed: false, digest: '', platformDigests: {} };

export async function buildImage(plan: Plan, session: RegistrySession, rt: Runtime): Promise<BuildResult> {
  if (!plan.build.enabled) return { ...NOTHING_PUSHED };
  await preflight(session, plan.build.platforms);
  const output = await buildAndPush(plan.build.args, session, rt.ctx.workspace);
  if (!plan.build.push) return { ...NOTHING_PUSHED };
  if (output.digest === '') {
    throw new StageError('build', 'buildx pushed the image but wrote no containerimage.digest in its metadata file');
  }
  // By digest, so the platforms read are those of exactly what this build pushed.
  const index = await inspectIndex(`${plan.image}@${output.digest}`, session);
  return { pushed: true, digest: output.digest, platformDigests: index.platformDigests };
}
