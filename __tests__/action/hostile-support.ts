// Shared tools of the hostile-input suites: a PATH whose first directory holds recording fakes
// of every program the action could start (docker, trivy, kustomize, kubectl and the shells),
// a preload that records every process Node itself starts, a local HTTP server that records
// requests, and checks over what a run printed (leaked secrets, workflow commands).

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE, ROOT, runAction, type ActionResult, type ActionRun } from '../harness/runner.js';

export const EVENTS = path.join(ROOT, '__tests__/fixtures/events');
export const FAKE_TRIVY = path.join(ROOT, '__tests__/fixtures/bin/trivy');
const FAKE_DOCKER = path.join(ROOT, '__tests__/fixtures/bin/docker');
const HOSTILE = path.join(ROOT, '__tests__/fixtures/hostile');
const SPAWN_RECORDER = pathToFileURL(path.join(HOSTILE, 'spawn-recorder.mjs')).href;
export const CLEAN_REPORT = path.join(ROOT, '__tests__/fixtures/trivy/report-clean.json');

/** Distinctive secrets: any appearance outside `::add-mask::` lines is a leak. */
export const SECRETS = {
  registryPassword: 'ghs_HOSTILE_SECRET_registry_7Qx9vLm2',
  manifestsToken: 'ghs_HOSTILE_SECRET_manifests_K2p4Wd8n',
  githubToken: 'ghs_HOSTILE_SECRET_github_token_Zr8Tq1',
};

export const SHELLS = ['sh', 'bash', 'dash'];
/** Programs whose fakes only record: the action must never start them in these suites. */
const RECORD_ONLY = ['kubectl', ...SHELLS];

export function loadEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(EVENTS, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * A directory to put first on PATH: every program the action may start, as a recording fake.
 * The kustomize and record-only fakes log to calls.jsonl in this directory.
 */
async function makeFakeBin(bin: string): Promise<void> {
  await mkdir(bin, { recursive: true });
  await symlink(FAKE_DOCKER, path.join(bin, 'docker'));
  await symlink(FAKE_TRIVY, path.join(bin, 'trivy'));
  await symlink(path.join(HOSTILE, 'bin/kustomize'), path.join(bin, 'kustomize'));
  for (const name of RECORD_ONLY) await symlink(path.join(HOSTILE, 'bin/record-call'), path.join(bin, name));
}

export interface Recording {
  /** Environment for runAction: PATH with the fakes first, the log locations, the spawn preload. */
  env: Record<string, string>;
  docker(): DockerCall[];
  trivy(): TrivyCall[];
  /** kustomize, kubectl, sh, bash, dash. */
  calls(): { name: string; argv: string[] }[];
  /** Every process started by a Node process (the action, the node fakes). */
  spawns(): Spawn[];
  /** Processes started by the action itself. */
  actionSpawns(): Spawn[];
}

export interface DockerCall {
  argv: string[];
  stdin: string;
  dockerConfig: string | null;
  inputs: string[];
}

export interface TrivyCall {
  argv: string[];
  dockerConfig: string | null;
  envKeys: string[];
}

export interface Spawn {
  parent: string;
  kind: string;
  file: string;
  args: string[];
}

/** Fakes and fresh logs in `dir` (created) for one run. */
export async function makeRecording(dir: string): Promise<Recording> {
  const bin = path.join(dir, 'bin');
  await makeFakeBin(bin);
  const logs = {
    docker: path.join(dir, 'docker.jsonl'),
    trivy: path.join(dir, 'trivy.jsonl'),
    calls: path.join(bin, 'calls.jsonl'),
    spawns: path.join(dir, 'spawns.jsonl'),
  };
  const spawns = () => jsonLines<Spawn>(logs.spawns);
  return {
    env: {
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? '/usr/bin:/bin'}`,
      FAKE_DOCKER_LOG: logs.docker,
      // An empty registry: no tag of the build exists yet.
      FAKE_DOCKER_TAGS: '{}',
      TRIVY_FAKE_LOG: logs.trivy,
      SPAWN_RECORDER_LOG: logs.spawns,
      NODE_OPTIONS: `--import=${SPAWN_RECORDER}`,
    },
    docker: () => jsonLines<DockerCall>(logs.docker),
    trivy: () => jsonLines<TrivyCall>(logs.trivy),
    calls: () => jsonLines(logs.calls),
    spawns,
    actionSpawns: () => spawns().filter((spawn) => spawn.parent === BUNDLE),
  };
}

/**
 * One run of the bundle with fresh call logs in `logs`: the secrets as its registry password,
 * manifests token and github.token; the trivy fake as trivy-path, so the download URL (a
 * recording server's) must see nothing; a fake docker building both platforms, clean reports.
 */
export async function runWithSecrets(
  logs: string,
  downloadUrl: string,
  run: Omit<ActionRun, 'inputs'> & { inputs?: Record<string, string> },
): Promise<{ result: ActionResult; rec: Recording }> {
  const rec = await makeRecording(logs);
  const result = await runAction({
    token: SECRETS.githubToken,
    ...run,
    inputs: {
      'registry-password': SECRETS.registryPassword,
      'manifests-token': SECRETS.manifestsToken,
      'trivy-path': FAKE_TRIVY,
      'trivy-download-url': downloadUrl,
      ...run.inputs,
    },
    env: {
      ...rec.env,
      FAKE_DOCKER_PLATFORMS: 'linux/amd64, linux/arm64',
      TRIVY_FAKE_REPORTS: JSON.stringify({ 'linux/amd64': CLEAN_REPORT, 'linux/arm64': CLEAN_REPORT }),
      ...run.env,
    },
  });
  return { result, rec };
}

function jsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Spawns whose program is a shell, by name (however it was reached). */
export function shellSpawns(spawns: Spawn[]): Spawn[] {
  return spawns.filter((spawn) => SHELLS.includes(path.basename(spawn.file)));
}

export interface RecordingServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records every request and answers 404. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordingServer['requests'] = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    request.resume();
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Where a secret shows up in what a run left readable: '' when nowhere. */
export function leakOf(result: ActionResult, secrets: string[]): string {
  // The runner hides `::add-mask::` lines themselves; everything else is printed as is.
  const stdout = result.stdout
    .split('\n')
    .filter((line) => !/^::add-mask::/.test(line.trimStart()))
    .join('\n');
  const places: [string, string][] = [
    ['stdout', stdout],
    ['stderr', result.stderr],
    ['summary', result.summary],
    ['outputs', JSON.stringify(result.outputs)],
    ['post step', result.postStdout],
  ];
  for (const [place, text] of places) {
    for (const secret of secrets) if (secret !== '' && text.includes(secret)) return `${place} contains ${JSON.stringify(secret)}`;
  }
  return '';
}

// Commands the runner processes (actions/runner's command extensions and stop-commands).
const RUNNER_COMMANDS = [
  'add-mask', 'add-matcher', 'add-path', 'debug', 'echo', 'endgroup', 'error', 'group', 'notice',
  'remove-matcher', 'save-state', 'set-env', 'set-output', 'stop-commands', 'warning',
  'internal-set-repo-path',
];
/** What the action itself issues on stdout. */
const INTENDED = new Set(['add-mask', 'debug', 'endgroup', 'error', 'group', 'notice', 'warning']);

/**
 * Lines of stdout the runner would read as workflow commands the action did not intend: a
 * `::name::` (after leading blanks) or a `##[name]` anywhere in the line, naming a command
 * outside INTENDED; `::stop-commands::` only as the build's own pause with a matching resume;
 * `::add-mask::` only for the given values.
 */
export function unintendedCommands(stdout: string, allowedMasks: string[]): string[] {
  const problems: string[] = [];
  let pausedUntil = '';
  for (const line of stdout.split('\n')) {
    // While paused the runner reads nothing but the resume token.
    if (pausedUntil !== '') {
      if (line.trimStart() === `::${pausedUntil}::`) pausedUntil = '';
      continue;
    }
    const v2 = /^::([^:\s]+)(?: [^:]*)?::(.*)$/.exec(line.trimStart());
    const v1 = /##\[([^\]\s;]+)[^\]]*\](.*)$/.exec(line);
    if (v1 !== null && RUNNER_COMMANDS.includes((v1[1] ?? '').toLowerCase())) {
      // The action never uses the old `##[name]` form, which the runner finds anywhere in a line.
      problems.push(line);
      continue;
    }
    if (v2 === null) continue;
    const command = (v2[1] ?? '').toLowerCase();
    const data = v2[2] ?? '';
    if (!RUNNER_COMMANDS.includes(command)) continue;
    if (command === 'stop-commands' && /^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(data)) {
      // The build's own pause: a fresh random token, so the build log cannot issue commands.
      pausedUntil = data;
      continue;
    }
    if (command === 'add-mask' ? !allowedMasks.includes(decode(data)) : !INTENDED.has(command)) problems.push(line);
  }
  if (pausedUntil !== '') problems.push(`commands stay stopped until ::${pausedUntil}::`);
  return problems;
}

function decode(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** Every `::error::` line as printed (undecoded). */
export function rawErrorLines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('::error::'));
}

/** A digest of a directory tree: paths, modes, file contents and link targets (links not followed). */
export async function treeDigest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (rel: string): Promise<void> => {
    const full = path.join(dir, rel);
    const stat = await lstat(full);
    hash.update(`${rel}\0${stat.mode}\0`);
    if (stat.isSymbolicLink()) hash.update(await readlink(full));
    else if (stat.isFile()) hash.update(await readFile(full));
    else if (stat.isDirectory()) for (const entry of (await readdir(full)).sort()) await walk(path.join(rel, entry));
  };
  await walk('.');
  return hash.digest('hex');
}

/** `git for-each-ref` of a repository: every ref and what it points at. */
export function refsOf(repo: string): string {
  return execFileSync('git', ['for-each-ref', '--format=%(refname) %(objectname)'], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}

/** Files below `dir` whose content contains any of `needles`. */
export async function filesContaining(dir: string, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        const text = await readFile(full, 'latin1');
        if (needles.some((needle) => needle !== '' && text.includes(needle))) found.push(full);
      }
    }
  };
  if (existsSync(dir)) await walk(dir);
  return found;
}

export async function tempDir(prefix: string): Promise<{ dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

// strace sees every program started in the whole process tree, including what Node or git
// start by absolute path (/bin/sh), which no fake on PATH can catch.
export const HAS_STRACE = (() => {
  try {
    execFileSync('strace', ['-f', '-qq', '-e', 'trace=execve', '-o', '/dev/null', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * A `node` for runAction, written into `dir`, that runs the action under strace: every execve of
 * its process tree is appended to `log`. `options` go before the trace filter (`-s 4096` for
 * whole argument strings). A Node wrapper, not a shell script: dash drops variables such as
 * INPUT_REGISTRY-PASSWORD whose names are not shell identifiers.
 */
export async function nodeUnderStrace(dir: string, log: string, options: string[] = []): Promise<string> {
  const wrapper = path.join(dir, 'node-under-strace');
  const straceArgs = ['-f', '-qq', '-A', ...options, '-e', 'trace=execve', '-o', log, process.execPath];
  await writeFile(
    wrapper,
    `#!${process.execPath}\nconst r = require('node:child_process').spawnSync('strace', [...${JSON.stringify(straceArgs)}, ...process.argv.slice(2)], { stdio: 'inherit' });\nprocess.exit(r.status ?? 1);\n`,
  );
  await chmod(wrapper, 0o755);
  return wrapper;
}

/** A small checkout: a Dockerfile and one kustomization that names the service's image. */
export function serviceFiles(image: string): Record<string, string> {
  return {
    Dockerfile: 'FROM scratch\nCOPY app /app\n',
    app: 'hello\n',
    'infra/k8s/kustomization.yaml': [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      '  - deployment.yaml',
      'images:',
      `  - name: ${image}`,
      '    newTag: initial',
      '',
    ].join('\n'),
    'infra/k8s/deployment.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: signal-engine',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      `        - image: ${image}:initial`,
      '          name: app',
      '',
    ].join('\n'),
  };
}
