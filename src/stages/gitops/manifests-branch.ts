// The manifests branch as a transaction: fetch its tip (one commit deep) into the temporary
// clone, let the edit rewrite the working tree, check that what changed renders, commit once
// and push without force. A push rejected because the branch moved starts again from the new
// tip after a short wait; a ref conflict or any other failure stops at once. What the edit
// does (pins, ordering, structure) is not this file's business.

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as core from '@actions/core';
import { commitLink, remoteHost, type Remote } from '../../adapters/git/auth.js';
import type { ManifestsClone } from '../../adapters/git/clone.js';
import type { GitRunner } from '../../adapters/git/runner.js';
import { StageError, errorMessage } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { KUSTOMIZATION_FILE_NAMES } from '../../domain/manifests/kustomize-edit.js';
import { pushRetryDelay } from '../../domain/manifests/push-backoff.js';
import { classifyPushFailure } from '../../domain/manifests/push-rejection.js';
import type { ManifestsResult } from '../../domain/types.js';
import type { RenderCheck } from './render-check.js';

/** A commit about to be pushed, and whether it rolls the service back (deploy mode). */
export interface PushAttempt {
  commit: string;
  rollback: boolean;
}

/** What the edit made of the tip: nothing to do (and why), or a tree to commit. */
export type EditOutcome =
  | { kind: 'done'; result: ManifestsResult }
  | {
      kind: 'commit';
      message: string;
      /** The result's reason when pushed. */
      reason: string;
      /** The result's reason when the tree equals the tip's. */
      unchangedReason: string;
      warnings: string[];
      /** Kustomizations that pin the image: they must render `reference`. */
      pinned: string[];
      reference: string;
      rollback: boolean;
      /** What the diff compares with on a new branch: the tree before the pins ('' = the tip's). */
      diffBase: string;
    };

/** Rewrites the clone's working tree, reset to `tip` ('' = the branch does not exist yet). */
export type Edit = (clone: ManifestsClone, tip: string) => Promise<EditOutcome>;

export interface ManifestsBranch {
  update(edit: Edit): Promise<ManifestsResult>;
}

export interface BranchSettings {
  branch: string;
  maxPushAttempts: number;
  clone: ManifestsClone;
  git: GitRunner;
  target: Remote;
  renders: RenderCheck;
  sleep(ms: number): Promise<void>;
  random(): number;
  /** Called before every push with the commit about to be pushed (the Deployment record). */
  beforePush?: (attempt: PushAttempt) => Promise<void>;
}

/** A commit ready to push; its diff is made only once the push has landed. */
type Prepared =
  | { kind: 'done'; result: ManifestsResult }
  | { kind: 'commit'; commit: string; diff: () => Promise<string>; reason: string; warnings: string[]; rollback: boolean };

export function manifestsBranch(settings: BranchSettings): ManifestsBranch {
  const { branch, clone, git } = settings;
  const max = settings.maxPushAttempts;
  return {
    async update(edit) {
      for (let attempt = 1; ; attempt++) {
        const started = performance.now();
        const prepared = await prepare(settings, edit);
        if (prepared.kind === 'done') return warned(prepared.result);
        await settings.beforePush?.({ commit: prepared.commit, rollback: prepared.rollback });
        const pushed = await clone.push(prepared.commit);
        if (pushed.code === 0) {
          core.info(`Pushed ${prepared.commit} to ${quote(branch)} (attempt ${attempt} of ${max}).`);
          const { commit, reason, warnings } = prepared;
          // The commit is on the branch: a diff that cannot be made is a warning, not a failure.
          const diff = await prepared.diff().catch((error: unknown) => {
            core.warning(`The diff of ${commit} could not be made: ${errorMessage(error)}`);
            return '';
          });
          return warned({ changed: true, commit, diff, reason, commitUrl: commitLink(settings.target, commit), warnings });
        }
        const failure = classifyPushFailure(`${pushed.stdout}\n${pushed.stderr}`);
        if (failure.kind === 'ref-conflict') {
          throw new StageError(
            'manifests',
            `the manifests branch ${quote(branch)} cannot be created next to another branch of the same path (${failure.reason}); choose a manifests-branch that is not a prefix of, or prefixed by, an existing branch. Nothing was pushed`,
          );
        }
        if (failure.kind === 'other') throw git.failure(`git push with ${remoteHost(settings.target.url)}: push to the manifests branch ${quote(branch)} failed`, pushed);
        const why = failure.reason === '' ? 'the branch moved' : failure.reason;
        if (attempt >= max) {
          throw new StageError(
            'manifests',
            `the manifests branch ${quote(branch)} kept moving: all ${max} push attempts allowed by max-push-attempts were rejected (last: ${why}); nothing of this run was pushed`,
          );
        }
        // Every retry follows a rejection: the wait grows with each one, from about an attempt's length.
        const delay = pushRetryDelay(attempt, performance.now() - started, settings.random);
        core.info(`Push rejected (${why}): the branch moved. Retrying on its new tip in ${delay} ms (attempt ${attempt + 1} of ${max}).`);
        await settings.sleep(delay);
      }
    },
  };
}

/** One attempt up to the push: the tip, the edit, the render check, the commit. */
async function prepare(settings: BranchSettings, edit: Edit): Promise<Prepared> {
  const { clone, branch } = settings;
  const tip = await clone.fetchTip();
  await clone.reset(tip);
  core.info(tip === '' ? `Branch ${quote(branch)} does not exist: it is created from this commit's manifests.` : `Branch ${quote(branch)} is at ${tip}.`);
  const outcome = await edit(clone, tip);
  if (outcome.kind === 'done') return outcome;
  const { warnings } = outcome;
  const tree = await clone.writeTree();
  const tipTree = tip === '' ? '' : await clone.treeOf(tip);
  if (tip !== '' && tree === tipTree) {
    core.info(outcome.unchangedReason);
    return { kind: 'done', result: { ...unchanged(outcome.unchangedReason), warnings } };
  }
  const changed = (await clone.changedFiles(tipTree, tree)).filter(isKustomization);
  await settings.renders.check(tree, [...new Set([...changed, ...outcome.pinned])], new Set(outcome.pinned), outcome.reference);
  // A new branch shows the pins against the copied manifests, not the whole tree as added.
  const diffBase = tip === '' ? outcome.diffBase : tipTree;
  const diffFiles = tip === '' ? (await clone.changedFiles(diffBase, tree)).filter(isKustomization) : changed;
  const diff = () => clone.diff(diffBase, tree, diffFiles);
  const commit = await clone.commit(tree, tip, outcome.message);
  return { kind: 'commit', commit, diff, reason: outcome.reason, warnings, rollback: outcome.rollback };
}

/** Logs the warnings of the attempt that decided the result (earlier attempts' would repeat them). */
function warned(result: ManifestsResult): ManifestsResult {
  for (const warning of result.warnings ?? []) core.warning(warning);
  return result;
}

function isKustomization(file: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(path.posix.basename(file));
}

export function unchanged(reason: string): ManifestsResult {
  return { changed: false, commit: '', diff: '', reason, commitUrl: '' };
}
