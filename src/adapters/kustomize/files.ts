// Finding the kustomization files the action may edit. The walk never follows a symbolic link
// and never leaves the repository: a link could point the edit (and the push) at a file outside
// the manifests, or make one file appear under two paths.

import { lstat, readFile, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ManifestError } from '../../domain/errors.js';
import { KUSTOMIZATION_FILE_NAMES, MAX_KUSTOMIZATION_BYTES, pathForMessage } from '../../domain/manifests/kustomize-edit.js';
import { decodeUtf8 } from '../../domain/manifests/utf8.js';

/** Every kustomization.yaml / kustomization.yml / Kustomization below the given repository-relative directories. */
export async function findKustomizations(repoRoot: string, paths: string[]): Promise<string[]> {
  const root = await realpath(repoRoot);
  const found = new Set<string>();
  for (const entry of paths) {
    const directory = await checkedDirectory(root, entry);
    await walk(root, directory, found);
  }
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The text of kustomization `file` (repository-relative) below `repoRoot`; refused when not UTF-8. */
export async function readKustomization(repoRoot: string, file: string): Promise<string> {
  return decodeUtf8(await readFile(path.join(repoRoot, file)), file);
}

/** The absolute directory for a `paths` entry, refused when it is missing, outside or linked. */
async function checkedDirectory(root: string, entry: string): Promise<string> {
  const shown = pathForMessage(entry);
  const absolute = path.resolve(root, entry);
  if (!isInside(root, absolute)) throw new ManifestError(shown, 0, 'manifests path leaves the repository');
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (error) {
    if (isNotFound(error)) throw new ManifestError(shown, 0, 'manifests path does not exist in the repository');
    throw error;
  }
  // Any link on the way makes the real path differ from the lexical one.
  if (real !== absolute) {
    const where = isInside(root, real) ? 'through a symbolic link' : 'through a symbolic link to outside the repository';
    throw new ManifestError(shown, 0, `manifests path is reached ${where}`);
  }
  if (!(await lstat(real)).isDirectory()) throw new ManifestError(shown, 0, 'manifests path is not a directory');
  return real;
}

async function walk(root: string, directory: string, found: Set<string>): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name === '.git') continue;
    const absolute = path.join(directory, entry.name);
    const relative = toRepositoryPath(root, absolute);
    if (entry.isSymbolicLink()) {
      throw new ManifestError(pathForMessage(relative), 0, 'is a symbolic link; links are not followed under the manifests paths');
    }
    if (entry.isDirectory()) {
      await walk(root, absolute, found);
    } else if (KUSTOMIZATION_FILE_NAMES.includes(entry.name)) {
      await checkFile(absolute, relative);
      found.add(relative);
    }
  }
}

async function checkFile(absolute: string, relative: string): Promise<void> {
  const stats = await lstat(absolute);
  if (!stats.isFile()) throw new ManifestError(pathForMessage(relative), 0, 'is not a regular file');
  if (stats.size > MAX_KUSTOMIZATION_BYTES) {
    throw new ManifestError(pathForMessage(relative), 0, `is ${stats.size} bytes, over the 1 MiB a kustomization may have`);
  }
}

function isInside(root: string, absolute: string): boolean {
  const relative = path.relative(root, absolute);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** Repository-relative with `/` separators, as git and the state file name files. */
function toRepositoryPath(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

function isNotFound(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
