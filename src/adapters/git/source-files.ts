// What the source key is computed from, asked of git in the workspace: the tracked files of the
// build context and the Dockerfile with their blob ids (`git ls-files --stage`, no file is read
// or hashed again), every path that differs from the commit (`git status`, untracked and
// git-ignored files included: BuildKit sends them too), and the ignore file that applies. git
// runs isolated from the runner's configuration and offline, like every git command (../git.ts).

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseStagedFiles, parseStatusPaths } from '../../domain/plan/git-listing.js';
import { ignoreFileCandidates, type SourceSnapshot } from '../../domain/plan/source-key.js';
import { withTempDir } from '../temp.js';
import { createGit } from './runner.js';

export interface SourceReader {
  workspace: string;
  /** The run's temporary root (temp.ts). */
  tempRoot: string;
  env: Record<string, string | undefined>;
  now(): Date;
  /** Workspace-relative, normalised ('.' for the workspace). */
  context: string;
  /** Workspace-relative path of the Dockerfile. */
  file: string;
}

export async function readSourceSnapshot(where: SourceReader): Promise<SourceSnapshot> {
  return withTempDir(where.tempRoot, 'ftmo-source-', async (tempDir) => {
    const git = await createGit({
      tempDir,
      env: where.env,
      now: where.now,
      stage: 'build',
      offline: true,
      // The workspace may belong to another user than the action's (a container job).
      config: [{ key: 'safe.directory', value: where.workspace }],
    });
    const cwd = where.workspace;
    // Everything below is relative to the repository's top, which git status always prints.
    const prefix = (await git.must(['rev-parse', '--show-prefix'], { cwd })).trim();
    const context = fromTop(prefix, where.context);
    const file = fromTop(prefix, where.file);
    const candidates = ignoreFileCandidates(context, file);
    const tracked = parseStagedFiles(await git.must(['ls-files', '--stage', '-z', '--full-name', '--', ...pathspecs([context, file])], { cwd }));
    const status = await git.must(
      // No optional lock: reading must not rewrite the checkout's index.
      ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=traditional', '--', ...pathspecs([context, file, ...candidates])],
      { cwd },
    );
    return { context, file, tracked, ignoreFile: await firstIgnoreFile(cwd, prefix, candidates), changed: parseStatusPaths(status) };
  });
}

/** The first candidate that exists in the workspace, read from disk (a change to it is in `changed`). */
async function firstIgnoreFile(cwd: string, prefix: string, candidates: string[]): Promise<SourceSnapshot['ignoreFile']> {
  const top = path.join(cwd, ...prefix.split('/').filter((part) => part !== '').map(() => '..'));
  for (const candidate of candidates) {
    const text = await fs.readFile(path.join(top, candidate), 'utf8').catch(() => undefined);
    if (text !== undefined) return { path: candidate, text };
  }
  return undefined;
}

function fromTop(prefix: string, rel: string): string {
  return path.posix.normalize(path.posix.join(prefix, rel)).replace(/\/$/, '') || '.';
}

/** Literal paths from the top; the top itself is every path. */
function pathspecs(paths: string[]): string[] {
  return paths.includes('.') ? [':(top)'] : paths.map((p) => `:(top,literal)${p}`);
}
