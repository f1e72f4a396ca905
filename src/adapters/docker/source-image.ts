// The image an earlier build left under `src-<key>`, read from the registry with
// `docker buildx imagetools` (never a pull): its labels, digest and platforms.

import type { RegistrySession } from './session.js';
import { imageLabels, inspectIndex, type ImageIndex } from './registry-images.js';

export interface SourceImage extends ImageIndex {
  /** The labels of each platform's image. */
  labels: Record<string, string>[];
}

/** undefined when the registry says the tag does not exist; any other failure throws. */
export async function findSourceImage(ref: string, session: RegistrySession): Promise<SourceImage | undefined> {
  const labels = await imageLabels(ref, session);
  if (labels === undefined) return undefined;
  return { ...(await inspectIndex(ref, session)), labels };
}
