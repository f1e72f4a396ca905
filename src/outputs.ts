import * as core from '@actions/core';
import { planReferences } from './domain/plan/plan.js';
import { emptyCounts } from './domain/scan/trivy-report.js';
import type { Report } from './domain/types.js';

/** Every output the run can know; outputs of stages that did not run are empty. */
export function setOutputs(report: Report): void {
  const { plan, build, scan, manifests } = report;
  if (plan === undefined) return;
  core.setOutput('image', plan.image);
  core.setOutput('version', plan.version);
  core.setOutput('tags', planReferences(plan).join('\n'));
  core.setOutput('labels', plan.labels.map(({ key, value }) => `${key}=${value}`).join('\n'));
  core.setOutput('plan', JSON.stringify(plan));
  core.setOutput('digest', build?.digest ?? '');
  core.setOutput('build-reused', String(build?.reused !== undefined));
  core.setOutput('platform-digests', JSON.stringify(build?.platformDigests ?? {}));
  core.setOutput('scan-result', scan?.outcome ?? 'skipped');
  core.setOutput('vulnerabilities', JSON.stringify(scan?.counts ?? emptyCounts()));
  core.setOutput('sarif-file', scan?.sarifFile ?? '');
  core.setOutput('manifests-changed', String(manifests?.changed ?? false));
  core.setOutput('manifests-commit', manifests?.commit ?? '');
  core.setOutput('deployment-id', report.deployment === undefined ? '' : String(report.deployment.id));
  core.setOutput('deployment-url', report.deployment?.url ?? '');
  core.setOutput('argocd-status', report.argocd?.status ?? 'skipped');
}
