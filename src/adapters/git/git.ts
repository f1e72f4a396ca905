// Every git command the action runs goes through `GitRunner.run`, with an environment built
// here and nowhere else: nothing from the runner's system or global configuration (a global
// `insteadOf` rule, credential helper, hooks path or signing setting on a self-hosted runner
// must not change what is fetched or pushed), no prompts, a fixed identity and clock, the C
// locale (git's messages are parsed), and settings given as GIT_CONFIG_* variables so that
// they never appear on a command line or in a file. Commands that reach a remote are bounded
// in time, and never follow a redirect: the remote a command is given is the one it talks to.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ContextError, ManifestError, StageError } from '../../domain/errors.js';
import { isCommitSha } from '../../domain/ids.js';
import { quote } from '../../domain/escape.js';
import { decodeUtf8 } from '../../domain/manifests/utf8.js';
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

/** The clone's view of the branch: its tip commit, or '' when the branch does not exist. */
async function remoteBranchTip(git: GitRunner, cwd: string, remote: string, branch: string): Promise<string> {
  const result = await git.run(['ls-remote', '--exit-code', remote, `refs/heads/${branch}`], { cwd, remote });
  // --exit-code: 2 means "no such ref"; anything else non-zero is a real failure.
  if (result.code === 2) return '';
  if (result.code !== 0) throw git.failure(`git ls-remote with ${remoteHost(remote)}: cannot read branch ${quote(branch)} of ${quote(remote)}`, result);
  const sha = result.stdout.split('\t')[0]?.trim() ?? '';
  if (!isCommitSha(sha)) throw git.failure(`unexpected answer from git ls-remote for ${quote(branch)}`, result);
  return sha;
}

/**
 * A temporary clone of the manifests branch with a working tree. It never shares anything
 * with the workspace's repository; each update attempt starts by resetting the tree.
 */
export interface ManifestsClone {
  dir: string;
  /** Fetches the branch's tip (depth 1: only its tree is needed) and returns its SHA, or '' if missing. */
  fetchTip(): Promise<string>;
  /** Makes the working tree exactly `commit`'s tree ('' = empty). */
  reset(commit: string): Promise<void>;
  /** Stages everything in the working tree and returns the tree id. */
  writeTree(): Promise<string>;
  treeOf(commit: string): Promise<string>;
  commit(tree: string, parent: string, message: string): Promise<string>;
  /** Paths that differ between two trees ('' = the empty tree); deleted paths not included. */
  changedFiles(fromTree: string, toTree: string): Promise<string[]>;
  /** Unified diff of `files` between two trees. */
  diff(fromTree: string, toTree: string, files: string[]): Promise<string>;
  /** Pushes `commit` to the branch, never forced. The result is returned, not thrown. */
  push(commit: string): Promise<ExecResult>;
  /** Replaces directory `rel` of the working tree with the same directory under `sourceRoot`. */
  copyDirectory(sourceRoot: string, rel: string): Promise<void>;
  /** A file of the working tree, or undefined when it does not exist (symlinks and text that is not UTF-8 are refused). */
  readFile(rel: string): Promise<string | undefined>;
  writeFile(rel: string, text: string): Promise<void>;
}

// Entries of the working tree's root that a copy of the source's root ('.') must not touch.
const CLONE_OWN = new Set(['.git', '.ftmo-deploy']);

/** `rel` as path components, or a thrown error when it could leave the working tree. */
function components(rel: string): string[] {
  if (rel === '.') return [];
  const parts = rel.split('/');
  if (rel.includes('\\') || rel.includes('\0') || parts.some((part) => part === '' || part === '.' || part === '..' || part === '.git')) {
    throw new ManifestError(rel, 0, 'path is not a plain path inside the repository');
  }
  return parts;
}

/**
 * Makes `rel` a real directory of the tree and returns its absolute path. A symlink or file on
 * the way (a manifests branch can hold anything) is removed first, so nothing written below
 * can end up outside the tree.
 */
async function realDirectory(root: string, rel: string): Promise<string> {
  let current = root;
  for (const part of components(rel)) {
    current = path.join(current, part);
    const stat = await fs.lstat(current).catch(() => undefined);
    if (stat !== undefined && !stat.isDirectory()) await fs.rm(current, { force: true });
    if (stat === undefined || !stat.isDirectory()) await fs.mkdir(current);
  }
  return current;
}

/** Absolute path of file `rel`, refusing symlinks anywhere on the way; undefined if missing. */
async function regularFile(root: string, rel: string): Promise<string | undefined> {
  let current = root;
  const parts = components(rel);
  for (const [index, part] of parts.entries()) {
    current = path.join(current, part);
    const stat = await fs.lstat(current).catch(() => undefined);
    if (stat === undefined) return undefined;
    if (stat.isSymbolicLink()) throw new ManifestError(rel, 0, 'is a symbolic link or lies behind one; refusing to follow it');
    const last = index === parts.length - 1;
    if (last ? !stat.isFile() : !stat.isDirectory()) return undefined;
  }
  return current;
}

export async function openClone(git: GitRunner, dir: string, remote: string, branch: string): Promise<ManifestsClone> {
  await git.must(['init', '-q', dir], { cwd: path.dirname(dir) });
  const cwd = { cwd: dir };
  let emptyTree = '';
  const tree = async (id: string): Promise<string> => {
    if (id !== '') return id;
    if (emptyTree === '') emptyTree = (await git.must(['mktree'], { cwd: dir, input: '' })).trim();
    return emptyTree;
  };

  return {
    dir,
    async fetchTip() {
      if ((await remoteBranchTip(git, dir, remote, branch)) === '') return '';
      await git.must(['fetch', '--quiet', '--no-tags', '--depth=1', remote, `+refs/heads/${branch}:refs/ftmo-deploy/tip`], { cwd: dir, remote });
      return (await git.must(['rev-parse', '--verify', 'refs/ftmo-deploy/tip^{commit}'], cwd)).trim();
    },
    async reset(commit) {
      for (const entry of await fs.readdir(dir)) {
        if (entry !== '.git') await fs.rm(path.join(dir, entry), { recursive: true, force: true });
      }
      if (commit === '') {
        await git.must(['read-tree', '--empty'], cwd);
        return;
      }
      await git.must(['read-tree', commit], cwd);
      await git.must(['checkout-index', '--all', '--force', '--quiet'], cwd);
    },
    async writeTree() {
      await git.must(['add', '--all', '.'], cwd);
      return (await git.must(['write-tree'], cwd)).trim();
    },
    async treeOf(commit) {
      return (await git.must(['rev-parse', '--verify', `${commit}^{tree}`], cwd)).trim();
    },
    async commit(treeId, parent, message) {
      const parents = parent === '' ? [] : ['-p', parent];
      return (await git.must(['commit-tree', treeId, ...parents, '-F', '-'], { cwd: dir, input: message })).trim();
    },
    async changedFiles(fromTree, toTree) {
      const out = await git.must(['diff-tree', '-r', '-z', '--name-only', '--no-renames', '--diff-filter=d', await tree(fromTree), await tree(toTree)], cwd);
      return out.split('\0').filter((name) => name !== '');
    },
    async diff(fromTree, toTree, files) {
      if (files.length === 0) return '';
      return git.must(['diff', '--no-color', '--no-ext-diff', '--no-renames', await tree(fromTree), await tree(toTree), '--', ...files.map((file) => `:(literal)${file}`)], cwd);
    },
    push(commit) {
      return git.run(['push', '--porcelain', '--no-verify', remote, `${commit}:refs/heads/${branch}`], { cwd: dir, remote });
    },
    async copyDirectory(sourceRoot, rel) {
      const source = path.join(sourceRoot, ...components(rel));
      const stat = await fs.lstat(source).catch(() => undefined);
      if (!stat?.isDirectory()) throw new StageError('manifests', `manifests-path ${quote(rel)} is not a directory in the workspace`);
      const target = await realDirectory(dir, rel);
      const atRoot = rel === '.';
      for (const entry of await fs.readdir(target)) {
        if (!(atRoot && CLONE_OWN.has(entry))) await fs.rm(path.join(target, entry), { recursive: true, force: true });
      }
      for (const entry of await fs.readdir(source)) {
        if (entry === '.git' || (atRoot && CLONE_OWN.has(entry))) continue;
        // Links are copied as links (as git stores them), never followed.
        await fs.cp(path.join(source, entry), path.join(target, entry), {
          recursive: true,
          verbatimSymlinks: true,
          filter: (from) => path.basename(from) !== '.git',
        });
      }
    },
    async readFile(rel) {
      const file = await regularFile(dir, rel);
      return file === undefined ? undefined : decodeUtf8(await fs.readFile(file), rel);
    },
    async writeFile(rel, text) {
      const parent = await realDirectory(dir, path.posix.dirname(rel));
      const file = path.join(parent, path.posix.basename(rel));
      const stat = await fs.lstat(file).catch(() => undefined);
      if (stat !== undefined && !stat.isFile()) await fs.rm(file, { recursive: true, force: true });
      await fs.writeFile(file, text);
    },
  };
}
