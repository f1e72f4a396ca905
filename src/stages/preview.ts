// Plan mode's view of the manifests: the edit this run would make to the checkout's
// kustomizations, as a diff. Reads files only; the digest is not known before the push.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findKustomizations } from '../adapters/kustomizations.js';
import { ManifestError } from '../domain/errors.js';
import { quote } from '../domain/escape.js';
import { applyPin } from '../domain/kustomize-edit.js';
import { unifiedDiff } from '../domain/line-diff.js';
import type { Plan } from '../domain/types.js';
import type { Runtime } from '../runtime.js';

/** Stands where the pushed index's digest will go. */
export const DIGEST_AFTER_PUSH = 'sha256:<index digest after the push>';

export async function previewManifests(plan: Plan, rt: Runtime): Promise<string> {
  if (!plan.manifests.enabled) return '';
  const root = rt.ctx.workspace;
  const pin = {
    service: plan.service,
    image: plan.image,
    tag: plan.manifests.tag,
    digest: plan.manifests.pinDigest ? DIGEST_AFTER_PUSH : '',
  };
  const files = await findKustomizations(root, plan.manifests.paths);
  const diffs: string[] = [];
  let matched = 0;
  for (const file of files) {
    const text = await readFile(path.join(root, file), 'utf8');
    const edit = applyPin(text, pin, file);
    if (edit.matched) matched++;
    if (edit.changed) diffs.push(unifiedDiff(file, text, edit.text));
  }
  if (matched === 0) {
    throw new ManifestError(plan.manifests.paths.join(', '), 0, `no kustomization has an \`images\` entry for ${quote(plan.service)} (name or newName ${quote(plan.image)})`);
  }
  return diffs.join('');
}
