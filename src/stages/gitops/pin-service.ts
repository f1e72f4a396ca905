// Pinning one service in every kustomization under the manifests paths: what the manifests
// branch update does to its clone, and what plan mode previews on the checkout.

import { findKustomizations } from '../../adapters/kustomize/files.js';
import { ManifestError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { applyPin, type Pin } from '../../domain/manifests/kustomize-edit.js';

export interface KustomizationFiles {
  /** A file's text, or undefined when it cannot be read as a regular file. */
  read(file: string): Promise<string | undefined>;
  /** Called for each file the pin changes. */
  write(file: string, before: string, after: string): Promise<void>;
}

/** The files that have the service's entry; no such file under the paths is an error. */
export async function pinService(root: string, paths: string[], pin: Pin, files: KustomizationFiles): Promise<string[]> {
  const found = await findKustomizations(root, paths);
  const pinned: string[] = [];
  for (const file of found) {
    const text = await files.read(file);
    if (text === undefined) continue;
    const edit = applyPin(text, pin, file);
    if (!edit.matched) continue;
    pinned.push(file);
    if (edit.changed) await files.write(file, text, edit.text);
  }
  if (pinned.length === 0) {
    throw new ManifestError(
      paths.join(', '),
      0,
      `no kustomization has an \`images\` entry for ${quote(pin.service)} (name or newName ${quote(pin.image)}); ${found.length} file(s) read, nothing pushed`,
    );
  }
  return pinned;
}
