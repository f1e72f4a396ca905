// The fan-out through the bundle, with the fake docker holding the legs' pushes by their SHA-256
// (FAKE_DOCKER_LEGS): a leg pushed by digest tags, scans and deploys nothing and reports its
// platform; a merge checks every reported digest, makes one index under the immutable tags and
// then scans, promotes and pins as auto mode does. A missing, duplicated, foreign or unknown
// digest is refused naming it, with nothing tagged. Expected values follow the README ("Fan-out").
// Last, two twin repositories with the same commit: a single-job build in one, two legs and a merge
// in the other, which must end in the same tags, `latest`, digest pin and manifests commit.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import {
  EVENTS,
  FAKE_PLATFORM_DIGESTS,
  FIXTURES,
  OVERLAY,
  STATE_FILE,
  TRIVY_REPORTS,
  branchTip,
  fakeIndexDigest,
  flagValues,
  git,
  payload,
  readFakeCalls,
  runWithFakes,
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

/** A checkout of a commit: the workspace directory and the commit checked out there. */
interface Checkout {
  dir: string;
  sha: string;
}

async function run(inputs: Record<string, string>, env: Record<string, string> = {}, at: Checkout = ws): Promise<Run> {
  const log = path.join(tmp, `calls-${++logs}.jsonl`);
  const result = await runWithFakes({
    service: SERVICE,
    event: 'push',
    payload: payload('push'),
    ref: EVENTS.push.ref,
    sha: at.sha,
    workspace: at.dir,
    token: 'ghs_FanOutT0ken0123456789abcdefABCDEF',
    inputs,
    log,
    reports: { 'linux/amd64': CLEAN, 'linux/arm64': CLEAN },
    env: {
      FAKE_DOCKER_LEGS: '1',
      // What docker/setup-buildx-action creates: the default docker driver cannot push by digest.
      FAKE_DOCKER_DRIVER: 'docker-container',
      ...env,
    },
  });
  results.push(result);
  const { docker, trivy } = await readFakeCalls(log);
  return { result, docker, trivy };
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

describe('a fan-out ends where a single-job build of the same commit ends', () => {
  const LATEST = `${IMAGE}:latest`;
  // The fake registry keeps nothing between calls: the index a build's push reports and the one
  // a tag names are both FAKE_DOCKER_INDEX. A real `imagetools create` of the legs gives the
  // single build's index digest only when the legs pushed byte for byte what the single build
  // pushed (a reproducible build), so the fake is told to report the same index, index.json
  // (which lists the legs' platform images), on both sides. What is compared is then which digest
  // each path tags, promotes and pins, not how a registry computes it.
  const SAME_INDEX = { FAKE_DOCKER_INDEX: 'index.json' };
  const DIGEST = fakeIndexDigest();
  const FAN_OUT_RUN = '4243';

  let source: Workspace;
  let fanOutRemote: string;
  let version: string;
  let single: Run;
  let merged: Run;

  /** A second bare origin holding the same commits as `remote`, and a checkout of it as actions/checkout leaves it. */
  function twin(remote: string, name: string): Checkout & { remote: string } {
    const bare = path.join(tmp, `${name}.git`);
    const dir = path.join(tmp, name);
    git(tmp, 'clone', '--quiet', '--bare', remote, bare);
    git(tmp, 'clone', '--quiet', '--depth', '1', '--branch', 'main', `file://${bare}`, dir);
    git(dir, 'remote', 'set-url', 'origin', bare);
    return { dir, remote: bare, sha: git(dir, 'rev-parse', 'HEAD') };
  }

  beforeAll(async () => {
    source = await makeWorkspace({ files: sourceTree([SERVICE]) });
    const fanOut = twin(source.remote, 'fan-out-twin');
    fanOutRemote = fanOut.remote;
    expect(fanOut.sha).toBe(source.sha);
    version = `main-${source.sha.slice(0, 7)}`;

    // (a) One job builds both platforms, in a registry that holds none of this service's tags.
    // The fan-out takes no part in build avoidance (its legs tag nothing, its merge builds
    // nothing), so neither does this build: with skip-unchanged on it would also push
    // src-<key>, build avoidance's tag beside the run's own (README, "Build avoidance").
    single = await run({ 'skip-unchanged': 'false' }, SAME_INDEX, source);
    // (b) One leg per platform, each pushing its one-platform index by digest ...
    const amd64 = await run({ push: 'by-digest', platforms: 'linux/amd64' }, { FAKE_DOCKER_INDEX: 'leg-amd64.json' }, fanOut);
    const arm64 = await run({ push: 'by-digest', platforms: 'linux/arm64' }, { FAKE_DOCKER_INDEX: 'leg-arm64.json' }, fanOut);
    for (const leg of [amd64, arm64]) expect(leg.result.code, leg.result.stdout).toBe(0);
    // ... then the merge of their outputs, one per line as the artefacts bring them, in another
    // run. The stateless fake cannot remember the tag the merge makes, so the registry is declared
    // to hold it (an image of this commit) and still none of the others, `latest` included.
    const digests = [amd64, arm64].map((leg) => leg.result.outputs['platform-digests']).join('\n');
    merged = await run(
      { mode: 'merge', digests },
      { ...SAME_INDEX, FAKE_DOCKER_TAGS: JSON.stringify({ [version]: source.sha }), GITHUB_RUN_ID: FAN_OUT_RUN },
      fanOut,
    );
  }, 120_000);

  afterAll(async () => {
    await source?.dispose();
  });

  const both = (): [string, Run][] => [
    ['single', single],
    ['merge', merged],
  ];

  it('both succeed with the same version, tags and digest outputs, and push the same immutable tags', () => {
    for (const [name, r] of both()) expect(r.result.code, `${name}: ${r.result.stdout}`).toBe(0);
    expect(merged.result.outputs.version).toBe(single.result.outputs.version);
    expect(single.result.outputs.version).toBe(version);
    expect(merged.result.outputs.tags).toBe(single.result.outputs.tags);
    expect(single.result.outputs.tags?.split('\n')).toContain(`${IMAGE}:${version}`);
    // The tags the build pushed are exactly the tags the merge's index was made under.
    const [build] = builds(single);
    const [index] = creates(merged);
    expect(flagValues(index?.argv ?? [], '--tag')).toEqual(flagValues(build?.argv ?? [], '--tag'));
    expect(flagValues(build?.argv ?? [], '--tag')).toEqual([`${IMAGE}:${version}`]);
    expect(builds(merged)).toEqual([]);
    for (const [, r] of both()) {
      expect(r.result.outputs.digest).toBe(DIGEST);
      expect(JSON.parse(r.result.outputs['platform-digests'] ?? '')).toEqual(FAKE_PLATFORM_DIGESTS);
      expect(r.result.outputs['scan-result']).toBe('passed');
    }
  });

  it('both promote latest, and only latest, to the index digest', () => {
    const promotions = both().map(([, r]) => creates(r).filter((call) => flagValues(call.argv, '--tag').includes(LATEST)));
    const [fromSingle, fromMerge] = promotions;
    expect(fromSingle).toHaveLength(1);
    expect(fromMerge?.map((call) => call.argv)).toEqual(fromSingle?.map((call) => call.argv));
    expect(flagValues(fromSingle?.[0]?.argv ?? [], '--tag')).toEqual([LATEST]);
    expect(fromSingle?.[0]?.argv.at(-1)).toBe(`${IMAGE}@${DIGEST}`);
  });

  it('both make one manifests commit with the same message (but its Run: line), overlay bytes and pin', () => {
    const tips = [branchTip(source.remote, 'manifests'), branchTip(fanOutRemote, 'manifests')] as const;
    const [singleTip, mergeTip] = tips;
    for (const [i, [name, r]] of both().entries()) {
      expect(r.result.outputs['manifests-changed'], name).toBe('true');
      expect(r.result.outputs['manifests-commit'], name).toBe(tips[i]);
    }
    const singleCommit = manifestsCommit(source.remote, singleTip);
    const mergeCommit = manifestsCommit(fanOutRemote, mergeTip);
    expect(singleCommit.parents).toBe(0);
    expect(mergeCommit.parents).toBe(0);
    expect(mergeCommit.subject).toBe(singleCommit.subject);
    expect(singleCommit.subject).toBe(`deploy(${SERVICE}): ${version}`);
    const withoutRun = (body: string[]): string[] => body.filter((line) => !line.startsWith('Run: '));
    expect(withoutRun(mergeCommit.body)).toEqual(withoutRun(singleCommit.body));
    expect(singleCommit.body).toContain(`Digest: ${DIGEST}`);
    expect(singleCommit.body).toContain(`Source-Commit: ${source.sha}`);
    // The Run: lines differ as the runs do: what is left out above is only that.
    expect(singleCommit.body).toContain('Run: https://github.com/Ftmo-Labs/dax-trading/actions/runs/4242');
    expect(mergeCommit.body).toContain(`Run: https://github.com/Ftmo-Labs/dax-trading/actions/runs/${FAN_OUT_RUN}`);

    expect(showFile(fanOutRemote, mergeTip, OVERLAY)).toBe(showFile(source.remote, singleTip, OVERLAY));
    const entry = (remote: string, tip: string): unknown =>
      (parse(showFile(remote, tip, OVERLAY)) as { images: { name: string }[] }).images.find((image) => image.name === IMAGE);
    expect(entry(source.remote, singleTip)).toEqual({ name: IMAGE, newTag: version, digest: DIGEST });
    expect(entry(fanOutRemote, mergeTip)).toEqual({ name: IMAGE, newTag: version, digest: DIGEST });
  });

  it("both commit the same tree: every file's bytes but the state file's, whose pins differ only in time and run", () => {
    const singleTip = branchTip(source.remote, 'manifests');
    const mergeTip = branchTip(fanOutRemote, 'manifests');
    // `ls-tree` names each file by its blob hash: equal lines are equal bytes.
    const files = (remote: string, tip: string): string[] => git(remote, 'ls-tree', '-r', '--full-tree', tip).split('\n');
    const notState = (line: string): boolean => !line.endsWith(`\t${STATE_FILE}`);
    expect(files(fanOutRemote, mergeTip).filter(notState)).toEqual(files(source.remote, singleTip).filter(notState));
    expect(files(source.remote, singleTip).some((line) => line.endsWith(`\t${OVERLAY}`))).toBe(true);

    const singleState = stateOf(source.remote, singleTip);
    const mergeState = stateOf(fanOutRemote, mergeTip);
    const pin = { image: IMAGE, tag: version, digest: DIGEST, sourceCommit: source.sha };
    expect(singleState.pins[OVERLAY]?.[SERVICE]).toMatchObject(pin);
    expect(mergeState.pins[OVERLAY]?.[SERVICE]).toMatchObject(pin);
    expect(withoutTimeAndRun(mergeState)).toEqual(withoutTimeAndRun(singleState));
  });
});

interface ManifestsState {
  pins: Record<string, Record<string, Record<string, unknown>>>;
}

/** A commit of a bare repository: its subject, the lines of its body and its number of parents. */
function manifestsCommit(remote: string, rev: string): { subject: string; body: string[]; parents: number } {
  const [subject = '', parents = '', body = ''] = git(remote, 'log', '-1', '--format=%s%x1f%P%x1f%b', rev).split('\x1f');
  return { subject, body: body.split('\n').filter((line) => line !== ''), parents: parents.split(' ').filter((p) => p !== '').length };
}

function stateOf(remote: string, rev: string): ManifestsState {
  return JSON.parse(showFile(remote, rev, STATE_FILE)) as ManifestsState;
}

/** The state with every pin's time and run left out: what two runs of the same commit must share. */
function withoutTimeAndRun(state: ManifestsState): unknown {
  const pins = Object.fromEntries(
    Object.entries(state.pins).map(([file, services]) => [
      file,
      Object.fromEntries(Object.entries(services).map(([service, { time: _time, runUrl: _runUrl, ...pin }]) => [service, pin])),
    ]),
  );
  return { ...state, pins };
}
