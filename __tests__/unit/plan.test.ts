// The plan's stage decisions, by table: for each mode and event, which stages run, whether the
// build pushes and logs in, and what is pinned. Expected values follow CONTRACT.md's Modes table.

import { describe, expect, it } from 'vitest';
import { CREATED, HEAD, context, plan } from '../harness/plans.js';

const push = (branch: string) => context('push', `refs/heads/${branch}`);
const pr = context('pull_request', 'refs/pull/42/merge', {});
const forkPr = context('pull_request', 'refs/pull/42/merge', { headRepo: 'someone/dax-trading', fork: true });
const tagPush = context('push', 'refs/tags/v1.4.2');

describe('stage decisions', () => {
  it.each([
    // name, context, inputs, build, push, login, scan, manifests, latest
    ['push to the default branch', push('main'), {}, true, true, true, true, true, true],
    ['push to another branch', push('develop'), {}, true, true, true, true, false, false],
    ['push to a branch listed in deploy-branches', push('develop'), { 'deploy-branches': 'main\ndevelop' }, true, true, true, true, true, false],
    ['dispatch on the default branch', context('workflow_dispatch', 'refs/heads/main'), {}, true, true, true, true, true, true],
    ['schedule on the default branch', context('schedule', 'refs/heads/main'), {}, true, true, true, true, true, true],
    ['pull request', pr, {}, true, true, true, true, false, false],
    ['fork pull request', forkPr, {}, true, false, false, false, false, false],
    ['fork pull request with push: true', forkPr, { push: 'true' }, true, false, false, false, false, false],
    ['tag push', tagPush, {}, true, true, true, true, false, false],
    ['push: false on the default branch', push('main'), { push: 'false' }, true, false, false, false, false, false],
    ['scan: false', push('main'), { scan: 'false' }, true, true, true, false, true, true],
    ['build mode on the default branch', push('main'), { mode: 'build' }, true, true, true, true, false, true],
    ['deploy mode', context('workflow_dispatch', 'refs/heads/main'), { mode: 'deploy', tag: 'main-1a2b3c4' }, false, false, true, true, true, false],
    ['plan mode (decides as auto would)', push('main'), { mode: 'plan' }, true, true, true, true, true, true],
  ] as const)('%s', (_name, ctx, inputs, build, pushes, login, scan, manifests, latest) => {
    const p = plan(ctx, inputs);
    expect({ build: p.build.enabled, push: p.build.push, login: p.build.login, scan: p.scan.enabled, manifests: p.manifests.enabled, latest: p.latest }).toEqual({
      build,
      push: pushes,
      login,
      scan,
      manifests,
      latest,
    });
  });

  it('says why a stage does not run', () => {
    expect(plan(forkPr).build.reason).toBe(
      'pull request from feature/risk-limits: build pr-42, feature-risk-limits-e84cc64; not pushed (pull request from a fork: its code never gets the registry credentials)',
    );
    expect(plan(push('develop')).manifests.reason).toBe('branch develop is not in deploy-branches (main)');
    expect(plan(tagPush).manifests.reason).toBe('tag v1.4.2: manifests are updated for branch builds only');
    expect(plan(push('main'), { mode: 'build' }).manifests.reason).toBe('build mode never touches the manifests');
    expect(plan(push('main'), { push: 'false' }).scan.reason).toBe('nothing is pushed, so there is nothing to scan');
  });
});

describe('what is pinned and pushed', () => {
  it('pins the version on the default branch, and pushes every tag but latest', () => {
    const p = plan(push('main'));
    expect(p.manifests.tag).toBe('main-0ccf1ae');
    expect(p.tags).toEqual(['main-0ccf1ae', 'latest']);
    expect(p.immutableTags).toEqual(['main-0ccf1ae']);
    expect(p.build.args.filter((_, i, args) => args[i - 1] === '--tag')).toEqual(['ghcr.io/ftmo-labs/signal-generation-engine:main-0ccf1ae']);
    expect(p.build.args).toContain('--push');
  });

  it('deploy mode: the tag input is the whole row', () => {
    const p = plan(context('workflow_dispatch', 'refs/heads/main'), { mode: 'deploy', tag: 'main-1a2b3c4' });
    expect({ version: p.version, tags: p.tags, pinned: p.manifests.tag, latest: p.latest }).toEqual({
      version: 'main-1a2b3c4',
      tags: ['main-1a2b3c4'],
      pinned: 'main-1a2b3c4',
      latest: false,
    });
  });

  it('builds pull requests from the head commit, and links the run', () => {
    const p = plan(pr);
    expect(p.sourceCommit).toBe(HEAD);
    expect(p.labels).toContainEqual({ key: 'org.opencontainers.image.revision', value: HEAD });
    expect(p.labels).toContainEqual({ key: 'org.opencontainers.image.created', value: CREATED });
    expect(p.runUrl).toBe('https://github.com/Ftmo-Labs/dax-trading/actions/runs/77');
  });
});
