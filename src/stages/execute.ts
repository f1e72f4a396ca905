// The stages of a run that changes something, in the only order that keeps the promises:
// build (immutable tags only) -> scan gate -> promote latest -> pin in the manifests.
// Anything thrown stops the run there, labelled with its stage (in-stage.ts); the registry
// session is closed whatever happens.

import { openRegistrySession, type RegistrySession } from '../adapters/docker/session.js';
import { tempRoot } from '../adapters/temp.js';
import { resolveTag, revisionOf } from '../adapters/docker/registry-images.js';
import { errorMessage } from '../domain/errors.js';
import { commitShaOf } from '../domain/ids.js';
import { formatReference } from '../domain/plan/image-ref.js';
import { emptyCounts } from '../domain/scan/trivy-report.js';
import type { BuildResult, Plan, Report, ScanResult } from '../domain/types.js';
import { rememberForCleanup } from '../post.js';
import type { Runtime } from '../runtime.js';
import { buildImage } from './build.js';
import { inStage } from './in-stage.js';
import { deploymentRecord, type DeploymentRecord } from './github/deployment-record.js';
import { waitForArgoCd } from './argocd/wait.js';
import { updateManifests } from './gitops/update.js';
import { mergeImages } from './merge.js';
import { promote } from './promote.js';
import { scanImage } from './scan.js';
import { sourceHistory, type SourceHistory } from './source-history.js';

export async function execute(plan: Plan, rt: Runtime, report: Report): Promise<void> {
  const session = await inStage('login', () =>
    openRegistrySession({
      registry: plan.registry,
      username: rt.inputs.registryUsername,
      password: rt.inputs.registryPassword,
      login: plan.build.login,
      tempRoot: tempRoot(rt.env),
      env: rt.env,
      // Known to the post step before the login writes to it: a cancelled login leaves nothing.
      onConfigDir: rememberForCleanup,
    }),
  );
  const history = sourceHistory(rt, plan);
  try {
    const image = await imageToShip(plan, session, rt);
    report.build = image;
    await inStage('scan', () => scanGate(plan, image, session, rt, report));
    report.promote = await inStage('promote', () => promote(plan, image, session, history));
    if (plan.manifests.enabled) {
      await inStage('manifests', () => pinImage(plan, image, rt, history, report));
      await inStage('argocd', () => waitForArgoCd(plan, report, rt, history));
    }
  } finally {
    await history.close();
    await session.close();
  }
}

/** Sets report.scan; throws when the scanner broke or the gate failed. */
async function scanGate(plan: Plan, image: BuildResult, session: RegistrySession, rt: Runtime, report: Report): Promise<void> {
  report.scan = await scanImage(plan, image, session, rt).catch((error: unknown) => {
    // A scanner that broke fails the gate closed: the outputs say `failed`, never `skipped`.
    report.scan = scannerBroke(error);
    throw error;
  });
  if (report.scan.outcome === 'failed') {
    throw new Error(
      `Scan gate failed: ${report.scan.reason}. Nothing was promoted: latest and the manifests are unchanged; the immutable tags stay in the registry for investigation.`,
    );
  }
}

/** Sets report.manifests, and report.deployment when a GitHub Deployment records the pin. */
async function pinImage(plan: Plan, image: BuildResult, rt: Runtime, history: SourceHistory, report: Report): Promise<void> {
  const sourceCommit = plan.mode === 'deploy' ? (image.builtFrom ?? '') : '';
  const record = deploymentRecord(plan, rt, { digest: image.digest, sourceCommit });
  const finishRecord = (outcome: Parameters<DeploymentRecord['finish']>[0]) => inStage('records', async () => record?.finish(outcome));
  try {
    report.manifests = await updateManifests(
      plan,
      { tag: plan.manifests.tag, digest: image.digest, sourceCommit },
      rt,
      history,
      record?.beforePush,
    );
  } catch (error) {
    report.deployment = await finishRecord({ error });
    throw error;
  }
  report.deployment = await finishRecord({ result: report.manifests });
}

/** deploy: the tag's image; merge: the index of the legs' images; otherwise this run's build. */
function imageToShip(plan: Plan, session: RegistrySession, rt: Runtime): Promise<BuildResult> {
  if (plan.mode === 'deploy') return inStage('deploy', () => existingImage(plan, session));
  if (plan.mode === 'merge') return inStage('merge', () => mergeImages(plan, session));
  return inStage('build', () => buildImage(plan, session, rt));
}

/** No report to count from: the reason is the scanner's failure. */
function scannerBroke(error: unknown): ScanResult {
  const reason = `the scanner failed, so the gate failed closed: ${errorMessage(error)}`;
  return { outcome: 'failed', reason, counts: emptyCounts(), countsByPlatform: {}, findings: [], sarifFile: '' };
}

/**
 * deploy mode: the tag must already exist; what it names is scanned and pinned. The commit it
 * was built from is its revision label; '' when it has none (an image built elsewhere), which
 * the manifests state records as unknown.
 */
async function existingImage(plan: Plan, session: RegistrySession): Promise<BuildResult> {
  const image = await resolveTag(formatReference(plan.image, { tag: plan.manifests.tag }), session);
  return { pushed: true, digest: image.digest, platformDigests: image.platformDigests, builtFrom: commitShaOf(revisionOf(image.labels) ?? '') ?? '' };
}
