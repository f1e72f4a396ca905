// The commit the workspace holds: `git rev-parse HEAD`, with git isolated from the runner's
// configuration like every other git command of the action (git.ts).

import { withTempDir } from '../temp.js';
import { createGit } from './runner.js';

export interface HeadReader {
  workspace: string;
  /** The run's temporary root (temp.ts). */
  tempRoot: string;
  env: Record<string, string | undefined>;
  now(): Date;
}

/** The full SHA of the workspace's HEAD commit, or '' when there is none to read. */
export async function readWorkspaceHead(where: HeadReader): Promise<string> {
  return withTempDir(where.tempRoot, 'ftmo-head-', async (tempDir) => {
    // The workspace may belong to another user than the action's (a container job).
    const git = await createGit({ tempDir, env: where.env, now: where.now, stage: 'checkout', config: [{ key: 'safe.directory', value: where.workspace }] });
    const result = await git.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: where.workspace });
    return result.code === 0 ? result.stdout.trim() : '';
  });
}
