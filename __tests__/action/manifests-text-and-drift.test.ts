// The manifests branch through the bundled action when its inputs are not what they should be:
// a kustomization that is not UTF-8 is refused with its file and line (plan mode's preview too)
// and nothing is pushed; a state file naming a source commit the repository does not know (its
// history was rewritten) is reported once and the structure comes from the deployed commit;
// pins for files that are gone are dropped with one summarised warning and a short commit.

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../harness/runner.js';
import { FIXTURE_GIT_ENV, makeWorkspace, type Workspace } from '../harness/workspace.js';
import { CLEAN_REPORTS, OVERLAY, STATE_FILE, branchTip, git, imageOf, payload, runWithFakes, showFile, sourceTree } from './support.js';

const SERVICE = 'signal-generation-engine';
const OTHER = 'news-ingestion-service';
const BRANCH = 'manifests';
const UNKNOWN_COMMIT = '0123456789abcdef0123456789abcdef01234567';

let ws: Workspace;
let tmp: string;
const results: ActionResult[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ftmo-manifests-text-'));
  ws = await makeWorkspace({ files: sourceTree([SERVICE, OTHER]) });
}, 60_000);

afterAll(async () => {
  for (const result of results) await result.dispose();
  await ws?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

/** A push to main of `sha`, checked out one commit deep. */
async function deploy(sha: string, mode = 'auto'): Promise<ActionResult> {
  // The registry holds none of the run's tags yet: every deploy here is a new commit's first.
  const result = await runWithFakes({
    service: SERVICE,
    event: 'push',
    payload: payload('push'),
    ref: 'refs/heads/main',
    sha,
    workspace: ws.checkout('main'),
    token: 'ghs_ManifestsTextToken0123456789abcdefgh',
    inputs: { 'registry-password': 'ghp_ManifestsTextPassword0123456789', mode },
    reports: CLEAN_REPORTS,
  });
  results.push(result);
  return result;
}

/** Commits `change` on the manifests branch of the origin, as someone editing it by hand would. */
async function editBranch(change: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(path.join(tmp, 'edit-'));
  const env = { ...process.env, ...FIXTURE_GIT_ENV };
  const run = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }).trim();
  run('clone', '--quiet', '--branch', BRANCH, ws.remote, '.');
  await change(dir);
  run('commit', '--quiet', '--all', '--message', 'Edit the manifests branch');
  run('push', '--quiet', 'origin', BRANCH);
  return run('rev-parse', 'HEAD');
}

/** `::warning::` lines of a run's log. */
function warnings(result: ActionResult): string[] {
  return result.stdout.split('\n').filter((line) => line.startsWith('::warning'));
}

/** The overlay without the service's entry: the structure that must follow the source. */
function structure(text: string): string {
  return text.replace(new RegExp(`  - name: ${imageOf(SERVICE).replace(/\./g, '\\.')}\\n(?:    .*\\n?)*`), '');
}

describe('a kustomization that is not UTF-8', () => {
  let tip: string;
  let latin1: string;
  // Line 4 holds "Société" in Latin-1: é is the single byte 0xE9.
  const LINE = 4;

  beforeAll(async () => {
    const first = await deploy(ws.sha);
    expect(first.code, first.stdout).toBe(0);
    tip = branchTip(ws.remote, BRANCH);
    const lines = sourceTree([SERVICE, OTHER])[OVERLAY]?.split('\n') ?? [];
    lines.splice(LINE - 1, 0, '# Soci\u00e9t\u00e9 G\u00e9n\u00e9rale desk');
    await writeFile(path.join(ws.source, OVERLAY), Buffer.from(lines.join('\n'), 'latin1'));
    ws.git(['commit', '--quiet', '--all', '--message', 'Overlay saved as Latin-1']);
    ws.git(['push', '--quiet', 'origin', 'main']);
    latin1 = ws.git(['rev-parse', 'HEAD']);
  }, 120_000);

  it('the branch update refuses it with file and line, and pushes nothing', async () => {
    const result = await deploy(latin1);
    expect(result.code).toBe(1);
    expect(result.errors.join('\n')).toContain(`${OVERLAY}:${LINE}: is not valid UTF-8 (byte 0xe9`);
    expect(result.outputs['manifests-changed']).toBe('false');
    expect(branchTip(ws.remote, BRANCH)).toBe(tip);
    expect(showFile(ws.remote, BRANCH, OVERLAY)).not.toContain('\ufffd');
  });

  it('plan mode refuses it the same way', async () => {
    const result = await deploy(latin1, 'plan');
    expect(result.code).toBe(1);
    expect(result.errors.join('\n')).toContain(`${OVERLAY}:${LINE}: is not valid UTF-8 (byte 0xe9`);
    expect(result.summary).not.toContain('\ufffd');
    expect(branchTip(ws.remote, BRANCH)).toBe(tip);
  });

  afterAll(() => {
    // Back to UTF-8 for the tests below.
    ws.commit({ [OVERLAY]: sourceTree([SERVICE, OTHER])[OVERLAY] ?? '' }, 'Overlay back to UTF-8');
  });
});

describe('a state file naming a source commit the repository does not know', () => {
  it('warns once, in the log and the summary, and takes the structure from the deployed commit', async () => {
    // The branch as a rewritten history leaves it: a structure of its own, a commit nobody has.
    await editBranch(async (dir) => {
      const overlay = path.join(dir, OVERLAY);
      await writeFile(overlay, (await readFile(overlay, 'utf8')).replace('namespace: dax-trading\n', 'namespace: dax-trading-old\n'));
      const stateFile = path.join(dir, STATE_FILE);
      const state = JSON.parse(await readFile(stateFile, 'utf8')) as { sourceCommit: string; pins: Record<string, Record<string, { sourceCommit: string }>> };
      state.sourceCommit = UNKNOWN_COMMIT;
      await writeFile(stateFile, `${JSON.stringify(state, null, 2)}\n`);
    });
    const overlay = `${sourceTree([SERVICE, OTHER])[OVERLAY] ?? ''}commonLabels:\n  desk: dax\n`;
    const next = ws.commit({ [OVERLAY]: overlay, [`services/${SERVICE}/app.py`]: 'print("v2")\n' }, 'Label the desk');

    const result = await deploy(next);
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs['manifests-changed']).toBe('true');
    const drift = warnings(result);
    expect(drift).toHaveLength(1);
    expect(drift[0]).toContain(`source commit ${UNKNOWN_COMMIT.slice(0, 12)}, which the repository does not know`);
    expect(result.summary).toContain('> [!WARNING]');
    expect(result.summary).toContain(`source commit ${UNKNOWN_COMMIT.slice(0, 12)}, which the repository does not know`);
    // The structure is the deployed commit's (its label, its namespace), not the branch's.
    expect(structure(showFile(ws.remote, BRANCH, OVERLAY))).toBe(structure(overlay).trimEnd());
    expect(JSON.parse(showFile(ws.remote, BRANCH, STATE_FILE)).sourceCommit).toBe(next);
  });
});

describe('pins for files that no longer exist', () => {
  it('are dropped with one summarised warning and a short commit message', async () => {
    const gone = ['canary', 'dr-site', 'eu-west', 'load-test', 'staging-old'].map((env) => `infra/k8s/overlays/${env}/kustomization.yaml`);
    await editBranch(async (dir) => {
      const stateFile = path.join(dir, STATE_FILE);
      const state = JSON.parse(await readFile(stateFile, 'utf8')) as { pins: Record<string, Record<string, unknown>> };
      const pin = state.pins[OVERLAY]?.[SERVICE];
      for (const file of gone) state.pins[file] = { [SERVICE]: pin, [OTHER]: { ...(pin as object), image: imageOf(OTHER) } };
      await writeFile(stateFile, `${JSON.stringify(state, null, 2)}\n`);
    });
    const next = ws.commit({ [`services/${SERVICE}/app.py`]: 'print("v3")\n' }, 'Signals v3');

    const result = await deploy(next);
    expect(result.code, result.stdout).toBe(0);
    const dropped = warnings(result);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toContain('10 stale pins dropped, their file or entry is gone: ');
    expect(dropped[0]).toContain(' and 7 more');
    expect(result.summary).toContain('10 stale pins dropped');
    const body = git(ws.remote, 'log', '-1', '--format=%b', BRANCH).split('\n');
    expect(body.filter((line) => line.startsWith('Dropped-Pins: 10 stale pins dropped'))).toHaveLength(1);
    expect(body.filter((line) => line.startsWith('Dropped-Pin'))).toHaveLength(1);
    // Image, Digest, Source-Commit, Run and the one Dropped-Pins line.
    expect(body.filter((line) => line.trim() !== '')).toHaveLength(5);
    const state = JSON.parse(showFile(ws.remote, BRANCH, STATE_FILE)) as { pins: Record<string, unknown> };
    expect(Object.keys(state.pins)).toEqual([OVERLAY]);
  });
});
