// The job summary of each kind of run, read the way a person reads it: the headline, the stage
// table, and the sections that only some runs have.

import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../../src/domain/report/summary.js';
import { emptyCounts } from '../../../src/domain/scan/trivy-report.js';
import type { Report, ScanResult } from '../../../src/domain/types.js';
import { context, plan } from '../../harness/plans.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;
const main = () => plan(context('push', 'refs/heads/main'));
const built = { pushed: true, digest: DIGEST, platformDigests: {} };
const failedScan: ScanResult = {
  outcome: 'failed',
  reason: '1 finding at CRITICAL, HIGH: "CVE-2031-1001" in "libssl3" (CRITICAL)',
  counts: { ...emptyCounts(), CRITICAL: 1 },
  countsByPlatform: { 'linux/amd64': { ...emptyCounts(), CRITICAL: 1 } },
  findings: [
    { id: 'CVE-2031-1001', pkg: 'libssl3', installed: '3.0.1', fixed: '3.0.2', severity: 'CRITICAL', title: 'overflow', url: 'https://avd.aquasec.com/nvd/cve-2031-1001', platforms: ['linux/amd64'] },
  ],
  sarifFile: '/runner/temp/trivy-results.sarif',
};

function stageRows(markdown: string): Record<string, string> {
  const rows = markdown.split('\n').filter((line) => /^\| (Build and push|Scan|Promote latest|Manifests) \|/.test(line));
  return Object.fromEntries(rows.map((line) => line.split(' | ').slice(0, 2).map((cell) => cell.replace(/^\| /, ''))));
}

describe('renderSummary', () => {
  it('plan mode: says nothing changed, every stage planned, and shows the diff it would make', () => {
    const report: Report = { plan: plan(context('push', 'refs/heads/main'), { mode: 'plan' }), manifestsPreview: '--- a/k.yaml\n+++ b/k.yaml\n' };
    const markdown = renderSummary(report);
    expect(markdown.split('\n')[0]).toBe('## 📝 signal-generation-engine: plan (nothing was changed)');
    expect(stageRows(markdown)).toEqual({ 'Build and push': 'planned', Scan: 'planned', 'Promote latest': 'planned', Manifests: 'planned' });
    expect(markdown).toContain('### Manifests diff this run would make (digest known after the push)\n\n```diff\n--- a/k.yaml\n+++ b/k.yaml\n```');
  });

  it('a warning (plan mode on another checkout) comes right under the headline, escaped', () => {
    const report: Report = { plan: plan(context('push', 'refs/heads/main'), { mode: 'plan' }), warnings: ['HEAD is abc, not GITHUB_SHA: check out <the run> | fix'] };
    const markdown = renderSummary(report);
    expect(markdown.split('\n').slice(0, 4)).toEqual([
      '## 📝 signal-generation-engine: plan (nothing was changed)',
      '',
      '> [!WARNING]',
      '> HEAD is abc, not GITHUB\\_SHA\\: check out &lt;the run&gt; \\| fix',
    ]);
  });

  it('a failed gate: the failure first, promotion and manifests held back, the finding listed', () => {
    const report: Report = { plan: main(), build: built, scan: failedScan, error: 'Scan gate failed: 1 finding at CRITICAL, HIGH.\nmore detail', failedStage: 'scan' };
    const markdown = renderSummary(report);
    // The failure line names the stage the run failed in.
    expect(markdown.split('\n').slice(0, 4)).toEqual(['## ❌ signal-generation-engine: failed', '', '> [!CAUTION]', '> scan\\: Scan gate failed\\: 1 finding at CRITICAL, HIGH.']);
    expect(markdown).toContain('```\nmore detail\n```');
    expect(stageRows(markdown)).toEqual({ 'Build and push': 'pushed', Scan: 'failed', 'Promote latest': 'held back by the scan gate', Manifests: 'held back by the scan gate' });
    expect(markdown).toContain('[CVE-2031-1001](https://avd.aquasec.com/nvd/cve-2031-1001)');
  });

  it('a deployment: the pinned tag in the headline and the commit linked', () => {
    const report: Report = {
      plan: main(),
      build: built,
      scan: { ...failedScan, outcome: 'passed', reason: 'no finding at CRITICAL, HIGH', counts: emptyCounts(), countsByPlatform: {}, findings: [] },
      promote: { latest: 'moved', reason: `latest now names ${DIGEST}` },
      manifests: { changed: true, commit: 'abcdef1234567890', diff: '+    newTag: main-0ccf1ae\n', reason: 'pinned', commitUrl: 'https://github.com/Ftmo-Labs/dax-trading/commit/abcdef1234567890' },
    };
    const markdown = renderSummary(report);
    expect(markdown.split('\n')[0]).toBe('## 🚀 signal-generation-engine: deployed main-0ccf1ae');
    expect(markdown).toContain('| Manifests | pinned in [`abcdef123456`](https://github.com/Ftmo-Labs/dax-trading/commit/abcdef1234567890) |');
    expect(stageRows(markdown)).toEqual({ 'Build and push': 'pushed', Scan: 'passed', 'Promote latest': 'moved', Manifests: 'committed' });
    expect(markdown).toContain('### Manifests diff\n\n```diff\n+    newTag: main-0ccf1ae\n```');
  });

  it('an error before any plan: the headline and the error alone, escaped', () => {
    const markdown = renderSummary({ error: "Input 'service': must be lower case (got \"<b>X</b>\")" });
    expect(markdown).toBe('## ❌ ftmo-deploy: failed\n\n> [!CAUTION]\n> Input \'service\'\\: must be lower case (got &quot;&lt;b&gt;X&lt;/b&gt;&quot;)\n');
  });

  it('cuts a huge diff at a line, far under the 1 MiB summary limit, and says how much is left out', () => {
    const line = '+    newTag: main-0ccf1ae\n';
    const diff = line.repeat(10_000);
    const markdown = renderSummary({ plan: main(), manifests: { changed: true, commit: 'abc', diff, reason: '', commitUrl: '' } });
    expect(markdown.length).toBeLessThan(100_000);
    const kept = Math.floor(60_000 / line.length) * line.length;
    expect(markdown).toContain(`${line}... diff cut: ${diff.length - kept} more characters\n`);
  });

  it('warnings of the manifests update come first after the headline, one paragraph each, escaped', () => {
    const warnings = ['Drift: the branch was built from 1234567890ab, which the repository does not know', 'Manifests: 2 stale pins dropped: "a|b" in "x"'];
    const report: Report = { plan: main(), manifests: { changed: true, commit: 'abc', diff: '', reason: 'pinned', commitUrl: '', warnings } };
    expect(renderSummary(report).split('\n').slice(0, 6)).toEqual([
      '## 🚀 signal-generation-engine: deployed main-0ccf1ae',
      '',
      '> [!WARNING]',
      '> Drift\\: the branch was built from 1234567890ab, which the repository does not know',
      '>',
      '> Manifests\\: 2 stale pins dropped\\: &quot;a\\|b&quot; in &quot;x&quot;',
    ]);
  });

  it('a ref name with a right-to-left override and a zero-width space is shown with them written out', () => {
    const markdown = renderSummary({ plan: plan(context('push', 'refs/heads/feat/\u202eexe.txt\u200b')) });
    expect(markdown).toContain('(feat/\\\\u202eexe.txt\\\\u200b)');
    expect(markdown).not.toMatch(/[\u202e\u200b]/);
  });
});
