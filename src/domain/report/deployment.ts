// The GitHub Deployment that records a pin of the manifests branch: what is created before the
// push, and the status that says how the push ended. A record for people and tools reading the
// repository's deployments, not the deploy itself (Argo CD deploys from the branch).

/** What a pin is, as the Deployment's payload tells it. */
export interface DeploymentFacts {
  service: string;
  image: string;
  tag: string;
  /** Index digest of the pinned image ('' when unknown). */
  digest: string;
  /** Commit the image was built from: the Deployment's ref. */
  sourceCommit: string;
  /** The manifests commit this run pushes. */
  manifestsCommit: string;
  runUrl: string;
  environment: string;
  /** deploy mode: an existing tag pinned by hand; `rollback` when a newer commit was pinned. */
  kind: 'build' | 'promotion' | 'rollback';
}

/** The body of POST /repos/{owner}/{repo}/deployments. */
export interface DeploymentRequest {
  ref: string;
  environment: string;
  task: string;
  auto_merge: false;
  required_contexts: string[];
  description: string;
  payload: {
    service: string;
    image: string;
    tag: string;
    digest: string;
    manifestsCommit: string;
    runUrl: string;
  };
}

export type DeploymentState = 'success' | 'failure' | 'inactive';

/** The body of POST .../deployments/{id}/statuses. */
export interface DeploymentStatusRequest {
  state: DeploymentState;
  log_url: string;
  description: string;
  environment_url?: string;
}

/** GitHub refuses descriptions longer than this. */
const MAX_DESCRIPTION = 140;

export function deploymentRequest(facts: DeploymentFacts): DeploymentRequest {
  const wording = facts.kind === 'build' ? '' : ` (${facts.kind})`;
  return {
    ref: facts.sourceCommit,
    environment: facts.environment,
    task: `deploy:${facts.service}`,
    // The record follows a deploy that already happened in git: never merge, never wait for checks.
    auto_merge: false,
    required_contexts: [],
    description: cut(`${facts.service} ${facts.tag}${wording}`),
    payload: {
      service: facts.service,
      image: facts.image,
      tag: facts.tag,
      digest: facts.digest,
      manifestsCommit: facts.manifestsCommit,
      runUrl: facts.runUrl,
    },
  };
}

/**
 * The status a Deployment gets from how the manifests stage ended: the pin landed (`success`),
 * the stage failed (`failure`), or a retry on the moved branch found nothing left to pin
 * (`inactive`: another run's pin stands in its place).
 */
export function pinOutcome(ended: { changed: boolean; commit: string; reason: string } | { error: string }): { state: DeploymentState; detail: string } {
  if ('error' in ended) return { state: 'failure', detail: `not pinned: ${ended.error.split('\n', 1)[0] ?? ''}` };
  if (ended.changed) return { state: 'success', detail: `pinned in ${ended.commit.slice(0, 12)}` };
  return { state: 'inactive', detail: `not pinned: ${ended.reason}` };
}

/** How the push ended, as the status of the Deployment created before it. */
export function deploymentStatusRequest(
  outcome: { state: DeploymentState; detail: string },
  links: { runUrl: string; environmentUrl: string },
): DeploymentStatusRequest {
  return {
    state: outcome.state,
    log_url: links.runUrl,
    description: cut(outcome.detail),
    ...(links.environmentUrl === '' ? {} : { environment_url: links.environmentUrl }),
  };
}

function cut(text: string): string {
  const chars = [...text.replace(/[\r\n\t]+/g, ' ')];
  return chars.length > MAX_DESCRIPTION ? `${chars.slice(0, MAX_DESCRIPTION - 1).join('')}…` : chars.join('');
}
