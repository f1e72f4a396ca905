// A checkout as actions/checkout leaves it: a repository with a bare `origin` (the remote the
// manifests branch is pushed to), cloned one commit deep into the workspace.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface Workspace {
  /** The checkout (GITHUB_WORKSPACE). */
  dir: string;
  /** The bare repository behind `origin`. */
  remote: string;
  /** Where further source commits are made and pushed from. */
  source: string;
  sha: string;
  git(args: string[], cwd?: string): string;
  /** Commit files (relative path -> content) on top of the source and push them to origin. */
  commit(files: Record<string, string>, message: string, branch?: string): string;
  /** A fresh depth-1 checkout of `ref` (a new workspace directory). */
  checkout(ref: string): string;
  dispose(): Promise<void>;
}

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Jana Novak',
  GIT_AUTHOR_EMAIL: 'jana.novak@example.com',
  GIT_COMMITTER_NAME: 'Jana Novak',
  GIT_COMMITTER_EMAIL: 'jana.novak@example.com',
};

export async function makeWorkspace(options: { from?: string; files?: Record<string, string>; branch?: string } = {}): Promise<Workspace> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ftmo-ws-'));
  const remote = path.join(root, 'origin.git');
  const source = path.join(root, 'source');
  const branch = options.branch ?? 'main';
  const git = (args: string[], cwd = source): string =>
    execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

  await mkdir(source, { recursive: true });
  if (options.from !== undefined) await cp(options.from, source, { recursive: true });
  writeFilesSync(source, options.files ?? {});
  git(['init', '--quiet', '--initial-branch', branch]);
  git(['add', '--all']);
  git(['commit', '--quiet', '--message', 'Initial import']);
  git(['init', '--quiet', '--bare', remote], root);
  git(['remote', 'add', 'origin', remote]);
  git(['push', '--quiet', 'origin', branch]);

  let checkouts = 0;
  const checkout = (ref: string): string => {
    const dir = path.join(root, `workspace-${++checkouts}`);
    git(['clone', '--quiet', '--depth', '1', '--branch', ref, `file://${remote}`, dir], root);
    git(['remote', 'set-url', 'origin', remote], dir);
    return dir;
  };
  const commit = (files: Record<string, string>, message: string, onto = branch): string => {
    git(['checkout', '--quiet', '-B', onto]);
    writeFilesSync(source, files);
    git(['add', '--all']);
    git(['commit', '--quiet', '--message', message]);
    git(['push', '--quiet', 'origin', onto]);
    return git(['rev-parse', 'HEAD']);
  };
  return {
    dir: checkout(branch),
    remote,
    source,
    sha: git(['rev-parse', 'HEAD']),
    git,
    commit,
    checkout,
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

function writeFilesSync(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
}
