// The GitHub Deployment that records a new pin of the manifests branch. Order: the Deployment is
// created just before the first push of the pin (so a failed push still leaves a record), and
// gets one status when the stage ends: `success` when the pin landed, `failure` when the stage
// failed, `inactive` when a rejected push was retried and the branch then needed nothing from
// this run. A record, not the deploy: API failures are warnings and never change the result.

import * as core from '@actions/core';
import { describeApiError, githubClient, type GitHubClient } from '../../adapters/github/client.js';
import { createDeployment, setDeploymentStatus, type CreatedDeployment, type Repo } from '../../adapters/github/deployments.js';
import { apiFailureWarning } from '../../domain/report/github-api-failure.js';
import { deploymentRequest, deploymentStatusRequest, pinOutcome } from '../../domain/report/deployment.js';
import { quote } from '../../domain/escape.js';
import type { ManifestsResult, Plan } from '../../domain/types.js';
import type { Runtime } from '../../runtime.js';
import type { PushAttempt } from '../gitops/manifests-branch.js';
import { errorMessage } from '../../domain/errors.js';

const WHAT = 'The GitHub Deployment record';
const PERMISSION = 'deployments: write';

export interface DeploymentRecord {
  /** Before each push: creates the Deployment the first time. */
  beforePush(attempt: PushAttempt): Promise<void>;
  /** After the stage: the status; returns the Deployment, if one was created. */
  finish(outcome: { result: ManifestsResult } | { error: unknown }): Promise<CreatedDeployment | undefined>;
}

/** undefined when `environment` is empty: then no API call is made at all. */
export function deploymentRecord(plan: Plan, rt: Runtime, image: { digest: string; sourceCommit: string }): DeploymentRecord | undefined {
  const { environment, environmentUrl, githubToken } = rt.inputs;
  if (environment === '') return undefined;
  const repo = repoOf(rt.ctx.repository);
  let client: GitHubClient | undefined;
  let created: CreatedDeployment | undefined;
  let tried = false;

  return {
    async beforePush(attempt) {
      if (tried) return;
      tried = true;
      client = githubClient(githubToken, rt.ctx.apiUrl);
      const request = deploymentRequest({
        service: plan.service,
        image: plan.image,
        tag: plan.manifests.tag,
        digest: image.digest,
        // deploy mode: the image's own commit when its label names one, else the run's commit.
        sourceCommit: image.sourceCommit || plan.sourceCommit,
        manifestsCommit: attempt.commit,
        runUrl: plan.runUrl,
        environment,
        kind: plan.mode !== 'deploy' ? 'build' : attempt.rollback ? 'rollback' : 'promotion',
      });
      try {
        created = await createDeployment(client, repo, request);
        core.info(`Created GitHub Deployment ${created.id} to ${quote(environment)} for ${quote(request.description)}.`);
      } catch (error) {
        core.warning(apiFailureWarning(WHAT, PERMISSION, describeApiError(error)));
      }
    },

    async finish(outcome) {
      if (client === undefined || created === undefined) return undefined;
      const { state, detail } = pinOutcome('error' in outcome ? { error: errorMessage(outcome.error) } : outcome.result);
      try {
        await setDeploymentStatus(client, repo, created.id, deploymentStatusRequest({ state, detail }, { runUrl: plan.runUrl, environmentUrl }));
        core.info(`GitHub Deployment ${created.id}: ${state}.`);
      } catch (error) {
        core.warning(apiFailureWarning(`The status of GitHub Deployment ${created.id}`, PERMISSION, describeApiError(error)));
      }
      return created;
    },
  };
}

function repoOf(repository: string): Repo {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}
