// The decisions an update takes from the state file before it edits anything: whether this run
// is older than what is pinned (an older build finishing last never replaces a newer pin), and
// which structure the branch is rebuilt from.

import { isUnder, listPins, type ManifestsState } from './state.js';

/**
 * Commits this run's commit must be compared with before pinning: the source commits of the
 * service's current pins below the run's manifests paths (other paths are other environments).
 */
export function commitsToOrderAgainst(state: ManifestsState, service: string, paths: string[], runCommit: string): string[] {
  const commits = listPins(state)
    .filter((pin) => pin.service === service && paths.some((dir) => isUnder(pin.file, dir)))
    .map((pin) => pin.record.sourceCommit)
    .filter((commit) => commit !== '' && commit !== runCommit);
  return [...new Set(commits)].sort();
}

export interface OrderAnswer {
  /** A commit the service is pinned from. */
  commit: string;
  /** That commit descends from this run's commit (so it is strictly newer). */
  newerThanRun: boolean;
}

export interface OrderDecision {
  skip: boolean;
  /** A newer pin exists but deploy mode pins anyway. */
  bypassed: boolean;
  reason: string;
}

/** An older build finishing last never replaces a newer pin, except in deploy mode. */
export function shouldSkipForOrder(input: { service: string; runCommit: string; deploy: boolean; answers: OrderAnswer[] }): OrderDecision {
  const newer = input.answers.filter((answer) => answer.newerThanRun).map((answer) => answer.commit);
  if (newer.length === 0) return { skip: false, bypassed: false, reason: '' };
  const which = `${input.service} is pinned from ${newer.map(short).join(', ')}, which descends from this run's commit ${short(input.runCommit)}`;
  if (input.deploy) return { skip: false, bypassed: true, reason: `${which}; deploy mode pins anyway` };
  return { skip: true, bypassed: false, reason: `${which}: a newer build is deployed, so this run pins nothing` };
}

function short(commit: string): string {
  return commit.slice(0, 12);
}

export type BaseChoice = 'source' | 'tip';

/**
 * How this run's commit relates to the commit the branch's structure was built from: descends
 * from it (or is it), does not, or the repository does not know that commit any more (its
 * history was rewritten, e.g. by a force-push).
 */
export type StructureAncestry = 'descends' | 'does-not-descend' | 'unknown-commit';

export interface BaseDecision {
  base: BaseChoice;
  reason: string;
  /** Something a person should look at ('' when nothing). */
  warning: string;
}

/**
 * Which structure an update starts from: the source's manifests when the run's commit
 * descends from (or equals) the commit the branch was last built from, else the branch tip.
 * A recorded commit the repository does not know can never be descended from: keeping the tip
 * for that reason would freeze the branch's structure for ever, so the run's structure is taken
 * and the drift is reported. `ancestry` is undefined when the state names no commit.
 */
export function chooseBase(state: ManifestsState, ancestry: StructureAncestry | undefined): BaseDecision {
  const recorded = short(state.sourceCommit);
  if (state.sourceCommit === '' || ancestry === undefined) {
    return { base: 'source', reason: 'the branch records no source commit; its structure is taken from this run', warning: '' };
  }
  if (ancestry === 'descends') return { base: 'source', reason: `this run's commit descends from ${recorded}: the structure is taken from this run`, warning: '' };
  if (ancestry === 'does-not-descend') return { base: 'tip', reason: `this run's commit does not descend from ${recorded}: the branch keeps its structure`, warning: '' };
  const drift = `the manifests branch was built from source commit ${recorded}, which the repository does not know (was its history rewritten?): the structure is taken from this run's commit`;
  return { base: 'source', reason: drift, warning: `Drift: ${drift}` };
}
