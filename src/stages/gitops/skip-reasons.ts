// Why an update pins nothing: a newer commit of the service is pinned already, or this run
// rebuilds the very commit that is pinned.

import * as core from '@actions/core';
import { commitsToOrderAgainst, shouldSkipForOrder } from '../../domain/manifests/ordering.js';
import { isUnder, listPins, type ManifestsState, type PinRecord } from '../../domain/manifests/state.js';
import type { Ancestry } from '../../adapters/git/ancestry.js';
import type { PinRequest } from './pin-request.js';

/** Why this run must pin nothing (a newer commit of the service is pinned), or ''. */
export async function newerPinReason(request: PinRequest, previous: ManifestsState, ancestry: Ancestry): Promise<string> {
  const { plan } = request;
  const runCommit = request.record.sourceCommit;
  const answers = [];
  for (const commit of commitsToOrderAgainst(previous, plan.service, plan.manifests.paths, runCommit)) {
    answers.push({ commit, newerThanRun: await ancestry.isAncestorOrEqual(runCommit, commit) });
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
export function rerunReason(request: PinRequest, previous: ManifestsState): string {
  const { plan, record } = request;
  const pins = listPins(previous).filter((pin) => pin.service === plan.service && plan.manifests.paths.some((dir) => isUnder(pin.file, dir)));
  const same = (pin: PinRecord): boolean => pin.image === record.image && pin.tag === record.tag && pin.sourceCommit === record.sourceCommit;
  if (record.sourceCommit === '' || pins.length === 0 || !pins.every((pin) => same(pin.record))) return '';
  // The very same digest: the usual comparison of trees says "nothing to change".
  if (pins.every((pin) => pin.record.digest === record.digest)) return '';
  const reason = `${plan.service} is already pinned to ${record.tag}, built from this run's commit ${record.sourceCommit.slice(0, 12)}: a re-run changes nothing`;
  core.info(reason);
  return reason;
}

/**
 * deploy mode: whether the pin rolls the service back (a pin of it comes from a commit that
 * descends from the image's commit). An image of unknown commit counts as no rollback.
 */
export async function deployRollsBack(request: PinRequest, previous: ManifestsState, ancestry: Ancestry): Promise<boolean> {
  const { plan } = request;
  const runCommit = request.record.sourceCommit;
  if (runCommit === '') return false;
  for (const commit of commitsToOrderAgainst(previous, plan.service, plan.manifests.paths, runCommit)) {
    if (await ancestry.isAncestorOrEqual(runCommit, commit)) return true;
  }
  return false;
}
