// Runs the bundled action exactly as the GitHub runner does: `node dist/index.js` with INPUT_* for
// every input (action.yml's defaults filled in, `${{ github.actor }}` / `${{ github.token }}`
// evaluated), the GITHUB_* variables, an event payload file and the GITHUB_OUTPUT /
// GITHUB_STEP_SUMMARY / GITHUB_STATE files; then the post step with the state the main step saved.
// Used by the tests and by `npm run demo`.

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLE = path.join(ROOT, 'dist/index.js');

/** action.yml's inputs with their literal defaults. */
export async function actionDefaults() {
  const action = parse(await readFile(path.join(ROOT, 'action.yml'), 'utf8'));
  return Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, String(spec.default ?? '')]));
}

export async function runAction(run) {
  const home = await mkdtemp(path.join(os.tmpdir(), 'ftmo-runner-'));
  const files = {
    event: path.join(home, 'event.json'),
    output: path.join(home, 'output.txt'),
    summary: path.join(home, 'summary.md'),
    state: path.join(home, 'state.txt'),
    temp: path.join(home, 'temp'),
    toolCache: path.join(home, 'tool-cache'),
    userHome: path.join(home, 'home'),
  };
  await writeFile(files.event, JSON.stringify(run.payload));
  for (const file of [files.output, files.summary, files.state]) await writeFile(file, '');
  for (const dir of [files.temp, files.toolCache, files.userHome]) await mkdir(dir, { recursive: true });

  const repository = run.repository ?? 'Ftmo-Labs/dax-trading';
  const actor = run.actor ?? 'jana-novak';
  const token = run.token ?? 'ghs_harnessToken0000000000000000000000';
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: files.userHome,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: run.event,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REF: run.ref,
    GITHUB_SHA: run.sha,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0] ?? '',
    GITHUB_WORKSPACE: run.workspace,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_ACTOR: actor,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    RUNNER_TEMP: files.temp,
    RUNNER_TOOL_CACHE: files.toolCache,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...inputEnv(await actionDefaults(), run.inputs, { actor, token }),
    ...run.env,
  };
  const node = run.node ?? process.execPath;
  const main = await spawnNode(node, env, run.workspace);
  let post;
  if (run.post !== false) {
    const state = parseFileCommands(await readFile(files.state, 'utf8'));
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    post = await spawnNode(node, { ...env, ...stateEnv }, run.workspace);
  }
  return {
    code: main.code,
    durationMs: main.durationMs,
    stdout: main.stdout,
    stderr: main.stderr,
    outputs: parseFileCommands(await readFile(files.output, 'utf8')),
    summary: await readFile(files.summary, 'utf8'),
    errors: commands(main.stdout, 'error'),
    masks: commands(main.stdout, 'add-mask'),
    postCode: post?.code,
    postStdout: post?.stdout ?? '',
    runnerTemp: files.temp,
    dispose: () => rm(home, { recursive: true, force: true }),
  };
}

/** INPUT_<NAME> for every input: the name upper-cased, spaces to `_`, dashes kept. */
function inputEnv(defaults, given, github) {
  const env = {};
  for (const [name, value] of Object.entries({ ...defaults, ...given })) {
    const evaluated = value
      .replace(/\$\{\{\s*github\.actor\s*\}\}/g, github.actor)
      .replace(/\$\{\{\s*github\.token\s*\}\}/g, github.token);
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = evaluated;
  }
  return env;
}

function spawnNode(node, env, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, [BUNDLE], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, durationMs: performance.now() - started }));
  });
}

/** GITHUB_OUTPUT / GITHUB_STATE syntax: `name<<DELIM\nvalue\nDELIM` or `name=value`. */
export function parseFileCommands(text) {
  const result = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter = ''] = heredoc;
      const value = [];
      while (i + 1 < lines.length && lines[i + 1] !== delimiter) value.push(lines[++i] ?? '');
      i++;
      result[name] = value.join('\n');
    } else if (line.includes('=')) {
      result[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return result;
}

/** `::name::message` workflow commands in stdout, with the runner's %-decoding. */
function commands(stdout, name) {
  const prefix = new RegExp(`^::${name}(?: [^:]*)?::(.*)$`);
  return stdout
    .split('\n')
    .map((line) => prefix.exec(line)?.[1])
    .filter((value) => value !== undefined)
    .map((value) => value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'));
}
