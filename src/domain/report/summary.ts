// The job summary: the run at a glance (what was built, whether it passed, what was deployed),
// then the details a reviewer opens when something needs a look.

import { codeBlock, escapeCell, inlineCode } from './markdown.js';
import { argoCdSection } from '../argocd/summary-rows.js';
import { formatReference } from '../plan/image-ref.js';
import { scanSummaryMarkdown } from '../scan/summary.js';
import type { BuildResult, Plan, Report, ScanResult, StageDecision } from '../types.js';

/** GitHub refuses step summaries over 1 MiB; the diff is the only part that can grow large. */
const MAX_DIFF_CHARS = 60_000;

export function renderSummary(report: Report): string {
  const { plan } = report;
  const lines: string[] = [`## ${headline(report)}`, ''];
  if (report.error !== undefined) lines.push(...errorSection(failureLine(report.failedStage, report.error)));
  for (const warning of report.warnings ?? []) lines.push('> [!WARNING]', `> ${escapeCell(warning, 1000)}`, '');
  if (plan === undefined) return `${lines.join('\n').trimEnd()}\n`;
  lines.push(...warningSection(report.manifests?.warnings ?? []));
  lines.push(...overview(report, plan), '', ...stages(report, plan), '');
  lines.push(...tagsAndLabels(plan), '');
  if (report.scan !== undefined && !scannerBroke(report.scan)) lines.push(scanSummaryMarkdown(report.scan), '');
  lines.push(...manifestsSection(report));
  if (report.argocd !== undefined && report.argocd.status !== 'skipped') lines.push(...argoCdSection(report.argocd));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** How a failure is told, in the step's error and the summary: the stage first, when it has one. */
export function failureLine(stage: string | undefined, message: string): string {
  return stage === undefined ? message : `${stage}: ${message}`;
}

/** The first line as the alert, the whole message (a tool's output, often) as a block. */
function errorSection(error: string): string[] {
  const [first = '', ...rest] = error.split('\n');
  const lines = ['> [!CAUTION]', `> ${escapeCell(first, 1000)}`, ''];
  if (rest.some((line) => line.trim() !== '')) lines.push(codeBlock(rest.join('\n').slice(-8000)), '');
  return lines;
}

/** What a person should look at even though the run went through (drift, dropped pins). */
function warningSection(warnings: string[]): string[] {
  if (warnings.length === 0) return [];
  // One paragraph of the alert per warning.
  return ['> [!WARNING]', ...warnings.flatMap((warning, i) => [...(i > 0 ? ['>'] : []), `> ${escapeCell(warning, 1000)}`]), ''];
}

/** A failed scan without a single report: there are no counts to show, the error says why. */
function scannerBroke(scan: ScanResult): boolean {
  return scan.outcome === 'failed' && Object.keys(scan.countsByPlatform).length === 0;
}

function headline(report: Report): string {
  const service = report.plan?.service ?? 'ftmo-deploy';
  if (report.error !== undefined) return `❌ ${escapeCell(service)}: failed`;
  if (report.plan?.mode === 'plan') return `📝 ${escapeCell(service)}: plan (nothing was changed)`;
  if (report.manifests?.changed) return `🚀 ${escapeCell(service)}: deployed ${escapeCell(report.plan?.manifests.tag ?? '')}`;
  return `✅ ${escapeCell(service)}: done`;
}

function overview(report: Report, plan: Plan): string[] {
  const rows: [string, string][] = [
    ['Image', inlineCode(plan.image)],
    ['Version', inlineCode(plan.version)],
    ['Mode', `${escapeCell(plan.mode)} on ${escapeCell(plan.event)}${plan.refName ? ` (${escapeCell(plan.refName)})` : ''}`],
    ['Source commit', inlineCode(plan.sourceCommit)],
  ];
  if (plan.build.reuse.key !== '') rows.push(['Source key', inlineCode(plan.build.reuse.key)]);
  if (report.build?.reused !== undefined) rows.push(['Build', reusedCell(report.build.reused)]);
  if (report.build?.digest) rows.push(['Digest', inlineCode(report.build.digest)]);
  if (report.scan !== undefined) rows.push(['Scan', `${report.scan.outcome}: ${escapeCell(report.scan.reason)}`]);
  if (report.manifests !== undefined) rows.push(['Manifests', manifestsCell(report)]);
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

function reusedCell(reused: NonNullable<BuildResult['reused']>): string {
  const from = reused.revision === '' ? 'an unknown commit (no revision label)' : inlineCode(reused.revision);
  return `reused, not built: the image ${inlineCode(reused.tag)} built from ${from} has the same files and build settings`;
}

function manifestsCell(report: Report): string {
  const m = report.manifests;
  if (m === undefined) return '';
  if (!m.changed) return `unchanged: ${escapeCell(m.reason)}`;
  const sha = inlineCode(m.commit.slice(0, 12));
  return m.commitUrl ? `pinned in [${sha}](${m.commitUrl})` : `pinned in ${sha}`;
}

function stages(report: Report, plan: Plan): string[] {
  const notDone = report.scan?.outcome === 'failed' ? 'held back by the scan gate' : report.error ? 'not reached' : 'planned';
  const row = (name: string, decision: StageDecision, done: string | undefined): string =>
    `| ${name} | ${decision.enabled ? (done ?? notDone) : 'skipped'} | ${escapeCell(decision.reason, 400)} |`;
  const latest: StageDecision = plan.latest
    ? { enabled: true, reason: report.promote?.reason ?? 'move latest to this image after the scan gate, forward only' }
    : { enabled: false, reason: 'latest applies only to pushes on the default branch' };
  return [
    '| Stage | Status | Why |',
    '|---|---|---|',
    row('Build and push', buildDecision(report, plan), report.build ? buildStatus(report.build) : undefined),
    row('Scan', plan.scan, report.scan?.outcome),
    row('Promote latest', latest, report.promote?.latest),
    ...(plan.releaseAliases.length === 0 ? [] : [row('Promote release tags', releaseAliasesDecision(report, plan), releaseAliasesStatus(report))]),
    // What the stage found (e.g. a newer build is already pinned) says more than what was planned.
    row('Manifests', report.manifests ? { ...plan.manifests, reason: report.manifests.reason } : plan.manifests, report.manifests ? (report.manifests.changed ? 'committed' : 'unchanged') : undefined),
  ];
}

function releaseAliasesDecision(report: Report, plan: Plan): StageDecision {
  const done = report.promote?.releaseAliases;
  return { enabled: true, reason: done === undefined ? `move ${plan.releaseAliases.join(', ')} after the scan gate, to newer releases only` : done.map((alias) => alias.reason).join('; ') };
}

function releaseAliasesStatus(report: Report): string | undefined {
  const done = report.promote?.releaseAliases;
  if (done === undefined) return undefined;
  return done.some((alias) => alias.moved) ? 'moved' : 'kept';
}

function buildStatus(build: BuildResult): string {
  if (build.reused !== undefined) return 'reused';
  return build.pushed ? 'pushed' : 'built';
}

/** The build's reason, and what build avoidance decided when the build was planned. */
function buildDecision(report: Report, plan: Plan): StageDecision {
  if (report.build?.reused !== undefined) return { enabled: true, reason: `${plan.build.reason}; reused ${report.build.reused.tag}, nothing was built` };
  if (!plan.build.enabled) return plan.build;
  return { ...plan.build, reason: `${plan.build.reason}; build avoidance: ${plan.build.reuse.reason}` };
}

function tagsAndLabels(plan: Plan): string[] {
  return [
    '<details><summary>Tags and labels</summary>',
    '',
    ...plan.tags.map((tag) => `- ${inlineCode(formatReference(plan.image, { tag }))}${tag === 'latest' ? ' (after the scan gate)' : ''}`),
    '',
    ...plan.labels.map(({ key, value }) => `- ${inlineCode(`${key}=${value}`)}`),
    '',
    '</details>',
  ];
}

/** Whole lines up to the cap, and how much was left out. */
function limitDiff(diff: string): string {
  if (diff.length <= MAX_DIFF_CHARS) return diff;
  const cut = diff.lastIndexOf('\n', MAX_DIFF_CHARS);
  const kept = diff.slice(0, cut === -1 ? MAX_DIFF_CHARS : cut + 1);
  return `${kept}... diff cut: ${diff.length - kept.length} more characters\n`;
}

function manifestsSection(report: Report): string[] {
  const diff = report.manifests?.diff ?? report.manifestsPreview ?? '';
  if (diff === '') return [];
  const title = report.manifests ? 'Manifests diff' : 'Manifests diff this run would make (digest known after the push)';
  const shown = limitDiff(diff);
  return [`### ${title}`, '', codeBlock(shown, 'diff'), ''];
}
