// The contract's tag table, run through the runner harness on the bundle in `mode: plan`: for
// every event the action is used with, the `tags`, `version` and `image` outputs. Expected values
// are written out from the contract (README, "Tags"); `{sha}` is the workspace's commit, which is
// the run's commit (a real checkout, as every mode requires).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import { EVENTS, lines, payload, sourceTree, type EventFixture } from './support.js';

const SERVICE = 'signal-generation-engine';
const IMAGE = 'ghcr.io/ftmo-labs/signal-generation-engine';

interface Case {
  name: string;
  event: string;
  fixture: EventFixture;
  ref: string;
  /**
   * What the workspace holds: GITHUB_SHA (the default), or on a pull request its head, with
   * GITHUB_SHA then the fixture's merge commit.
   */
  checkout?: 'head';
  inputs?: Record<string, string>;
  /** Changes to a copy of the fixture payload. */
  edit?: (event: Record<string, unknown>) => void;
  image?: string;
  /** `{sha}` stands for the workspace's commit, cut to `sha-length`. */
  version: string;
  /** Tags only; the image is put in front. */
  tags: string[];
}

function repository(event: Record<string, unknown>): Record<string, unknown> {
  return event.repository as Record<string, unknown>;
}

const branch = (name: string): string => `refs/heads/${name}`;
const gitTag = (name: string): string => `refs/tags/${name}`;

const CASES: Case[] = [
  // push to branch B: <B>-<sha>, plus latest on the default branch
  { name: 'push to main (the default branch)', event: 'push', fixture: 'push', ref: branch('main'), version: 'main-{sha}', tags: ['main-{sha}', 'latest'] },
  { name: 'push to a feature branch with a slash', event: 'push', fixture: 'push', ref: branch('feature/risk-limits'), version: 'feature-risk-limits-{sha}', tags: ['feature-risk-limits-{sha}'] },
  { name: 'push to develop', event: 'push', fixture: 'push', ref: branch('develop'), version: 'develop-{sha}', tags: ['develop-{sha}'] },
  { name: 'branch case is kept', event: 'push', fixture: 'push', ref: branch('Feature/ABC_x'), version: 'Feature-ABC_x-{sha}', tags: ['Feature-ABC_x-{sha}'] },
  // "/Ü" is one run of foreign characters (one -), "ï" another; the dot is kept
  { name: 'non-ASCII characters in a branch', event: 'push', fixture: 'push', ref: branch('feat/Ünïcode.x'), version: 'feat-n-code.x-{sha}', tags: ['feat-n-code.x-{sha}'] },
  { name: 'a leading character outside the set leaves no leading dash', event: 'push', fixture: 'push', ref: branch('@hotfix/db+pool'), version: 'hotfix-db-pool-{sha}', tags: ['hotfix-db-pool-{sha}'] },
  // '_' and '-' are in the set: a leading '_' and a run of dashes stay
  { name: 'underscores and dashes are kept', event: 'push', fixture: 'push', ref: branch('__x/--y'), version: '__x---y-{sha}', tags: ['__x---y-{sha}'] },
  // 128 characters at most: 120 of the branch, '-', 7 of the SHA
  { name: 'a 200-character branch is cut to a 128-character tag', event: 'push', fixture: 'push', ref: branch('b'.repeat(200)), version: `${'b'.repeat(120)}-{sha}`, tags: [`${'b'.repeat(120)}-{sha}`] },
  {
    name: 'a 200-character branch with sha-length 40 keeps the whole SHA',
    event: 'push', fixture: 'push', ref: branch(`team/${'c'.repeat(195)}`), inputs: { 'sha-length': '40' },
    version: `team-${'c'.repeat(82)}-{sha}`, tags: [`team-${'c'.repeat(82)}-{sha}`],
  },

  // sha-length
  { name: 'sha-length 12', event: 'push', fixture: 'push', ref: branch('main'), inputs: { 'sha-length': '12' }, version: 'main-{sha}', tags: ['main-{sha}', 'latest'] },
  { name: 'sha-length 40', event: 'push', fixture: 'push', ref: branch('develop'), inputs: { 'sha-length': '40' }, version: `develop-{sha}`, tags: [`develop-{sha}`] },

  // default branch: input, else payload, else main
  { name: 'default-branch input: develop gets latest', event: 'push', fixture: 'push', ref: branch('develop'), inputs: { 'default-branch': 'develop' }, version: 'develop-{sha}', tags: ['develop-{sha}', 'latest'] },
  { name: 'default-branch input: main then gets no latest', event: 'push', fixture: 'push', ref: branch('main'), inputs: { 'default-branch': 'develop' }, version: 'main-{sha}', tags: ['main-{sha}'] },
  {
    name: "the payload's default branch trunk gets latest",
    event: 'push', fixture: 'push', ref: branch('trunk'), edit: (e) => void (repository(e).default_branch = 'trunk'),
    version: 'trunk-{sha}', tags: ['trunk-{sha}', 'latest'],
  },
  {
    name: "main gets no latest when the payload's default branch is trunk",
    event: 'push', fixture: 'push', ref: branch('main'), edit: (e) => void (repository(e).default_branch = 'trunk'),
    version: 'main-{sha}', tags: ['main-{sha}'],
  },
  {
    name: 'the input wins over the payload',
    event: 'push', fixture: 'push', ref: branch('release'), inputs: { 'default-branch': 'release' }, edit: (e) => void (repository(e).default_branch = 'trunk'),
    version: 'release-{sha}', tags: ['release-{sha}', 'latest'],
  },
  {
    name: 'without input and payload field, main is the default branch',
    event: 'push', fixture: 'push', ref: branch('main'), edit: (e) => void delete repository(e).default_branch,
    version: 'main-{sha}', tags: ['main-{sha}', 'latest'],
  },
  {
    name: 'without input and payload field, trunk is not the default branch',
    event: 'push', fixture: 'push', ref: branch('trunk'), edit: (e) => void delete repository(e).default_branch,
    version: 'trunk-{sha}', tags: ['trunk-{sha}'],
  },

  // pull requests: pr-N and pr-N-<sha> of the commit checked out (the merge commit, or the head), never latest
  { name: 'pull_request #42 with the merge commit checked out', event: 'pull_request', fixture: 'pull_request', ref: EVENTS.pull_request.ref, version: 'pr-42-{sha}', tags: ['pr-42', 'pr-42-{sha}'] },
  {
    name: 'pull_request #42 with its head checked out: the head SHA',
    event: 'pull_request', fixture: 'pull_request', ref: EVENTS.pull_request.ref, checkout: 'head',
    version: 'pr-42-{sha}', tags: ['pr-42', 'pr-42-{sha}'],
  },
  { name: 'pull_request with sha-length 10', event: 'pull_request', fixture: 'pull_request', ref: EVENTS.pull_request.ref, inputs: { 'sha-length': '10' }, version: 'pr-42-{sha}', tags: ['pr-42', 'pr-42-{sha}'] },
  {
    name: 'pull_request_target from the same repository (runs on the base branch main: still no latest)',
    event: 'pull_request_target', fixture: 'pull_request', ref: branch('main'),
    version: 'pr-42-{sha}', tags: ['pr-42', 'pr-42-{sha}'],
  },
  {
    name: 'pull_request from a head branch with odd characters: the branch plays no part',
    event: 'pull_request', fixture: 'pull_request', ref: 'refs/pull/7/merge',
    edit: (e) => {
      const pr = e.pull_request as { number: number; head: { ref: string } };
      e.number = 7;
      pr.number = 7;
      pr.head.ref = '@@/Ärger';
    },
    version: 'pr-7-{sha}', tags: ['pr-7', 'pr-7-{sha}'],
  },
  { name: 'fork pull_request #57: the same tags (they are not pushed)', event: 'pull_request', fixture: 'pull_request_fork', ref: EVENTS.pull_request_fork.ref, version: 'pr-57-{sha}', tags: ['pr-57', 'pr-57-{sha}'] },

  // tag pushes
  { name: 'tag v1.4.2', event: 'push', fixture: 'tag', ref: gitTag('v1.4.2'), version: '1.4.2', tags: ['1.4.2', '1.4', '1'] },
  { name: 'tag 1.4.2 without v', event: 'push', fixture: 'tag', ref: gitTag('1.4.2'), version: '1.4.2', tags: ['1.4.2', '1.4', '1'] },
  { name: 'prerelease v1.2.3-rc.1: the full version only', event: 'push', fixture: 'tag', ref: gitTag('v1.2.3-rc.1'), version: '1.2.3-rc.1', tags: ['1.2.3-rc.1'] },
  { name: 'build metadata v1.2.3+build.5 is dropped', event: 'push', fixture: 'tag', ref: gitTag('v1.2.3+build.5'), version: '1.2.3', tags: ['1.2.3', '1.2', '1'] },
  { name: 'semver 0.x: v0.3.1', event: 'push', fixture: 'tag', ref: gitTag('v0.3.1'), version: '0.3.1', tags: ['0.3.1', '0.3', '0'] },
  { name: 'another tag is sanitised: release/2026-11', event: 'push', fixture: 'tag', ref: gitTag('release/2026-11'), version: 'release-2026-11', tags: ['release-2026-11'] },
  { name: 'invalid semver v1.2 is just a tag', event: 'push', fixture: 'tag', ref: gitTag('v1.2'), version: 'v1.2', tags: ['v1.2'] },
  { name: 'invalid semver v01.2.3 (leading zero) is just a tag', event: 'push', fixture: 'tag', ref: gitTag('v01.2.3'), version: 'v01.2.3', tags: ['v01.2.3'] },
  { name: 'a tag keeps its case and loses its leading - and .', event: 'push', fixture: 'tag', ref: gitTag('-.Nightly+Build'), version: 'Nightly-Build', tags: ['Nightly-Build'] },
  { name: 'a tag on the default branch gets no latest', event: 'push', fixture: 'tag', ref: gitTag('v2.0.0'), inputs: { 'default-branch': 'main' }, version: '2.0.0', tags: ['2.0.0', '2.0', '2'] },

  // workflow_dispatch and schedule behave like a push on their branch
  { name: 'workflow_dispatch on main', event: 'workflow_dispatch', fixture: 'workflow_dispatch', ref: branch('main'), version: 'main-{sha}', tags: ['main-{sha}', 'latest'] },
  { name: 'workflow_dispatch on develop', event: 'workflow_dispatch', fixture: 'workflow_dispatch', ref: branch('develop'), version: 'develop-{sha}', tags: ['develop-{sha}'] },
  { name: 'schedule on main', event: 'schedule', fixture: 'schedule', ref: branch('main'), version: 'main-{sha}', tags: ['main-{sha}', 'latest'] },
  { name: 'schedule on a release branch', event: 'schedule', fixture: 'schedule', ref: branch('release/2026.11'), version: 'release-2026.11-{sha}', tags: ['release-2026.11-{sha}'] },

  // extra-tags on every event, in addition to the row's tags
  { name: 'extra-tags on a push to main', event: 'push', fixture: 'push', ref: branch('main'), inputs: { 'extra-tags': 'stable\nrelease-2026.11\n' }, version: 'main-{sha}', tags: ['main-{sha}', 'latest', 'stable', 'release-2026.11'] },
  { name: 'extra-tags on a pull request', event: 'pull_request', fixture: 'pull_request', ref: EVENTS.pull_request.ref, inputs: { 'extra-tags': 'review' }, version: 'pr-42-{sha}', tags: ['pr-42', 'pr-42-{sha}', 'review'] },
  { name: 'extra-tags on a tag push', event: 'push', fixture: 'tag', ref: gitTag('v1.4.2'), inputs: { 'extra-tags': 'production\ncandidate_1' }, version: '1.4.2', tags: ['1.4.2', '1.4', '1', 'production', 'candidate_1'] },
  { name: 'extra-tags on a schedule', event: 'schedule', fixture: 'schedule', ref: branch('main'), inputs: { 'extra-tags': 'nightly' }, version: 'main-{sha}', tags: ['main-{sha}', 'latest', 'nightly'] },

  // the image: derived lower case, or given
  {
    name: 'an explicit image input names every reference',
    event: 'push', fixture: 'push', ref: branch('develop'), inputs: { image: 'registry.example.com:5000/trading/signals', 'registry-username': 'ci', 'registry-password': 'registry-secret', 'default-branch': 'develop', 'deploy-branches': 'main' },
    image: 'registry.example.com:5000/trading/signals', version: 'develop-{sha}', tags: ['develop-{sha}', 'latest'],
  },
];

let ws: Workspace;

beforeAll(async () => {
  ws = await makeWorkspace({ files: sourceTree([SERVICE]) });
});

afterAll(async () => {
  await ws?.dispose();
});

describe.concurrent('tags, version and image in plan mode, through the runner harness', () => {
  it.each(CASES)('$name', async (c) => {
    const event = payload(c.fixture);
    c.edit?.(event);
    const head = c.checkout === 'head';
    if (head) (event.pull_request as { head: { sha: string } }).head.sha = ws.sha;
    const sha = ws.sha.slice(0, Number(c.inputs?.['sha-length'] ?? '7'));
    const result = await runAction({
      event: c.event,
      payload: event,
      ref: c.ref,
      sha: head ? EVENTS.pull_request.sha : ws.sha,
      workspace: ws.dir,
      inputs: { service: SERVICE, mode: 'plan', ...c.inputs },
      post: false,
    });
    try {
      expect(result.errors, result.stdout).toEqual([]);
      expect(result.stdout).not.toContain('::warning');
      expect(result.code).toBe(0);
      const image = c.image ?? IMAGE;
      const expected = c.tags.map((tag) => tag.replace('{sha}', sha));
      expect(result.outputs.image).toBe(image);
      expect(result.outputs.version).toBe(c.version.replace('{sha}', sha));
      const tags = result.outputs.tags ?? '';
      expect(lines(tags)).toEqual(expected.map((tag) => `${image}:${tag}`).sort());
      // No tag twice, every tag within docker's 128 characters.
      expect(new Set(tags.split('\n')).size).toBe(c.tags.length);
      for (const tag of expected) expect(tag.length).toBeLessThanOrEqual(128);
    } finally {
      await result.dispose();
    }
  });
});

describe('a mixed-case owner', () => {
  it('lower-cases the derived image', async () => {
    const result = await runAction({
      event: 'push',
      payload: payload('push'),
      ref: branch('develop'),
      sha: ws.sha,
      workspace: ws.dir,
      repository: 'FTMO-Labs/Dax-Trading',
      inputs: { service: SERVICE, mode: 'plan' },
      post: false,
    });
    try {
      expect(result.code, result.stdout).toBe(0);
      expect(result.outputs.image).toBe('ghcr.io/ftmo-labs/signal-generation-engine');
      expect(result.outputs.tags).toBe(`ghcr.io/ftmo-labs/signal-generation-engine:develop-${ws.sha.slice(0, 7)}`);
    } finally {
      await result.dispose();
    }
  });
});
