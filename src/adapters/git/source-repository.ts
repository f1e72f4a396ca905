// The workspace's `origin`: where the source commits live (for ancestry answers) and, unless
// `manifests-repository` names another, where the manifests branch is pushed. Both the
// manifests stage and the promotion of `latest` reach it the same way.
//
// The checkout's own configuration (`.git/config`, its hooks) is the workspace's, which the
// job's earlier steps may have written: it is read for one value, origin's URL as written
// (no `insteadOf` applied), by a git that cannot reach any remote. Every network operation
// then runs in a fresh repository under the run's temporary directory, with that URL given
// explicitly, so no rule of the checkout can redirect it or hand it a credential.

import path from 'node:path';
import { StageError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import type { Runtime } from '../../runtime.js';
import { authConfig, describeRemote, maskSecrets, repositoryUrl, tokenSecrets, type Remote } from './auth.js';
import { createGit, type GitRunner } from './git.js';

export interface SourceRepository {
  /** The checkout's origin, credential-free; a relative local path made absolute. */
  origin: Remote;
  /** Where the manifests branch lives: the GitHub server's `manifests-repository`, else origin. */
  manifests: Remote;
  /** Reads the checkout (ancestry from its commits); cannot reach any remote, has no token. */
  checkout: GitRunner;
  /** Network operations, in repositories of its own; the token goes to the manifests server only. */
  network: GitRunner;
}

/** The remotes of this run and the two git runners that reach them. */
export async function openSourceRepository(rt: Runtime, tempDir: string, stage: string, manifestsRepository: string): Promise<SourceRepository> {
  const token = rt.inputs.manifestsToken;
  const checkout = await createGit({ tempDir, env: rt.env, now: rt.now, stage, config: safeDirectory(rt), secrets: tokenSecrets(token), offline: true });
  const origin = await readOrigin(checkout, rt.ctx.workspace, stage);
  const manifests = manifestsRepository === '' ? origin : describeRemote(repositoryUrl(rt.ctx.serverUrl, manifestsRepository));
  maskSecrets(token, [manifests, origin]);
  const network = await createGit({
    tempDir,
    env: rt.env,
    now: rt.now,
    stage,
    config: authConfig(token, manifests),
    secrets: [...tokenSecrets(token), origin.removedCredentials, manifests.removedCredentials],
  });
  return { origin, manifests, checkout, network };
}

/** origin's URL as the checkout's own config file holds it: no rewriting rule applied. */
async function readOrigin(checkout: GitRunner, workspace: string, stage: string): Promise<Remote> {
  const read = await checkout.run(['config', '--local', '--get', 'remote.origin.url'], { cwd: workspace });
  if (read.code !== 0) throw checkout.failure("cannot read the workspace's origin remote (is the workspace a checkout?)", read);
  const remote = describeRemote(read.stdout);
  if (remote.url === '' || remote.url.startsWith('-') || remote.url.includes('::')) {
    throw new StageError(stage, `the workspace's origin remote ${quote(remote.url)} is not a repository URL or path`);
  }
  if (remote.kind !== 'local' || remote.url.startsWith('file://') || path.isAbsolute(remote.url)) return remote;
  // git runs elsewhere than the workspace: a relative local origin is relative to it.
  return { ...remote, url: path.resolve(workspace, remote.url) };
}

/** The workspace may belong to another user than the action's (a container job). */
function safeDirectory(rt: Runtime): { key: string; value: string }[] {
  return [{ key: 'safe.directory', value: rt.ctx.workspace }];
}
