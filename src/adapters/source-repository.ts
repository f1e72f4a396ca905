// The workspace's `origin`: where the source commits live (for ancestry answers) and, unless
// `manifests-repository` names another, where the manifests branch is pushed. Both the
// manifests stage and the promotion of `latest` reach it the same way.

import path from 'node:path';
import type { Runtime } from '../runtime.js';
import { authConfig, describeRemote, maskSecrets, tokenSecrets, type Remote } from './git-auth.js';
import { createGit, type GitRunner } from './git.js';

/** The origin remote of the checkout, credential-free; a relative local path made absolute. */
export async function workspaceOrigin(rt: Runtime, tempDir: string, stage: string): Promise<Remote> {
  const workspace = rt.ctx.workspace;
  // Reading the checkout's configuration needs no credentials.
  const reader = await createGit({ tempDir, env: rt.env, now: rt.now, stage, config: safeDirectory(rt), secrets: tokenSecrets(rt.inputs.manifestsToken) });
  const origin = await reader.run(['remote', 'get-url', 'origin'], { cwd: workspace });
  if (origin.code !== 0) throw reader.failure("cannot read the workspace's origin remote (is the workspace a checkout?)", origin);
  const remote = describeRemote(origin.stdout);
  if (remote.kind !== 'local' || remote.url.startsWith('file://') || path.isAbsolute(remote.url)) return remote;
  // git runs elsewhere than the workspace: a relative local origin is relative to it.
  return { ...remote, url: path.resolve(workspace, remote.url) };
}

/** A git runner that authenticates to these remotes with `manifests-token`, masked everywhere. */
export async function authenticatedGit(rt: Runtime, tempDir: string, stage: string, remotes: Remote[]): Promise<GitRunner> {
  const token = rt.inputs.manifestsToken;
  maskSecrets(token, remotes);
  return createGit({
    tempDir,
    env: rt.env,
    now: rt.now,
    stage,
    config: [...safeDirectory(rt), ...authConfig(token, remotes)],
    secrets: [...tokenSecrets(token), ...remotes.map((remote) => remote.removedCredentials)],
  });
}

/** The workspace may belong to another user than the action's (a container job). */
function safeDirectory(rt: Runtime): { key: string; value: string }[] {
  return [{ key: 'safe.directory', value: rt.ctx.workspace }];
}
