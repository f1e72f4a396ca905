// The scan section of the job summary. Every value that comes from the report (IDs, titles,
// package names, versions, URLs) is text from the scanned image's metadata: it is escaped so it can
// neither break the table nor inject HTML/markdown, and the section has a hard size cap
// (GitHub refuses a step summary over 1 MiB, and the other sections need room too).

import { escapeCell, escapeParagraph } from '../report/markdown.js';
import { dbSummaryLines } from './trivy-db-summary.js';
import { SEVERITIES, type Severity } from './severity.js';
import type { Finding, ScanResult } from '../types.js';

export interface ScanSummaryOptions {
  /** Rows of the findings table at most. */
  maxRows?: number;
  /** Size cap of the whole section, in UTF-8 bytes. */
  maxBytes?: number;
}

export const SCAN_SUMMARY_DEFAULTS = { maxRows: 50, maxBytes: 64 * 1024 } as const;

/** Titles are cut shorter than other cells: the table must stay readable. */
const MAX_TITLE = 80;
/** Bytes kept free for the closing "N more not shown" note, so the cap holds with it. */
const ROOM_FOR_NOTE = 200;
const OUTCOME_TITLE: Record<ScanResult['outcome'], string> = {
  passed: 'passed ✅',
  failed: 'failed ❌',
  skipped: 'skipped ⏭️',
};

export function scanSummaryMarkdown(result: ScanResult, options: ScanSummaryOptions = {}): string {
  const maxRows = options.maxRows ?? SCAN_SUMMARY_DEFAULTS.maxRows;
  const maxBytes = options.maxBytes ?? SCAN_SUMMARY_DEFAULTS.maxBytes;
  const head = [`### Vulnerability scan: ${OUTCOME_TITLE[result.outcome]}`, '', escapeParagraph(result.reason), ''];
  if (result.outcome === 'skipped') return fitHead(head, maxBytes);
  if (result.db !== undefined) head.push(...dbSummaryLines(result.db));
  head.push(...countsTable(result), '');
  if (result.findings.length === 0) {
    head.push('No findings after filtering.', '');
    return fitHead(head, maxBytes);
  }
  head.push(
    '#### Top findings',
    '',
    '| Vulnerability | Title | Package | Installed | Fixed | Severity | Platforms |',
    '|---|---|---|---|---|---|---|',
  );
  if (byteLength(head.join('\n')) > maxBytes - ROOM_FOR_NOTE) return fitHead(head, maxBytes);
  return withRows(`${head.join('\n')}\n`, result.findings, maxRows, maxBytes);
}

/** A link only to an https URL made of harmless characters; else Trivy's page for the ID. */
export function findingUrl(finding: Pick<Finding, 'id' | 'url'>): string {
  if (/^https:\/\/[A-Za-z0-9.-]+(?::[0-9]+)?(?:\/[A-Za-z0-9._~%/+=&?-]*)?$/.test(finding.url)) return finding.url;
  return `https://avd.aquasec.com/nvd/${encodeURIComponent(finding.id.toLowerCase())}`;
}

function countsTable(result: ScanResult): string[] {
  const header = `| Platform | ${SEVERITIES.join(' | ')} |`;
  const rule = `|---|${SEVERITIES.map(() => '---:').join('|')}|`;
  const row = (label: string, counts: Record<Severity, number>) =>
    `| ${label} | ${SEVERITIES.map((s) => String(counts[s] ?? 0)).join(' | ')} |`;
  const platformRows = Object.entries(result.countsByPlatform).map(([platform, counts]) => row(escapeCell(platform), counts));
  return [header, rule, row('**All platforms** (each finding once)', result.counts), ...platformRows];
}

function findingRow(finding: Finding): string {
  const id = `[${escapeCell(finding.id)}](${findingUrl(finding)})`;
  const cells = [
    id,
    escapeCell(finding.title, MAX_TITLE),
    escapeCell(finding.pkg),
    escapeCell(finding.installed),
    finding.fixed === '' ? '—' : escapeCell(finding.fixed),
    finding.severity,
    escapeCell(finding.platforms.join(', ')),
  ];
  return `| ${cells.join(' | ')} |\n`;
}

/** Adds rows while both caps allow, then says how many were left out. */
function withRows(head: string, findings: readonly Finding[], maxRows: number, maxBytes: number): string {
  let text = head;
  let shown = 0;
  const budget = maxBytes - ROOM_FOR_NOTE;
  for (const finding of findings) {
    if (shown >= maxRows) break;
    const row = findingRow(finding);
    if (byteLength(text) + byteLength(row) > budget) break;
    text += row;
    shown += 1;
  }
  const left = findings.length - shown;
  if (left > 0) {
    text += `\n_${left} more finding${left === 1 ? '' : 's'} not shown (${findings.length} in total; see the SARIF report)._\n`;
  }
  return text;
}

function fitHead(lines: string[], maxBytes: number): string {
  const text = lines.join('\n');
  if (byteLength(text) <= maxBytes) return text;
  // Only a pathological number of platforms gets here; cut at a line boundary.
  let cut = text;
  while (cut !== '' && byteLength(cut) > maxBytes - ROOM_FOR_NOTE) cut = cut.slice(0, Math.max(0, cut.lastIndexOf('\n')));
  return `${cut}\n\n_(section cut to stay under the job summary's size limit)_\n`;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
