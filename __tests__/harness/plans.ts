// Plans made the way the action makes them (inputs parsed by the real rules), for table tests
// of what is decided from a plan.

import { parseInputs } from '../../src/domain/inputs/resolve.js';
import { makePlan } from '../../src/domain/plan/plan.js';
import type { Plan, PullRequestInfo, RunContext } from '../../src/domain/types.js';

export const SHA = '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e';
export const HEAD = 'e84cc64499f50d72071c1a2ce65752ff3838f03f';
export const CREATED = '2026-11-26T12:00:00.000Z';

export function context(eventName: string, ref: string, pullRequest?: Partial<PullRequestInfo>): RunContext {
  return {
    eventName,
    ref,
    sha: SHA,
    repository: 'Ftmo-Labs/dax-trading',
    owner: 'Ftmo-Labs',
    workspace: '/github/workspace',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    runId: '77',
    actor: 'jana-novak',
    payloadDefaultBranch: 'main',
    ...(pullRequest === undefined
      ? {}
      : {
          pullRequest: {
            number: 42,
            headRef: 'feature/risk-limits',
            headSha: HEAD,
            headRepo: 'Ftmo-Labs/dax-trading',
            baseRepo: 'Ftmo-Labs/dax-trading',
            fork: false,
            ...pullRequest,
          },
        }),
  };
}

/** `sourceCommit` is the commit the workspace holds (checkout.ts): GITHUB_SHA unless given. */
export function plan(ctx: RunContext, inputs: Record<string, string> = {}, sourceCommit = ctx.sha): Plan {
  const where = { workspace: ctx.workspace, owner: ctx.owner, actor: ctx.actor, serverUrl: ctx.serverUrl };
  const parsed = parseInputs({ service: 'signal-generation-engine', 'github-token': 'ghs_planT0ken', ...inputs }, where);
  return makePlan(parsed, ctx, CREATED, sourceCommit);
}

