// The gitops stage: pin this run's image in the manifests branch that Argo CD watches.
// One update = fetch the branch tip into a temporary clone, decide (order, structure), rebuild
// the tree (structure, every recorded pin, this pin), verify it renders, commit once, push
// without force. A push rejected because the branch moved repeats the whole update from the
// new tip, so parallel jobs for different services all land and none undoes another.

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { isAncestorOrEqual } from '../adapters/ancestry.js';
import { commitLink, describeRemote, repositoryUrl, type Remote } from '../adapters/git-auth.js';
import { openClone, type GitRunner, type ManifestsClone } from '../adapters/git.js';
import { authenticatedGit, workspaceOrigin } from '../adapters/source-repository.js';
import { findKustomizations } from '../adapters/kustomizations.js';
import { findRenderer, render, type Renderer } from '../adapters/kustomize.js';
import { backoffDelay } from '../adapters/retry.js';
import { ManifestError, StageError } from '../domain/errors.js';
import { quote } from '../domain/escape.js';
import { KUSTOMIZATION_FILE_NAMES, applyPin, imageReference, renderContainsImage, type Pin } from '../domain/kustomize-edit.js';
import {
  STATE_FILE,
  chooseBase,
  commitsToOrderAgainst,
  emptyState,
  isUnder,
  listPins,
  nextState,
  parseState,
  serializeState,
  shouldSkipForOrder,
  type BaseChoice,
  type ManifestsState,
  type PinRecord,
  type PinRef,
} from '../domain/manifests-state.js';
import { classifyPushFailure } from '../domain/push-rejection.js';
import type { ManifestsResult, Plan } from '../domain/types.js';
import type { Runtime } from '../runtime.js';

/** What is pinned: the image's tag and digest, and the commit it was built from. */
export interface ImagePin {
  tag: string;
  /** Index digest ('' when unknown; then `pin-digest` cannot be honoured). */
  digest: string;
  /** Commit the image was built from ('' = the plan's source commit; in deploy mode: unknown). */
  sourceCommit: string;
  /** deploy mode: pin even when a newer commit of the service is pinned, and say so. */
  deploy: boolean;
}

/** Diffs longer than this are cut for the job summary. */
export const MAX_DIFF_CHARS = 60_000;

/** One run of the stage: what is pinned, where, and what was learnt so far. */
interface Update {
  plan: Plan;
  pin: Pin;
  record: Omit<PinRecord, 'time'>;
  /** The image's digest, pinned or not (for the commit message). */
  imageDigest: string;
  deploy: boolean;
  rt: Runtime;
  git: GitRunner;
  clone: ManifestsClone;
  source: Remote;
  target: Remote;
  tempDir: string;
  /** Ancestry answers, kept across attempts (they never change). */
  ancestry: Map<string, boolean>;
  /** kustomize or kubectl, looked up once per run. */
  renderer?: Renderer;
}

type Attempt = { kind: 'done'; result: ManifestsResult } | { kind: 'commit'; commit: string; diff: string; reason: string };

export async function updateManifests(plan: Plan, pin: ImagePin, rt: Runtime): Promise<ManifestsResult> {
  const m = plan.manifests;
  if (!m.enabled) return unchanged(m.reason);
  if (m.pinDigest && pin.digest === '') {
    throw new StageError('manifests', 'pin-digest is true but the image digest is unknown, so the manifests cannot pin it');
  }
  return core.group(`Update manifests branch ${quote(m.branch)}`, async () => {
    const tempDir = await fs.mkdtemp(path.join(rt.ctx.runnerTemp || os.tmpdir(), 'ftmo-manifests-'));
    try {
      const update = await openUpdate(plan, pin, rt, tempDir);
      return await updateWithRetries(update);
    } finally {
      await fs.rm(tempDir, { recursive: true, force: true });
    }
  });
}

async function openUpdate(plan: Plan, pin: ImagePin, rt: Runtime, tempDir: string): Promise<Update> {
  const token = rt.inputs.manifestsToken;
  const source = await workspaceOrigin(rt, tempDir, 'manifests');
  const target = plan.manifests.repository === '' ? source : describeRemote(repositoryUrl(rt.ctx.serverUrl, plan.manifests.repository));
  if (source.removedCredentials !== '') core.warning("The workspace's origin URL carries credentials; they are ignored (manifests-token authenticates).");
  const git = await authenticatedGit(rt, tempDir, 'manifests', [target, source]);
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
    rt,
    git,
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
    if (outcome.kind === 'done') return outcome.result;
    const pushed = await clone.push(outcome.commit);
    if (pushed.code === 0) {
      core.info(`Pushed ${outcome.commit} to ${quote(plan.manifests.branch)} (attempt ${attempt} of ${max}).`);
      return { changed: true, commit: outcome.commit, diff: outcome.diff, reason: outcome.reason, commitUrl: commitLink(update.target, outcome.commit) };
    }
    const failure = classifyPushFailure(`${pushed.stdout}\n${pushed.stderr}`);
    if (failure.kind === 'other') throw git.failure(`push to the manifests branch ${quote(plan.manifests.branch)} failed`, pushed);
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

async function updateOnce(update: Update): Promise<Attempt> {
  const { plan, clone } = update;
  const m = plan.manifests;
  const tip = await clone.fetchTip();
  await clone.reset(tip);
  core.info(tip === '' ? `Branch ${quote(m.branch)} does not exist: it is created from this commit's manifests.` : `Branch ${quote(m.branch)} is at ${tip}.`);
  const previous = tip === '' ? emptyState() : await readState(clone);

  if (tip !== '' && !update.deploy) {
    const newer = await newerPinReason(update, previous);
    if (newer !== '') return { kind: 'done', result: unchanged(newer) };
    const rerun = rerunReason(update, previous);
    if (rerun !== '') return { kind: 'done', result: unchanged(rerun) };
  }
  const base = await laySourceStructure(update, tip, previous);
  // What the pins are compared with in the diff: the old tip, or the copied manifests when new.
  const tipTree = tip === '' ? '' : await clone.treeOf(tip);
  const diffBase = tip === '' ? await clone.writeTree() : tipTree;
  const { pinned, dropped } = await applyPins(update, previous, base === 'source' ? plan.sourceCommit : previous.sourceCommit);

  const tree = await clone.writeTree();
  const reference = imageReference(update.pin);
  if (tip !== '' && tree === tipTree) {
    const reason = `${m.branch} already pins ${reference} for ${plan.service}; nothing to change`;
    core.info(reason);
    return { kind: 'done', result: unchanged(reason) };
  }

  const changed = (await clone.changedFiles(tip === '' ? '' : diffBase, tree)).filter(isKustomization);
  await checkRendering(update, [...new Set([...changed, ...pinned])], new Set(pinned), reference);
  const diffFiles = tip === '' ? (await clone.changedFiles(diffBase, tree)).filter(isKustomization) : changed;
  const diff = limit(await clone.diff(diffBase, tree, diffFiles));
  const commit = await clone.commit(tree, tip, commitMessage(update, dropped));
  const reason = `pinned ${reference} in ${pinned.length} kustomization${pinned.length === 1 ? '' : 's'}${dropped.length > 0 ? `, dropped ${dropped.length} stale pin(s)` : ''}`;
  return { kind: 'commit', commit, diff, reason };
}

/** Why this run must pin nothing (a newer commit of the service is pinned), or ''. */
async function newerPinReason(update: Update, previous: ManifestsState): Promise<string> {
  const { plan } = update;
  const runCommit = update.record.sourceCommit;
  const answers = [];
  for (const commit of commitsToOrderAgainst(previous, plan.service, plan.manifests.paths, runCommit)) {
    answers.push({ commit, newerThanRun: await ancestor(update, runCommit, commit) });
  }
  const order = shouldSkipForOrder({ service: plan.service, runCommit, deploy: false, answers });
  if (order.skip) core.info(order.reason);
  return order.skip ? order.reason : '';
}

/**
 * Why a re-run of the commit already pinned pins nothing, or ''. A rebuild of the same commit
 * gets a new digest (build time in the labels and provenance), so without this a re-run would
 * commit a digest-only change of the very same source.
 */
function rerunReason(update: Update, previous: ManifestsState): string {
  const { plan, record } = update;
  const pins = listPins(previous).filter((pin) => pin.service === plan.service && plan.manifests.paths.some((dir) => isUnder(pin.file, dir)));
  const same = (pin: PinRecord): boolean => pin.image === record.image && pin.tag === record.tag && pin.sourceCommit === record.sourceCommit;
  if (record.sourceCommit === '' || pins.length === 0 || !pins.every((pin) => same(pin.record))) return '';
  // The very same digest: the usual comparison of trees says "nothing to change".
  if (pins.every((pin) => pin.record.digest === record.digest)) return '';
  const reason = `${plan.service} is already pinned to ${record.tag}, built from this run's commit ${record.sourceCommit.slice(0, 12)}: a re-run changes nothing`;
  core.info(reason);
  return reason;
}

/** Replaces the paths with the source's when the source is not older than the branch's structure. */
async function laySourceStructure(update: Update, tip: string, previous: ManifestsState): Promise<BaseChoice> {
  const { plan, rt } = update;
  let base: BaseChoice = 'source';
  if (tip !== '') {
    const descends = previous.sourceCommit === '' ? undefined : await ancestor(update, previous.sourceCommit, plan.sourceCommit);
    const choice = chooseBase(previous, descends);
    core.info(`Structure: ${choice.reason}.`);
    base = choice.base;
  }
  // From the tip the structure stays; but a path the branch does not hold yet (listed for the
  // first time, e.g. a second environment's overlay) can only come from the source.
  const copied = base === 'source' ? plan.manifests.paths : await pathsMissingFrom(update.clone, plan.manifests.paths);
  for (const dir of copied) await update.clone.copyDirectory(rt.ctx.workspace, dir);
  if (base !== 'source' && copied.length > 0) core.info(`New on the branch, from this commit: ${copied.map((dir) => quote(dir)).join(', ')}.`);
  return base;
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
  const pinned = await pinService(update);
  const { state, dropped } = nextState(previous, {
    structureCommit,
    kept,
    service: plan.service,
    pins: pinned.map((file) => ({ file, record: { ...update.record, time: rt.now().toISOString() } })),
  });
  for (const pin of dropped) core.warning(`Dropped the pin of ${quote(pin.service)} in ${quote(pin.file)}: the file or its entry is gone.`);
  await clone.writeFile(STATE_FILE, serializeState(state));
  return { pinned, dropped };
}

async function readState(clone: ManifestsClone): Promise<ManifestsState> {
  const text = await clone.readFile(STATE_FILE);
  if (text !== undefined) return parseState(text);
  core.info(`The branch has no ${STATE_FILE}: no earlier pins to keep.`);
  return emptyState();
}

/** Cached `isAncestorOrEqual` against the source repository. */
async function ancestor(update: Update, a: string, d: string): Promise<boolean> {
  const key = `${a}..${d}`;
  let answer = update.ancestry.get(key);
  if (answer === undefined) {
    answer = await isAncestorOrEqual(a, d, { git: update.git, remote: update.source.url, tempDir: update.tempDir, localRepo: update.rt.ctx.workspace });
    update.ancestry.set(key, answer);
  }
  return answer;
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

/** Pins this run's image in every kustomization under the paths that has the service's entry. */
async function pinService(update: Update): Promise<string[]> {
  const { clone, plan } = update;
  const files = await findKustomizations(clone.dir, plan.manifests.paths);
  const pinned: string[] = [];
  for (const file of files) {
    const text = await clone.readFile(file);
    if (text === undefined) continue;
    const edit = applyPin(text, update.pin, file);
    if (!edit.matched) continue;
    pinned.push(file);
    if (edit.changed) await clone.writeFile(file, edit.text);
  }
  if (pinned.length === 0) {
    throw new ManifestError(
      plan.manifests.paths.join(', '),
      0,
      `no kustomization has an \`images\` entry for ${quote(plan.service)} (name or newName ${quote(plan.image)}); ${files.length} file(s) read, nothing pushed`,
    );
  }
  return pinned;
}

/**
 * Every changed kustomization must render, and those that pin the service must render the new
 * reference. Components cannot be built alone; they are checked through the roots using them.
 */
async function checkRendering(update: Update, files: string[], pinned: Set<string>, reference: string): Promise<void> {
  const { clone } = update;
  const env: Record<string, string> = { PATH: update.rt.env.PATH ?? '', HOME: update.tempDir };
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
    const detail = (error instanceof Error ? error.message : String(error)).split(`${update.clone.dir}/`).join('');
    throw new StageError('manifests', `${quote(dir)} does not render after the update, so nothing was pushed: ${update.git.redact(detail)}`);
  }
  if (reference !== '' && !renderContainsImage(rendered, reference)) {
    throw new StageError('manifests', `${quote(dir)} renders without ${quote(reference)} (no container uses the pinned image?), so nothing was pushed`);
  }
  core.info(`Rendered ${quote(dir)}${reference === '' ? '' : `: contains ${reference}`}.`);
}

function commitMessage(update: Update, dropped: PinRef[]): string {
  const { plan, pin, record } = update;
  const line = (value: string): string => value.replace(/[\r\n]+/g, ' ');
  const lines = [
    `deploy(${plan.service}): ${pin.tag}`,
    '',
    `Image: ${line(`${plan.image}:${pin.tag}`)}`,
    `Digest: ${update.imageDigest === '' ? 'unknown' : update.imageDigest}${pin.digest === '' ? ' (not pinned)' : ''}`,
    `Source-Commit: ${record.sourceCommit === '' ? 'unknown' : record.sourceCommit}`,
    `Run: ${line(plan.runUrl)}`,
  ];
  if (update.deploy) lines.push('Ordering-Check: bypassed (deploy mode pins this tag even if a newer commit of the service is deployed)');
  for (const pin of dropped) lines.push(`Dropped-Pin: ${pin.service} in ${line(pin.file)} (file or entry gone)`);
  return `${lines.join('\n')}\n`;
}

function isKustomization(file: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(path.posix.basename(file));
}

function limit(diff: string): string {
  if (diff.length <= MAX_DIFF_CHARS) return diff;
  const cut = diff.lastIndexOf('\n', MAX_DIFF_CHARS);
  const kept = diff.slice(0, cut === -1 ? MAX_DIFF_CHARS : cut + 1);
  return `${kept}... diff cut: ${diff.length - kept.length} more characters\n`;
}

function unchanged(reason: string): ManifestsResult {
  return { changed: false, commit: '', diff: '', reason, commitUrl: '' };
}
