// The commit the workspace holds: `git rev-parse HEAD`, with git isolated from the runner's
// configuration like every other git command of the action (git.ts).

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGit } from './runner.js';

export interface HeadReader {
  workspace: string;
  runnerTemp: string;
  env: Record<string, string | undefined>;
  now(): Date;
}

/** The full SHA of the workspace's HEAD commit, or '' when there is none to read. */
export async function readWorkspaceHead(where: HeadReader): Promise<string> {
  const tempDir = await fs.mkdtemp(path.join(where.runnerTemp || os.tmpdir(), 'ftmo-head-'));
  try {
    // The workspace may belong to another user than the action's (a container job).
    const git = await createGit({ tempDir, env: where.env, now: where.now, stage: 'checkout', config: [{ key: 'safe.directory', value: where.workspace }] });
    const result = await git.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: where.workspace });
    return result.code === 0 ? result.stdout.trim() : '';
  } finally {
    await fs.rm(tempDir, { recursive: true, force: true });
  }
}
