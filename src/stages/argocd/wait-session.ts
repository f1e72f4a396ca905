// What the Argo CD wait and its rollback share: the session they poll with, and what one wait
// found. Apart from both, so that neither imports the other back.

import type { ArgoCdClient } from '../../adapters/argocd/client.js';
import type { Ancestry } from '../../adapters/git/ancestry.js';
import type { Remote } from '../../adapters/git/auth.js';
import type { GitRunner } from '../../adapters/git/runner.js';
import type { ApplicationRow, ArgoCdStatus } from '../../domain/argocd/status.js';
import type { Plan } from '../../domain/types.js';
import type { Runtime } from '../../runtime.js';

/** What one wait needs: the API, and git to tell whether a revision descends from the commit. */
export interface WaitSession {
  plan: Plan;
  rt: Runtime;
  client: ArgoCdClient;
  git: GitRunner;
  /** The manifests repository (credential-free URL). */
  target: Remote;
  tempDir: string;
  ancestry: Map<string, boolean>;
  /** The run's source history, for the rollback's manifests update. */
  history: Ancestry;
}

export interface WaitOutcome {
  ok: boolean;
  status: ArgoCdStatus;
  reason: string;
  applications: ApplicationRow[];
}
