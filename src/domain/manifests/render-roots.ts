// Which kustomization roots a commit must render, and which of them a retry may skip. A retry
// on a moved branch renders a root again only when a file it may read changed since the render
// that passed: a file of its own directory, or below any path its kustomization (or one it
// reaches) names. Every string of a kustomization is taken as a possible path, so a reference
// is never missed; a few extra renders are the price.

import path from 'node:path';
import { isScalar, parseDocument, visit } from 'yaml';
import { isUnder } from './state.js';

/** A kustomization that declares itself a Component: it cannot be built alone. */
export function isComponent(text: string): boolean {
  return /^kind:\s*["']?Component["']?\s*(?:#.*)?$/m.test(text);
}

/**
 * Repository-relative paths the kustomization in directory `dir` may read, besides its own
 * directory: every string value that, taken relative to `dir`, stays inside the repository.
 * A file that is not YAML may read anything: the repository root ('.') is returned.
 */
export function referencedPaths(dir: string, text: string): string[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return ['.'];
  const found = new Set<string>();
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== 'string') return;
      const value = node.value.trim();
      if (value === '' || value.includes('://') || path.posix.isAbsolute(value)) return;
      const target = path.posix.normalize(path.posix.join(dir, value));
      if (target === '..' || target.startsWith('../')) return;
      if (!isUnder(target, dir) && target !== dir) found.add(target);
    },
  });
  return [...found].sort();
}

/** True when `file` is `prefix` itself or lies below it ('.' holds everything). */
export function reaches(prefix: string, file: string): boolean {
  return prefix === '.' || file === prefix || isUnder(file, prefix);
}

export interface RootReach {
  /** The root's directory. */
  root: string;
  /** Every path it may read: its directory and what its kustomizations name, transitively. */
  paths: string[];
}

/** The roots some file of `changed` may be read by (in the order given). */
export function rootsTouchedBy(roots: readonly RootReach[], changed: readonly string[]): string[] {
  return roots.filter((entry) => changed.some((file) => entry.paths.some((prefix) => reaches(prefix, file)))).map((entry) => entry.root);
}
