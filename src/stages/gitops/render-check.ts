// The check before a commit: every changed kustomization renders, with the new image where
// it is pinned.

import path from 'node:path';
import * as core from '@actions/core';
import { findRenderer, render, type Renderer } from '../../adapters/kustomize/render.js';
import { StageError, errorMessage } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { renderContainsImage } from '../../domain/manifests/kustomize-edit.js';
import { rendererEnvironment } from '../../domain/tool-env.js';
import type { Update } from './update-context.js';

/**
 * Every changed kustomization must render, and those that pin the service must render the new
 * reference. Components cannot be built alone; they are checked through the roots using them.
 */
export async function checkRendering(update: Update, files: string[], pinned: Set<string>, reference: string): Promise<void> {
  const { clone } = update;
  const env = rendererEnvironment(update.rt.env, update.tempDir);
  const dirs = new Map<string, boolean>();
  for (const file of files.sort()) {
    const text = (await clone.readFile(file)) ?? '';
    if (/^kind:\s*["']?Component["']?\s*(?:#.*)?$/m.test(text)) continue;
    const dir = path.posix.dirname(file);
    dirs.set(dir, (dirs.get(dir) ?? false) || pinned.has(file));
  }
  if (dirs.size === 0) return;
  const renderer = (update.renderer ??= await findRenderer(env));
  // A few at a time: each render is a process of its own.
  const queue = [...dirs];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      try {
        await checkOne(update, renderer, env, next[0], next[1] ? reference : '');
      } catch (error) {
        queue.length = 0; // one failure decides; render nothing more
        throw error;
      }
    }
  };
  // Settled, not raced: no render may still run when the clone is removed.
  const outcomes = await Promise.allSettled([worker(), worker(), worker()]);
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

async function checkOne(update: Update, renderer: Renderer, env: Record<string, string>, dir: string, reference: string): Promise<void> {
  let rendered: string;
  try {
    rendered = await render(path.join(update.clone.dir, dir), env, renderer);
  } catch (error) {
    // Paths in the tool's message are shown relative to the clone, as in the repository.
    const detail = errorMessage(error).split(`${update.clone.dir}/`).join('');
    throw new StageError('manifests', `${quote(dir)} does not render after the update, so nothing was pushed: ${update.git.redact(detail)}`);
  }
  if (reference !== '' && !renderContainsImage(rendered, reference)) {
    throw new StageError('manifests', `${quote(dir)} renders without ${quote(reference)} (no container uses the pinned image?), so nothing was pushed`);
  }
  core.info(`Rendered ${quote(dir)}${reference === '' ? '' : `: contains ${reference}`}.`);
}
