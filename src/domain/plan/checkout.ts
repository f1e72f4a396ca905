// Which commit a run builds. The tags, the revision label and the manifests state all name one
// commit; the code that is built is whatever the workspace holds. So the workspace's HEAD must be
// a commit the run is for, and that commit is the one every name is derived from.

import { ContextError } from '../errors.js';
import { commitShaOf } from '../ids.js';
import { isPullRequestRun } from './run-context.js';
import type { Mode, RunContext } from '../types.js';

export interface Checkout {
  /** Full SHA of the commit the image is built from, and that every name refers to. */
  commit: string;
  /** Plan mode only: why a real run would refuse this checkout. */
  warning?: string;
}

/**
 * The commits this run is for: GITHUB_SHA and, on a pull request, its head commit (checking
 * the head out instead of the merge commit is common and builds what the author pushed).
 */
export function namedCommits(ctx: RunContext): string[] {
  const head = isPullRequestRun(ctx) ? ctx.pullRequest?.headSha : undefined;
  return head === undefined || head === ctx.sha ? [ctx.sha] : [ctx.sha, head];
}

/**
 * The built commit, given the workspace's HEAD ('' when it could not be read). Any other
 * commit is refused in the modes that change something; plan mode changes nothing, so there it
 * is a warning and the plan is made for GITHUB_SHA.
 */
export function checkedOutCommit(ctx: RunContext, mode: Mode, head: string): Checkout {
  const named = namedCommits(ctx);
  const commit = commitShaOf(head) ?? '';
  if (commit !== '' && named.includes(commit)) return { commit };
  const problem = checkoutProblem(ctx, commit);
  if (mode !== 'plan') throw new ContextError('workspace HEAD', `refused before anything ran: ${problem}`);
  return { commit: ctx.sha, warning: `${problem}. Plan mode changes nothing, so this plan is for ${ctx.sha}; every other mode refuses to run.` };
}

function checkoutProblem(ctx: RunContext, head: string): string {
  const named = namedCommits(ctx);
  const wanted = named.length > 1 ? `GITHUB_SHA ${named[0]} or the pull request's head ${named[1]}` : `GITHUB_SHA ${ctx.sha}`;
  const found = head === '' ? 'the workspace has no readable HEAD commit (is it a checkout?)' : `the workspace's HEAD is ${head}`;
  return (
    `${found}, but this run is for ${wanted}; the image's tags, revision label and the manifests state would name ` +
    'a commit that is not the code being built. Check out the run\'s commit: actions/checkout without a ref, or with ref: ${{ github.sha }}'
  );
}
