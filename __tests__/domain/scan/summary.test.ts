import { describe, expect, it } from 'vitest';
import { escapeCell } from '../../../src/domain/report/markdown.js';
import { findingUrl, scanSummaryMarkdown } from '../../../src/domain/scan/summary.js';
import type { Severity } from '../../../src/domain/scan/severity.js';
import type { Finding, ScanResult } from '../../../src/domain/types.js';

const zero = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };

function finding(id: string, severity: Severity, more: Partial<Finding> = {}): Finding {
  return {
    id,
    pkg: 'libssl3',
    installed: '3.0.15-1~deb12u1',
    fixed: '3.0.16-1~deb12u1',
    severity,
    title: 'title',
    url: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
    platforms: ['linux/amd64', 'linux/arm64'],
    ...more,
  };
}

function result(findings: Finding[], more: Partial<ScanResult> = {}): ScanResult {
  return {
    outcome: 'failed',
    reason: '1 finding at CRITICAL, HIGH',
    counts: { ...zero, CRITICAL: 1, HIGH: 2, MEDIUM: 1 },
    countsByPlatform: {
      'linux/amd64': { ...zero, CRITICAL: 1, HIGH: 1, MEDIUM: 1 },
      'linux/arm64': { ...zero, CRITICAL: 1, HIGH: 2 },
    },
    findings,
    sarifFile: '/tmp/x.sarif',
    ...more,
  };
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('scanSummaryMarkdown', () => {
  it('shows the outcome, counts per severity and platform, and the findings table', () => {
    const md = scanSummaryMarkdown(result([finding('CVE-2031-1001', 'CRITICAL')]));
    expect(md).toContain('### Vulnerability scan: failed ❌');
    expect(md).toContain('| Platform | CRITICAL | HIGH | MEDIUM | LOW | UNKNOWN |');
    expect(md).toContain('| **All platforms** (each finding once) | 1 | 2 | 1 | 0 | 0 |');
    expect(md).toContain('| linux/amd64 | 1 | 1 | 1 | 0 | 0 |');
    expect(md).toContain('| linux/arm64 | 1 | 2 | 0 | 0 | 0 |');
    expect(md).toContain('| Vulnerability | Title | Package | Installed | Fixed | Severity | Platforms |');
    expect(md).toContain(
      '| [CVE-2031-1001](https://avd.aquasec.com/nvd/cve-2031-1001) | title | libssl3 | 3.0.15-1\\~deb12u1 | 3.0.16-1\\~deb12u1 | CRITICAL | linux/amd64, linux/arm64 |',
    );
    expect(md).not.toContain('not shown');
  });

  it('shows a finding\'s title cut to 80 characters, its invisible characters written out', () => {
    const title = `openssl: \u202ebad\u200b ${'x'.repeat(100)}`;
    const md = scanSummaryMarkdown(result([finding('CVE-2031-1001', 'CRITICAL', { title })]));
    expect(md).toContain(`| [CVE-2031-1001](https://avd.aquasec.com/nvd/cve-2031-1001) | openssl\\: \\\\u202ebad\\\\u200b ${'x'.repeat(64)}… | libssl3 |`);
  });

  it('says why a skipped scan was skipped, without tables', () => {
    const md = scanSummaryMarkdown(result([], { outcome: 'skipped', reason: 'scan is false', countsByPlatform: {} }));
    expect(md).toContain('### Vulnerability scan: skipped');
    expect(md).toContain('scan is false');
    expect(md).not.toContain('| Platform |');
  });

  it('says when nothing was found', () => {
    const md = scanSummaryMarkdown(result([], { outcome: 'passed', reason: 'no finding', counts: zero, countsByPlatform: { 'linux/amd64': zero } }));
    expect(md).toContain('### Vulnerability scan: passed ✅');
    expect(md).toContain('| linux/amd64 | 0 | 0 | 0 | 0 | 0 |');
    expect(md).toContain('No findings after filtering.');
    expect(md).not.toContain('| Vulnerability |');
  });

  it('shows an unfixed finding with a dash', () => {
    const md = scanSummaryMarkdown(result([finding('CVE-1', 'LOW', { fixed: '' })]));
    // GFM strikes through text between single tildes, which Debian versions contain.
    expect(md).toContain('| 3.0.15-1\\~deb12u1 | — | LOW |');
  });

  it('shows at most 50 rows by default and says how many were left out', () => {
    const findings = Array.from({ length: 80 }, (_, i) => finding(`CVE-2031-${1000 + i}`, 'HIGH'));
    const md = scanSummaryMarkdown(result(findings));
    expect(md.match(/^\| \[CVE-/gm)).toHaveLength(50);
    expect(md).toContain('CVE-2031-1049');
    expect(md).not.toContain('CVE-2031-1050');
    expect(md).toContain('_30 more findings not shown (80 in total; see the SARIF report)._');
  });

  it('keeps to the byte cap with huge values, and says how many were left out', () => {
    const long = 'x'.repeat(5000);
    const findings = Array.from({ length: 5000 }, (_, i) => finding(`CVE-${i}-${long}`, 'HIGH', { pkg: long, installed: long, fixed: long }));
    const md = scanSummaryMarkdown(result(findings), { maxRows: 5000, maxBytes: 20_000 });
    expect(bytes(md)).toBeLessThanOrEqual(20_000);
    const shown = md.match(/^\| \[CVE-/gm)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(md).toContain(`_${5000 - shown} more findings not shown (5000 in total; see the SARIF report)._`);
  });

  it('stays far under 1 MiB with defaults whatever the report holds', () => {
    const long = '€'.repeat(100_000);
    const findings = Array.from({ length: 100_000 }, (_, i) => finding(`CVE-${i}`, 'CRITICAL', { pkg: long, title: long }));
    const md = scanSummaryMarkdown(result(findings, { reason: long }));
    expect(bytes(md)).toBeLessThanOrEqual(64 * 1024);
  });

  it('cuts a section with a pathological number of platforms and says so', () => {
    const countsByPlatform = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`linux/arch${i}`, zero]));
    const md = scanSummaryMarkdown(result([finding('CVE-1', 'HIGH')], { countsByPlatform }), { maxBytes: 10_000 });
    expect(bytes(md)).toBeLessThanOrEqual(10_000);
    expect(md).toContain("_(section cut to stay under the job summary's size limit)_");
  });

  it('escapes markdown and HTML from the report so it cannot break the table or inject markup', () => {
    const hostile = finding('CVE-1</td><script>alert(1)</script>', 'HIGH', {
      pkg: 'a|b **bold** [x](https://evil.example) `code` <img src=x onerror=alert(1)>',
      installed: '1.0\n| injected | row |',
      fixed: '_2_ ~~3~~ &amp;',
      url: 'javascript:alert(1)',
    });
    const md = scanSummaryMarkdown(result([hostile]));
    const row = md.split('\n').find((line) => line.startsWith('| [CVE-1')) ?? '';
    expect(row).not.toMatch(/<script|<img|<\/td>/);
    expect(row).toContain('&lt;script&gt;');
    expect(row).toContain('a\\|b \\*\\*bold\\*\\* \\[x\\](https\\://evil.example) \\`code\\` &lt;img src=x onerror=alert(1)&gt;');
    expect(row).toContain('1.0 \\| injected \\| row \\|');
    expect(row).toContain('\\_2\\_ \\~\\~3\\~\\~ &amp;amp;');
    expect(row).toContain('(https://avd.aquasec.com/nvd/cve-1%3C%2Ftd%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E)');
    // Unescaped pipes would add cells: a row has exactly the table's 7 cells.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(9);
  });

  it('escapes the reason paragraph, including what would start a heading or list', () => {
    const md = scanSummaryMarkdown(result([], { reason: '# heading <b>x</b>' }));
    expect(md).toContain('\\# heading &lt;b&gt;x&lt;/b&gt;');
    expect(scanSummaryMarkdown(result([], { reason: '1. item' }))).toContain('1\\. item');
  });
});

describe('findingUrl', () => {
  it.each([
    ['https://avd.aquasec.com/nvd/cve-2031-1001', 'https://avd.aquasec.com/nvd/cve-2031-1001'],
    ['https://github.com/advisories/GHSA-2fq4-m5x8-c7wv', 'https://github.com/advisories/GHSA-2fq4-m5x8-c7wv'],
    ['https://security-tracker.debian.org/tracker/CVE-2031-1', 'https://security-tracker.debian.org/tracker/CVE-2031-1'],
    ['', 'https://avd.aquasec.com/nvd/cve-2031-1001'],
    ['http://insecure.example/x', 'https://avd.aquasec.com/nvd/cve-2031-1001'],
    ['javascript:alert(1)', 'https://avd.aquasec.com/nvd/cve-2031-1001'],
    ['https://evil.example/a) [click](https://x', 'https://avd.aquasec.com/nvd/cve-2031-1001'],
    ['https://evil.example/<script>', 'https://avd.aquasec.com/nvd/cve-2031-1001'],
  ])('%j -> %s', (url, expected) => {
    expect(findingUrl({ id: 'CVE-2031-1001', url })).toBe(expected);
  });
});

describe('escapeCell', () => {
  it.each([
    ['plain-1.2.3+dfsg', 'plain-1.2.3+dfsg'],
    ['1:1.2.13.dfsg-1', '1\\:1.2.13.dfsg-1'],
    ['a|b', 'a\\|b'],
    ['line\r\nbreak', 'line break'],
    ['<b>&', '&lt;b&gt;&amp;'],
    ['back\\slash', 'back\\\\slash'],
    ['\u0007bell\u001b[31m', '\\\\u0007bell\\\\u001b\\[31m'],
    ['x'.repeat(130), `${'x'.repeat(119)}…`],
  ])('%j -> %j', (value, expected) => {
    expect(escapeCell(value)).toBe(expected);
  });
});
