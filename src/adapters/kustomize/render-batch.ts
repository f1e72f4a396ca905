// Many kustomization directories rendered by one renderer process, through a throwaway aggregate
// kustomization (domain/manifests/render-batch.ts) that names each of them. One process instead of
// one per directory: a renderer starts in tens of milliseconds, and a change may touch hundreds.

import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ToolError, errorMessage } from '../../domain/errors.js';
import { aggregateFiles, batchMarkerKey, splitRendered, wrapperDir } from '../../domain/manifests/render-batch.js';
import { withTempDir } from '../temp.js';
import { render, type Renderer } from './render.js';

/**
 * The rendered manifests of each of `dirs`, in their order, from one renderer process. The
 * aggregate lives in a new directory below `workDir` (which must not be inside a tree that is
 * committed) and is removed afterwards, whatever happened. Throws when the combined render fails
 * for any reason (a directory that does not render, two that render the same resource, a
 * timeout): rendering each directory alone then tells which one, and why.
 */
export async function renderTogether(dirs: readonly string[], workDir: string, env: Record<string, string>, renderer: Renderer): Promise<string[]> {
  // A new marker for every render: nothing a repository holds can carry it.
  const markerKey = batchMarkerKey(randomBytes(16).toString('hex'));
  return withTempDir(workDir, 'render-', async (aggregate) => {
    // Relative and in `/` form: kustomize refuses an absolute path as a root.
    const roots = dirs.map((dir, index) => path.relative(path.join(aggregate, wrapperDir(index)), path.resolve(dir)).split(path.sep).join('/'));
    await Promise.all(
      aggregateFiles(roots, markerKey).map(async (file) => {
        const target = path.join(aggregate, file.path);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, file.text);
      }),
    );
    const stream = await render(aggregate, env, renderer);
    try {
      return splitRendered(stream, markerKey, dirs.length);
    } catch (error) {
      throw new ToolError(`${renderer.name} of ${dirs.length} directories together: ${errorMessage(error)}`);
    }
  });
}
