// The edit of one update, applied to every tip the branch is at: decide (order, re-run,
// structure), lay the structure, apply every recorded pin and this run's pin (one pinAll), and
// write the state file that records them.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import type { Ancestry } from '../../adapters/git/ancestry.js';
import type { ManifestsClone } from '../../adapters/git/clone.js';
import { findKustomizations } from '../../adapters/kustomize/files.js';
import { quote } from '../../domain/escape.js';
import { imageReference } from '../../domain/manifests/kustomize-edit.js';
import { chooseBase, type BaseChoice } from '../../domain/manifests/ordering.js';
import { pinAll, pinService } from '../../domain/manifests/pin-all.js';
import {
  STATE_FILE,
  describeDropped,
  emptyState,
  listPins,
  nextState,
  parseState,
  serializeState,
  type ManifestsState,
  type PinRef,
} from '../../domain/manifests/state.js';
import { commitMessage } from './commit-message.js';
import { unchanged, type Edit } from './manifests-branch.js';
import type { PinRequest } from './pin-request.js';
import { deployRollsBack, newerPinReason, rerunReason } from './skip-reasons.js';

export interface EditContext {
  request: PinRequest;
  ancestry: Ancestry;
  /** The checkout: where the source's manifests are copied from. */
  workspace: string;
  now(): Date;
  /** Whether a push reports if it rolls the service back (only the Deployment record asks). */
  tellsRollback: boolean;
}

export function pinEdit(ctx: EditContext): Edit {
  const { request } = ctx;
  const { plan } = request;
  return async (clone, tip) => {
    const previous = tip === '' ? emptyState() : await readState(clone);
    // Only the Deployment record asks, and the answer may cost a fetch of history.
    const rollback = ctx.tellsRollback && request.bypassOrdering && tip !== '' && (await deployRollsBack(request, previous, ctx.ancestry));
    if (tip !== '' && !request.bypassOrdering) {
      const reason = (await newerPinReason(request, previous, ctx.ancestry)) || rerunReason(request, previous);
      if (reason !== '') return { kind: 'done', result: unchanged(reason) };
    }
    const { base, warning } = await layStructure(ctx, clone, tip, previous);
    const diffBase = tip === '' ? await clone.writeTree() : '';
    const { pinned, dropped } = await applyPins(ctx, clone, previous, base === 'source' ? plan.sourceCommit : previous.sourceCommit);
    const reference = imageReference(request.pin);
    const dropNote = dropped.length > 0 ? `, dropped ${dropped.length} stale pin(s)` : '';
    return {
      kind: 'commit',
      message: commitMessage(request, dropped),
      reason: `pinned ${reference} in ${pinned.length} kustomization${pinned.length === 1 ? '' : 's'}${dropNote}`,
      unchangedReason: `${plan.manifests.branch} already pins ${reference} for ${plan.service}; nothing to change`,
      warnings: [warning, dropped.length > 0 ? `Manifests: ${describeDropped(dropped)}.` : ''].filter((text) => text !== ''),
      pinned,
      reference,
      rollback,
      diffBase,
    };
  };
}

/**
 * Replaces the paths with the source's when the source is not older than the branch's structure
 * (or that structure's commit is unknown); returns the choice and a warning for drift ('' if none).
 */
async function layStructure(ctx: EditContext, clone: ManifestsClone, tip: string, previous: ManifestsState): Promise<{ base: BaseChoice; warning: string }> {
  const { plan } = ctx.request;
  let base: BaseChoice = 'source';
  let warning = '';
  if (tip !== '') {
    const choice = chooseBase(previous, await structureAncestry(ctx, previous));
    core.info(`Structure: ${choice.reason}.`);
    base = choice.base;
    warning = choice.warning;
  }
  // From the tip the structure stays; but a path the branch does not hold yet (listed for the
  // first time, e.g. a second environment's overlay) can only come from the source.
  const copied = base === 'source' ? plan.manifests.paths : await pathsMissingFrom(clone, plan.manifests.paths);
  for (const dir of copied) await clone.copyDirectory(ctx.workspace, dir);
  if (base !== 'source' && copied.length > 0) core.info(`New on the branch, from this commit: ${copied.map((dir) => quote(dir)).join(', ')}.`);
  return { base, warning };
}

async function structureAncestry(ctx: EditContext, previous: ManifestsState): Promise<'descends' | 'does-not-descend' | 'unknown-commit' | undefined> {
  if (previous.sourceCommit === '') return undefined;
  const answer = await ctx.ancestry.answer(previous.sourceCommit, ctx.request.plan.sourceCommit);
  return answer === 'ancestor' ? 'descends' : answer === 'missing' ? 'unknown-commit' : 'does-not-descend';
}

async function pathsMissingFrom(clone: ManifestsClone, paths: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const dir of paths) {
    const stat = await fs.lstat(path.join(clone.dir, dir)).catch(() => undefined);
    if (!stat?.isDirectory()) missing.push(dir);
  }
  return missing;
}

/** Every recorded pin, then this run's pin, then the state file that records them. */
async function applyPins(ctx: EditContext, clone: ManifestsClone, previous: ManifestsState, structureCommit: string): Promise<{ pinned: string[]; dropped: PinRef[] }> {
  const { plan, pin, record } = ctx.request;
  const recorded = listPins(previous);
  const found = await findKustomizations(clone.dir, plan.manifests.paths);
  const texts = await readAll(clone, [...new Set([...recorded.map((entry) => entry.file), ...found])]);
  const again = pinAll(
    texts,
    recorded.map(({ file, service, record: old }) => ({ file, pin: { service, image: old.image, tag: old.tag, digest: old.digest } })),
  );
  const afterAgain = new Map([...texts, ...again.changed]);
  const own = pinService(new Map(found.flatMap((file) => (afterAgain.has(file) ? [[file, afterAgain.get(file) as string] as const] : []))), plan.manifests.paths, pin);
  for (const [file, text] of new Map([...again.changed, ...own.changed])) await clone.writeFile(file, text);
  const pinned = own.matched.map((entry) => entry.file);
  const { state, dropped } = nextState(previous, {
    structureCommit,
    kept: again.matched.map((entry) => ({ file: entry.file, service: entry.pin.service })),
    service: plan.service,
    pins: pinned.map((file) => ({ file, record: { ...record, time: ctx.now().toISOString() } })),
  });
  await clone.writeFile(STATE_FILE, serializeState(state));
  return { pinned, dropped };
}

/** The texts of the files that exist (path -> text). */
async function readAll(clone: ManifestsClone, files: string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const file of files) {
    const text = await clone.readFile(file);
    if (text !== undefined) texts.set(file, text);
  }
  return texts;
}

async function readState(clone: ManifestsClone): Promise<ManifestsState> {
  const text = await clone.readFile(STATE_FILE);
  if (text !== undefined) return parseState(text);
  core.info(`The branch has no ${STATE_FILE}: no earlier pins to keep.`);
  return emptyState();
}
