// The pull request comment (pr-comment: true): what this pull request's build pushed, what the
// scan found, and the kustomization edit that merging would make to the target branch's
// manifests, as plan mode shows it. One comment per service, edited in place on every push.
// A report, not a step: API failures are warnings and never change the run's result.

import * as core from '@actions/core';
import { describeApiError, githubClient } from '../../adapters/github/client.js';
import type { Repo } from '../../adapters/github/deployments.js';
import { createComment, listComments, updateComment } from '../../adapters/github/issue-comments.js';
import { apiFailureWarning } from '../../domain/report/github-api-failure.js';
import { findMarkedComment, prCommentBody } from '../../domain/report/pr-comment.js';
import type { Plan, PullRequestInfo, Report } from '../../domain/types.js';
import type { Runtime } from '../../runtime.js';
import { DIGEST_AFTER_PUSH, previewPin } from '../preview.js';
import { errorMessage } from '../../domain/errors.js';

export async function commentOnPullRequest(report: Report, rt: Runtime): Promise<void> {
  const { plan } = report;
  const pr = rt.ctx.pullRequest;
  if (!rt.inputs.prComment || plan === undefined || plan.mode === 'plan') return;
  if (rt.ctx.eventName !== 'pull_request' || pr === undefined) return;
  if (pr.fork) {
    core.info(`pr-comment: pull request #${pr.number} comes from a fork, whose token is read-only: no comment is written.`);
    return;
  }
  const body = prCommentBody({
    service: plan.service,
    image: plan.image,
    pullRequest: pr.number,
    headRef: pr.headRef,
    sourceCommit: plan.sourceCommit,
    runUrl: plan.runUrl,
    tags: report.build?.pushed ? plan.immutableTags : [],
    ...(report.build === undefined ? {} : { build: report.build }),
    ...(report.scan === undefined ? {} : { scan: report.scan }),
    ...(await mergePreview(plan, report, rt)),
    error: report.error ?? '',
  });
  await writeComment(rt, pr, plan.service, body);
}

/** The target branch's kustomizations (the merge checkout) with this pull request's image pinned. */
async function mergePreview(plan: Plan, report: Report, rt: Runtime): Promise<{ manifestsDiff: string; manifestsNote: string }> {
  const digest = plan.manifests.pinDigest ? report.build?.digest || DIGEST_AFTER_PUSH : '';
  try {
    const diff = await previewPin(rt.ctx.workspace, plan.manifests.paths, { service: plan.service, image: plan.image, tag: plan.version, digest });
    return { manifestsDiff: diff, manifestsNote: diff === '' ? 'No kustomization would change.' : '' };
  } catch (error) {
    return { manifestsDiff: '', manifestsNote: `The manifests diff could not be made: ${errorMessage(error)}` };
  }
}

/** Edits the service's marked comment, or creates it when there is none. */
async function writeComment(rt: Runtime, pr: PullRequestInfo, service: string, body: string): Promise<void> {
  const [owner = '', name = ''] = rt.ctx.repository.split('/');
  const repo: Repo = { owner, repo: name };
  const client = githubClient(rt.inputs.githubToken, rt.ctx.apiUrl);
  try {
    const existing = findMarkedComment(await listComments(client, repo, pr.number), service);
    if (existing === undefined) {
      const id = await createComment(client, repo, pr.number, body);
      core.info(`Commented on pull request #${pr.number} (comment ${id}).`);
    } else {
      await updateComment(client, repo, existing, body);
      core.info(`Updated the comment ${existing} on pull request #${pr.number}.`);
    }
  } catch (error) {
    core.warning(apiFailureWarning('The pull request comment', 'pull-requests: write', describeApiError(error)));
  }
}
