// The pull request comment that shows what a pull request's build would deploy: one per service,
// found again by a hidden marker and edited in place on every push. Every value from the pull
// request, the image or the scan is untrusted text and goes through the job summary's escaping.

import { formatReference } from '../plan/image-ref.js';
import { codeBlock, escapeCell, inlineCode } from './markdown.js';
import { scanSummaryMarkdown } from '../scan/summary.js';
import type { BuildResult, ScanResult } from '../types.js';

/** The hidden first line that identifies the comment of one service (service names are `[a-z0-9._-]`). */
export function commentMarker(service: string): string {
  return `<!-- ftmo-deploy:${service} -->`;
}

/**
 * The id of the comment whose first line is the service's marker (a comment that only quotes it
 * further down does not count), the oldest when several are; undefined when none is.
 */
export function findMarkedComment(comments: readonly { id: number; body?: string | null }[], service: string): number | undefined {
  const marker = commentMarker(service);
  const marked = comments.filter((c) => (c.body ?? '').split('\n', 1)[0]?.trim() === marker);
  return marked.length === 0 ? undefined : Math.min(...marked.map((c) => c.id));
}

export interface PullRequestReport {
  service: string;
  image: string;
  pullRequest: number;
  /** Head branch of the pull request. */
  headRef: string;
  sourceCommit: string;
  runUrl: string;
  /** Tags the build pushed (empty when nothing was pushed). */
  tags: string[];
  build?: BuildResult;
  scan?: ScanResult;
  /** The edit of the target branch's kustomizations that merging would pin; '' for none. */
  manifestsDiff: string;
  /** Why there is no diff, or '' when there is one. */
  manifestsNote: string;
  /** The run's error, '' when it succeeded. */
  error: string;
}

/** Findings shown; the rest are in the job summary and the SARIF report. */
const TOP_FINDINGS = 10;
/** GitHub refuses comments over 65,536 characters; the diff is the part that can grow. */
const MAX_DIFF_CHARS = 30_000;

export function prCommentBody(report: PullRequestReport): string {
  const lines = [
    commentMarker(report.service),
    `### ${report.error === '' ? '✅' : '❌'} ftmo-deploy: ${inlineCode(report.service)}`,
    '',
    `Pull request #${report.pullRequest} from ${inlineCode(report.headRef)} at ${inlineCode(report.sourceCommit.slice(0, 12))}, [run](${report.runUrl}).`,
    '',
  ];
  if (report.error !== '') lines.push(`> [!CAUTION]`, `> ${escapeCell(report.error.split('\n')[0] ?? '', 1000)}`, '');
  lines.push(...tagsAndDigests(report), '');
  if (report.scan !== undefined) lines.push(scanSummaryMarkdown(report.scan, { maxRows: TOP_FINDINGS, maxBytes: 16 * 1024 }).trimEnd(), '');
  lines.push(...manifests(report));
  return `${lines.join('\n').trimEnd()}\n`;
}

function tagsAndDigests(report: PullRequestReport): string[] {
  if (report.build === undefined || !report.build.pushed) return ['**Pushed:** nothing'];
  const lines = ['**Pushed:**', '', ...report.tags.map((tag) => `- ${inlineCode(formatReference(report.image, { tag }))}`), ''];
  lines.push('| Platform | Digest |', '|---|---|', `| index | ${inlineCode(report.build.digest)} |`);
  for (const [platform, digest] of Object.entries(report.build.platformDigests)) lines.push(`| ${escapeCell(platform)} | ${inlineCode(digest)} |`);
  return lines;
}

function manifests(report: PullRequestReport): string[] {
  const title = '#### Manifests after merging (with this image)';
  if (report.manifestsDiff === '') return [title, '', escapeCell(report.manifestsNote || 'No kustomization would change.', 1000)];
  const diff = report.manifestsDiff.length > MAX_DIFF_CHARS ? `${report.manifestsDiff.slice(0, MAX_DIFF_CHARS)}\n... diff cut\n` : report.manifestsDiff;
  return [title, '', codeBlock(diff, 'diff')];
}
