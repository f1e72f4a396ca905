// The rules decided before anything runs, through the bundle and the runner harness: which
// commit is built, which events deploy, where the workflow's token may go, which tags a git tag
// may take, and which branch may hold the manifests. Every refusal is shown to happen before
// any docker call (the fake docker records every call) and to leave the origin untouched.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import {
  CLEAN_REPORTS,
  EVENTS,
  branchTip,
  flagValues,
  git,
  payload,
  readFakeCalls,
  runWithFakes,
  scanCalls,
  showFile,
  sourceTree,
  startsWith,
  STATE_FILE,
  OVERLAY,
  type EventFixture,
  type ToolCall,
} from './support.js';

const SERVICE = 'signal-generation-engine';
const IMAGE = 'ghcr.io/ftmo-labs/signal-generation-engine';
const TOKEN = 'ghs_Wo4kflowT0kenForGhcrOnly0123456789abc';
const FIX = "actions/checkout without a ref, or with ref: ${{ github.sha }}";

let ws: Workspace;
let tmp: string;
let logs = 0;
/** The workspace's commit (HEAD of ws.dir), and a later commit of main that is not checked out. */
let S: string;
let LATER: string;

interface Run {
  result: ActionResult;
  docker: ToolCall[];
  trivy: ToolCall[];
  /** The origin's refs before and after the run. */
  refsBefore: string;
  refsAfter: string;
}

interface RunOptions {
  event: string;
  fixture?: EventFixture;
  ref: string;
  sha: string;
  inputs?: Record<string, string>;
  edit?: (event: Record<string, unknown>) => void;
  /** Extra environment for the fakes (FAKE_DOCKER_TAGS: the tags the registry holds). */
  env?: Record<string, string>;
}

const refs = (): string => git(ws.remote, 'for-each-ref', '--format=%(refname) %(objectname)');

async function run(options: RunOptions): Promise<Run> {
  const log = path.join(tmp, `calls-${++logs}.jsonl`);
  const event = payload(options.fixture ?? 'push');
  options.edit?.(event);
  const refsBefore = refs();
  const result = await runWithFakes({
    service: SERVICE,
    event: options.event,
    payload: event,
    ref: options.ref,
    sha: options.sha,
    workspace: ws.dir,
    token: TOKEN,
    // Build avoidance off: these tests read the exact tags a build pushes.
    inputs: { 'skip-unchanged': 'false', ...options.inputs },
    log,
    reports: CLEAN_REPORTS,
    env: options.env,
  });
  const { docker, trivy } = await readFakeCalls(log);
  return { result, docker, trivy, refsBefore, refsAfter: refs() };
}

/** Failed in planning with exactly `message` (in part): no docker or trivy call, nothing pushed. */
function expectRefusedBeforeAnything(r: Run, ...parts: string[]): void {
  expect(r.result.code, r.result.stdout).toBe(1);
  expect(r.result.errors).toHaveLength(1);
  for (const part of parts) expect(r.result.errors[0]).toContain(part);
  expect(r.docker).toEqual([]);
  expect(r.trivy).toEqual([]);
  expect(r.refsAfter).toBe(r.refsBefore);
  expect(r.result.summary).toContain('[!CAUTION]');
}

const short = (sha: string): string => sha.slice(0, 7);
const pushMain = { event: 'push', ref: 'refs/heads/main' };

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ftmo-trust-'));
  ws = await makeWorkspace({ files: sourceTree([SERVICE]) });
  S = ws.sha;
  // main moves on in the origin; the checkout stays at S.
  LATER = ws.commit({ 'README.md': 'Later work\n' }, 'Later work');
});

afterAll(async () => {
  await ws?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

describe('the code that is built is the commit that is named', () => {
  it.each(['auto', 'build'])('%s mode refuses a workspace at another commit than GITHUB_SHA, before any docker call', async (mode) => {
    const r = await run({ ...pushMain, sha: LATER, inputs: { mode } });
    try {
      expectRefusedBeforeAnything(
        r,
        `workspace HEAD: refused before anything ran: the workspace's HEAD is ${S}, but this run is for GITHUB_SHA ${LATER}`,
        FIX,
      );
      expect(r.result.outputs.version ?? '').toBe('');
    } finally {
      await r.result.dispose();
    }
  });

  it('a manifests-path the checkout does not have fails before any login or build', async () => {
    const r = await run({ event: 'push', ref: 'refs/heads/main', sha: S, inputs: { 'manifests-path': 'infra/k8s/overlays/nowhere' } });
    try {
      expectRefusedBeforeAnything(r, "Input 'manifests-path': infra/k8s/overlays/nowhere: manifests path does not exist in the repository");
    } finally {
      await r.result.dispose();
    }
  });

  it('deploy mode refuses it too', async () => {
    const r = await run({ event: 'workflow_dispatch', fixture: 'workflow_dispatch', ref: 'refs/heads/main', sha: LATER, inputs: { mode: 'deploy', tag: 'main-1a2b3c4' } });
    try {
      expectRefusedBeforeAnything(r, `the workspace's HEAD is ${S}, but this run is for GITHUB_SHA ${LATER}`, FIX);
    } finally {
      await r.result.dispose();
    }
  });

  it("a pull request with neither its merge commit nor its head checked out is refused, naming both", async () => {
    const r = await run({ event: 'pull_request', fixture: 'pull_request', ref: EVENTS.pull_request.ref, sha: EVENTS.pull_request.sha });
    try {
      expectRefusedBeforeAnything(
        r,
        `the workspace's HEAD is ${S}, but this run is for GITHUB_SHA ${EVENTS.pull_request.sha} or the pull request's head e84cc64499f50d72071c1a2ce65752ff3838f03f`,
        FIX,
      );
    } finally {
      await r.result.dispose();
    }
  });

  it("a pull request with its head checked out builds the head, and every name says so", async () => {
    const r = await run({
      event: 'pull_request',
      fixture: 'pull_request',
      ref: EVENTS.pull_request.ref,
      sha: EVENTS.pull_request.sha,
      edit: (event) => void ((event.pull_request as { head: { sha: string } }).head.sha = S),
    });
    try {
      expect(r.result.code, r.result.stdout).toBe(0);
      const build = r.docker.find((call) => startsWith(call, 'buildx', 'build'));
      expect(flagValues(build?.argv ?? [], '--tag')).toEqual([`${IMAGE}:pr-42`, `${IMAGE}:pr-42-${short(S)}`]);
      expect(flagValues(build?.argv ?? [], '--label')).toContain(`org.opencontainers.image.revision=${S}`);
      expect(r.result.outputs.version).toBe(`pr-42-${short(S)}`);
    } finally {
      await r.result.dispose();
    }
  });

  it('plan mode warns in the log and the summary, plans for GITHUB_SHA, and runs nothing', async () => {
    const r = await run({ ...pushMain, sha: LATER, inputs: { mode: 'plan' } });
    try {
      expect(r.result.code, r.result.stdout).toBe(0);
      const warning = `the workspace's HEAD is ${S}, but this run is for GITHUB_SHA ${LATER}`;
      expect(r.result.stdout.split('\n').filter((line) => line.startsWith('::warning::') && line.includes(warning))).toHaveLength(1);
      // Markdown-escaped in the summary: `_` and `:` carry a backslash.
      expect(r.result.summary).toContain(`> [!WARNING]\n> the workspace's HEAD is ${S}, but this run is for GITHUB\\_SHA ${LATER};`);
      expect(r.result.summary).toContain('every other mode refuses to run');
      expect(r.result.outputs.labels).toContain(`org.opencontainers.image.revision=${LATER}`);
      expect(r.docker).toEqual([]);
      expect(r.refsAfter).toBe(r.refsBefore);
    } finally {
      await r.result.dispose();
    }
  });

  it('a matching checkout is built, the log says it will be deployed, and the state file names that commit', async () => {
    const r = await run({ ...pushMain, sha: S });
    try {
      expect(r.result.code, r.result.stdout).toBe(0);
      expect(r.result.stdout).not.toContain('::warning::');
      expect(r.result.stdout).toContain(`Manifests: to be updated: after the scan gate, pin main-${short(S)} on the manifests branch`);
      expect(r.result.outputs['manifests-changed']).toBe('true');
      const state = JSON.parse(showFile(ws.remote, 'manifests', STATE_FILE)) as { pins: Record<string, Record<string, { sourceCommit: string; tag: string }>> };
      expect(state.pins[OVERLAY]?.[SERVICE]).toMatchObject({ sourceCommit: S, tag: `main-${short(S)}` });
    } finally {
      await r.result.dispose();
      git(ws.remote, 'update-ref', '-d', 'refs/heads/manifests');
    }
  });
});

describe('only push, workflow_dispatch and schedule deploy in auto mode', () => {
  it.each(['workflow_run', 'issue_comment', 'repository_dispatch', 'check_run', 'release'])(
    '%s on main builds and scans, and says why nothing was deployed',
    async (eventName) => {
      const r = await run({ event: eventName, ref: 'refs/heads/main', sha: S });
      try {
        expect(r.result.code, r.result.stdout).toBe(0);
        expect(r.docker.filter((call) => startsWith(call, 'buildx', 'build'))).toHaveLength(1);
        // One scan per platform, after the one vulnerability DB download.
        expect(scanCalls(r.trivy)).toHaveLength(2);
        // Neither latest nor the manifests moved.
        expect(r.docker.filter((call) => startsWith(call, 'buildx', 'imagetools', 'create'))).toEqual([]);
        expect(r.result.outputs['manifests-changed']).toBe('false');
        expect(branchTip(ws.remote, 'manifests')).toBe('');
        const reason = `the "${eventName}" event does not deploy: auto mode updates the manifests for push, workflow_dispatch, schedule only`;
        expect(r.result.stdout).toContain(`Manifests: not updated: ${reason}`);
        expect(JSON.parse(r.result.outputs.plan ?? '{}')).toMatchObject({ manifests: { enabled: false, reason } });
        const cell = `the &quot;${eventName.replace('_', '\\_')}&quot; event does not deploy\\: auto mode updates the manifests for push, workflow\\_dispatch, schedule only`;
        expect(r.result.summary).toContain(`| Manifests | skipped | ${cell} |`);
      } finally {
        await r.result.dispose();
      }
    },
  );

  it('explicit deploy mode is unchanged: it pins on such an event too', async () => {
    const r = await run({
      event: 'repository_dispatch',
      ref: 'refs/heads/main',
      sha: S,
      inputs: { mode: 'deploy', tag: 'main-1a2b3c4' },
      env: { FAKE_DOCKER_TAGS: JSON.stringify({ 'main-1a2b3c4': S }) },
    });
    try {
      expect(r.result.code, r.result.stdout).toBe(0);
      expect(r.result.stdout).toContain('Manifests: to be updated: pin main-1a2b3c4 on the manifests branch');
      expect(r.result.outputs['manifests-changed']).toBe('true');
    } finally {
      await r.result.dispose();
      git(ws.remote, 'update-ref', '-d', 'refs/heads/manifests');
    }
  });
});

describe("the workflow's token goes to GitHub's own registry only", () => {
  const OTHER = 'registry.example.com/trading/signals';
  const rule = "must be given to log in to registry.example.com: github-token is sent only to ghcr.io, never to another registry";

  it.each([
    ['nothing given', {}, `Input 'registry-username': ${rule}`],
    ['a user name only', { 'registry-username': 'ci-bot' }, `Input 'registry-password': ${rule}`],
  ])('another registry with %s fails in planning, before any login', async (_what, inputs, message) => {
    const r = await run({ ...pushMain, sha: S, inputs: { image: OTHER, ...inputs } });
    try {
      expectRefusedBeforeAnything(r, message);
      expect(r.result.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(TOKEN);
    } finally {
      await r.result.dispose();
    }
  });

  it('another registry gets its own credentials only: none given, no login; both given, those and never the token', async () => {
    const refused = await run({ ...pushMain, sha: S, inputs: { image: OTHER, mode: 'build' } });
    expect(refused.result.code).toBe(1);
    expect(refused.docker).toEqual([]);
    await refused.result.dispose();
    const r = await run({ ...pushMain, sha: S, inputs: { image: OTHER, 'registry-username': 'ci-bot', 'registry-password': 'registry-own-secret', mode: 'build' } });
    try {
      expect(r.result.code, r.result.stdout).toBe(0);
      const logins = r.docker.filter((call) => startsWith(call, 'login'));
      expect(logins.map((call) => [call.argv[1], flagValues(call.argv, '--username')[0], call.stdin])).toEqual([['registry.example.com', 'ci-bot', 'registry-own-secret']]);
      for (const call of r.docker) expect(`${call.argv.join(' ')} ${call.stdin ?? ''}`).not.toContain(TOKEN);
    } finally {
      await r.result.dispose();
      if (branchTip(ws.remote, 'manifests') !== '') git(ws.remote, 'update-ref', '-d', 'refs/heads/manifests');
    }
  });

  it('ghcr.io gets github-token as the password, and the actor as the user, when registry-password is empty', async () => {
    const given = 'ghs_GivenAsGithubT0kenInput0123456789abcdef';
    const r = await run({ ...pushMain, sha: S, inputs: { mode: 'build', 'github-token': given } });
    try {
      expect(r.result.code, r.result.stdout).toBe(0);
      const logins = r.docker.filter((call) => startsWith(call, 'login'));
      expect(logins.map((call) => [call.argv[1], flagValues(call.argv, '--username')[0], call.stdin])).toEqual([['ghcr.io', 'jana-novak', given]]);
      expect(r.result.masks).toContain(given);
    } finally {
      await r.result.dispose();
    }
  });
});

describe('immutable tags stay immutable', () => {
  it.each([
    ['latest', 'latest'],
    ['pr-7', 'pr-7'],
    ['pr-7-0ccf1ae', 'pr-7-0ccf1ae'],
    ['pr/12', 'pr-12'],
  ])('a push of the git tag %j is refused before any docker call', async (gitTag, imageTag) => {
    const r = await run({ event: 'push', fixture: 'tag', ref: `refs/tags/${gitTag}`, sha: S });
    try {
      expectRefusedBeforeAnything(r, `GITHUB_REF: refused: the git tag would give the image tag ${imageTag},`, 'use another git tag name');
    } finally {
      await r.result.dispose();
    }
  });

  it('a pull request never takes the head branch tag that a push of that branch takes', async () => {
    const r = await run({ event: 'pull_request', fixture: 'pull_request', ref: EVENTS.pull_request.ref, sha: S });
    try {
      expect(r.result.code, r.result.stdout).toBe(0);
      const build = r.docker.find((call) => startsWith(call, 'buildx', 'build'));
      expect(flagValues(build?.argv ?? [], '--tag')).toEqual([`${IMAGE}:pr-42`, `${IMAGE}:pr-42-${short(S)}`]);
      expect(r.result.outputs.tags ?? '').not.toContain('feature-risk-limits');
    } finally {
      await r.result.dispose();
    }
  });
});

describe('manifests-branch must be a branch of its own', () => {
  const rule = 'the action commits pins to it, so it must be a branch of its own';
  it.each([
    ['the default branch', { event: 'push', ref: 'refs/heads/develop' }, { 'manifests-branch': 'main' }, `Input 'manifests-branch': must not be the default branch (main): ${rule} (got "main")`],
    ['the branch being built', { event: 'push', ref: 'refs/heads/release' }, { 'manifests-branch': 'release' }, `Input 'manifests-branch': must not be the branch being built: ${rule} (got "release")`],
    ['a deploy branch', pushMain, { 'manifests-branch': 'staging', 'deploy-branches': 'main\nstaging' }, `Input 'manifests-branch': must not be one of deploy-branches: ${rule} (got "staging")`],
  ])('%s is refused before any docker call', async (_what, where, inputs, message) => {
    const r = await run({ ...where, sha: S, inputs });
    try {
      expectRefusedBeforeAnything(r, message);
      expect(await readFile(path.join(ws.dir, OVERLAY), 'utf8')).toContain('newTag: latest');
    } finally {
      await r.result.dispose();
    }
  });
});
