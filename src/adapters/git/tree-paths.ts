// Paths inside the manifests clone's working tree. A manifests branch can hold anything, links
// included: nothing read or written through these helpers can leave the tree.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ManifestError } from '../../domain/errors.js';

/** `rel` as path components, or a thrown error when it could leave the working tree. */
export function components(rel: string): string[] {
  if (rel === '.') return [];
  const parts = rel.split('/');
  if (rel.includes('\\') || rel.includes('\0') || parts.some((part) => part === '' || part === '.' || part === '..' || part === '.git')) {
    throw new ManifestError(rel, 0, 'path is not a plain path inside the repository');
  }
  return parts;
}

/**
 * Makes `rel` a real directory of the tree and returns its absolute path. A symlink or file on
 * the way (a manifests branch can hold anything) is removed first, so nothing written below
 * can end up outside the tree.
 */
export async function realDirectory(root: string, rel: string): Promise<string> {
  let current = root;
  for (const part of components(rel)) {
    current = path.join(current, part);
    const stat = await fs.lstat(current).catch(() => undefined);
    if (stat !== undefined && !stat.isDirectory()) await fs.rm(current, { force: true });
    if (stat === undefined || !stat.isDirectory()) await fs.mkdir(current);
  }
  return current;
}

/** Absolute path of file `rel`, refusing symlinks anywhere on the way; undefined if missing. */
export async function regularFile(root: string, rel: string): Promise<string | undefined> {
  let current = root;
  const parts = components(rel);
  for (const [index, part] of parts.entries()) {
    current = path.join(current, part);
    const stat = await fs.lstat(current).catch(() => undefined);
    if (stat === undefined) return undefined;
    if (stat.isSymbolicLink()) throw new ManifestError(rel, 0, 'is a symbolic link or lies behind one; refusing to follow it');
    const last = index === parts.length - 1;
    if (last ? !stat.isFile() : !stat.isDirectory()) return undefined;
  }
  return current;
}

