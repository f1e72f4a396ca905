// The temporary clone of the manifests branch: its tip fetched one commit deep, a working tree
// the update rewrites, and the commit and push of the result. It shares nothing with the
// workspace's repository; each update attempt starts by resetting the tree.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StageError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { decodeUtf8 } from '../../domain/manifests/utf8.js';
import type { ExecResult } from '../exec.js';
import { remoteHost } from './auth.js';
import type { GitRunner } from './runner.js';
import { components, realDirectory, regularFile } from './tree-paths.js';

/** A commit or tree id (SHA-1 or SHA-256). */
const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** The remote's view of the branch: its tip commit, or '' when the branch does not exist. */
async function remoteBranchTip(git: GitRunner, cwd: string, remote: string, branch: string): Promise<string> {
  const result = await git.run(['ls-remote', '--exit-code', remote, `refs/heads/${branch}`], { cwd, remote });
  // --exit-code: 2 means "no such ref"; anything else non-zero is a real failure.
  if (result.code === 2) return '';
  if (result.code !== 0) throw git.failure(`git ls-remote with ${remoteHost(remote)}: cannot read branch ${quote(branch)} of ${quote(remote)}`, result);
  const sha = result.stdout.split('\t')[0]?.trim() ?? '';
  if (!OBJECT_ID.test(sha)) throw git.failure(`unexpected answer from git ls-remote for ${quote(branch)}`, result);
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
  /** Paths that differ between two trees ('' = the empty tree); deleted paths only with `deleted`. */
  changedFiles(fromTree: string, toTree: string, deleted?: boolean): Promise<string[]>;
  /** Every file of a tree. */
  listFiles(tree: string): Promise<string[]>;
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

export async function openClone(git: GitRunner, dir: string, remote: string, branch: string): Promise<ManifestsClone> {
  await git.must(['init', '-q', dir], { cwd: path.dirname(dir) });
  const cwd = { cwd: dir };
  let emptyTree = '';
  const trees = new Map<string, string>();
  const tree = async (id: string): Promise<string> => {
    if (id !== '') return id;
    if (emptyTree === '') emptyTree = (await git.must(['mktree'], { cwd: dir, input: '' })).trim();
    return emptyTree;
  };

  return {
    dir,
    async fetchTip() {
      const fetched = await git.run(['fetch', '--quiet', '--no-tags', '--depth=1', remote, `+refs/heads/${branch}:refs/ftmo-deploy/tip`], { cwd: dir, remote });
      if (fetched.code !== 0) {
        // The branch is there on almost every attempt; only a failed fetch asks whether it exists.
        if ((await remoteBranchTip(git, dir, remote, branch)) === '') return '';
        throw git.failure(`git fetch with ${remoteHost(remote)}: cannot fetch branch ${quote(branch)} of ${quote(remote)}`, fetched);
      }
      // The tip's tree in the same process: every attempt compares its result with it.
      const [commit = '', treeId = ''] = (await git.must(['rev-parse', 'refs/ftmo-deploy/tip^{commit}', 'refs/ftmo-deploy/tip^{tree}'], cwd)).split('\n');
      if (!OBJECT_ID.test(commit) || !OBJECT_ID.test(treeId)) throw new StageError('manifests', `unexpected answer from git rev-parse for the tip of ${quote(branch)}`);
      trees.set(commit, treeId);
      return commit;
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
      return trees.get(commit) ?? (await git.must(['rev-parse', '--verify', `${commit}^{tree}`], cwd)).trim();
    },
    async commit(treeId, parent, message) {
      const parents = parent === '' ? [] : ['-p', parent];
      return (await git.must(['commit-tree', treeId, ...parents, '-F', '-'], { cwd: dir, input: message })).trim();
    },
    async changedFiles(fromTree, toTree, deleted = false) {
      const filter = deleted ? [] : ['--diff-filter=d'];
      const out = await git.must(['diff-tree', '-r', '-z', '--name-only', '--no-renames', ...filter, await tree(fromTree), await tree(toTree)], cwd);
      return out.split('\0').filter((name) => name !== '');
    },
    async listFiles(treeId) {
      const out = await git.must(['ls-tree', '-r', '-z', '--name-only', await tree(treeId)], cwd);
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
