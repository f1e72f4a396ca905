// Which commit a run builds: the workspace's HEAD, when it is a commit the run is for. Expected
// values are written out by hand from the rule in the README ("The commit that is built").

import { describe, expect, it } from 'vitest';
import { checkedOutCommit, namedCommits } from '../../../src/domain/plan/checkout.js';
import { ContextError } from '../../../src/domain/errors.js';
import { HEAD, SHA, context } from '../../harness/plans.js';

const OTHER = '5e9b60f69165f32f8930843ca718e10fdee30c52';
const push = context('push', 'refs/heads/main');
const pr = context('pull_request', 'refs/pull/42/merge', {});
const review = context('pull_request_review', 'refs/pull/42/merge', {});
const FIX = "Check out the run's commit: actions/checkout without a ref, or with ref: ${{ github.sha }}";

describe('namedCommits', () => {
  it.each([
    ['a push: GITHUB_SHA', push, [SHA]],
    ["a pull request: GITHUB_SHA (the merge commit) and the pull request's head", pr, [SHA, HEAD]],
    ['a pull request review on refs/pull/N/merge: the same two', review, [SHA, HEAD]],
    ['a push whose payload happens to carry a pull request: GITHUB_SHA only', { ...push, pullRequest: pr.pullRequest }, [SHA]],
  ])('%s', (_what, ctx, expected) => {
    expect(namedCommits(ctx)).toEqual(expected);
  });
});

describe('checkedOutCommit: the named commit is the built one', () => {
  it.each([
    ['auto', push, SHA, SHA],
    ['build', push, SHA.toUpperCase(), SHA],
    ['deploy', push, SHA, SHA],
    ['auto', pr, SHA, SHA],
    ['auto', pr, HEAD, HEAD],
    ['build', review, HEAD, HEAD],
    ['plan', pr, HEAD, HEAD],
  ] as const)('%s mode, HEAD %s of %s', (mode, ctx, head, commit) => {
    expect(checkedOutCommit(ctx, mode, head)).toEqual({ commit });
  });
});

describe('checkedOutCommit: any other commit is refused in the modes that change something', () => {
  it.each([
    ['auto', push, OTHER, `workspace HEAD: refused before anything ran: the workspace's HEAD is ${OTHER}, but this run is for GITHUB_SHA ${SHA}`],
    ['build', push, OTHER, `the workspace's HEAD is ${OTHER}, but this run is for GITHUB_SHA ${SHA}`],
    ['deploy', push, OTHER, `the workspace's HEAD is ${OTHER}, but this run is for GITHUB_SHA ${SHA}`],
    ['merge', push, OTHER, `the workspace's HEAD is ${OTHER}, but this run is for GITHUB_SHA ${SHA}`],
    ['auto', pr, OTHER, `the workspace's HEAD is ${OTHER}, but this run is for GITHUB_SHA ${SHA} or the pull request's head ${HEAD}`],
    // The head of a pull request is no named commit of a push.
    ['auto', push, HEAD, `the workspace's HEAD is ${HEAD}, but this run is for GITHUB_SHA ${SHA}`],
    ['auto', push, '', `the workspace has no readable HEAD commit (is it a checkout?), but this run is for GITHUB_SHA ${SHA}`],
    ['auto', push, 'not a sha', 'the workspace has no readable HEAD commit (is it a checkout?)'],
    ['auto', push, SHA.slice(0, 7), 'the workspace has no readable HEAD commit (is it a checkout?)'],
  ] as const)('%s mode, HEAD %j', (mode, ctx, head, message) => {
    const check = (): unknown => checkedOutCommit(ctx, mode, head);
    expect(check).toThrow(ContextError);
    expect(check).toThrow(message);
    expect(check).toThrow(FIX);
  });
});

describe('checkedOutCommit: plan mode warns and plans for GITHUB_SHA', () => {
  it.each([
    [push, OTHER, `the workspace's HEAD is ${OTHER}, but this run is for GITHUB_SHA ${SHA}`],
    [pr, '', "the workspace has no readable HEAD commit (is it a checkout?), but this run is for GITHUB_SHA"],
  ] as const)('HEAD %j', (ctx, head, start) => {
    const result = checkedOutCommit(ctx, 'plan', head);
    expect(result.commit).toBe(SHA);
    expect(result.warning).toContain(start);
    expect(result.warning).toContain(FIX);
    expect(result.warning).toContain(`Plan mode changes nothing, so this plan is for ${SHA}; every other mode refuses to run.`);
  });
});
