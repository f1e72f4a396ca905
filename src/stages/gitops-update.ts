// One update of the manifests branch as the gitops stage carries it through its attempts: what
// is pinned, where, the clone, and the ancestry answers learnt on the way.

import { isAncestorOrEqual } from '../adapters/ancestry.js';
import type { Remote } from '../adapters/git-auth.js';
import type { GitRunner, ManifestsClone } from '../adapters/git.js';
import type { Renderer } from '../adapters/kustomize.js';
import type { Pin } from '../domain/kustomize-edit.js';
import type { PinRecord } from '../domain/manifests-state.js';
import type { Plan } from '../domain/types.js';
import type { Runtime } from '../runtime.js';

/** One run of the stage: what is pinned, where, and what was learnt so far. */
export interface Update {
  plan: Plan;
  pin: Pin;
  record: Omit<PinRecord, 'time'>;
  /** The image's digest, pinned or not (for the commit message). */
  imageDigest: string;
  deploy: boolean;
  /** Set for a rollback: why this pin replaces the one that failed. */
  rollback?: string;
  rt: Runtime;
  git: GitRunner;
  clone: ManifestsClone;
  source: Remote;
  target: Remote;
  tempDir: string;
  /** Ancestry answers, kept across attempts (they never change). */
  ancestry: Map<string, boolean>;
  /** kustomize or kubectl, looked up once per run. */
  renderer?: Renderer;
}

/** Cached `isAncestorOrEqual` against the source repository. */
export async function ancestor(update: Update, a: string, d: string): Promise<boolean> {
  const key = `${a}..${d}`;
  let answer = update.ancestry.get(key);
  if (answer === undefined) {
    answer = await isAncestorOrEqual(a, d, { git: update.git, remote: update.source.url, tempDir: update.tempDir, localRepo: update.rt.ctx.workspace });
    update.ancestry.set(key, answer);
  }
  return answer;
}
