// The job summary's Argo CD section: the outcome, one row per Application (sync, health, the
// revision it runs, the last operation), then what Argo CD says about the resources that are
// not healthy. Everything here came from a server: escaped.

import { escapeCell, escapeParagraph, inlineCode } from '../report/markdown.js';
import type { ArgoCdResult } from './status.js';

export function argoCdSection(result: ArgoCdResult): string[] {
  const lines = ['### Argo CD', '', escapeParagraph(`${result.status}: ${result.reason}`), ''];
  if (result.rollback !== undefined) {
    const commit = result.rollback.commit === '' ? '' : ` in ${inlineCode(result.rollback.commit.slice(0, 12))}`;
    lines.push(`Rollback${commit}: ${escapeCell(result.rollback.reason, 1000)}`, '');
  }
  if (result.applications.length === 0) return lines;
  lines.push('| Application | Sync | Health | Revision | Last operation |', '|---|---|---|---|---|');
  for (const app of result.applications) {
    const revision = app.revision === '' ? '' : inlineCode(app.revision.slice(0, 12));
    lines.push(`| ${escapeCell(app.name)} | ${escapeCell(app.sync)} | ${escapeCell(app.health)} | ${revision} | ${escapeCell(app.operation, 400)} |`);
  }
  const problems = result.applications.flatMap((app) => app.problems.map((problem) => ({ app: app.name, ...problem })));
  if (problems.length > 0) {
    lines.push('', '| Application | Resource | Health | Message |', '|---|---|---|---|');
    for (const p of problems) {
      lines.push(`| ${escapeCell(p.app)} | ${escapeCell(`${p.kind}/${p.name}`)} | ${escapeCell(p.health)} | ${escapeCell(p.message, 400)} |`);
    }
  }
  lines.push('');
  return lines;
}
