import * as core from '@actions/core';
import { readWorkspaceHead } from './adapters/git/workspace-head.js';
import { tempRoot } from './adapters/temp.js';
import { readRunContext } from './context.js';
import { checkedOutCommit } from './domain/plan/checkout.js';
import { InputError, StageError, errorMessage } from './domain/errors.js';
import { escapeInvisible, jsonForLog } from './domain/escape.js';
import { assertEventAllowed } from './domain/plan/run-context.js';
import { makePlan } from './domain/plan/plan.js';
import { failureLine, renderSummary } from './domain/report/summary.js';
import { readInputs } from './inputs.js';
import { setOutputs } from './outputs.js';
import type { Report } from './domain/types.js';
import type { Runtime } from './runtime.js';
import { previewManifests } from './stages/preview.js';
import { findKustomizations } from './adapters/kustomize/files.js';
import { computeSourceKey } from './stages/source-key.js';

export interface Deps {
  env: Record<string, string | undefined>;
  now(): Date;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export function realDeps(): Deps {
  return {
    env: process.env,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
  };
}

/**
 * The step: context -> inputs -> plan -> stages -> outputs and summary. The one place that fails
 * the step, for any thrown value; the summary is written whatever happened.
 */
export async function run(deps: Deps = realDeps()): Promise<void> {
  const report: Report = {};
  let rt: Runtime | undefined;
  try {
    const ctx = readRunContext(deps.env);
    assertEventAllowed(ctx);
    const inputs = readInputs(deps.env, { workspace: ctx.workspace, owner: ctx.owner, actor: ctx.actor, serverUrl: ctx.serverUrl });
    rt = { env: deps.env, ctx, inputs, now: deps.now, sleep: deps.sleep, random: deps.random };
    // Before any login, build or push: the code in the workspace must be the commit the run names.
    const head = await readWorkspaceHead({ workspace: ctx.workspace, tempRoot: tempRoot(deps.env), env: deps.env, now: deps.now });
    const checkout = checkedOutCommit(ctx, inputs.mode, head);
    if (checkout.warning !== undefined) {
      core.warning(checkout.warning);
      report.warnings = [checkout.warning];
    }
    const sourceKey = await computeSourceKey(inputs, ctx, deps);
    const plan = makePlan(inputs, ctx, deps.now().toISOString(), checkout.commit, sourceKey);
    report.plan = plan;
    core.startGroup('Plan');
    // Input values travel in the plan: escaped, so none can be read as a workflow command.
    core.info(jsonForLog(plan));
    core.endGroup();
    // The reason names the branch or the pull request's head branch: its invisible characters are shown.
    core.info(escapeInvisible(`Manifests: ${plan.manifests.enabled ? 'to be updated' : 'not updated'}: ${plan.manifests.reason}`));
    core.info(escapeInvisible(`Source key: ${plan.build.reuse.key || 'none'}: ${plan.build.reuse.reason}`));
    if (plan.mode === 'plan') {
      report.manifestsPreview = await previewManifests(plan, rt);
    } else {
      // manifests-path is an input: a directory the checkout does not have (or reaches through a
      // link) fails here, before any login, build or push, as in plan mode's preview.
      if (plan.manifests.enabled) await checkManifestsPaths(ctx.workspace, plan.manifests.paths);
      // The stages that change something bring docker, Trivy, git and the GitHub client with
      // them: loaded only when they run, so that plan mode starts at the speed of Node itself.
      const { execute } = await import('./stages/execute.js');
      await execute(plan, rt, report);
    }
  } catch (error) {
    report.error = errorMessage(error);
    if (error instanceof StageError) report.failedStage = error.stage;
    // Messages carry tools' output and values: the log shows their invisible characters.
    core.setFailed(escapeInvisible(failureLine(report.failedStage, report.error)));
  } finally {
    if (rt?.inputs.prComment === true) {
      const { commentOnPullRequest } = await import('./stages/github/pr-comment.js');
      await commentOnPullRequest(report, rt);
    }
    await finish(report);
  }
}

/** Outputs and summary; a failure here must not hide the run's own result. */
async function finish(report: Report): Promise<void> {
  try {
    setOutputs(report);
    await core.summary.addRaw(renderSummary(report)).write();
  } catch (error) {
    core.warning(`Could not write the outputs or job summary: ${errorMessage(error)}`);
  }
}

/** The manifests paths as the checkout has them; what is wrong is an error of the input. */
async function checkManifestsPaths(workspace: string, paths: string[]): Promise<void> {
  try {
    await findKustomizations(workspace, paths);
  } catch (error) {
    throw new InputError('manifests-path', errorMessage(error));
  }
}
