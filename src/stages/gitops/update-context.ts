// One update of the manifests branch as the gitops stage carries it through its attempts: what
// is pinned, where, the clone, and the ancestry answers learnt on the way.

import { ancestorAnswer, type AncestorAnswer } from '../../adapters/git/ancestry.js';
import type { Remote } from '../../adapters/git/auth.js';
import type { GitRunner, ManifestsClone } from '../../adapters/git/git.js';
import type { Renderer } from '../../adapters/kustomize/render.js';
import type { Pin } from '../../domain/manifests/kustomize-edit.js';
import type { PinRecord } from '../../domain/manifests/state.js';
import type { Plan } from '../../domain/types.js';
import type { Runtime } from '../../runtime.js';

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
  /** Network operations; the token reaches the manifests server only. */
  git: GitRunner;
  /** Reads the checkout: offline, without the token. */
  checkoutGit: GitRunner;
  clone: ManifestsClone;
  source: Remote;
  target: Remote;
  tempDir: string;
  /** Ancestry answers, kept across attempts (they never change). */
  ancestry: Map<string, AncestorAnswer>;
  /** kustomize or kubectl, looked up once per run. */
  renderer?: Renderer;
  /** Called before every push with the commit about to be pushed (the Deployment record). */
  beforePush?: (attempt: PushAttempt) => Promise<void>;
}

/** A commit about to be pushed, and whether it rolls the service back (deploy mode). */
export interface PushAttempt {
  commit: string;
  rollback: boolean;
}

/** Cached `ancestorAnswer` against the source repository. */
export async function ancestry(update: Update, a: string, d: string): Promise<AncestorAnswer> {
  const key = `${a}..${d}`;
  let answer = update.ancestry.get(key);
  if (answer === undefined) {
    answer = await ancestorAnswer(a, d, {
      git: update.git,
      remote: update.source.url,
      tempDir: update.tempDir,
      localRepo: update.rt.ctx.workspace,
      localGit: update.checkoutGit,
    });
    update.ancestry.set(key, answer);
  }
  return answer;
}

/** True when `a` equals `d` or lies in its history (a commit the repository does not know never does). */
export async function ancestor(update: Update, a: string, d: string): Promise<boolean> {
  return (await ancestry(update, a, d)) === 'ancestor';
}
