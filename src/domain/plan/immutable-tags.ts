// Which of the tags a build pushes are immutable (once in the registry, they name one commit's
// image for good), and whether an image a tag already names may be replaced by this run's.
// The one moving tag a build pushes is `pr-<N>` (every push to the pull request); `latest` and a
// release's `X.Y` and `X` are not pushed by the build but promoted after the scan gate.

import { quote } from '../escape.js';
import { LATEST } from '../ids.js';
import type { Plan } from '../types.js';

export type TagPlan = Pick<Plan, 'refKind' | 'version' | 'immutableTags'>;

/** The tags the build pushes that must never be moved to an image of another commit. */
export function immutableTags(plan: TagPlan): string[] {
  return plan.immutableTags.filter((tag) => !isMovingTag(tag, plan));
}

function isMovingTag(tag: string, plan: TagPlan): boolean {
  if (tag === LATEST) return true;
  return plan.refKind === 'pull_request' && /^pr-[0-9]+$/.test(tag);
}

export interface ExistingTag {
  /** image:tag */
  ref: string;
  /** `org.opencontainers.image.revision` of each image (platform) the tag names; '' when unlabelled. */
  revisions: string[];
}

export interface RunIdentity {
  /** The commit this run builds. */
  sourceCommit: string;
  /** The event that started the run (push, pull_request, ...). */
  event: string;
  refKind: Plan['refKind'];
  refName: string;
}

/**
 * Why pushing this run's image over an existing immutable tag is refused, or undefined when it
 * may be replaced: only by a re-run of the commit it was built from. An image without the
 * label cannot be shown to come from this commit, so it is refused too.
 */
export function overwriteRefusal(existing: ExistingTag, run: RunIdentity): string | undefined {
  const commit = run.sourceCommit.toLowerCase();
  const revisions = existing.revisions.length === 0 ? [''] : existing.revisions;
  const others = [...new Set(revisions.map((revision) => revision.toLowerCase()))].filter((revision) => revision !== commit);
  if (others.length === 0) return undefined;
  const theirs = others.map((revision) => (revision === '' ? 'none (no revision label)' : quote(revision)));
  return (
    `the immutable tag ${quote(existing.ref)} already names an image built from revision ${theirs.join(', ')}; ` +
    `this ${describeRun(run)} would overwrite it with revision ${quote(run.sourceCommit)}. ` +
    'Immutable tags are never overwritten: nothing was built or pushed'
  );
}

function describeRun(run: RunIdentity): string {
  const ref = run.refKind === 'other' || run.refName === '' ? '' : ` of ${refWord(run.refKind)} ${quote(run.refName)}`;
  return `${quote(run.event)} run${ref}`;
}

function refWord(kind: Plan['refKind']): string {
  if (kind === 'pull_request') return 'pull request branch';
  return kind === 'tag' ? 'tag' : 'branch';
}
