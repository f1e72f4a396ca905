// The fan-out through the bundle, with the fake docker holding the legs' pushes by their SHA-256
// (FAKE_DOCKER_LEGS): a leg pushed by digest tags, scans and deploys nothing and reports its
// platform; a merge checks every reported digest, makes one index under the immutable tags and
// then scans, promotes and pins as auto mode does. A missing, duplicated, foreign or unknown
// digest is refused naming it, with nothing tagged. Expected values follow the README ("Fan-out").

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import {
  EVENTS,
  FAKE_BIN,
  FAKE_TRIVY,
  FIXTURES,
  OVERLAY,
  TRIVY_REPORTS,
  branchTip,
  fakeIndexDigest,
  flagValues,
  isDockerCall,
  isTrivyCall,
  payload,
  readCalls,
  showFile,
  sourceTree,
  startsWith,
  type ToolCall,
} from './support.js';

const SERVICE = 'signal-generation-engine';
const IMAGE = 'ghcr.io/ftmo-labs/signal-generation-engine';
const CLEAN = path.join(TRIVY_REPORTS, 'report-clean.json');

function fixtureDigest(name: string): string {
  return `sha256:${createHash('sha256').update(readFileSync(path.join(FIXTURES, 'docker', name))).digest('hex')}`;
}
/** What the amd64 and arm64 legs pushed: one-platform indexes with an attestation each. */
const AMD64_LEG = fixtureDigest('leg-amd64.json');
const ARM64_LEG = fixtureDigest('leg-arm64.json');
const UNKNOWN = `sha256:${'e'.repeat(64)}`;

let ws: Workspace;
let tmp: string;
let logs = 0;
const results: ActionResult[] = [];

interface Run {
  result: ActionResult;
  docker: ToolCall[];
  trivy: ToolCall[];
}

async function run(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<Run> {
  const log = path.join(tmp, `calls-${++logs}.jsonl`);
  const result = await runAction({
    event: 'push',
    payload: payload('push'),
    ref: EVENTS.push.ref,
    sha: ws.sha,
    workspace: ws.dir,
    token: 'ghs_FanOutT0ken0123456789abcdefABCDEF',
    inputs: { service: SERVICE, context: `services/${SERVICE}`, 'trivy-path': FAKE_TRIVY, ...inputs },
    env: {
      PATH: `${FAKE_BIN}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      FAKE_DOCKER_LOG: log,
      TRIVY_FAKE_LOG: log,
      FAKE_DOCKER_PLATFORMS: 'linux/amd64, linux/arm64',
      FAKE_DOCKER_TAGS: '{}',
      FAKE_DOCKER_LEGS: '1',
      // What docker/setup-buildx-action creates: the default docker driver cannot push by digest.
      FAKE_DOCKER_DRIVER: 'docker-container',
      TRIVY_FAKE_REPORTS: JSON.stringify({ 'linux/amd64': CLEAN, 'linux/arm64': CLEAN }),
      ...env,
    },
  });
  results.push(result);
  const calls = await readCalls(log);
  return { result, docker: calls.filter(isDockerCall), trivy: calls.filter(isTrivyCall) };
}

// Every tag the registry is asked about exists, with an image of this commit (a re-run), so the
// merge's tag reads back the fake's index.json.
const merge = (digests: string): Promise<Run> => run({ mode: 'merge', digests }, { FAKE_DOCKER_TAGS: '', FAKE_DOCKER_IMAGE_REVISION: ws.sha });
const creates = (r: Run): ToolCall[] => r.docker.filter((call) => startsWith(call, 'buildx', 'imagetools', 'create'));
const builds = (r: Run): ToolCall[] => r.docker.filter((call) => startsWith(call, 'buildx', 'build'));
const errors = (r: Run): string => r.result.errors.join('\n');

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ftmo-fan-out-'));
  ws = await makeWorkspace({ files: sourceTree([SERVICE]) });
});

afterAll(async () => {
  for (const result of results) await result.dispose();
  await ws?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

describe('push: by-digest (one leg of a fan-out)', () => {
  it('builds its platform untagged, outputs platform -> pushed digest, and tags, scans and deploys nothing', async () => {
    const r = await run({ push: 'by-digest', platforms: 'linux/arm64', cache: 'gha' }, { FAKE_DOCKER_INDEX: 'leg-arm64.json' });
    expect(r.result.code, r.result.stdout).toBe(0);
    const [build] = builds(r);
    expect(flagValues(build?.argv ?? [], '--tag')).toEqual([]);
    expect(flagValues(build?.argv ?? [], '--output')).toEqual([`type=image,name=${IMAGE},push-by-digest=true,name-canonical=true,push=true`]);
    expect(flagValues(build?.argv ?? [], '--platform')).toEqual(['linux/arm64']);
    expect(flagValues(build?.argv ?? [], '--cache-from')).toEqual(['type=gha,scope=signal-generation-engine-linux-arm64']);
    // What it pushed: an index of the arm64 image and its attestation, reported whole.
    expect(JSON.parse(r.result.outputs['platform-digests'] ?? '')).toEqual({ 'linux/arm64': ARM64_LEG });
    expect(r.result.outputs.digest).toBe(ARM64_LEG);
    expect(creates(r)).toEqual([]);
    // No tag was even read: nothing is tagged by a leg.
    expect(r.docker.filter((call) => startsWith(call, 'buildx', 'imagetools', 'inspect') && !call.argv.at(-1)?.includes('@'))).toEqual([]);
    expect(r.trivy).toEqual([]);
    expect(r.result.outputs['scan-result']).toBe('skipped');
    expect(r.result.outputs['manifests-changed']).toBe('false');
    expect(branchTip(ws.remote, 'manifests')).toBe('');
  });

  it('a leg of several platforms reports the image of each', async () => {
    const r = await run({ push: 'by-digest', platforms: 'linux/amd64,linux/arm64', mode: 'build' });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(JSON.parse(r.result.outputs['platform-digests'] ?? '')).toEqual({
      'linux/amd64': `sha256:${'1'.repeat(64)}`,
      'linux/arm64': `sha256:${'2'.repeat(64)}`,
    });
    expect(r.result.outputs.digest).toBe(fakeIndexDigest());
    expect(creates(r)).toEqual([]);
  });

  it("fails before building on the default builder, whose docker driver cannot push by digest", async () => {
    const r = await run({ push: 'by-digest', platforms: 'linux/arm64' }, { FAKE_DOCKER_DRIVER: 'docker' });
    expect(r.result.code).toBe(1);
    expect(errors(r)).toContain('push: by-digest needs a builder of the docker-container');
    expect(errors(r)).toContain('docker/setup-buildx-action');
    expect(builds(r)).toEqual([]);
  });

  it('is refused in merge mode, naming the input', async () => {
    const r = await run({ push: 'by-digest', mode: 'merge', digests: `{"linux/amd64":"${AMD64_LEG}","linux/arm64":"${ARM64_LEG}"}` });
    expect(r.result.code).toBe(1);
    expect(errors(r)).toContain("Input 'push': by-digest is for the per-platform build legs");
    expect(r.docker).toEqual([]);
  });
});

describe('mode: merge', () => {
  it('checks both legs, tags one index of them, scans each platform, promotes latest and pins the index digest', async () => {
    const version = `main-${ws.sha.slice(0, 7)}`;
    const r = await merge(`{"linux/amd64":"${AMD64_LEG}"}\n{"linux/arm64":"${ARM64_LEG}"}\n`);
    expect(r.result.code, r.result.stdout + r.result.stderr).toBe(0);
    expect(builds(r)).toEqual([]);
    const [create, promote, ...more] = creates(r);
    expect(more).toEqual([]);
    expect(flagValues(create?.argv ?? [], '--tag')).toEqual([`${IMAGE}:${version}`]);
    expect(create?.argv.slice(-2)).toEqual([`${IMAGE}@${AMD64_LEG}`, `${IMAGE}@${ARM64_LEG}`]);
    expect(flagValues(promote?.argv ?? [], '--tag')).toEqual([`${IMAGE}:latest`]);
    // The index the tag names (the fake's index.json) lists the legs' platform images.
    expect(r.result.outputs.digest).toBe(fakeIndexDigest());
    expect(JSON.parse(r.result.outputs['platform-digests'] ?? '')).toEqual({
      'linux/amd64': `sha256:${'1'.repeat(64)}`,
      'linux/arm64': `sha256:${'2'.repeat(64)}`,
    });
    const scans = r.trivy.filter((call) => call.argv[0] === 'image' && !call.argv.includes('--download-db-only'));
    expect(scans.map((call) => flagValues(call.argv, '--platform')[0]).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect(r.result.outputs['scan-result']).toBe('passed');
    expect(r.result.outputs['manifests-changed']).toBe('true');
    const tip = branchTip(ws.remote, 'manifests');
    expect(r.result.outputs['manifests-commit']).toBe(tip);
    expect(showFile(ws.remote, tip, OVERLAY)).toContain(`digest: ${fakeIndexDigest()}`);
  });

  it.each([
    ['a missing platform', `{"linux/amd64":"${AMD64_LEG}"}`, 'has no digest for a platform', 'linux/arm64'],
    ['a duplicated platform', `{"linux/amd64":"${AMD64_LEG}"}\n{"linux/amd64":"${AMD64_LEG}"}\n{"linux/arm64":"${ARM64_LEG}"}`, 'must name each platform once', 'linux/amd64'],
    ['a platform not asked for', `{"linux/amd64":"${AMD64_LEG}","linux/arm64":"${ARM64_LEG}","linux/s390x":"${ARM64_LEG}"}`, 'does not ask for', 'linux/s390x'],
    ['a digest of another repository', `{"linux/amd64":"ghcr.io/ftmo-labs/other@${AMD64_LEG}","linux/arm64":"${ARM64_LEG}"}`, 'belongs to another repository', `ghcr.io/ftmo-labs/other@${AMD64_LEG}`],
  ])('%s is refused before any docker call', async (_name, digests, rule, named) => {
    const r = await merge(digests);
    expect(r.result.code).toBe(1);
    expect(errors(r)).toContain("Input 'digests'");
    expect(errors(r)).toContain(rule);
    expect(errors(r)).toContain(named);
    expect(r.docker).toEqual([]);
  });

  it('a digest the registry does not have is refused, naming it, with nothing tagged', async () => {
    const r = await merge(`{"linux/amd64":"${AMD64_LEG}","linux/arm64":"${UNKNOWN}"}`);
    expect(r.result.code).toBe(1);
    expect(errors(r)).toContain(`the digest for linux/arm64, "${IMAGE}@${UNKNOWN}", does not exist in the registry`);
    expect(creates(r)).toEqual([]);
    expect(r.trivy).toEqual([]);
  });

  it('a digest that names another platform is refused, with nothing tagged', async () => {
    const r = await merge(`{"linux/amd64":"${ARM64_LEG}","linux/arm64":"${AMD64_LEG}"}`);
    expect(r.result.code).toBe(1);
    expect(errors(r)).toContain(`the digest for linux/amd64, "${IMAGE}@${ARM64_LEG}", names the platforms linux/arm64, not linux/amd64 alone`);
    expect(creates(r)).toEqual([]);
  });
});
