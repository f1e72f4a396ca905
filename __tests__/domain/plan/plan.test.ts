// The plan's stage decisions, by table: for each mode and event, which stages run, whether the
// build pushes and logs in, and what is pinned. Expected values follow the README's Modes table.

import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/domain/errors.js';
import { CREATED, HEAD, SHA, context, plan } from '../../harness/plans.js';

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
      'pull request from feature/risk-limits: build pr-42, pr-42-0ccf1ae; not pushed (pull request from a fork: its code never gets the registry credentials)',
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

  it.each([
    ['auto mode on a push', push('main'), {}, 'enforced'],
    ['deploy mode, which pins the tag it is given even over a newer commit', context('workflow_dispatch', 'refs/heads/main'), { mode: 'deploy', tag: 'main-1a2b3c4' }, 'bypassed'],
  ] as const)('ordering of the manifests pin: %s', (_name, ctx, inputs, expected) => {
    expect(plan(ctx, inputs).manifests.ordering).toBe(expected);
  });

  it('names the checked-out head commit of a pull request everywhere, and links the run', () => {
    const p = plan(pr, {}, HEAD);
    expect(p.sourceCommit).toBe(HEAD);
    expect(p.version).toBe('pr-42-e84cc64');
    expect(p.labels).toContainEqual({ key: 'org.opencontainers.image.revision', value: HEAD });
    expect(p.labels).toContainEqual({ key: 'org.opencontainers.image.created', value: CREATED });
    expect(p.runUrl).toBe('https://github.com/Ftmo-Labs/dax-trading/actions/runs/77');
  });

  it('names the merge commit of a pull request when that is what was checked out', () => {
    const p = plan(pr, {}, SHA);
    expect(p.sourceCommit).toBe(SHA);
    expect(p.tags).toEqual(['pr-42', 'pr-42-0ccf1ae']);
    expect(p.labels).toContainEqual({ key: 'org.opencontainers.image.revision', value: SHA });
  });
});

describe('only push, workflow_dispatch and schedule deploy in auto mode', () => {
  it.each([
    // event, manifests updated, reason when not
    ['push', true, ''],
    ['workflow_dispatch', true, ''],
    ['schedule', true, ''],
    ['workflow_run', false, 'the "workflow_run" event does not deploy: auto mode updates the manifests for push, workflow_dispatch, schedule only'],
    ['issue_comment', false, 'the "issue_comment" event does not deploy: auto mode updates the manifests for push, workflow_dispatch, schedule only'],
    ['repository_dispatch', false, 'the "repository_dispatch" event does not deploy: auto mode updates the manifests for push, workflow_dispatch, schedule only'],
    ['check_run', false, 'the "check_run" event does not deploy: auto mode updates the manifests for push, workflow_dispatch, schedule only'],
    ['release', false, 'the "release" event does not deploy: auto mode updates the manifests for push, workflow_dispatch, schedule only'],
  ] as const)('%s on the default branch: manifests %s', (event, manifests, reason) => {
    const p = plan(context(event, 'refs/heads/main'));
    expect(p.manifests.enabled).toBe(manifests);
    if (!manifests) expect(p.manifests.reason).toBe(reason);
    // Building and scanning still happen; latest only moves for the deploying events.
    expect({ build: p.build.enabled, scan: p.scan.enabled, latest: p.latest }).toEqual({ build: true, scan: true, latest: manifests });
  });

  it.each([
    ['push', true],
    ['workflow_dispatch', true],
    ['workflow_run', false],
    ['issue_comment', false],
    ['repository_dispatch', false],
  ] as const)('merge mode follows the same rule: %s on the default branch updates the manifests and moves latest: %s', (event, deploys) => {
    const digests = JSON.stringify({ 'linux/amd64': `sha256:${'1'.repeat(64)}`, 'linux/arm64': `sha256:${'2'.repeat(64)}` });
    const p = plan(context(event, 'refs/heads/main'), { mode: 'merge', digests });
    expect({ manifests: p.manifests.enabled, latest: p.latest, push: p.build.push, scan: p.scan.enabled }).toEqual({ manifests: deploys, latest: deploys, push: true, scan: true });
  });

  it('leaves deploy mode as it was: an explicit deploy pins on any event', () => {
    const p = plan(context('repository_dispatch', 'refs/heads/main'), { mode: 'deploy', tag: 'main-1a2b3c4' });
    expect(p.manifests).toMatchObject({ enabled: true, reason: 'pin main-1a2b3c4 on the manifests branch' });
  });
});

describe('manifests-branch must be a branch of its own', () => {
  const rule = ': the action commits pins to it, so it must be a branch of its own';
  it.each([
    ['the branch being built', push('release'), { 'manifests-branch': 'release' }, `must not be the branch being built${rule}`],
    ['the default branch (payload)', push('develop'), { 'manifests-branch': 'main' }, `must not be the default branch (main)${rule}`],
    ['the default branch (input)', push('main'), { 'manifests-branch': 'trunk', 'default-branch': 'trunk' }, `must not be the default branch (trunk)${rule}`],
    ['a deploy branch', push('main'), { 'manifests-branch': 'staging', 'deploy-branches': 'main\nstaging' }, `must not be one of deploy-branches${rule}`],
    ['in plan mode too', push('develop'), { 'manifests-branch': 'main', mode: 'plan' }, `must not be the default branch (main)${rule}`],
    ['in deploy mode too', context('workflow_dispatch', 'refs/heads/env'), { 'manifests-branch': 'env', mode: 'deploy', tag: 'main-1a2b3c4' }, `must not be the branch being built${rule}`],
  ] as const)('refuses %s', (_what, ctx, inputs, message) => {
    const make = (): unknown => plan(ctx, inputs);
    expect(make).toThrow(InputError);
    expect(make).toThrow(`Input 'manifests-branch': ${message}`);
  });

  it.each([
    ['the default manifests branch', push('main'), {}],
    ['another branch than the one built', push('develop'), { 'manifests-branch': 'gitops' }],
    ['a pull request from a head branch named like it', context('pull_request', 'refs/pull/42/merge', { headRef: 'manifests' }), {}],
  ] as const)('accepts %s', (_what, ctx, inputs) => {
    expect(plan(ctx, inputs).manifests.branch).toBe('manifests-branch' in inputs ? inputs['manifests-branch'] : 'manifests');
  });
});

describe("github-token goes to GitHub's own registry only", () => {
  const ghes = { ...push('main'), serverUrl: 'https://ghes.acme.example' };
  const rule = (registry: string, own: string): string =>
    `must be given to log in to ${registry}: github-token is sent only to ${own}, never to another registry`;

  it.each([
    ['another registry without credentials', push('main'), { image: 'registry.example.com/trading/signals' }, `Input 'registry-username': ${rule('registry.example.com', 'ghcr.io')}`],
    ['another registry with a user name only', push('main'), { image: 'docker.io/acme/signals', 'registry-username': 'ci' }, `Input 'registry-password': ${rule('docker.io', 'ghcr.io')}`],
    ['another registry with a password only', push('main'), { image: 'docker.io/acme/signals', 'registry-password': 'dckr_pat_x' }, `Input 'registry-username': ${rule('docker.io', 'ghcr.io')}`],
    ['ghcr.io from a GitHub Enterprise Server', ghes, { image: 'ghcr.io/acme/signals' }, `Input 'registry-username': ${rule('ghcr.io', 'containers.ghes.acme.example')}`],
    ['a look-alike host', push('main'), { image: 'ghcr.io.evil.example/acme/signals' }, `Input 'registry-username': ${rule('ghcr.io.evil.example', 'ghcr.io')}`],
    ['deploy mode, which logs in to read the registry', context('workflow_dispatch', 'refs/heads/main'), { mode: 'deploy', tag: 'main-1a2b3c4', image: 'docker.io/acme/signals' }, `Input 'registry-username': ${rule('docker.io', 'ghcr.io')}`],
    ['plan mode, which decides as a real run', push('main'), { mode: 'plan', image: 'docker.io/acme/signals' }, `Input 'registry-username': ${rule('docker.io', 'ghcr.io')}`],
    ['an empty github-token for ghcr.io', push('main'), { 'github-token': '' }, "Input 'github-token': must not be empty: it is the password for GitHub's registry ghcr.io unless registry-password is given"],
  ] as const)('refuses %s', (_what, ctx, inputs, message) => {
    const make = (): unknown => plan(ctx, inputs);
    expect(make).toThrow(InputError);
    expect(make).toThrow(message);
  });

  it.each([
    ['ghcr.io on github.com', push('main'), {}],
    ["the GHES server's own registry", ghes, { image: 'containers.ghes.acme.example/acme/signals' }],
    ['another registry with both given', push('main'), { image: 'docker.io/acme/signals', 'registry-username': 'ci', 'registry-password': 'dckr_pat_x' }],
    ['another registry when nothing logs in (push: false)', push('main'), { image: 'docker.io/acme/signals', push: 'false' }],
    ['another registry for a fork pull request (never pushed)', context('pull_request', 'refs/pull/42/merge', { fork: true, headRepo: 'someone/x' }), { image: 'docker.io/acme/signals' }],
  ] as const)('accepts %s', (_what, ctx, inputs) => {
    expect(plan(ctx, inputs).registry).toBe(registryOf('image' in inputs ? inputs.image : 'ghcr.io/'));
  });
});

function registryOf(image: string): string {
  return image.slice(0, image.indexOf('/'));
}
