// The vulnerability DB in the scan section of the job summary: which data the gate decided on
// (UpdatedAt), where it came from and how old it is, and a warning when it could not be updated.

import { escapeCell, escapeParagraph, inlineCode } from '../report/markdown.js';
import { describeDuration } from '../duration.js';
import type { TrivyDbStatus } from './trivy-db-outcome.js';

export function dbSummaryLines(db: TrivyDbStatus): string[] {
  const { metadata } = db;
  const source =
    db.source === 'repository'
      ? `downloaded from ${inlineCode(db.repository)}`
      : db.source === 'cache'
        ? `from the cache (${inlineCode(db.cacheDir)}; fresh until ${escapeCell(metadata.nextUpdate)}), nothing downloaded`
        : `from the cache (${inlineCode(db.cacheDir)}): every repository failed`;
  const lines = [
    `Vulnerability DB: updated ${escapeCell(metadata.updatedAt)} (${describeDuration(db.updatedAgeMs)} old), ${source}; ` +
      `downloaded ${escapeCell(metadata.downloadedAt)} (${describeDuration(db.downloadedAgeMs)} ago).`,
    '',
  ];
  if (db.warning !== '') lines.push('> [!WARNING]', `> ${escapeParagraph(db.warning)}`, '');
  return lines;
}
