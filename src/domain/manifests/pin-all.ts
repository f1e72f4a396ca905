// The one edit of the manifests: pins applied to kustomization texts. The branch update uses it
// for the pins recorded in the state file and for this run's pin; plan mode uses it for the
// preview of the checkout. Pure: the caller reads the files and writes back what changed.

import { ManifestError } from '../errors.js';
import { quote } from '../escape.js';
import { applyPin, type Pin } from './kustomize-edit.js';

/** One pin to apply in one file. */
export interface FilePin {
  file: string;
  pin: Pin;
}

export interface PinAllResult {
  /** The new text of every file the pins changed (files left as they were are absent). */
  changed: Map<string, string>;
  /** The pins whose file holds the service's entry, in the order given. */
  matched: FilePin[];
}

/**
 * Applies `pins` in order to `files` (path -> text); a pin on a file that is absent, or that
 * has no entry for its service, is left out of `matched`. Two pins on one file apply in turn.
 */
export function pinAll(files: ReadonlyMap<string, string>, pins: readonly FilePin[]): PinAllResult {
  const texts = new Map(files);
  const changed = new Map<string, string>();
  const matched: FilePin[] = [];
  for (const entry of pins) {
    const text = texts.get(entry.file);
    if (text === undefined) continue;
    const edit = applyPin(text, entry.pin, entry.file);
    if (!edit.matched) continue;
    matched.push(entry);
    if (!edit.changed) continue;
    texts.set(entry.file, edit.text);
    changed.set(entry.file, edit.text);
  }
  return { changed, matched };
}

/**
 * One service's pin in every file of `files` (the kustomizations under `paths`); at least one
 * must hold the service's entry. Returns pinAll's result, `matched` being the pinned files.
 */
export function pinService(files: ReadonlyMap<string, string>, paths: readonly string[], pin: Pin): PinAllResult {
  const result = pinAll(
    files,
    [...files.keys()].map((file) => ({ file, pin })),
  );
  if (result.matched.length === 0) {
    throw new ManifestError(
      paths.join(', '),
      0,
      `no kustomization has an \`images\` entry for ${quote(pin.service)} (name or newName ${quote(pin.image)}); ${files.size} file(s) read, nothing pushed`,
    );
  }
  return result;
}
