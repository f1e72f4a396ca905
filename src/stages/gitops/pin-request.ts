// What one update of the manifests branch pins, decided once before the first attempt and
// never changed by one: the entry written in the kustomizations, the record kept in the state
// file, and what the commit says.

import type { Pin } from '../../domain/manifests/kustomize-edit.js';
import type { PinRecord } from '../../domain/manifests/state.js';
import type { Plan } from '../../domain/types.js';

/** What is pinned: the image's tag and digest, and the commit it was built from. */
export interface ImagePin {
  tag: string;
  /** Index digest ('' when unknown; then `pin-digest` cannot be honoured). */
  digest: string;
  /** Commit the image was built from ('' = the plan's source commit; with ordering bypassed: unknown). */
  sourceCommit: string;
  /** A rollback after a failed Argo CD wait: why (the commit says so). */
  rollback?: string;
}

export interface PinRequest {
  readonly plan: Plan;
  /** The entry written in every kustomization of the service. */
  readonly pin: Pin;
  /** What the state file records for each file pinned (the time is added when written). */
  readonly record: Omit<PinRecord, 'time'>;
  /** The image's digest, pinned or not (for the commit message). */
  readonly imageDigest: string;
  /** The plan's ordering rule is bypassed (deploy mode, a rollback). */
  readonly bypassOrdering: boolean;
  /** Set for a rollback: why this pin replaces the one that failed. */
  readonly rollback?: string;
}

export function pinRequest(plan: Plan, image: ImagePin): PinRequest {
  const bypassOrdering = plan.manifests.ordering === 'bypassed';
  const digest = plan.manifests.pinDigest ? image.digest : '';
  const tag = image.tag || plan.manifests.tag;
  return {
    plan,
    pin: { service: plan.service, image: plan.image, tag, digest },
    record: {
      image: plan.image,
      tag,
      digest,
      // Ordering bypassed: the image's own commit when known, else unknown (''), never the
      // dispatching commit, which would wrongly hold back builds of older commits.
      sourceCommit: bypassOrdering ? image.sourceCommit : image.sourceCommit || plan.sourceCommit,
      runUrl: plan.runUrl,
      ...(bypassOrdering ? { deploy: true } : {}),
    },
    imageDigest: image.digest,
    bypassOrdering,
    ...(image.rollback === undefined ? {} : { rollback: image.rollback }),
  };
}
