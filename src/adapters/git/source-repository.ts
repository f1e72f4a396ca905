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
import { authConfig, describeRemote, maskSecrets, repositoryUrl, tokenSecrets, type Remote } from './auth.js';
import { openAncestry, type Ancestry } from './ancestry.js';
import { createGit, type GitRunner } from './runner.js';

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

/** What reaching the source repository takes: where the checkout is, the runner's environment, the token. */
export interface SourceAccess {
  /** The checkout (GITHUB_WORKSPACE). */
  workspace: string;
  /** GITHUB_SERVER_URL: where `manifestsRepository` lives. */
  serverUrl: string;
  env: Record<string, string | undefined>;
  now(): Date;
  /** `manifests-token` ('' = none): sent to the manifests server only. */
  token: string;
  /** `manifests-repository` ('' = origin). */
  manifestsRepository: string;
  /** A directory the caller owns and removes. */
  tempDir: string;
  /** Stage named in errors. */
  stage: string;
}

/** The remotes of this run and the two git runners that reach them. */
export async function openSourceRepository(access: SourceAccess): Promise<SourceRepository> {
  const { token, tempDir, env, now, stage, workspace } = access;
  const checkout = await createGit({ tempDir, env, now, stage, config: safeDirectory(workspace), secrets: tokenSecrets(token), offline: true });
  const origin = await readOrigin(checkout, workspace, stage);
  const manifests = access.manifestsRepository === '' ? origin : describeRemote(repositoryUrl(access.serverUrl, access.manifestsRepository));
  maskSecrets(token, [manifests, origin]);
  const network = await createGit({
    tempDir,
    env,
    now,
    stage,
    config: authConfig(token, manifests),
    secrets: [...tokenSecrets(token), origin.removedCredentials, manifests.removedCredentials],
  });
  return { origin, manifests, checkout, network };
}

/**
 * The one way to ask how source commits relate (promotion of `latest`, ordering and structure of
 * the manifests): the checkout first, offline; then origin, fetched no deeper than the answer needs.
 */
export function sourceAncestry(repo: SourceRepository, workspace: string, tempDir: string): Ancestry {
  return openAncestry({ git: repo.network, remote: repo.origin.url, tempDir, localRepo: workspace, localGit: repo.checkout });
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
function safeDirectory(workspace: string): { key: string; value: string }[] {
  return [{ key: 'safe.directory', value: workspace }];
}
