// Every git command the action runs goes through `GitRunner.run`, with an environment built
// here and nowhere else: nothing from the runner's system or global configuration (a global
// `insteadOf` rule, credential helper, hooks path or signing setting on a self-hosted runner
// must not change what is fetched or pushed), no prompts, a fixed identity and clock, the C
// locale (git's messages are parsed), and settings given as GIT_CONFIG_* variables so that
// they never appear on a command line or in a file. Commands that reach a remote are bounded
// in time, and never follow a redirect: the remote a command is given is the one it talks to.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ContextError, StageError } from '../../domain/errors.js';
import { execTool, tail, type ExecResult } from '../exec.js';
import { remoteHost } from './auth.js';

export const BOT_NAME = 'github-actions[bot]';
export const BOT_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com';

export interface ConfigEntry {
  key: string;
  value: string;
}

export interface GitSettings {
  /** A directory this run owns (the caller removes it): holds the empty global config. */
  tempDir: string;
  /** The runner's environment; only PATH, TMPDIR and proxy settings are taken from it. */
  env: Record<string, string | undefined>;
  now(): Date;
  /** Stage named in errors. */
  stage: string;
  /** Extra configuration for every command (authentication headers, safe.directory). */
  config?: ConfigEntry[];
  /** Values blanked out of every message built from git's output. */
  secrets?: string[];
  /** No command may reach any remote (reading the checkout). */
  offline?: boolean;
}

export interface RunOptions {
  cwd: string;
  input?: string;
  /** The remote this command talks to: it is then a network operation, bounded in time. */
  remote?: string;
}

export interface GitRunner {
  /** Runs git; the exit code is returned, not thrown. */
  run(args: string[], options: RunOptions): Promise<ExecResult>;
  /** Runs git and returns its stdout; a non-zero exit throws a StageError with git's message. */
  must(args: string[], options: RunOptions): Promise<string>;
  /** `text` with every secret replaced by `***`. */
  redact(text: string): string;
  /** A StageError saying what failed, with the end of git's (redacted) output. */
  failure(what: string, result: ExecResult): StageError;
}

// Variables worth keeping from the runner: how to find programs and how to reach the network.
const PASSED_VARIABLES = ['PATH', 'TMPDIR', 'http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'all_proxy', 'SSH_AUTH_SOCK'];

/** The variable that sets how long a git network operation may stall (seconds); tests shorten it. */
export const GIT_TIMEOUT_VARIABLE = 'FTMO_DEPLOY_GIT_TIMEOUT_SECONDS';
const DEFAULT_STALL_SECONDS = 60;

/**
 * How long a network operation may go without progress (git's own low-speed limit, for http),
 * and how long it may take at all (the process is killed after twice that: a hung ssh or a
 * connection that never opens is covered too).
 */
export function networkBounds(env: Record<string, string | undefined>): { stallSeconds: number; killAfterMs: number } {
  const raw = env[GIT_TIMEOUT_VARIABLE]?.trim() ?? '';
  if (raw !== '' && !/^[1-9][0-9]{0,4}$/.test(raw)) throw new ContextError(GIT_TIMEOUT_VARIABLE, 'must be a whole number of seconds from 1 to 99999', raw);
  const stallSeconds = raw === '' ? DEFAULT_STALL_SECONDS : Number(raw);
  return { stallSeconds, killAfterMs: 2 * stallSeconds * 1000 };
}

// The transports a remote may use (a local path is `file`).
const TRANSPORTS = ['https', 'http', 'ssh', 'git', 'file'];

/** Every transport allowed, or (reading the checkout) none: not even a lazy fetch of a partial clone. */
function transportConfig(offline: boolean): ConfigEntry[] {
  return TRANSPORTS.map((name) => ({ key: `protocol.${name}.allow`, value: offline ? 'never' : 'always' }));
}

// Configuration that makes every command behave the same on any runner.
const FIXED_CONFIG: ConfigEntry[] = [
  { key: 'credential.helper', value: '' },
  // A redirect would take the next requests, and the Authorization header, to another server.
  { key: 'http.followRedirects', value: 'false' },
  // Only the transports below; `ext::` and `fd::` (commands, not remotes) stay refused.
  { key: 'protocol.allow', value: 'never' },
  { key: 'core.autocrlf', value: 'false' },
  { key: 'core.fsmonitor', value: 'false' },
  { key: 'commit.gpgSign', value: 'false' },
  { key: 'gc.auto', value: '0' },
  { key: 'maintenance.auto', value: 'false' },
  { key: 'fetch.recurseSubmodules', value: 'false' },
  { key: 'init.defaultBranch', value: 'main' },
  { key: 'advice.detachedHead', value: 'false' },
];

// curl's words when http.lowSpeedLimit/lowSpeedTime stop a transfer.
const STALLED = /Operation too slow/;

/** The environment of every git command (exported so tests can check what carries a token). */
export function gitEnvironment(settings: GitSettings, files: { globalConfig: string; hooksDir: string }, now: Date): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_VARIABLES) {
    const value = settings.env[name];
    if (value !== undefined) env[name] = value;
  }
  const date = `@${Math.floor(now.getTime() / 1000)} +0000`;
  Object.assign(env, {
    // HOME too: git and libcurl read ~/.gitconfig, the XDG config and ~/.netrc from it.
    HOME: settings.tempDir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: files.globalConfig,
    GIT_TERMINAL_PROMPT: '0',
    // A partial clone must not fetch missing objects behind our back (git 2.44+; ignored before).
    GIT_NO_LAZY_FETCH: '1',
    GCM_INTERACTIVE: 'never',
    GIT_AUTHOR_NAME: BOT_NAME,
    GIT_AUTHOR_EMAIL: BOT_EMAIL,
    GIT_COMMITTER_NAME: BOT_NAME,
    GIT_COMMITTER_EMAIL: BOT_EMAIL,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
    LC_ALL: 'C',
    LANG: 'C',
  });
  const { stallSeconds } = networkBounds(settings.env);
  const entries = [
    ...FIXED_CONFIG,
    { key: 'http.lowSpeedLimit', value: '1000' },
    { key: 'http.lowSpeedTime', value: String(stallSeconds) },
    { key: 'core.hooksPath', value: files.hooksDir },
    ...(settings.config ?? []),
    ...transportConfig(settings.offline === true),
  ];
  env.GIT_CONFIG_COUNT = String(entries.length);
  entries.forEach((entry, index) => {
    env[`GIT_CONFIG_KEY_${index}`] = entry.key;
    env[`GIT_CONFIG_VALUE_${index}`] = entry.value;
  });
  return env;
}

/** The one git runner of a stage; files it needs live under settings.tempDir. */
export async function createGit(settings: GitSettings): Promise<GitRunner> {
  const globalConfig = path.join(settings.tempDir, 'empty-gitconfig');
  const hooksDir = path.join(settings.tempDir, 'no-hooks');
  await fs.writeFile(globalConfig, '');
  await fs.mkdir(hooksDir, { recursive: true });
  const secrets = (settings.secrets ?? []).filter((secret) => secret.length > 0);
  const redact = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join('***'), text);

  const bounds = networkBounds(settings.env);
  const withHost = (remote: string | undefined): string => (remote === undefined ? '' : ` with ${remoteHost(remote)}`);

  // Every command is bounded (a local one never comes near); one that reaches a remote and
  // stalls fails the step at once, naming what it did and where: it is never retried.
  const run = async (args: string[], options: RunOptions): Promise<ExecResult> => {
    const env = gitEnvironment(settings, { globalConfig, hooksDir }, settings.now());
    const result = await execTool('git', args, { cwd: options.cwd, input: options.input, env, timeoutMs: bounds.killAfterMs });
    if (result.timedOut || (options.remote !== undefined && STALLED.test(result.stderr))) {
      const how = result.timedOut ? `did not finish within ${bounds.killAfterMs / 1000} s` : `made no progress for ${bounds.stallSeconds} s`;
      throw new StageError(settings.stage, redact(`git ${args[0] ?? ''}${withHost(options.remote)} ${how} and was stopped (the remote is not answering; ${GIT_TIMEOUT_VARIABLE} sets the bound)`));
    }
    return result;
  };

  const failure = (what: string, result: ExecResult): StageError =>
    new StageError(settings.stage, redact(`${what} (git exit ${result.code}): ${tail([result.stderr, result.stdout].join('\n').trim())}`));

  const must = async (args: string[], options: RunOptions): Promise<string> => {
    const result = await run(args, options);
    if (result.code !== 0) throw failure(`git ${args[0] ?? ''}${withHost(options.remote)} failed`, result);
    return result.stdout;
  };

  return { run, must, redact, failure };
}

