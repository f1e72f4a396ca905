// Plan mode's view of the manifests: the edit this run would make to the checkout's
// kustomizations, as a diff. Reads files only; the digest is not known before the push.

import { findKustomizations, readKustomization } from '../adapters/kustomize/files.js';
import { unifiedDiff } from '../domain/manifests/line-diff.js';
import type { Pin } from '../domain/manifests/kustomize-edit.js';
import { pinService } from '../domain/manifests/pin-all.js';
import type { Plan } from '../domain/types.js';
import type { Runtime } from '../runtime.js';

/** Stands where the pushed index's digest will go. */
export const DIGEST_AFTER_PUSH = 'sha256:<index digest after the push>';

export async function previewManifests(plan: Plan, rt: Runtime): Promise<string> {
  if (!plan.manifests.enabled) return '';
  const pin = {
    service: plan.service,
    image: plan.image,
    tag: plan.manifests.tag,
    digest: plan.manifests.pinDigest ? DIGEST_AFTER_PUSH : '',
  };
  return previewPin(rt.ctx.workspace, plan.manifests.paths, pin);
}

/** The diff that pinning `pin` would make to the kustomizations below `paths` of `root`. */
export async function previewPin(root: string, paths: string[], pin: Pin): Promise<string> {
  const texts = new Map<string, string>();
  for (const file of await findKustomizations(root, paths)) texts.set(file, await readKustomization(root, file));
  const { changed } = pinService(texts, paths, pin);
  return [...changed].map(([file, after]) => unifiedDiff(file, texts.get(file) ?? '', after)).join('');
}
