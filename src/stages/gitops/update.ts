// The gitops stage: pin this run's image in the manifests branch that Argo CD watches. The
// branch transaction (manifests-branch.ts) carries the edit (pin-edit.ts) through as many
// attempts as the branch needs, so parallel jobs for different services all land and none
// undoes another.

import path from 'node:path';
import * as core from '@actions/core';
import { openClone } from '../../adapters/git/clone.js';
import type { Ancestry } from '../../adapters/git/ancestry.js';
import { openSourceRepository } from '../../adapters/git/source-repository.js';
import { tempRoot, withTempDir } from '../../adapters/temp.js';
import { StageError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { rendererEnvironment } from '../../domain/tool-env.js';
import type { ManifestsResult, Plan } from '../../domain/types.js';
import type { Runtime } from '../../runtime.js';
import { sourceAccess } from '../source-access.js';
import { manifestsBranch, unchanged, type PushAttempt } from './manifests-branch.js';
import { pinEdit } from './pin-edit.js';
import { pinRequest, type ImagePin } from './pin-request.js';
import { renderCheck } from './render-check.js';

export type { ImagePin } from './pin-request.js';

/**
 * `history` answers the ordering and structure questions (the run's one store: source-history.ts);
 * `beforePush` runs before every push attempt (the Deployment record).
 */
export async function updateManifests(
  plan: Plan,
  image: ImagePin,
  rt: Runtime,
  history: Ancestry,
  beforePush?: (attempt: PushAttempt) => Promise<void>,
): Promise<ManifestsResult> {
  const m = plan.manifests;
  if (!m.enabled) return unchanged(m.reason);
  if (m.pinDigest && image.digest === '') {
    throw new StageError('manifests', 'pin-digest is true but the image digest is unknown, so the manifests cannot pin it');
  }
  return core.group(`Update manifests branch ${quote(m.branch)}`, async () => {
    return withTempDir(tempRoot(rt.env), 'ftmo-manifests-', async (tempDir) => {
      const workspace = rt.ctx.workspace;
      const token = rt.inputs.manifestsToken;
      const repo = await openSourceRepository(sourceAccess(rt, plan, tempDir, 'manifests'));
      const { origin, manifests: target, network: git } = repo;
      if (origin.removedCredentials !== '') core.warning("The workspace's origin URL carries credentials; they are ignored (manifests-token authenticates).");
      core.info(`Manifests repository: ${quote(target.url)}${target.kind === 'http' && token !== '' ? ' (authenticated with manifests-token)' : ''}`);
      const clone = await openClone(git, path.join(tempDir, 'clone'), target.url, m.branch);
      const renders = renderCheck(clone, rendererEnvironment(rt.env, tempDir), git.redact);
      const branch = manifestsBranch({ branch: m.branch, maxPushAttempts: m.maxPushAttempts, clone, git, target, renders, sleep: rt.sleep, random: rt.random, ...(beforePush === undefined ? {} : { beforePush }) });
      const request = pinRequest(plan, image);
      return branch.update(pinEdit({ request, ancestry: history, workspace, now: rt.now, tellsRollback: beforePush !== undefined }));
    });
  });
}
