// The contract's tag table, run through the runner harness on the bundle in `mode: plan`: for
// every event the action is used with, the `tags`, `version` and `image` outputs. Expected values
// are written out from the contract (CONTRACT.md, "Tags").

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import { EVENTS, lines, payload, sourceTree, type EventFixture } from './support.js';

const SERVICE = 'signal-generation-engine';
const IMAGE = 'ghcr.io/ftmo-labs/signal-generation-engine';
const PUSH_SHA = EVENTS.push.sha; // 0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e
const TAG_SHA = EVENTS.tag.sha; // 5e9b60f69165f32f8930843ca718e10fdee30c52

interface Case {
  name: string;
  event: string;
  fixture: EventFixture;
  ref: string;
  sha: string;
  inputs?: Record<string, string>;
  /** Changes to a copy of the fixture payload. */
  edit?: (event: Record<string, unknown>) => void;
  image?: string;
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
  { name: 'push to main (the default branch)', event: 'push', fixture: 'push', ref: branch('main'), sha: PUSH_SHA, version: 'main-0ccf1ae', tags: ['main-0ccf1ae', 'latest'] },
  { name: 'push to a feature branch with a slash', event: 'push', fixture: 'push', ref: branch('feature/risk-limits'), sha: PUSH_SHA, version: 'feature-risk-limits-0ccf1ae', tags: ['feature-risk-limits-0ccf1ae'] },
  { name: 'push to develop', event: 'push', fixture: 'push', ref: branch('develop'), sha: PUSH_SHA, version: 'develop-0ccf1ae', tags: ['develop-0ccf1ae'] },
  { name: 'branch case is kept', event: 'push', fixture: 'push', ref: branch('Feature/ABC_x'), sha: PUSH_SHA, version: 'Feature-ABC_x-0ccf1ae', tags: ['Feature-ABC_x-0ccf1ae'] },
  // "/Ü" is one run of foreign characters (one -), "ï" another; the dot is kept
  { name: 'non-ASCII characters in a branch', event: 'push', fixture: 'push', ref: branch('feat/Ünïcode.x'), sha: PUSH_SHA, version: 'feat-n-code.x-0ccf1ae', tags: ['feat-n-code.x-0ccf1ae'] },
  { name: 'a leading character outside the set leaves no leading dash', event: 'push', fixture: 'push', ref: branch('@hotfix/db+pool'), sha: PUSH_SHA, version: 'hotfix-db-pool-0ccf1ae', tags: ['hotfix-db-pool-0ccf1ae'] },
  // '_' and '-' are in the set: a leading '_' and a run of dashes stay
  { name: 'underscores and dashes are kept', event: 'push', fixture: 'push', ref: branch('__x/--y'), sha: PUSH_SHA, version: '__x---y-0ccf1ae', tags: ['__x---y-0ccf1ae'] },
  // 128 characters at most: 120 of the branch, '-', 7 of the SHA
  { name: 'a 200-character branch is cut to a 128-character tag', event: 'push', fixture: 'push', ref: branch('b'.repeat(200)), sha: PUSH_SHA, version: `${'b'.repeat(120)}-0ccf1ae`, tags: [`${'b'.repeat(120)}-0ccf1ae`] },
  {
    name: 'a 200-character branch with sha-length 40 keeps the whole SHA',
    event: 'push', fixture: 'push', ref: branch(`team/${'c'.repeat(195)}`), sha: PUSH_SHA, inputs: { 'sha-length': '40' },
    version: `team-${'c'.repeat(82)}-${PUSH_SHA}`, tags: [`team-${'c'.repeat(82)}-${PUSH_SHA}`],
  },

  // sha-length
  { name: 'sha-length 12', event: 'push', fixture: 'push', ref: branch('main'), sha: PUSH_SHA, inputs: { 'sha-length': '12' }, version: 'main-0ccf1ae1bf4c', tags: ['main-0ccf1ae1bf4c', 'latest'] },
  { name: 'sha-length 40', event: 'push', fixture: 'push', ref: branch('develop'), sha: PUSH_SHA, inputs: { 'sha-length': '40' }, version: `develop-${PUSH_SHA}`, tags: [`develop-${PUSH_SHA}`] },

  // default branch: input, else payload, else main
  { name: 'default-branch input: develop gets latest', event: 'push', fixture: 'push', ref: branch('develop'), sha: PUSH_SHA, inputs: { 'default-branch': 'develop' }, version: 'develop-0ccf1ae', tags: ['develop-0ccf1ae', 'latest'] },
  { name: 'default-branch input: main then gets no latest', event: 'push', fixture: 'push', ref: branch('main'), sha: PUSH_SHA, inputs: { 'default-branch': 'develop' }, version: 'main-0ccf1ae', tags: ['main-0ccf1ae'] },
  {
    name: "the payload's default branch trunk gets latest",
    event: 'push', fixture: 'push', ref: branch('trunk'), sha: PUSH_SHA, edit: (e) => void (repository(e).default_branch = 'trunk'),
    version: 'trunk-0ccf1ae', tags: ['trunk-0ccf1ae', 'latest'],
  },
  {
    name: "main gets no latest when the payload's default branch is trunk",
    event: 'push', fixture: 'push', ref: branch('main'), sha: PUSH_SHA, edit: (e) => void (repository(e).default_branch = 'trunk'),
    version: 'main-0ccf1ae', tags: ['main-0ccf1ae'],
  },
  {
    name: 'the input wins over the payload',
    event: 'push', fixture: 'push', ref: branch('release'), sha: PUSH_SHA, inputs: { 'default-branch': 'release' }, edit: (e) => void (repository(e).default_branch = 'trunk'),
    version: 'release-0ccf1ae', tags: ['release-0ccf1ae', 'latest'],
  },
  {
    name: 'without input and payload field, main is the default branch',
    event: 'push', fixture: 'push', ref: branch('main'), sha: PUSH_SHA, edit: (e) => void delete repository(e).default_branch,
    version: 'main-0ccf1ae', tags: ['main-0ccf1ae', 'latest'],
  },
  {
    name: 'without input and payload field, trunk is not the default branch',
    event: 'push', fixture: 'push', ref: branch('trunk'), sha: PUSH_SHA, edit: (e) => void delete repository(e).default_branch,
    version: 'trunk-0ccf1ae', tags: ['trunk-0ccf1ae'],
  },

  // pull requests: pr-N and <head branch>-<head sha>, never latest
  { name: 'pull_request #42 uses the head SHA, not the merge commit', event: 'pull_request', fixture: 'pull_request', ref: EVENTS.pull_request.ref, sha: EVENTS.pull_request.sha, version: 'feature-risk-limits-e84cc64', tags: ['pr-42', 'feature-risk-limits-e84cc64'] },
  { name: 'pull_request with sha-length 10', event: 'pull_request', fixture: 'pull_request', ref: EVENTS.pull_request.ref, sha: EVENTS.pull_request.sha, inputs: { 'sha-length': '10' }, version: 'feature-risk-limits-e84cc64499', tags: ['pr-42', 'feature-risk-limits-e84cc64499'] },
  {
    name: 'pull_request_target from the same repository (runs on the base branch main: still no latest)',
    event: 'pull_request_target', fixture: 'pull_request', ref: branch('main'), sha: '9bf9df18db7e66a582c4dbb5dde49694c3df8805',
    version: 'feature-risk-limits-e84cc64', tags: ['pr-42', 'feature-risk-limits-e84cc64'],
  },
  {
    name: 'pull_request from a head branch with odd characters',
    event: 'pull_request', fixture: 'pull_request', ref: 'refs/pull/7/merge', sha: EVENTS.pull_request.sha,
    edit: (e) => {
      const pr = e.pull_request as { number: number; head: { ref: string } };
      e.number = 7;
      pr.number = 7;
      pr.head.ref = '@@/Ärger';
    },
    version: 'rger-e84cc64', tags: ['pr-7', 'rger-e84cc64'],
  },
  { name: 'fork pull_request #57: the same tags (they are not pushed)', event: 'pull_request', fixture: 'pull_request_fork', ref: EVENTS.pull_request_fork.ref, sha: EVENTS.pull_request_fork.sha, version: 'fix-retry-typo-9a6d6fe', tags: ['pr-57', 'fix-retry-typo-9a6d6fe'] },

  // tag pushes
  { name: 'tag v1.4.2', event: 'push', fixture: 'tag', ref: gitTag('v1.4.2'), sha: TAG_SHA, version: '1.4.2', tags: ['1.4.2', '1.4', '1'] },
  { name: 'tag 1.4.2 without v', event: 'push', fixture: 'tag', ref: gitTag('1.4.2'), sha: TAG_SHA, version: '1.4.2', tags: ['1.4.2', '1.4', '1'] },
  { name: 'prerelease v1.2.3-rc.1: the full version only', event: 'push', fixture: 'tag', ref: gitTag('v1.2.3-rc.1'), sha: TAG_SHA, version: '1.2.3-rc.1', tags: ['1.2.3-rc.1'] },
  { name: 'build metadata v1.2.3+build.5 is dropped', event: 'push', fixture: 'tag', ref: gitTag('v1.2.3+build.5'), sha: TAG_SHA, version: '1.2.3', tags: ['1.2.3', '1.2', '1'] },
  { name: 'semver 0.x: v0.3.1', event: 'push', fixture: 'tag', ref: gitTag('v0.3.1'), sha: TAG_SHA, version: '0.3.1', tags: ['0.3.1', '0.3', '0'] },
  { name: 'another tag is sanitised: release/2026-11', event: 'push', fixture: 'tag', ref: gitTag('release/2026-11'), sha: TAG_SHA, version: 'release-2026-11', tags: ['release-2026-11'] },
  { name: 'invalid semver v1.2 is just a tag', event: 'push', fixture: 'tag', ref: gitTag('v1.2'), sha: TAG_SHA, version: 'v1.2', tags: ['v1.2'] },
  { name: 'invalid semver v01.2.3 (leading zero) is just a tag', event: 'push', fixture: 'tag', ref: gitTag('v01.2.3'), sha: TAG_SHA, version: 'v01.2.3', tags: ['v01.2.3'] },
  { name: 'a tag keeps its case and loses its leading - and .', event: 'push', fixture: 'tag', ref: gitTag('-.Nightly+Build'), sha: TAG_SHA, version: 'Nightly-Build', tags: ['Nightly-Build'] },
  { name: 'a tag on the default branch gets no latest', event: 'push', fixture: 'tag', ref: gitTag('v2.0.0'), sha: TAG_SHA, inputs: { 'default-branch': 'main' }, version: '2.0.0', tags: ['2.0.0', '2.0', '2'] },

  // workflow_dispatch and schedule behave like a push on their branch
  { name: 'workflow_dispatch on main', event: 'workflow_dispatch', fixture: 'workflow_dispatch', ref: branch('main'), sha: PUSH_SHA, version: 'main-0ccf1ae', tags: ['main-0ccf1ae', 'latest'] },
  { name: 'workflow_dispatch on develop', event: 'workflow_dispatch', fixture: 'workflow_dispatch', ref: branch('develop'), sha: PUSH_SHA, version: 'develop-0ccf1ae', tags: ['develop-0ccf1ae'] },
  { name: 'schedule on main', event: 'schedule', fixture: 'schedule', ref: branch('main'), sha: PUSH_SHA, version: 'main-0ccf1ae', tags: ['main-0ccf1ae', 'latest'] },
  { name: 'schedule on a release branch', event: 'schedule', fixture: 'schedule', ref: branch('release/2026.11'), sha: PUSH_SHA, version: 'release-2026.11-0ccf1ae', tags: ['release-2026.11-0ccf1ae'] },

  // extra-tags on every event, in addition to the row's tags
  { name: 'extra-tags on a push to main', event: 'push', fixture: 'push', ref: branch('main'), sha: PUSH_SHA, inputs: { 'extra-tags': 'stable\nrelease-2026.11\n' }, version: 'main-0ccf1ae', tags: ['main-0ccf1ae', 'latest', 'stable', 'release-2026.11'] },
  { name: 'extra-tags on a pull request', event: 'pull_request', fixture: 'pull_request', ref: EVENTS.pull_request.ref, sha: EVENTS.pull_request.sha, inputs: { 'extra-tags': 'review' }, version: 'feature-risk-limits-e84cc64', tags: ['pr-42', 'feature-risk-limits-e84cc64', 'review'] },
  { name: 'extra-tags on a tag push', event: 'push', fixture: 'tag', ref: gitTag('v1.4.2'), sha: TAG_SHA, inputs: { 'extra-tags': 'production\ncandidate_1' }, version: '1.4.2', tags: ['1.4.2', '1.4', '1', 'production', 'candidate_1'] },
  { name: 'extra-tags on a schedule', event: 'schedule', fixture: 'schedule', ref: branch('main'), sha: PUSH_SHA, inputs: { 'extra-tags': 'nightly' }, version: 'main-0ccf1ae', tags: ['main-0ccf1ae', 'latest', 'nightly'] },

  // the image: derived lower case, or given
  {
    name: 'an explicit image input names every reference',
    event: 'push', fixture: 'push', ref: branch('develop'), sha: PUSH_SHA, inputs: { image: 'registry.example.com:5000/trading/signals', 'default-branch': 'develop', 'deploy-branches': 'main' },
    image: 'registry.example.com:5000/trading/signals', version: 'develop-0ccf1ae', tags: ['develop-0ccf1ae', 'latest'],
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
    const result = await runAction({
      event: c.event,
      payload: event,
      ref: c.ref,
      sha: c.sha,
      workspace: ws.dir,
      inputs: { service: SERVICE, mode: 'plan', ...c.inputs },
      post: false,
    });
    try {
      expect(result.errors, result.stdout).toEqual([]);
      expect(result.code).toBe(0);
      const image = c.image ?? IMAGE;
      expect(result.outputs.image).toBe(image);
      expect(result.outputs.version).toBe(c.version);
      const tags = result.outputs.tags ?? '';
      expect(lines(tags)).toEqual(c.tags.map((tag) => `${image}:${tag}`).sort());
      // No tag twice, every tag within docker's 128 characters.
      expect(new Set(tags.split('\n')).size).toBe(c.tags.length);
      for (const tag of c.tags) expect(tag.length).toBeLessThanOrEqual(128);
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
      sha: PUSH_SHA,
      workspace: ws.dir,
      repository: 'FTMO-Labs/Dax-Trading',
      inputs: { service: SERVICE, mode: 'plan' },
      post: false,
    });
    try {
      expect(result.code, result.stdout).toBe(0);
      expect(result.outputs.image).toBe('ghcr.io/ftmo-labs/signal-generation-engine');
      expect(result.outputs.tags).toBe('ghcr.io/ftmo-labs/signal-generation-engine:develop-0ccf1ae');
    } finally {
      await result.dispose();
    }
  });
});
