// Tokens through a whole push-to-main run of the bundled action (fake docker, trivy and
// kustomize; real git against a bare origin): masked in every form, never in any program's
// argv, never in a remote URL, a git config or a docker config left behind. And a self-hosted
// runner's leftovers (a ~/.docker/config.json with a login and a credential store, global git
// configs with `insteadOf` rules) change nothing the action does.

import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import {
  HAS_STRACE,
  SECRETS,
  SHELLS,
  base64,
  filesContaining,
  leakOf,
  loadEvent,
  nodeUnderStrace,
  refsOf,
  runWithSecrets,
  serviceFiles,
  shellSpawns,
  startRecordingServer,
  tempDir,
  unintendedCommands,
  type Recording,
  type RecordingServer,
} from './hostile-support.js';

const ACTOR = 'jana-novak';
const SERVICE = 'signal-engine';
const IMAGE = `ghcr.io/ftmo-labs/${SERVICE}`;
const PASSWORD = SECRETS.registryPassword;
const TOKEN = SECRETS.manifestsToken;
/** Every form of the secrets that must never be readable: as given and as Basic auth sends them. */
const SECRET_FORMS = [
  PASSWORD,
  TOKEN,
  SECRETS.githubToken,
  base64(PASSWORD),
  base64(TOKEN),
  base64(`${ACTOR}:${PASSWORD}`),
  base64(`x-access-token:${TOKEN}`),
];
const LEFTOVER_AUTH = base64('old-runner-user:ghp_LEFTOVER_SECRET_0000');

let tmp: Awaited<ReturnType<typeof tempDir>>;
let server: RecordingServer;
let runs = 0;

beforeAll(async () => {
  tmp = await tempDir('ftmo-hostile-tokens-');
  server = await startRecordingServer();
}, 60_000);

afterAll(async () => {
  await server?.close();
  await tmp?.dispose();
});

const git = (args: string[], cwd: string, env: Record<string, string> = {}): string =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: tmp.dir, ...env },
  });

/** A bare repository the `insteadOf` rules point at, with one branch of its own. */
function makeDecoy(name: string): string {
  const decoy = path.join(tmp.dir, name);
  git(['init', '--quiet', '--bare', decoy], tmp.dir);
  const tree = git(['mktree'], decoy).trim();
  const commit = git(['-c', 'user.name=x', '-c', 'user.email=x@example.com', 'commit-tree', tree, '-m', 'decoy'], decoy).trim();
  git(['update-ref', 'refs/heads/decoy-marker', commit], decoy);
  return decoy;
}

/** A self-hosted runner's home: a docker login with a credential store, git rules redirecting `from`. */
async function leftoverHome(name: string, from: string, to: string): Promise<{ home: string; dockerConfig: string }> {
  const home = path.join(tmp.dir, name);
  const rule = `[url "${to}"]\n\tinsteadOf = ${from}\n[core]\n\thooksPath = ${path.join(home, 'hooks')}\n`;
  await mkdir(path.join(home, '.docker'), { recursive: true });
  await mkdir(path.join(home, '.config/git'), { recursive: true });
  await mkdir(path.join(home, 'hooks'), { recursive: true });
  const dockerConfig = JSON.stringify({ auths: { 'ghcr.io': { auth: LEFTOVER_AUTH } }, credsStore: 'desktop' }, null, '\t');
  await writeFile(path.join(home, '.docker/config.json'), dockerConfig);
  await writeFile(path.join(home, '.gitconfig'), rule);
  await writeFile(path.join(home, '.config/git/config'), rule);
  // A hook the global config enables: it would run through a shell.
  await writeFile(path.join(home, 'hooks/pre-push'), '#!/bin/sh\necho hook ran >&2\nexit 1\n');
  await chmod(path.join(home, 'hooks/pre-push'), 0o755);
  return { home, dockerConfig };
}

function pushToMain(
  ws: Workspace,
  extra: { inputs?: Record<string, string>; env?: Record<string, string>; node?: string } = {},
): Promise<{ result: ActionResult; rec: Recording }> {
  return runWithSecrets(path.join(tmp.dir, `run-${++runs}`), `${server.url}/run-${runs}`, {
    inputs: { service: SERVICE, ...extra.inputs },
    event: 'push',
    payload: { ...loadEvent('push'), after: ws.sha },
    workspace: ws.dir,
    ref: 'refs/heads/main',
    sha: ws.sha,
    actor: ACTOR,
    node: extra.node,
    env: extra.env,
  });
}

/** Checks shared by every run: masks, logs, argv of everything started, files left behind. */
async function expectNoTokenAnywhere(result: ActionResult, rec: Recording, ws: Workspace, before: { wsConfig: string; originConfig: string }) {
  // core.setSecret for each secret and its Basic-auth base64 forms, before anything ran.
  expect(result.masks).toEqual(expect.arrayContaining([PASSWORD, TOKEN, base64(`${ACTOR}:${PASSWORD}`), base64(`x-access-token:${TOKEN}`)]));
  expect(leakOf(result, SECRET_FORMS)).toBe('');
  const forms = (secret: string) => [secret, base64(secret), base64(`x-access-token:${secret}`), base64(`${ACTOR}:${secret}`)];
  // github-token (default: the job's token) is a secret too, masked in the same forms.
  expect(unintendedCommands(result.stdout, [...forms(PASSWORD), ...forms(TOKEN), ...forms(SECRETS.githubToken)])).toEqual([]);

  // No program got a secret on its command line; docker got the password on stdin only.
  const argvs = [
    ...rec.docker().map((call) => call.argv),
    ...rec.trivy().map((call) => call.argv),
    ...rec.calls().map((call) => call.argv),
    ...rec.spawns().map((spawn) => [spawn.file, ...spawn.args]),
  ];
  expect(argvs.length).toBeGreaterThan(10);
  for (const argv of argvs) for (const arg of argv) for (const secret of SECRET_FORMS) expect(arg).not.toContain(secret);
  expect(rec.spawns().some((spawn) => path.basename(spawn.file) === 'git')).toBe(true);
  const logins = rec.docker().filter((call) => call.argv[0] === 'login');
  expect(logins.map((call) => call.stdin)).toEqual([PASSWORD]);
  expect(rec.docker().filter((call) => call.argv[0] !== 'login' && call.stdin !== '')).toEqual([]);
  expect(rec.docker().flatMap((call) => call.inputs)).toEqual([]);
  expect(rec.trivy().flatMap((call) => call.envKeys.filter((key) => key.startsWith('INPUT_')))).toEqual([]);

  // Docker and Trivy's scans used the run's private config, which is gone after the step.
  const privateConfig = path.join(result.runnerTemp, 'docker-config-');
  const scans = rec.trivy().filter((call) => call.argv[0] !== '--version');
  expect(scans.length).toBeGreaterThan(0);
  for (const call of [...rec.docker(), ...scans]) {
    expect(call.dockerConfig ?? '', JSON.stringify(call.argv)).toSatisfy((dir: string) => dir.startsWith(privateConfig));
  }
  expect((await readdir(result.runnerTemp)).filter((entry) => entry.startsWith('docker-config-'))).toEqual([]);
  expect(await filesContaining(result.runnerTemp, SECRET_FORMS)).toEqual([]);

  // No token in a remote URL or a git config, of the workspace or of the origin.
  expect(await readFile(path.join(ws.dir, '.git/config'), 'utf8')).toBe(before.wsConfig);
  expect(await readFile(path.join(ws.remote, 'config'), 'utf8')).toBe(before.originConfig);
  expect(git(['remote', 'get-url', 'origin'], ws.dir).trim()).toBe(ws.remote);
  expect(await filesContaining(path.join(ws.dir, '.git'), SECRET_FORMS)).toEqual([]);
  expect(await filesContaining(ws.remote, SECRET_FORMS)).toEqual([]);

  // No shell was started by name or by Node.
  expect(rec.calls().filter((call) => SHELLS.includes(call.name))).toEqual([]);
  expect(shellSpawns(rec.spawns())).toEqual([]);
}

describe('a push to main with the runner of a self-hosted machine', () => {
  let ws: Workspace;
  let recorded: Recording | undefined;
  afterAll(() => ws?.dispose());

  it('pushes the manifests branch to origin, and no token is left anywhere', async () => {
    ws = await makeWorkspace({ files: serviceFiles(IMAGE) });
    const decoy = makeDecoy('decoy-home.git');
    const { home, dockerConfig } = await leftoverHome('home', ws.remote, decoy);
    const staleConfigDir = path.join(home, '.docker');
    // The rules work for plain git: origin would be read from (and pushed to) the decoy.
    expect(git(['ls-remote', ws.remote], tmp.dir, { HOME: home, GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig') })).toContain('refs/heads/decoy-marker');
    const decoyRefs = refsOf(decoy);
    const before = { wsConfig: await readFile(path.join(ws.dir, '.git/config'), 'utf8'), originConfig: await readFile(path.join(ws.remote, 'config'), 'utf8') };

    const { result, rec } = await pushToMain(ws, { env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), DOCKER_CONFIG: staleConfigDir } });
    recorded = rec;
    try {
      expect(result.errors).toEqual([]);
      expect(result.code).toBe(0);
      expect(result.outputs['scan-result']).toBe('passed');
      expect(result.outputs['manifests-changed']).toBe('true');
      // The branch landed in origin, and the decoy is untouched.
      const tip = git(['rev-parse', 'refs/heads/manifests'], ws.remote).trim();
      expect(result.outputs['manifests-commit']).toBe(tip);
      expect(refsOf(decoy)).toBe(decoyRefs);
      expect(git(['show', `${tip}:infra/k8s/kustomization.yaml`], ws.remote)).toContain(`newTag: main-${ws.sha.slice(0, 7)}`);
      // Rendered with the fake kustomize before the push.
      expect(rec.calls().filter((call) => call.name === 'kustomize' && call.argv[0] === 'build')).toHaveLength(1);

      // The leftover docker login was neither used nor touched.
      expect(await readFile(path.join(home, '.docker/config.json'), 'utf8')).toBe(dockerConfig);
      expect(rec.docker().filter((call) => call.dockerConfig === staleConfigDir)).toEqual([]);
      await expectNoTokenAnywhere(result, rec, ws, before);
    } finally {
      await result.dispose();
    }
  });

  // On a self-hosted runner a leftover DOCKER_CONFIG must not reach any Trivy call.
  it("every Trivy call, the version check included, sees the run's private docker config", () => {
    const calls = recorded?.trivy() ?? [];
    expect(calls.map((call) => call.argv[0])).toContain('--version');
    for (const call of calls) expect(call.dockerConfig ?? '', JSON.stringify(call.argv)).toMatch(/\/docker-config-[^/]+$/);
  });
});

describe('an https manifests repository', () => {
  let ws: Workspace;
  afterAll(() => ws?.dispose());

  it('gets the token as an Authorization header only, never in the URL, a log or a file', async () => {
    ws = await makeWorkspace({ files: serviceFiles(IMAGE) });
    // A global config (GIT_CONFIG_GLOBAL) redirecting the manifests repository to a decoy.
    const decoy = makeDecoy('decoy-global.git');
    const globalConfig = path.join(tmp.dir, 'global-gitconfig');
    await writeFile(globalConfig, `[url "${decoy}"]\n\tinsteadOf = ${server.url}/Ftmo-Labs/gitops.git\n`);
    expect(git(['ls-remote', `${server.url}/Ftmo-Labs/gitops.git`], tmp.dir, { GIT_CONFIG_GLOBAL: globalConfig })).toContain('decoy-marker');
    const before = { wsConfig: await readFile(path.join(ws.dir, '.git/config'), 'utf8'), originConfig: await readFile(path.join(ws.remote, 'config'), 'utf8') };
    const seen = server.requests.length;

    const { result, rec } = await pushToMain(ws, {
      inputs: { 'manifests-repository': 'Ftmo-Labs/gitops' },
      env: { GITHUB_SERVER_URL: server.url, GIT_CONFIG_GLOBAL: globalConfig },
    });
    try {
      // The server says nothing useful, so the manifests stage fails; everything before ran.
      expect(result.code).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.outputs['scan-result']).toBe('passed');
      const gitRequests = server.requests.slice(seen).filter((request) => request.url.startsWith('/Ftmo-Labs/gitops.git/'));
      expect(gitRequests.length).toBeGreaterThan(0);
      for (const request of gitRequests) {
        expect(request.headers.authorization).toBe(`basic ${base64(`x-access-token:${TOKEN}`)}`);
        for (const secret of SECRET_FORMS) expect(request.url).not.toContain(secret);
      }
      expect(refsOf(decoy)).not.toContain('manifests');
      await expectNoTokenAnywhere(result, rec, ws, before);
    } finally {
      await result.dispose();
    }
  });
});

// git starts `/bin/sh -c "git-upload-pack '<path>'"` (and receive-pack) itself for a remote
// given as a local path; nothing else may run a shell.
describe.skipIf(!HAS_STRACE)('with strace', () => {
  let ws: Workspace;
  afterAll(() => ws?.dispose());

  it('the only shells in a whole push-to-main run are git starting its local transport', async () => {
    ws = await makeWorkspace({ files: serviceFiles(IMAGE) });
    const log = path.join(tmp.dir, 'strace-tokens.log');
    // Whole argument strings, to look for secrets in them.
    const { result } = await pushToMain(ws, { node: await nodeUnderStrace(tmp.dir, log, ['-s', '4096']) });
    try {
      expect(result.code).toBe(0);
      expect(result.outputs['manifests-changed']).toBe('true');
      const execs = (await readFile(log, 'utf8'))
        .split('\n')
        .map((line) => /execve\("([^"]+)", (\[.*?\]), /.exec(line))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => ({ file: match[1] ?? '', argv: JSON.parse(match[2] ?? '[]') as string[] }));
      expect(execs.some((exec) => exec.file.endsWith('/git'))).toBe(true);
      const shells = execs.filter((exec) => SHELLS.includes(path.basename(exec.file)));
      expect(shells.length).toBeGreaterThan(0);
      for (const shell of shells) {
        expect(shell.argv.slice(1, 3)).toEqual(['-c', expect.stringMatching(/^git-(?:upload|receive)-pack '[^']*'$/)]);
      }
      // No secret on any command line of the whole process tree.
      for (const exec of execs) for (const arg of exec.argv) for (const secret of SECRET_FORMS) expect(arg).not.toContain(secret);
    } finally {
      await result.dispose();
    }
  });
});
