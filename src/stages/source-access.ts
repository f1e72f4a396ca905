// What a stage needs to reach the source repository (adapters/git/source-repository.ts), taken
// from the run: the manifests stage, the promotion of `latest` and the Argo CD wait reach the same
// repositories with the same token, each from a temporary directory of its own.

import type { SourceAccess } from '../adapters/git/source-repository.js';
import type { Plan } from '../domain/types.js';
import type { Runtime } from '../runtime.js';

export function sourceAccess(rt: Runtime, plan: Plan, tempDir: string, stage: string): SourceAccess {
  const { workspace, serverUrl } = rt.ctx;
  return { workspace, serverUrl, env: rt.env, now: rt.now, token: rt.inputs.manifestsToken, manifestsRepository: plan.manifests.repository, tempDir, stage };
}
