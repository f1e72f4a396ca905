// The gitops stage: pin this run's image in the manifests branch that Argo CD watches.
// One update = fetch the branch tip into a temporary clone, decide (order, structure), rebuild
// the tree (structure, every recorded pin, this pin), verify it renders, commit once, push
// without force. A push rejected because the branch moved repeats the whole update from the
// new tip, so parallel jobs for different services all land and none undoes another.

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { commitLink, remoteHost } from '../../adapters/git/auth.js';
import { openClone, type ManifestsClone } from '../../adapters/git/git.js';
import { openSourceRepository } from '../../adapters/git/source-repository.js';
import { pinService } from './pin-service.js';
import { backoffDelay } from '../../adapters/retry.js';
import { StageError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { KUSTOMIZATION_FILE_NAMES, applyPin, imageReference } from '../../domain/manifests/kustomize-edit.js';
import {
  STATE_FILE,
  chooseBase,
  describeDropped,
  emptyState,
  listPins,
  nextState,
  parseState,
  serializeState,
  type BaseChoice,
  type ManifestsState,
  type PinRef,
  type StructureAncestry,
} from '../../domain/manifests/state.js';
import { classifyPushFailure } from '../../domain/manifests/push-rejection.js';
import type { ManifestsResult, Plan } from '../../domain/types.js';
import type { Runtime } from '../../runtime.js';
import { commitMessage } from './commit-message.js';
import { checkRendering } from './render-check.js';
import { deployRollsBack, newerPinReason, rerunReason } from './skip-reasons.js';
import { ancestry, type PushAttempt, type Update } from './update-context.js';

/** What is pinned: the image's tag and digest, and the commit it was built from. */
export interface ImagePin {
  tag: string;
  /** Index digest ('' when unknown; then `pin-digest` cannot be honoured). */
  digest: string;
  /** Commit the image was built from ('' = the plan's source commit; in deploy mode: unknown). */
  sourceCommit: string;
  /** deploy mode: pin even when a newer commit of the service is pinned, and say so. */
  deploy: boolean;
  /** A rollback after a failed Argo CD wait: why (the commit says so). */
  rollback?: string;
}

type Attempt =
  | { kind: 'done'; result: ManifestsResult }
  | { kind: 'commit'; commit: string; diff: string; reason: string; warnings: string[]; rollback: boolean };

/** `beforePush` runs before every push attempt (see gitops-update.ts). */
export async function updateManifests(plan: Plan, pin: ImagePin, rt: Runtime, beforePush?: (attempt: PushAttempt) => Promise<void>): Promise<ManifestsResult> {
  const m = plan.manifests;
  if (!m.enabled) return unchanged(m.reason);
  if (m.pinDigest && pin.digest === '') {
    throw new StageError('manifests', 'pin-digest is true but the image digest is unknown, so the manifests cannot pin it');
  }
  return core.group(`Update manifests branch ${quote(m.branch)}`, async () => {
    const tempDir = await fs.mkdtemp(path.join(rt.ctx.runnerTemp || os.tmpdir(), 'ftmo-manifests-'));
    try {
      const update = await openUpdate(plan, pin, rt, tempDir);
      return await updateWithRetries({ ...update, ...(beforePush === undefined ? {} : { beforePush }) });
    } finally {
      await fs.rm(tempDir, { recursive: true, force: true });
    }
  });
}

async function openUpdate(plan: Plan, pin: ImagePin, rt: Runtime, tempDir: string): Promise<Update> {
  const token = rt.inputs.manifestsToken;
  const repo = await openSourceRepository(rt, tempDir, 'manifests', plan.manifests.repository);
  const { origin: source, manifests: target, network: git } = repo;
  if (source.removedCredentials !== '') core.warning("The workspace's origin URL carries credentials; they are ignored (manifests-token authenticates).");
  core.info(`Manifests repository: ${quote(target.url)}${target.kind === 'http' && token !== '' ? ' (authenticated with manifests-token)' : ''}`);
  const clone = await openClone(git, path.join(tempDir, 'clone'), target.url, plan.manifests.branch);
  const digest = plan.manifests.pinDigest ? pin.digest : '';
  const tag = pin.tag || plan.manifests.tag;
  return {
    plan,
    pin: { service: plan.service, image: plan.image, tag, digest },
    imageDigest: pin.digest,
    record: {
      image: plan.image,
      tag,
      digest,
      // deploy mode: the image's own commit when the caller knows it, else unknown (''), never
      // the dispatching commit, which would wrongly hold back builds of older commits.
      sourceCommit: pin.deploy ? pin.sourceCommit : pin.sourceCommit || plan.sourceCommit,
      runUrl: plan.runUrl,
      ...(pin.deploy ? { deploy: true } : {}),
    },
    deploy: pin.deploy,
    ...(pin.rollback === undefined ? {} : { rollback: pin.rollback }),
    rt,
    git,
    checkoutGit: repo.checkout,
    clone,
    source,
    target,
    tempDir,
    ancestry: new Map(),
  };
}

async function updateWithRetries(update: Update): Promise<ManifestsResult> {
  const { plan, rt, clone, git } = update;
  const max = plan.manifests.maxPushAttempts;
  for (let attempt = 1; ; attempt++) {
    const outcome = await updateOnce(update);
    if (outcome.kind === 'done') return warned(outcome.result);
    await update.beforePush?.({ commit: outcome.commit, rollback: outcome.rollback });
    const pushed = await clone.push(outcome.commit);
    if (pushed.code === 0) {
      core.info(`Pushed ${outcome.commit} to ${quote(plan.manifests.branch)} (attempt ${attempt} of ${max}).`);
      const { commit, diff, reason, warnings } = outcome;
      return warned({ changed: true, commit, diff, reason, commitUrl: commitLink(update.target, commit), warnings });
    }
    const failure = classifyPushFailure(`${pushed.stdout}\n${pushed.stderr}`);
    if (failure.kind === 'ref-conflict') {
      throw new StageError(
        'manifests',
        `the manifests branch ${quote(plan.manifests.branch)} cannot be created next to another branch of the same path (${failure.reason}); choose a manifests-branch that is not a prefix of, or prefixed by, an existing branch. Nothing was pushed`,
      );
    }
    if (failure.kind === 'other') throw git.failure(`git push with ${remoteHost(update.target.url)}: push to the manifests branch ${quote(plan.manifests.branch)} failed`, pushed);
    const why = failure.reason === '' ? 'the branch moved' : failure.reason;
    if (attempt >= max) {
      throw new StageError(
        'manifests',
        `the manifests branch ${quote(plan.manifests.branch)} kept moving: all ${max} push attempts allowed by max-push-attempts were rejected (last: ${why}); nothing of this run was pushed`,
      );
    }
    const delay = backoffDelay(attempt, rt.random);
    core.info(`Push rejected (${why}): the branch moved. Retrying on its new tip in ${delay} ms (attempt ${attempt + 1} of ${max}).`);
    await rt.sleep(delay);
  }
}

/** Logs the warnings of the attempt that decided the result (earlier attempts' would repeat them). */
function warned(result: ManifestsResult): ManifestsResult {
  for (const warning of result.warnings ?? []) core.warning(warning);
  return result;
}

async function updateOnce(update: Update): Promise<Attempt> {
  const { plan, clone } = update;
  const m = plan.manifests;
  const tip = await clone.fetchTip();
  await clone.reset(tip);
  core.info(tip === '' ? `Branch ${quote(m.branch)} does not exist: it is created from this commit's manifests.` : `Branch ${quote(m.branch)} is at ${tip}.`);
  const previous = tip === '' ? emptyState() : await readState(clone);
  // Only the Deployment record asks, and the answer may cost a fetch of history.
  const rollback = update.beforePush !== undefined && update.deploy && tip !== '' && (await deployRollsBack(update, previous));

  if (tip !== '' && !update.deploy) {
    const newer = await newerPinReason(update, previous);
    if (newer !== '') return { kind: 'done', result: unchanged(newer) };
    const rerun = rerunReason(update, previous);
    if (rerun !== '') return { kind: 'done', result: unchanged(rerun) };
  }
  const { base, warning } = await laySourceStructure(update, tip, previous);
  // What the pins are compared with in the diff: the old tip, or the copied manifests when new.
  const tipTree = tip === '' ? '' : await clone.treeOf(tip);
  const diffBase = tip === '' ? await clone.writeTree() : tipTree;
  const { pinned, dropped } = await applyPins(update, previous, base === 'source' ? plan.sourceCommit : previous.sourceCommit);
  const warnings = [warning, dropped.length > 0 ? `Manifests: ${describeDropped(dropped)}.` : ''].filter((text) => text !== '');

  const tree = await clone.writeTree();
  const reference = imageReference(update.pin);
  if (tip !== '' && tree === tipTree) {
    const reason = `${m.branch} already pins ${reference} for ${plan.service}; nothing to change`;
    core.info(reason);
    return { kind: 'done', result: { ...unchanged(reason), warnings } };
  }

  const changed = (await clone.changedFiles(tip === '' ? '' : diffBase, tree)).filter(isKustomization);
  await checkRendering(update, [...new Set([...changed, ...pinned])], new Set(pinned), reference);
  const diffFiles = tip === '' ? (await clone.changedFiles(diffBase, tree)).filter(isKustomization) : changed;
  const diff = await clone.diff(diffBase, tree, diffFiles);
  const commit = await clone.commit(tree, tip, commitMessage(update, dropped));
  const reason = `pinned ${reference} in ${pinned.length} kustomization${pinned.length === 1 ? '' : 's'}${dropped.length > 0 ? `, dropped ${dropped.length} stale pin(s)` : ''}`;
  return { kind: 'commit', commit, diff, reason, warnings, rollback };
}

/**
 * Replaces the paths with the source's when the source is not older than the branch's structure
 * (or that structure's commit is unknown); returns the choice and a warning for drift ('' if none).
 */
async function laySourceStructure(update: Update, tip: string, previous: ManifestsState): Promise<{ base: BaseChoice; warning: string }> {
  const { plan, rt } = update;
  let base: BaseChoice = 'source';
  let warning = '';
  if (tip !== '') {
    const choice = chooseBase(previous, await structureAncestry(update, previous));
    core.info(`Structure: ${choice.reason}.`);
    base = choice.base;
    warning = choice.warning;
  }
  // From the tip the structure stays; but a path the branch does not hold yet (listed for the
  // first time, e.g. a second environment's overlay) can only come from the source.
  const copied = base === 'source' ? plan.manifests.paths : await pathsMissingFrom(update.clone, plan.manifests.paths);
  for (const dir of copied) await update.clone.copyDirectory(rt.ctx.workspace, dir);
  if (base !== 'source' && copied.length > 0) core.info(`New on the branch, from this commit: ${copied.map((dir) => quote(dir)).join(', ')}.`);
  return { base, warning };
}

async function structureAncestry(update: Update, previous: ManifestsState): Promise<StructureAncestry | undefined> {
  if (previous.sourceCommit === '') return undefined;
  const answer = await ancestry(update, previous.sourceCommit, update.plan.sourceCommit);
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
async function applyPins(update: Update, previous: ManifestsState, structureCommit: string): Promise<{ pinned: string[]; dropped: PinRef[] }> {
  const { plan, clone, rt } = update;
  const kept = await reapplyPins(clone, previous);
  const pinned = await pinService(clone.dir, plan.manifests.paths, update.pin, {
    read: (file) => clone.readFile(file),
    write: (file, _before, after) => clone.writeFile(file, after),
  });
  const { state, dropped } = nextState(previous, {
    structureCommit,
    kept,
    service: plan.service,
    pins: pinned.map((file) => ({ file, record: { ...update.record, time: rt.now().toISOString() } })),
  });
  await clone.writeFile(STATE_FILE, serializeState(state));
  return { pinned, dropped };
}

async function readState(clone: ManifestsClone): Promise<ManifestsState> {
  const text = await clone.readFile(STATE_FILE);
  if (text !== undefined) return parseState(text);
  core.info(`The branch has no ${STATE_FILE}: no earlier pins to keep.`);
  return emptyState();
}

/** Applies every recorded pin again; returns those whose entry was found. */
async function reapplyPins(clone: ManifestsClone, state: ManifestsState): Promise<PinRef[]> {
  const kept: PinRef[] = [];
  for (const { file, service, record } of listPins(state)) {
    const text = await clone.readFile(file);
    if (text === undefined) continue;
    const edit = applyPin(text, { service, image: record.image, tag: record.tag, digest: record.digest }, file);
    if (!edit.matched) continue;
    kept.push({ file, service });
    if (edit.changed) await clone.writeFile(file, edit.text);
  }
  return kept;
}

function isKustomization(file: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(path.posix.basename(file));
}

function unchanged(reason: string): ManifestsResult {
  return { changed: false, commit: '', diff: '', reason, commitUrl: '' };
}
