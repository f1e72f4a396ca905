// Closing the loop after the manifests push: ask each Argo CD Application to refresh, then poll
// it with backoff until it runs the pushed commit (or a later commit of the branch: other jobs
// push after us) and, for `wait: healthy`, the service's workloads are Healthy. A Degraded
// service, a failed sync operation or the timeout fails the step; with `rollback-on-failure`
// the previous pin goes back through the same branch update as any pin, and is waited for too.

import * as core from '@actions/core';
import { ArgoCdError, argoCdClient } from '../../adapters/argocd/client.js';
import { isAncestorOrEqual, type Ancestry } from '../../adapters/git/ancestry.js';
import { backoffDelay } from '../../adapters/retry.js';
import { openSourceRepository } from '../../adapters/git/source-repository.js';
import { tempRoot, withTempDir } from '../../adapters/temp.js';
import { formatDuration } from '../../domain/duration.js';
import { applicationRow, evaluate, pollBackoff, type Decision } from '../../domain/argocd/evaluate.js';
import { parseApplication, type ApplicationRow, type ArgoCdStatus } from '../../domain/argocd/status.js';
import { errorMessage } from '../../domain/errors.js';
import { isCommitSha } from '../../domain/ids.js';
import { quote } from '../../domain/escape.js';
import type { ManifestsResult, Plan, Report } from '../../domain/types.js';
import type { Runtime } from '../../runtime.js';
import { sourceAccess } from '../source-access.js';
import { rollBack } from './rollback.js';
import type { WaitOutcome, WaitSession } from './wait-session.js';

/** Longest single request: a server that hangs must not hold the whole wait on one call. */
const MAX_REQUEST_MS = 30_000;

/** Sets report.argocd; throws when the wait failed (after a rollback, when asked for one). */
/** `history` answers the rollback's questions about source commits (source-history.ts). */
export async function waitForArgoCd(plan: Plan, report: Report, rt: Runtime, history: Ancestry): Promise<void> {
  const skip = skipReason(rt, report.manifests);
  if (skip !== undefined) {
    report.argocd = { status: 'skipped', reason: skip, applications: [] };
    return;
  }
  const commit = report.manifests?.commit ?? '';
  await withTempDir(tempRoot(rt.env), 'ftmo-argocd-', async (tempDir) => {
    const session = await openSession(plan, rt, tempDir, history);
    const first = await core.group(`Wait for Argo CD to run ${commit}`, () => waitFor(session, commit)).catch((error: unknown) => {
      // Refused (401/403) or not understood: the wait could not look, so there is nothing to roll back for.
      report.argocd = { status: 'failed', reason: errorMessage(error), applications: [] };
      throw error;
    });
    report.argocd = { status: first.status, reason: first.reason, applications: first.applications };
    if (first.ok) return;
    const failure = `Argo CD: ${first.reason}`;
    if (!rt.inputs.rollbackOnFailure) throw new Error(`${failure}. The manifests commit ${commit} stays on the branch (rollback-on-failure is false).`);
    const rolled = await rollBack(session, commit, first, (next) => waitFor(session, next));
    report.argocd = rolled.result;
    throw new Error(`${failure}. ${rolled.message}`);
  });
}

function skipReason(rt: Runtime, manifests: ManifestsResult | undefined): string | undefined {
  if (rt.inputs.wait === 'none') return 'wait is none';
  if (manifests === undefined) return 'the manifests were not updated';
  if (!manifests.changed || manifests.commit === '') return `this run pushed no manifests commit (${manifests.reason})`;
  return undefined;
}

async function openSession(plan: Plan, rt: Runtime, tempDir: string, history: Ancestry): Promise<WaitSession> {
  // The same repository the manifests stage pushed to: the workspace's origin or manifests-repository.
  const { manifests: target, network: git } = await openSourceRepository(sourceAccess(rt, plan, tempDir, 'argocd'));
  const client = argoCdClient(rt.inputs.argocdServer, rt.inputs.argocdToken);
  return { plan, rt, client, git, target, tempDir, ancestry: new Map(), history };
}

/** Polls every Application until all are done, one fails, or the timeout passes. */
export async function waitFor(session: WaitSession, commit: string): Promise<WaitOutcome> {
  const { rt } = session;
  const wait = rt.inputs.wait === 'healthy' ? 'healthy' : 'synced';
  const timeout = rt.inputs.waitTimeoutMs;
  const deadline = rt.now().getTime() + timeout;
  const backoff = pollBackoff(timeout);
  const rows = new Map<string, ApplicationRow>();
  const last = new Map<string, string>();
  const pending = new Set(rt.inputs.argocdApplications);
  const refreshed = new Set<string>();
  const outcome = (ok: boolean, status: ArgoCdStatus, reason: string): WaitOutcome => ({ ok, status, reason, applications: [...rows.values()] });
  core.info(`Waiting up to ${formatDuration(timeout)} for ${[...pending].map((name) => quote(name)).join(', ')} to be ${wait} at ${commit} or a later commit.`);

  for (let poll = 1; ; poll++) {
    for (const name of [...pending]) {
      const remaining = deadline - rt.now().getTime();
      if (remaining <= 0) break;
      const decision = await pollOnce(session, name, commit, !refreshed.has(name), Math.min(remaining, MAX_REQUEST_MS), rows);
      if (decision === undefined) continue;
      if ('answered' in decision) refreshed.add(name);
      last.set(name, decision.reason);
      if (decision.kind === 'failed') return outcome(false, decision.status, decision.reason);
      if (decision.kind === 'done') {
        core.info(quote(decision.reason));
        pending.delete(name);
      }
    }
    if (pending.size === 0) return outcome(true, wait, `${rt.inputs.argocdApplications.join(', ')} ${wait} at ${commit.slice(0, 12)} or later`);
    const remaining = deadline - rt.now().getTime();
    const waiting = [...pending].map((name) => last.get(name) ?? `${name}: no answer yet`).join('; ');
    if (remaining <= 0) return outcome(false, 'timed-out', `not ${wait} within wait-timeout ${formatDuration(timeout)}: ${waiting}`);
    core.info(`Still waiting: ${quote(waiting, 1000)}`);
    await rt.sleep(Math.min(remaining, backoffDelay(poll, rt.random, backoff)));
  }
}

type PollDecision = (Decision & { answered: true }) | { kind: 'waiting'; reason: string };

/** One GET; a transient failure is a reason to wait, any other answer from the server stops the wait. */
async function pollOnce(session: WaitSession, name: string, commit: string, refresh: boolean, timeoutMs: number, rows: Map<string, ApplicationRow>): Promise<PollDecision | undefined> {
  let body: unknown;
  try {
    body = await session.client.getApplication(name, { refresh, timeoutMs });
  } catch (error) {
    if (error instanceof ArgoCdError && error.transient) return { kind: 'waiting', reason: error.message };
    throw error;
  }
  const app = parseApplication(name, body);
  rows.set(name, applicationRow(app));
  const decision = evaluate(app, {
    wait: session.rt.inputs.wait === 'healthy' ? 'healthy' : 'synced',
    service: session.plan.service,
    revisionReached: await reached(session, commit, app.revision),
    operationReached: await reached(session, commit, app.operationRevision),
  });
  return { ...decision, answered: true };
}

/** `revision` is `commit` or a later commit of the manifests branch's history. */
async function reached(session: WaitSession, commit: string, revision: string): Promise<boolean> {
  if (!isCommitSha(revision)) return false;
  const key = `${commit}..${revision}`;
  const known = session.ancestry.get(key);
  if (known !== undefined) return known;
  const answer = await isAncestorOrEqual(commit, revision, { git: session.git, remote: session.target.url, tempDir: session.tempDir });
  session.ancestry.set(key, answer);
  return answer;
}
