// Eight jobs of one workflow run at the same time, one per FTMO service, each in its own depth-1
// checkout of the same commit, all pushing to the one manifests branch of the same origin: the
// bundle in eight node processes through the runner harness, fake docker and Trivy, real git and
// `kubectl kustomize`. Every deploy must land (README, The manifests branch).

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import {
  FAKE_BIN,
  FAKE_TRIVY,
  OVERLAY,
  OVERLAY_DIR,
  SERVICES,
  STATE_FILE,
  TRIVY_REPORTS,
  branchTip,
  git,
  imageOf,
  payload,
  showFile,
  sourceTree,
} from './support.js';

const BRANCH = 'manifests';
const REPORTS = JSON.stringify({
  'linux/amd64': path.join(TRIVY_REPORTS, 'report-clean.json'),
  'linux/arm64': path.join(TRIVY_REPORTS, 'report-clean.json'),
});

let ws: Workspace;
let tmp: string;
const results: ActionResult[] = [];

async function deploy(service: string, workspace: string): Promise<ActionResult> {
  const result = await runAction({
    event: 'push',
    payload: payload('push'),
    ref: 'refs/heads/main',
    sha: ws.sha,
    workspace,
    inputs: {
      service,
      context: `services/${service}`,
      'trivy-path': FAKE_TRIVY,
      // The overlay and the bases it builds on: the branch holds exactly these directories.
      'manifests-path': `infra/k8s/base\n${OVERLAY_DIR}`,
    },
    env: {
      PATH: `${FAKE_BIN}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      FAKE_DOCKER_LOG: path.join(tmp, `${service}.docker.jsonl`),
      TRIVY_FAKE_LOG: path.join(tmp, `${service}.trivy.jsonl`),
      FAKE_DOCKER_PLATFORMS: 'linux/amd64, linux/arm64',
      FAKE_DOCKER_TAGS: '{}',
      TRIVY_FAKE_REPORTS: REPORTS,
    },
  });
  results.push(result);
  return result;
}

/** `image:tag@digest` of every Deployment's container, by Deployment name. */
function renderedImages(rendered: string): Record<string, string> {
  const images: Record<string, string> = {};
  for (const doc of parseAllDocuments(rendered)) {
    const resource = doc.toJS() as {
      kind?: string;
      metadata?: { name?: string };
      spec?: { template?: { spec?: { containers?: { image?: string }[] } } };
    } | null;
    if (resource?.kind !== 'Deployment') continue;
    for (const container of resource.spec?.template?.spec?.containers ?? []) {
      images[resource.metadata?.name ?? ''] = container.image ?? '';
    }
  }
  return images;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ftmo-concurrency-'));
  ws = await makeWorkspace({ files: sourceTree() });
});

afterAll(async () => {
  for (const result of results) await result.dispose();
  await ws?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

describe('eight services deployed at once to one manifests branch', () => {
  const outcome: Record<string, ActionResult> = {};

  beforeAll(async () => {
    const checkouts = SERVICES.map((service) => [service, ws.checkout('main')] as const);
    const finished = await Promise.all(checkouts.map(([service, dir]) => deploy(service, dir)));
    SERVICES.forEach((service, i) => (outcome[service] = finished[i] as ActionResult));
  }, 300_000);

  it('all eight succeed and each reports its own commit', () => {
    for (const service of SERVICES) {
      const result = outcome[service];
      expect(result?.errors, `${service}: ${result?.stdout}`).toEqual([]);
      expect(result?.code).toBe(0);
      expect(result?.outputs['manifests-changed']).toBe('true');
      expect(result?.outputs['manifests-commit']).toMatch(/^[0-9a-f]{40}$/);
      expect(result?.outputs.version).toBe(`main-${ws.sha.slice(0, 7)}`);
    }
  });

  it('the branch has exactly eight commits, one deploy per service, none empty', () => {
    const log = git(ws.remote, 'log', '--format=%H %T %P%x09%s', BRANCH).split('\n');
    expect(log).toHaveLength(8);
    const subjects = log.map((line) => line.split('\t')[1]).sort();
    expect(subjects).toEqual(SERVICES.map((service) => `deploy(${service}): main-${ws.sha.slice(0, 7)}`).sort());
    for (const line of log) {
      const [, tree, parent] = line.split('\t')[0]?.split(' ') ?? [];
      if (parent !== undefined && parent !== '') expect(git(ws.remote, 'rev-parse', `${parent}^{tree}`)).not.toBe(tree);
    }
    // Every reported commit is on the branch.
    const commits = new Set(log.map((line) => line.split(' ')[0]));
    for (const service of SERVICES) expect(commits.has(outcome[service]?.outputs['manifests-commit'] ?? '')).toBe(true);
  });

  it('the state file pins all eight services', () => {
    const state = JSON.parse(showFile(ws.remote, BRANCH, STATE_FILE)) as { pins: Record<string, Record<string, { tag: string; digest: string; sourceCommit: string }>> };
    expect(Object.keys(state.pins)).toEqual([OVERLAY]);
    const pins = state.pins[OVERLAY] ?? {};
    expect(Object.keys(pins).sort()).toEqual([...SERVICES].sort());
    for (const service of SERVICES) {
      expect(pins[service]).toMatchObject({
        tag: outcome[service]?.outputs.version,
        digest: outcome[service]?.outputs.digest,
        sourceCommit: ws.sha,
      });
    }
  });

  it("the rendered overlay pins exactly each service's image:tag@digest", async () => {
    const checkout = path.join(tmp, 'rendered');
    git(tmp, 'clone', '--quiet', '--depth', '1', '--branch', BRANCH, `file://${ws.remote}`, checkout);
    const rendered = execFileSync('kubectl', ['kustomize', path.join(checkout, OVERLAY_DIR)], { encoding: 'utf8' });
    const expected = Object.fromEntries(
      SERVICES.map((service) => {
        const outputs = outcome[service]?.outputs ?? {};
        expect(outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
        return [service, `${imageOf(service)}:${outputs.version}@${outputs.digest}`];
      }),
    );
    expect(renderedImages(rendered)).toEqual(expected);
    // The source's main branch and the checkouts are untouched.
    expect(branchTip(ws.remote, 'main')).toBe(ws.sha);
    expect(await readFile(path.join(ws.dir, OVERLAY), 'utf8')).toBe(sourceTree()[OVERLAY]);
    expect(git(ws.dir, 'status', '--porcelain')).toBe('');
  });

  it('a re-run of any one of them changes nothing', async () => {
    const tip = branchTip(ws.remote, BRANCH);
    const again = await deploy('news-ingestion-service', ws.checkout('main'));
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs['manifests-changed']).toBe('false');
    expect(again.outputs['manifests-commit']).toBe('');
    expect(branchTip(ws.remote, BRANCH)).toBe(tip);
  });
});
