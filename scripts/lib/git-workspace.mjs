// A checkout as actions/checkout leaves it: a source repository pushed to a bare `origin` (the
// remote the manifests branch goes to), cloned one commit deep into the workspace. Used by the
// tests and by `npm run demo`.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// Isolated from the machine's git configuration, with a fixed human author for source commits.
export const FIXTURE_GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Jana Novak',
  GIT_AUTHOR_EMAIL: 'jana.novak@example.com',
  GIT_COMMITTER_NAME: 'Jana Novak',
  GIT_COMMITTER_EMAIL: 'jana.novak@example.com',
};
const ENV = { ...process.env, ...FIXTURE_GIT_ENV };

export async function makeWorkspace(options = {}) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ftmo-ws-'));
  const remote = path.join(root, 'origin.git');
  const source = path.join(root, 'source');
  const branch = options.branch ?? 'main';
  const git = (args, cwd = source) =>
    execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

  await mkdir(source, { recursive: true });
  if (options.from !== undefined) await cp(options.from, source, { recursive: true });
  writeFiles(source, options.files ?? {});
  git(['init', '--quiet', '--initial-branch', branch]);
  git(['add', '--all']);
  git(['commit', '--quiet', '--message', 'Initial import']);
  git(['init', '--quiet', '--bare', remote], root);
  // GitHub serves partial fetches (--filter); a bare repository does only when told to.
  git(['config', 'uploadpack.allowFilter', 'true'], remote);
  git(['remote', 'add', 'origin', remote]);
  git(['push', '--quiet', 'origin', branch]);

  let checkouts = 0;
  const checkout = (ref) => {
    const dir = path.join(root, `workspace-${++checkouts}`);
    // file:// makes --depth work for a local clone; origin is then set to the plain path.
    git(['clone', '--quiet', '--depth', '1', '--branch', ref, `file://${remote}`, dir], root);
    git(['remote', 'set-url', 'origin', remote], dir);
    return dir;
  };
  const commit = (files, message, onto = branch) => {
    git(['checkout', '--quiet', '-B', onto]);
    writeFiles(source, files);
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

function writeFiles(dir, files) {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
}
