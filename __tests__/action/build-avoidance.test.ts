// Build avoidance through the bundle (README "Build avoidance"): the fake docker is told which
// tags the registry holds, `src-<key>` among them. A run whose source key the registry already
// has builds nothing: the image gets the run's tags, and is scanned, promoted and pinned as after
// a build. A dirty workspace, another build setting or `skip-unchanged: false` builds.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import {
  CLEAN_REPORTS,
  EVENTS,
  TRIVY_REPORTS,
  fakeIndexDigest,
  flagValues,
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
const OTHER = '9e1c0a5d3b7f24680acebdf13579bdf02468ace1';
const CLEAN = path.join(TRIVY_REPORTS, 'report-clean.json');
const DIGEST = fakeIndexDigest();
const LABEL = 'dev.ftmo-deploy.source-key';

let ws: Workspace;
let tmp: string;
let logs = 0;
const results: ActionResult[] = [];
/** The first commit, a README-only commit after it (same key), and one after that. */
let S0: string;
let C1: string;
let C2: string;
let dirC1: string;
let dirS0: string;
let key: string;

interface Run {
  result: ActionResult;
  docker: ToolCall[];
  trivy: ToolCall[];
}

async function run(sha: string, workspace: string, inputs: Record<string, string>, registry: Record<string, string>, env: Record<string, string> = {}): Promise<Run> {
  const log = path.join(tmp, `calls-${++logs}.jsonl`);
  const result = await runWithFakes({
    service: SERVICE,
    event: 'push',
    payload: payload('push'),
    ref: EVENTS.push.ref,
    sha,
    workspace,
    token: 'ghs_BuildAvoidanceT0ken0123456789abcd',
    inputs,
    log,
    registry,
    reports: CLEAN_REPORTS,
    env,
  });
  results.push(result);
  const { docker, trivy } = await readFakeCalls(log);
  return { result, docker, trivy };
}

const short = (sha: string) => sha.slice(0, 7);
const srcTag = () => `src-${key}`;
const builds = (r: Run): ToolCall[] => r.docker.filter((call) => startsWith(call, 'buildx', 'build'));
const creates = (r: Run): ToolCall[] => r.docker.filter((call) => startsWith(call, 'buildx', 'imagetools', 'create'));
const latestCreates = (r: Run): ToolCall[] => creates(r).filter((call) => flagValues(call.argv, '--tag').includes(`${IMAGE}:latest`));
const srcLookups = (r: Run): ToolCall[] => r.docker.filter((call) => startsWith(call, 'buildx', 'imagetools', 'inspect') && call.argv.at(-1) === `${IMAGE}:${srcTag()}`);
const errors = (r: Run): string => r.result.errors.join('\n');

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ftmo-build-avoidance-'));
  ws = await makeWorkspace({ files: { ...sourceTree([SERVICE]), 'README.md': '# dax-trading\n' } });
  S0 = ws.sha;
  // A checkout of the first commit, for the first build.
  ws.git(['push', '--quiet', 'origin', `${S0}:refs/heads/first`]);
  dirS0 = ws.checkout('first');
  C1 = ws.commit({ 'README.md': '# dax-trading\n\nNow with docs.\n' }, 'Document the services');
  dirC1 = ws.checkout('main');
  C2 = ws.commit({ 'README.md': '# dax-trading\n\nMore docs.\n' }, 'More docs');
  // The key, as plan mode shows it (no registry call, no docker at all).
  const planned = await run(C2, ws.checkout('main'), { mode: 'plan' }, {});
  expect(planned.result.code, planned.result.stdout).toBe(0);
  key = (JSON.parse(planned.result.outputs.plan ?? '{}') as { build: { reuse: { key: string } } }).build.reuse.key;
});

afterAll(async () => {
  for (const result of results) await result.dispose();
  await ws?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

describe('plan mode', () => {
  it('shows the source key in the plan, the log and the summary, and asks no registry', async () => {
    const r = await run(C1, dirC1, { mode: 'plan' }, {});
    expect(r.result.code).toBe(0);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const plan = JSON.parse(r.result.outputs.plan ?? '{}') as { build: { reuse: { key: string; tag: string; enabled: boolean } } };
    // A README-only commit later: the same key.
    expect(plan.build.reuse).toMatchObject({ key, tag: `src-${key}`, enabled: true });
    expect(r.result.stdout).toContain(`Source key: ${key}`);
    expect(r.result.summary).toContain(key);
    expect(r.docker).toEqual([]);
    expect(r.result.outputs['build-reused']).toBe('false');
  });
});

describe('the first build of a key', () => {
  it('builds, and leaves the key on the image as a label and a src-<key> tag', async () => {
    const r = await run(S0, dirS0, {}, {});
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(srcLookups(r)).toHaveLength(1);
    expect(builds(r)).toHaveLength(1);
    const argv = builds(r)[0]?.argv ?? [];
    expect(flagValues(argv, '--tag').sort()).toEqual([`${IMAGE}:main-${short(S0)}`, `${IMAGE}:src-${key}`]);
    expect(flagValues(argv, '--label')).toContain(`${LABEL}=${key}`);
    expect(r.result.outputs['build-reused']).toBe('false');
  });
});

describe('an unchanged service is reused', () => {
  let r: Run;
  beforeAll(async () => {
    r = await run(C1, dirC1, {}, { [srcTag()]: S0 });
  });

  it('builds nothing and gives the image its immutable tag by digest, after checking that tag', () => {
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(builds(r)).toEqual([]);
    const tagging = creates(r).filter((call) => !latestCreates(r).includes(call));
    expect(tagging.map((call) => call.argv)).toEqual([['buildx', 'imagetools', 'create', '--tag', `${IMAGE}:main-${short(C1)}`, `${IMAGE}@${DIGEST}`]]);
    const clashCheck = r.docker.findIndex((call) => startsWith(call, 'buildx', 'imagetools', 'inspect') && call.argv.at(-1) === `${IMAGE}:main-${short(C1)}`);
    expect(clashCheck).toBeGreaterThan(-1);
    expect(clashCheck).toBeLessThan(r.docker.indexOf(tagging[0] as ToolCall));
  });

  it('scans every platform again, then promotes latest from the scanned digest', () => {
    expect(r.trivy.filter((call) => call.argv.includes('image')).length).toBeGreaterThanOrEqual(2);
    expect(r.trivy.some((call) => call.argv.some((arg) => arg.startsWith(`${IMAGE}@`)))).toBe(true);
    expect(r.result.outputs['scan-result']).toBe('passed');
    expect(latestCreates(r)).toHaveLength(1);
    expect(latestCreates(r)[0]?.argv.at(-1)).toBe(`${IMAGE}@${DIGEST}`);
  });

  it('pins the reused digest in the manifests', () => {
    expect(r.result.outputs['manifests-changed']).toBe('true');
    expect(r.result.outputs.digest).toBe(DIGEST);
    const overlay = showFile(ws.remote, 'manifests', 'infra/k8s/overlays/production/kustomization.yaml');
    expect(overlay).toContain(`newTag: main-${short(C1)}`);
    expect(overlay).toContain(`digest: ${DIGEST}`);
  });

  it('says so in the output, the log and the summary, with the commit the image was built from', () => {
    expect(r.result.outputs['build-reused']).toBe('true');
    expect(r.result.stdout).toContain('nothing was built');
    expect(r.result.stdout).toContain(S0);
    expect(r.result.summary).toContain('reused');
    expect(r.result.summary).toContain(S0);
  });

  it('a re-run, whose tag already names the reused image, goes through again', async () => {
    const again = await run(C1, dirC1, {}, { [srcTag()]: S0, [`main-${short(C1)}`]: S0 });
    expect(again.result.code, again.result.stdout).toBe(0);
    expect(builds(again)).toEqual([]);
    expect(again.result.outputs['build-reused']).toBe('true');
  });
});

describe('the reuse path keeps the promises of a build', () => {
  it('an immutable tag of another commit stops the run before anything is tagged', async () => {
    // The tag names another image (another index) of another commit.
    const r = await run(C1, dirC1, {}, { [srcTag()]: S0, [`main-${short(C1)}`]: OTHER }, { FAKE_DOCKER_TAG_INDEXES: JSON.stringify({ [`main-${short(C1)}`]: 'index-three-platforms.json' }) });
    expect(r.result.code).toBe(1);
    expect(errors(r)).toContain(`"${IMAGE}:main-${short(C1)}"`);
    expect(errors(r)).toContain(OTHER);
    expect(creates(r)).toEqual([]);
    expect(builds(r)).toEqual([]);
    expect(r.trivy.filter((call) => call.argv.includes('image'))).toEqual([]);
  });

  it("a tag this commit's own earlier build made is never moved to the reused image: the run builds", async () => {
    // main-<C1> names another index, built from C1 itself (skip-unchanged was off, or the workspace dirty).
    const r = await run(C1, dirC1, {}, { [srcTag()]: S0, [`main-${short(C1)}`]: C1 }, { FAKE_DOCKER_TAG_INDEXES: JSON.stringify({ [`main-${short(C1)}`]: 'index-three-platforms.json' }) });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(r.result.stdout).toContain(`"${IMAGE}:main-${short(C1)}" already names another image, so the image is built instead of reused`);
    expect(creates(r).filter((call) => flagValues(call.argv, '--tag').includes(`${IMAGE}:main-${short(C1)}`))).toEqual([]);
    expect(builds(r)).toHaveLength(1);
    expect(r.result.outputs['build-reused']).toBe('false');
  });

  it('latest stays when it names an image of a newer commit', async () => {
    const r = await run(C1, dirC1, {}, { [srcTag()]: S0, latest: C2 });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(r.result.outputs['build-reused']).toBe('true');
    expect(latestCreates(r)).toEqual([]);
  });

  it('latest that names the reused image already is left as it is', async () => {
    const r = await run(C1, dirC1, {}, { [srcTag()]: S0, latest: S0 }, { FAKE_DOCKER_TAG_INDEXES: JSON.stringify({ latest: 'index.json' }) });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(latestCreates(r)).toEqual([]);
    expect(r.result.stdout).toContain(`latest names ${DIGEST} already`);
    expect(r.result.summary).toMatch(/\| Promote latest \| current \|/);
    expect(r.result.outputs['scan-result']).toBe('passed');
  });

  it('a failing scan gate holds the reused image back: no latest, no pin', async () => {
    const log = path.join(tmp, 'gate.jsonl');
    const result = await runWithFakes({
      service: SERVICE,
      event: 'push',
      payload: payload('push'),
      ref: EVENTS.push.ref,
      sha: C1,
      workspace: dirC1,
      log,
      registry: { [srcTag()]: S0 },
      reports: { 'linux/amd64': path.join(TRIVY_REPORTS, 'report-amd64.json'), 'linux/arm64': CLEAN },
    });
    results.push(result);
    const calls = (await readFakeCalls(log)).docker;
    expect(result.code).toBe(1);
    expect(result.outputs['build-reused']).toBe('true');
    expect(result.outputs['scan-result']).toBe('failed');
    expect(calls.filter((call) => startsWith(call, 'buildx', 'imagetools', 'create') && flagValues(call.argv, '--tag').includes(`${IMAGE}:latest`))).toEqual([]);
    expect(result.outputs['manifests-changed']).toBe('false');
  });
});

describe('what builds again', () => {
  it('a dirty workspace builds, says why, and pushes no src-<key> tag', async () => {
    const dir = ws.checkout('main');
    await writeFile(path.join(dir, `services/${SERVICE}/local.py`), 'print("not committed")\n');
    const r = await run(C2, dir, {}, { [srcTag()]: S0 });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(builds(r)).toHaveLength(1);
    expect(flagValues(builds(r)[0]?.argv ?? [], '--tag').some((tag) => tag.includes(':src-'))).toBe(false);
    expect(r.result.stdout).toContain(`"services/${SERVICE}/local.py"`);
    expect(r.result.stdout).toContain('cannot be trusted');
    expect(r.result.outputs['build-reused']).toBe('false');
  });

  it('another build setting builds (its key is not in the registry)', async () => {
    const r = await run(C2, ws.checkout('main'), { 'build-args': 'PYTHON_VERSION=3.13' }, { [srcTag()]: S0 });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(builds(r)).toHaveLength(1);
    expect(srcLookups(r)).toEqual([]);
    const tags = flagValues(builds(r)[0]?.argv ?? [], '--tag');
    expect(tags.filter((tag) => tag.includes(':src-'))).toHaveLength(1);
    expect(tags).not.toContain(`${IMAGE}:src-${key}`);
  });

  it('skip-unchanged: false builds, asks nothing about src-<key> and pushes no such tag', async () => {
    const r = await run(C2, ws.checkout('main'), { 'skip-unchanged': 'false' }, { [srcTag()]: S0 });
    expect(r.result.code, r.result.stdout).toBe(0);
    expect(builds(r)).toHaveLength(1);
    expect(srcLookups(r)).toEqual([]);
    expect(builds(r)[0]?.argv.join(' ')).not.toContain('src-');
    expect(r.result.outputs['build-reused']).toBe('false');
  });
});
