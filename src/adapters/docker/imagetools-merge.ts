// The registry side of merge mode, through `docker buildx imagetools` (bounded like every
// registry call): what a leg's digest names, and one index made of the legs' images under every
// tag at once. An index source brings its attestation manifests along.

import { ToolError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import type { RegistrySession } from './session.js';
import { outputTail } from '../exec.js';
import { registryCommand } from './registry-command.js';
import { inspectIndex, type ImageIndex } from './registry-images.js';

/** What `image@digest` names in the registry; a digest the repository does not hold is an error naming it. */
export function inspectSource(image: string, platform: string, digest: string, session: RegistrySession): Promise<ImageIndex> {
  const ref = `${image}@${digest}`;
  const notFound =
    `Input 'digests': the digest for ${platform}, ${quote(ref)}, does not exist in the registry ` +
    `(a leg of another image or registry, or one whose push did not finish). Nothing was tagged`;
  return inspectIndex(ref, session, notFound);
}

/** One `imagetools create` of an index of `sources` (`image@digest`), pushed under every reference of `tags`. */
export async function createIndex(tags: string[], sources: string[], session: RegistrySession): Promise<void> {
  const args = ['buildx', 'imagetools', 'create', ...tags.flatMap((tag) => ['--tag', tag]), ...sources];
  const result = await registryCommand(session, args, `docker buildx imagetools create of ${tags.map((tag) => quote(tag)).join(', ')}`);
  if (result.code !== 0) {
    throw new ToolError(`creating the index of ${sources.join(', ')} failed (exit code ${result.code}):\n${outputTail(result)}`);
  }
}
