// What the bundle trusts the registry with, through the runner harness and the fake docker (which
// is told which tags the registry holds and with which revision label): immutable tags are never
// overwritten by another commit's image, deploy mode scans every platform of the index it pins,
// and a registry that never answers fails the step within the bound. Expected values follow the
// README ("Tags", "Modes", "Registry calls are bounded in time").

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import {
  EVENTS,
  FIXTURES,
  TRIVY_REPORTS,
  flagValues,
  payload,
  readFakeCalls,
  runWithFakes,
  scanCalls,
  sourceTree,
  startsWith,
  type EventFixture,
  type ToolCall,
} from './support.js';

const SERVICE = 'signal-generation-engine';
const IMAGE = 'ghcr.io/ftmo-labs/signal-generation-engine';
const OTHER = '9e1c0a5d3b7f24680acebdf13579bdf02468ace1';
const CLEAN = path.join(TRIVY_REPORTS, 'report-clean.json');
const THREE_PLATFORMS = 'index-three-platforms.json';

let ws: Workspace;
let tmp: string;
let logs = 0;
const results: ActionResult[] = [];

interface Run {
  result: ActionResult;
  docker: ToolCall[];
  trivy: ToolCall[];
}

async function run(
  fixture: EventFixture,
  sha: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
  event: Record<string, unknown> = payload(fixture),
): Promise<Run> {
  const log = path.join(tmp, `calls-${++logs}.jsonl`);
  const result = await runWithFakes({
    service: SERVICE,
    // A tag push is a `push` event.
    event: fixture === 'tag' ? 'push' : fixture,
    payload: event,
    ref: EVENTS[fixture].ref,
    sha,
    workspace: ws.dir,
    token: 'ghs_RegistryTrustT0ken0123456789abcdef',
    // Build avoidance has its own tests (build-avoidance.test.ts): here a build pushes exactly its tags.
    inputs: { 'skip-unchanged': 'false', ...inputs },
    log,
    reports: { 'linux/amd64': CLEAN, 'linux/arm64': CLEAN, 'linux/s390x': CLEAN },
    env,
  });
  results.push(result);
  const { docker, trivy } = await readFakeCalls(log);
  return { result, docker, trivy };
}

/** The tag the plan makes its version for an event, asked of the bundle in plan mode. */
async function plannedVersion(fixture: EventFixture, sha: string, event: Record<string, unknown>): Promise<string> {
  const planned = await run(fixture, sha, { mode: 'plan' }, {}, event);
  expect(planned.result.code, planned.result.stdout).toBe(0);
  return planned.result.outputs.version ?? '';
}

const builds = (r: Run): ToolCall[] => r.docker.filter((call) => startsWith(call, 'buildx', 'build'));
const creates = (r: Run): ToolCall[] => r.docker.filter((call) => startsWith(call, 'buildx', 'imagetools', 'create'));
const errors = (r: Run): string => r.result.errors.join('\n');

/**
 * pull_request #42 with its head checked out (the workspace's commit is the head; GITHUB_SHA is
 * the fixture's merge commit): the image is then built from, and labelled with, the head.
 */
function pullRequestWithHead(head: string): Record<string, unknown> {
  const event = payload('pull_request');
  (event.pull_request as { head: { sha: string } }).head.sha = head;
  return event;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ftmo-registry-trust-'));
  ws = await makeWorkspace({ files: sourceTree([SERVICE]) });
});

afterAll(async () => {
  for (const result of results) await result.dispose();
  await ws?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

describe('immutable tags are never overwritten by another commit', () => {
  it('a push whose tag names an image of another revision fails before anything is built or pushed', async () => {
    const tag = `main-${ws.sha.slice(0, 7)}`;
    const r = await run('push', ws.sha, {}, { FAKE_DOCKER_TAGS: JSON.stringify({ [tag]: OTHER }) });
    expect(r.result.code).toBe(1);
    expect(errors(r)).toContain(`"${IMAGE}:${tag}"`);
    expect(errors(r)).toContain(OTHER);
    expect(errors(r)).toContain(ws.sha);
    expect(errors(r)).toContain('"push" run of branch "main"');
    expect(builds(r)).toEqual([]);
    expect(creates(r)).toEqual([]);
    expect(r.trivy).toEqual([]);
  });

  it('an existing tag without a revision label is not overwritten either', async () => {
    const tag = `main-${ws.sha.slice(0, 7)}`;
    const r = await run('push', ws.sha, {}, { FAKE_DOCKER_TAGS: JSON.stringify({ [tag]: '' }) });
    expect(r.result.code).toBe(1);
    expect(errors(r)).toContain(`"${IMAGE}:${tag}"`);
    expect(errors(r)).toContain('no revision label');
    expect(builds(r)).toEqual([]);
  });

  it('a re-run of the same commit replaces its own tag', async () => {
    const tag = `main-${ws.sha.slice(0, 7)}`;
    const r = await run('push', ws.sha, {}, { FAKE_DOCKER_TAGS: JSON.stringify({ [tag]: ws.sha }) });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(flagValues(builds(r)[0]?.argv ?? [], '--tag')).toEqual([`${IMAGE}:${tag}`]);
    // The tag was read before the build.
    const read = r.docker.findIndex((call) => startsWith(call, 'buildx', 'imagetools', 'inspect') && call.argv.at(-1) === `${IMAGE}:${tag}`);
    expect(read).toBeGreaterThanOrEqual(0);
    expect(read).toBeLessThan(r.docker.indexOf(builds(r)[0] as ToolCall));
  });

  it('a pull request moves pr-N, but not its commit tag', async () => {
    const head = ws.sha;
    const event = pullRequestWithHead(head);
    const version = await plannedVersion('pull_request', EVENTS.pull_request.sha, event);
    expect(version).toBe(`pr-42-${head.slice(0, 7)}`);
    const moved = await run('pull_request', EVENTS.pull_request.sha, {}, { FAKE_DOCKER_TAGS: JSON.stringify({ 'pr-42': OTHER }) }, event);
    expect(moved.result.code, moved.result.stdout).toBe(0);
    expect(flagValues(builds(moved)[0]?.argv ?? [], '--tag')).toContain(`${IMAGE}:pr-42`);

    const clash = await run('pull_request', EVENTS.pull_request.sha, {}, { FAKE_DOCKER_TAGS: JSON.stringify({ [version]: OTHER }) }, event);
    expect(clash.result.code).toBe(1);
    expect(errors(clash)).toContain(`"${IMAGE}:${version}"`);
    expect(errors(clash)).toContain(OTHER);
    expect(errors(clash)).toContain(head);
    expect(errors(clash)).toContain('"pull_request" run');
    expect(builds(clash)).toEqual([]);
  });

  it('a release moves X.Y and X to the new release after the scan gate, but never X.Y.Z', async () => {
    // 1.4 and 1 name an earlier release's image (another index, another commit).
    const earlier = { '1.4': 'index-three-platforms.json', '1': 'index-three-platforms.json' };
    const moved = await run('tag', ws.sha, {}, { FAKE_DOCKER_TAGS: JSON.stringify({ '1.4': OTHER, '1': OTHER }), FAKE_DOCKER_TAG_INDEXES: JSON.stringify(earlier) });
    expect(moved.result.code, moved.result.stdout).toBe(0);
    expect(flagValues(builds(moved)[0]?.argv ?? [], '--tag').filter((tag) => !tag.includes(':src-'))).toEqual([`${IMAGE}:1.4.2`]);
    const aliases = creates(moved).map((call) => flagValues(call.argv, '--tag')).sort();
    expect(aliases).toEqual([[`${IMAGE}:1`], [`${IMAGE}:1.4`]]);

    const clash = await run('tag', ws.sha, {}, { FAKE_DOCKER_TAGS: JSON.stringify({ '1.4.2': OTHER }) });
    expect(clash.result.code).toBe(1);
    expect(errors(clash)).toContain(`"${IMAGE}:1.4.2" already names an image built from revision "${OTHER}"`);
    expect(errors(clash)).toContain(`"push" run of tag "v1.4.2"`);
    expect(builds(clash)).toEqual([]);
  });

  it('a registry that refuses the read fails closed: the tag is not taken as absent', async () => {
    const r = await run('push', ws.sha, {}, { FAKE_DOCKER_REGISTRY_DENIED: '1' });
    expect(r.result.code).toBe(1);
    expect(errors(r)).toContain(`inspecting "${IMAGE}:main-${ws.sha.slice(0, 7)}" failed`);
    expect(errors(r)).toContain('401 Unauthorized');
    expect(builds(r)).toEqual([]);
  });
});

describe('deploy mode scans every platform of the index it pins', () => {
  it('three platforms and their attestations: exactly the three platforms are scanned, whatever `platforms` says', async () => {
    const tag = `main-${ws.sha.slice(0, 7)}`;
    const digest = `sha256:${createHash('sha256').update(readFileSync(path.join(FIXTURES, 'docker', THREE_PLATFORMS))).digest('hex')}`;
    const r = await run(
      'workflow_dispatch',
      ws.sha,
      { mode: 'deploy', tag, platforms: 'linux/amd64,linux/arm64' },
      { FAKE_DOCKER_TAGS: JSON.stringify({ [tag]: ws.sha }), FAKE_DOCKER_INDEX: THREE_PLATFORMS },
    );
    expect(r.result.code, r.result.stdout).toBe(0);
    // The scans: every `image` call but the one vulnerability-DB download before them.
    const scans = scanCalls(r.trivy);
    expect(scans.map((call) => flagValues(call.argv, '--platform')[0]).sort()).toEqual(['linux/amd64', 'linux/arm64', 'linux/s390x']);
    for (const call of scans) expect(call.argv.at(-1)).toBe(`${IMAGE}@${digest}`);
    expect(r.result.outputs.digest).toBe(digest);
    expect(Object.keys(JSON.parse(r.result.outputs['platform-digests'] ?? '{}') as object).sort()).toEqual([
      'linux/amd64',
      'linux/arm64',
      'linux/s390x',
    ]);
    expect(builds(r)).toEqual([]);
  });
});

describe('a registry that never answers', () => {
  it('a hanging login fails within the bound, naming the operation and the host; nothing is built', async () => {
    const r = await run('push', ws.sha, {}, { FAKE_DOCKER_HANG: 'login', FTMO_REGISTRY_TIMEOUT_SECONDS: '1' });
    expect(r.result.code).toBe(1);
    expect(errors(r)).toContain('docker login at the registry "ghcr.io" did not finish within 1 s and was stopped');
    expect(r.docker.some((call) => startsWith(call, 'login'))).toBe(true);
    expect(builds(r)).toEqual([]);
    expect(r.trivy).toEqual([]);
  });

  it('a hanging tag read before the build fails within the bound; nothing is built', async () => {
    const r = await run('push', ws.sha, {}, { FAKE_DOCKER_HANG: 'imagetools', FTMO_REGISTRY_TIMEOUT_SECONDS: '1' });
    expect(r.result.code).toBe(1);
    expect(errors(r)).toContain(
      `docker buildx imagetools inspect of "${IMAGE}:main-${ws.sha.slice(0, 7)}" at the registry "ghcr.io" did not finish within 1 s and was stopped`,
    );
    expect(builds(r)).toEqual([]);
  });
});
