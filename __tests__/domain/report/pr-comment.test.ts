import { describe, expect, it } from 'vitest';
import { commentMarker, findMarkedComment, prCommentBody, type PullRequestReport } from '../../../src/domain/report/pr-comment.js';
import type { ScanResult } from '../../../src/domain/types.js';

describe('commentMarker and findMarkedComment', () => {
  it('is an HTML comment naming the service', () => {
    expect(commentMarker('risk-engine')).toBe('<!-- ftmo-deploy:risk-engine -->');
  });

  const comments = [
    { id: 11, body: 'Looks good to me' },
    { id: 12, body: '<!-- ftmo-deploy:signal-engine -->\n### other service' },
    { id: 13, body: 'Quoting it: <!-- ftmo-deploy:risk-engine -->' },
    { id: 14, body: null },
    { id: 15, body: '<!-- ftmo-deploy:risk-engine -->\r\n### risk' },
    { id: 16, body: '<!-- ftmo-deploy:risk-engine -->\n### a later copy' },
  ];
  it.each([
    ['the oldest comment whose first line is the marker', comments, 'risk-engine', 15],
    ['another service has its own', comments, 'signal-engine', 12],
    ['a service without a comment', comments, 'execution-gateway', undefined],
    ['a marker only quoted in the text does not count', comments.slice(0, 4), 'risk-engine', undefined],
    ['a prefix of another name does not match', [{ id: 1, body: '<!-- ftmo-deploy:risk-engine-v2 -->' }], 'risk-engine', undefined],
    ['no comments', [], 'risk-engine', undefined],
  ])('%s', (_what, list, service, expected) => {
    expect(findMarkedComment(list, service)).toBe(expected);
  });
});

const PASSED: ScanResult = {
  outcome: 'passed',
  reason: 'no findings',
  counts: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 },
  countsByPlatform: { 'linux/amd64': { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 } },
  findings: [],
  sarifFile: '/tmp/x.sarif',
};

const REPORT: PullRequestReport = {
  service: 'risk-engine',
  image: 'ghcr.io/ftmo-labs/risk-engine',
  pullRequest: 42,
  headRef: 'feature/limits',
  sourceCommit: 'e84cc64499f50d72071c1a2ce65752ff3838f03f',
  runUrl: 'https://github.com/o/r/actions/runs/7',
  tags: ['pr-42'],
  build: { pushed: true, digest: 'sha256:aaaa', platformDigests: { 'linux/amd64': 'sha256:bbbb' } },
  scan: PASSED,
  manifestsDiff: '--- a/k.yaml\n+++ b/k.yaml\n@@ -1 +1 @@\n-    newTag: latest\n+    newTag: pr-42\n',
  manifestsNote: '',
  error: '',
};

describe('prCommentBody', () => {
  it('lays out the marker, the build, the scan and the diff', () => {
    expect(prCommentBody(REPORT)).toBe(
      [
        '<!-- ftmo-deploy:risk-engine -->',
        '### ✅ ftmo-deploy: `risk-engine`',
        '',
        'Pull request #42 from `feature/limits` at `e84cc64499f5`, [run](https://github.com/o/r/actions/runs/7).',
        '',
        '**Pushed:**',
        '',
        '- `ghcr.io/ftmo-labs/risk-engine:pr-42`',
        '',
        '| Platform | Digest |',
        '|---|---|',
        '| index | `sha256:aaaa` |',
        '| linux/amd64 | `sha256:bbbb` |',
        '',
        '### Vulnerability scan: passed ✅',
        '',
        'no findings',
        '',
        '| Platform | CRITICAL | HIGH | MEDIUM | LOW | UNKNOWN |',
        '|---|---:|---:|---:|---:|---:|',
        '| **All platforms** (each finding once) | 0 | 0 | 0 | 0 | 0 |',
        '| linux/amd64 | 0 | 0 | 0 | 0 | 0 |',
        '',
        'No findings after filtering.',
        '',
        '#### Manifests after merging (with this image)',
        '',
        '```diff',
        '--- a/k.yaml',
        '+++ b/k.yaml',
        '@@ -1 +1 @@',
        '-    newTag: latest',
        '+    newTag: pr-42',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('says when nothing was pushed and no kustomization changes', () => {
    const body = prCommentBody({ ...REPORT, tags: [], build: { pushed: false, digest: '', platformDigests: {} }, manifestsDiff: '', manifestsNote: 'No kustomization would change.' });
    expect(body).toContain('\n**Pushed:** nothing\n');
    expect(body).toContain('#### Manifests after merging (with this image)\n\nNo kustomization would change.\n');
    expect(body).not.toContain('| index |');
  });

  it.each([
    ['a head branch with backticks cannot leave its code span', { headRef: 'x`<img src=x>`y' }, 'from ``x`<img src=x>`y`` at'],
    ['an error line with HTML and a link is inert', { error: '<script>alert(1)</script> [x](https://evil)\nmore' }, '> [!CAUTION]\n> &lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](https\\://evil)\n'],
    [
      'a note with markdown is escaped',
      { manifestsDiff: '', manifestsNote: 'The manifests diff could not be made: k.yaml: *bold* | cell' },
      'The manifests diff could not be made\\: k.yaml\\: \\*bold\\* \\| cell',
    ],
    ['a diff holding a fence gets a longer one', { manifestsDiff: '+ a ```` b\n' }, '`````diff\n+ a ```` b\n`````'],
  ])('%s', (_what, change, expected) => {
    expect(prCommentBody({ ...REPORT, ...change })).toContain(expected);
  });

  it('escapes finding titles and package names as the job summary does, and shows the top 10', () => {
    const finding = (i: number) => ({
      id: `CVE-2031-${1000 + i}`,
      pkg: i === 0 ? 'lib|<b>x</b>' : `pkg${i}`,
      installed: '1',
      fixed: '2',
      severity: 'HIGH' as const,
      title: '<script>',
      url: '',
      platforms: ['linux/amd64'],
    });
    const scan: ScanResult = { ...PASSED, outcome: 'failed', reason: 'HIGH found', findings: Array.from({ length: 12 }, (_, i) => finding(i)) };
    const body = prCommentBody({ ...REPORT, scan });
    expect(body).toContain('| lib\\|&lt;b&gt;x&lt;/b&gt; |');
    expect(body).not.toContain('<b>');
    expect(body).toContain('CVE-2031-1009');
    expect(body).not.toContain('CVE-2031-1010');
    expect(body).toContain('2 more findings not shown (12 in total');
  });
});
