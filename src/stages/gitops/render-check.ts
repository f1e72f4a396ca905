// The check before a commit: every changed kustomization root renders, with the new image where
// it is pinned. Several roots render together, in one renderer process; when that fails, each
// root renders alone (in parallel, as many at once as the machine has cores), which names the
// root that fails. A retry on a moved branch renders again only the roots that may read a file
// that changed since their render passed: under contention most of an attempt's work is not
// repeated.

import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import type { ManifestsClone } from '../../adapters/git/clone.js';
import { renderTogether } from '../../adapters/kustomize/render-batch.js';
import { NoRendererError, findRenderer, render, type Renderer } from '../../adapters/kustomize/render.js';
import { StageError, errorMessage } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { KUSTOMIZATION_FILE_NAMES, renderContainsImage } from '../../domain/manifests/kustomize-edit.js';
import { isComponent, referencedPaths, rootsTouchedBy, type RootReach } from '../../domain/manifests/render-roots.js';

// One lookup of the renderer per run (per PATH): every attempt of the push renders.
const renderers = new Map<string, Promise<Renderer>>();

function rendererFor(env: Record<string, string>): Promise<Renderer> {
  const key = env.PATH ?? '';
  let found = renderers.get(key);
  if (found === undefined) {
    found = findRenderer(env);
    renderers.set(key, found);
    found.catch(() => renderers.delete(key));
  }
  return found;
}

/** A root whose render passed: in which tree, and whether the pinned reference was checked. */
interface Passed {
  tree: string;
  referenceChecked: boolean;
}

export interface RenderCheck {
  /**
   * Every root among `files` (kustomizations of `tree`, the clone's working tree) must render,
   * and those in `pinned` must render `reference`. Components are checked through the roots using them.
   */
  check(tree: string, files: string[], pinned: Set<string>, reference: string): Promise<void>;
}

/** `redact` blanks secrets out of the renderer's messages. */
export function renderCheck(clone: ManifestsClone, env: Record<string, string>, redact: (text: string) => string): RenderCheck {
  const passed = new Map<string, Passed>();

  /** The roots to render now: new ones, and those a file changed since their passing render may reach. */
  const stale = async (tree: string, roots: Map<string, boolean>): Promise<[string, boolean][]> => {
    const fresh: [string, boolean][] = [];
    const byTree = new Map<string, RootReach[]>();
    for (const [dir, pins] of roots) {
      const before = passed.get(dir);
      if (before === undefined || (pins && !before.referenceChecked)) fresh.push([dir, pins]);
      else if (before.tree !== tree) byTree.set(before.tree, [...(byTree.get(before.tree) ?? []), { root: dir, paths: await reachOf(clone, dir) }]);
    }
    for (const [from, reach] of byTree) {
      const changed = await clone.changedFiles(from, tree, true);
      for (const dir of rootsTouchedBy(reach, changed)) fresh.push([dir, roots.get(dir) ?? false]);
    }
    return fresh;
  };

  return {
    async check(tree, files, pinned, reference) {
      // Each root to render, and whether it must show the pin (any file of it, or a component it uses, is pinned).
      const roots = new Map<string, boolean>();
      const add = (dir: string, pins: boolean): void => void roots.set(dir, (roots.get(dir) ?? false) || pins);
      const components: string[] = [];
      for (const file of [...files].sort()) {
        if (isComponent((await clone.readFile(file)) ?? '')) components.push(file);
        else add(path.posix.dirname(file), pinned.has(file));
      }
      for (const [dir, pins] of await rootsUsing(clone, tree, components, pinned)) add(dir, pins);
      const todo = await stale(tree, roots);
      const skipped = roots.size - todo.length;
      if (skipped > 0) core.info(`${skipped} kustomization root(s) rendered on the previous attempt and unchanged since: not rendered again.`);
      if (todo.length === 0) return;
      const renderer = await rendererFor(env);
      const pass = (dir: string, pins: boolean): void => {
        passed.set(dir, { tree, referenceChecked: pins || (passed.get(dir)?.referenceChecked ?? false) });
      };
      const together = todo.length > 1 ? await renderedTogether(clone.dir, renderer, env, todo.map(([dir]) => dir), redact) : undefined;
      if (together !== undefined) {
        for (const [index, [dir, pins]] of todo.entries()) {
          checkRendered(dir, together[index] ?? '', pins ? reference : '');
          pass(dir, pins);
        }
        return;
      }
      await inParallel(todo, async ([dir, pins]) => {
        await checkOne(clone.dir, renderer, env, dir, pins ? reference : '', redact);
        pass(dir, pins);
      });
    },
  };
}

/**
 * A Component renders only inside the roots that use it: every root of the tree that may read
 * it, pinning when the component is pinned. A pinned component no root uses cannot show the pin
 * anywhere: refused. An unpinned one nothing uses changes no render.
 */
async function rootsUsing(clone: ManifestsClone, tree: string, components: string[], pinned: Set<string>): Promise<[string, boolean][]> {
  if (components.length === 0) return [];
  const reach: RootReach[] = [];
  for (const file of (await clone.listFiles(tree)).filter((name) => KUSTOMIZATION_FILE_NAMES.includes(path.posix.basename(name)))) {
    if (isComponent((await clone.readFile(file)) ?? '')) continue;
    const dir = path.posix.dirname(file);
    reach.push({ root: dir, paths: await reachOf(clone, dir) });
  }
  const found: [string, boolean][] = [];
  for (const component of components) {
    const users = rootsTouchedBy(reach, [component]);
    if (users.length === 0 && pinned.has(component)) {
      throw new StageError('manifests', `${quote(component)} is a Component that no kustomization on the branch uses, so its pin cannot be rendered; nothing was pushed`);
    }
    for (const dir of users) found.push([dir, pinned.has(component)]);
  }
  return found;
}

/** Runs `work` on every item, up to the machine's cores at once; the first failure stops the rest. */
async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      try {
        await work(next);
      } catch (error) {
        queue.length = 0; // one failure decides; render nothing more
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(items.length, os.availableParallelism()));
  // Settled, not raced: no render may still run when the clone is removed.
  const outcomes = await Promise.allSettled(Array.from({ length: workers }, worker));
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

/** Every path the root `dir` may read: its directory, and what its kustomizations name, followed. */
async function reachOf(clone: ManifestsClone, dir: string): Promise<string[]> {
  const paths = new Set<string>([dir]);
  const queue = [dir];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const text = await kustomizationIn(clone, next);
    if (text === null) return ['.'];
    if (text === undefined) continue;
    for (const target of referencedPaths(next, text)) {
      if (paths.has(target)) continue;
      paths.add(target);
      queue.push(target);
    }
  }
  return [...paths];
}

/** The kustomization of directory `dir`; undefined when it has none, null when it cannot be read (it may read anything). */
async function kustomizationIn(clone: ManifestsClone, dir: string): Promise<string | undefined | null> {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    try {
      const text = await clone.readFile(dir === '.' ? name : `${dir}/${name}`);
      if (text !== undefined) return text;
    } catch {
      return null;
    }
  }
  return undefined;
}

/**
 * What each root of `dirs` renders, from one renderer process; undefined when that render fails,
 * for whatever reason: each root is then rendered alone, which names the root that fails and
 * says why (or passes: two roots may render the same resource, which only rendering them
 * together refuses).
 */
async function renderedTogether(cloneDir: string, renderer: Renderer, env: Record<string, string>, dirs: string[], redact: (text: string) => string): Promise<string[] | undefined> {
  try {
    // Beside the clone, never in it: the clone's working tree is what gets committed.
    return await renderTogether(dirs.map((dir) => path.join(cloneDir, dir)), path.dirname(cloneDir), env, renderer);
  } catch (error) {
    core.info(`The ${dirs.length} kustomization roots did not render together: rendering each alone.`);
    core.debug(redact(errorMessage(error)));
    return undefined;
  }
}

async function checkOne(cloneDir: string, renderer: Renderer, env: Record<string, string>, dir: string, reference: string, redact: (text: string) => string): Promise<void> {
  let rendered: string;
  try {
    rendered = await render(path.join(cloneDir, dir), env, renderer);
  } catch (error) {
    // Not this root's fault: no root can render.
    if (error instanceof NoRendererError) throw error;
    // Paths in the tool's message are shown relative to the clone, as in the repository.
    const detail = errorMessage(error).split(`${cloneDir}/`).join('');
    throw new StageError('manifests', `${quote(dir)} does not render after the update, so nothing was pushed: ${redact(detail)}`);
  }
  checkRendered(dir, rendered, reference);
}

/** `rendered`, what root `dir` renders, holds `reference` ('' = nothing to look for). */
function checkRendered(dir: string, rendered: string, reference: string): void {
  if (reference !== '' && !renderContainsImage(rendered, reference)) {
    throw new StageError('manifests', `${quote(dir)} renders without ${quote(reference)} (no container uses the pinned image?), so nothing was pushed`);
  }
  core.info(`Rendered ${quote(dir)}${reference === '' ? '' : `: contains ${reference}`}.`);
}
