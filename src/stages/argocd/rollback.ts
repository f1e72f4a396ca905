// After a failed wait: pin again what the branch pinned for this service before the failed
// commit (its state file one commit earlier), through the same branch update as every pin,
// with ordering bypassed as in deploy mode, then wait for that commit too.

import * as core from '@actions/core';
import { makeTempDir } from '../../adapters/temp.js';
import { STATE_FILE, latestPinUnder, parseState, type PinRecord } from '../../domain/manifests/state.js';
import { quote } from '../../domain/escape.js';
import type { ArgoCdResult } from '../../domain/argocd/status.js';
import type { WaitOutcome, WaitSession } from './wait-session.js';
import { updateManifests } from '../gitops/update.js';

export interface Rolled {
  result: ArgoCdResult;
  /** The sentence added to the step's error. */
  message: string;
}

/** `waitFor` is the wait that failed, run again for the rollback commit. */
export async function rollBack(session: WaitSession, failedCommit: string, failure: WaitOutcome, waitFor: (commit: string) => Promise<WaitOutcome>): Promise<Rolled> {
  const { plan, rt } = session;
  const base: ArgoCdResult = { status: failure.status, reason: failure.reason, applications: failure.applications };
  const previous = await previousPin(session, failedCommit);
  if (previous === undefined) {
    const reason = `no earlier pin of ${plan.service} in ${STATE_FILE} before ${failedCommit.slice(0, 12)}: nothing to roll back to, nothing changed`;
    core.warning(reason);
    return { result: { ...base, rollback: { pushed: false, tag: '', commit: '', reason } }, message: `Not rolled back: ${reason}.` };
  }
  const why = `Argo CD: ${failure.reason}`;
  core.info(`Rolling back ${quote(plan.service)} to ${quote(previous.tag)}${previous.digest === '' ? '' : `@${previous.digest}`}.`);
  // The previous pin as it was: with its digest when it had one, without when it had none.
  // Ordering is bypassed as in deploy mode: the point is to go back.
  const rollbackPlan = { ...plan, manifests: { ...plan.manifests, tag: previous.tag, pinDigest: previous.digest !== '', ordering: 'bypassed' as const } };
  const pin = { tag: previous.tag, digest: previous.digest, sourceCommit: previous.sourceCommit, rollback: why };
  const manifests = await updateManifests(rollbackPlan, pin, rt, session.history);
  if (!manifests.changed) {
    const reason = `the branch already pins ${previous.tag} again (${manifests.reason}); no rollback commit`;
    return { result: { ...base, rollback: { pushed: false, tag: previous.tag, commit: '', reason } }, message: `Not rolled back: ${reason}.` };
  }
  const second = await core.group(`Wait for Argo CD to run the rollback ${manifests.commit}`, () => waitFor(manifests.commit));
  const pushed = { pushed: true, tag: previous.tag, commit: manifests.commit };
  if (second.ok) {
    const reason = `rolled back to ${previous.tag} in ${manifests.commit}; Argo CD reports it ${second.status}`;
    return { result: { status: 'rolled-back', reason: failure.reason, applications: second.applications, rollback: { ...pushed, reason } }, message: `Rolled back: ${reason}.` };
  }
  const reason = `rolled back to ${previous.tag} in ${manifests.commit}, but Argo CD did not confirm it: ${second.reason}`;
  return { result: { ...base, applications: second.applications, rollback: { ...pushed, reason } }, message: `${reason}.` };
}

/** This service's pin in the state file of the failed commit's parent; undefined when it had none. */
async function previousPin(session: WaitSession, failedCommit: string): Promise<PinRecord | undefined> {
  const { git, tempDir, target, plan } = session;
  // Inside the wait's temporary directory, removed with it.
  const store = await makeTempDir(tempDir, 'previous-');
  const cwd = { cwd: store };
  await git.must(['init', '--bare', '-q', store], { cwd: tempDir });
  // Two commits deep: the failed commit and the branch as it was before it.
  // With the remote named: a server that stalls is named in the error, and its stall is recognised.
  await git.must(['fetch', '--quiet', '--no-tags', '--depth=2', target.url, failedCommit], { ...cwd, remote: target.url });
  const parent = await git.run(['rev-parse', '--verify', '--quiet', `${failedCommit}^1`], cwd);
  if (parent.code !== 0) return undefined;
  const state = await git.run(['show', `${parent.stdout.trim()}:${STATE_FILE}`], cwd);
  if (state.code !== 0) return undefined;
  return latestPinUnder(parseState(state.stdout), plan.service, plan.manifests.paths);
}
