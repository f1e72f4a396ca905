// The checksum record kept next to a cached Trivy binary, and the check of a cache entry
// against it: which archive the binary came from, and whether it still hashes the same.

import { lstat, readFile } from 'node:fs/promises';
import { sha256File } from './sha256-file.js';

/**
 * Written next to the cached binary: what was installed, re-checked on every cache hit. It
 * catches a cache that was corrupted, replaced by another archive's binary or edited without
 * the record; it cannot stop someone who can rewrite the tool cache and the record together
 * (on a self-hosted runner that is whoever controls the runner user).
 */
export const TRIVY_SIDECAR = 'trivy.sha256.json';

export interface Sidecar {
  asset: string;
  archiveSha256: string;
  binarySha256: string;
}

/** Why the cached binary must not be used (no record, another archive, changed bytes), or undefined. */
export async function cacheProblem(
  binary: string,
  sidecar: Sidecar | undefined,
  asset: string,
  expectedArchive: string,
): Promise<string | undefined> {
  if (sidecar === undefined) return 'no readable checksum record';
  if (sidecar.asset !== asset || sidecar.archiveSha256 !== expectedArchive) {
    return `installed from another archive (sha256 ${sidecar.archiveSha256})`;
  }
  const info = await lstat(binary).catch(() => undefined);
  if (!info?.isFile()) return 'the binary is missing or not a regular file';
  const actual = await sha256File(binary);
  if (actual !== sidecar.binarySha256) {
    return `the binary's sha256 is ${actual}, ${sidecar.binarySha256} was recorded at install time`;
  }
  return undefined;
}

export async function readSidecar(file: string): Promise<Sidecar | undefined> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<Sidecar>;
    const { asset, archiveSha256, binarySha256 } = data;
    if (typeof asset === 'string' && typeof archiveSha256 === 'string' && typeof binarySha256 === 'string') {
      return { asset, archiveSha256, binarySha256 };
    }
  } catch {
    // Missing or unreadable: treated as no record, which means a reinstall.
  }
  return undefined;
}
