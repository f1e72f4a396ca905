import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ToolError } from '../../../src/domain/errors.js';
import { gate } from '../../../src/domain/scan/gate.js';
import { mergeFindings, parseTrivyReport, type TrivyReport } from '../../../src/domain/scan/trivy-report.js';
import type { Severity } from '../../../src/domain/scan/severity.js';
import type { Finding } from '../../../src/domain/types.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'trivy');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

/** A report text with the given Results (everything else as Trivy prints it). */
function reportText(results: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    SchemaVersion: 2,
    Trivy: { Version: '0.69.3' },
    ArtifactName: 'registry.example/app@sha256:abc',
    ArtifactType: 'container_image',
    ...(results === undefined ? {} : { Results: results }),
    ...extra,
  });
}

function vuln(id: string, pkg: string, severity: string, fixed?: string | null, more: Record<string, unknown> = {}) {
  return {
    VulnerabilityID: id,
    PkgName: pkg,
    InstalledVersion: '1.0.0',
    ...(fixed === undefined ? {} : { FixedVersion: fixed }),
    Severity: severity,
    Title: `${id} title`,
    PrimaryURL: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
    ...more,
  };
}

const osResult = (vulns: unknown) => ({ Target: 'app (debian 12.9)', Class: 'os-pkgs', Type: 'debian', Vulnerabilities: vulns });

describe('parseTrivyReport', () => {
  it.each([
    ['Results missing (nothing detected)', reportText(undefined), 0, 0],
    ['Results null', reportText(null), 0, 0],
    ['Results empty', reportText([]), 0, 0],
    ['a result without Vulnerabilities', reportText([{ Target: 'app (debian 12.9)', Class: 'os-pkgs', Type: 'debian' }]), 1, 0],
    ['Vulnerabilities null', reportText([osResult(null)]), 1, 0],
    ['Vulnerabilities empty', reportText([osResult([])]), 1, 0],
    ['an empty target name', reportText([{ Target: '', Class: 'custom', CustomResources: [{ Type: 'x' }] }]), 1, 0],
    ['two vulnerable targets', reportText([osResult([vuln('CVE-1', 'a', 'LOW')]), osResult([vuln('CVE-2', 'b', 'HIGH')])]), 2, 2],
  ])('%s', (_label, text, targets, vulnerabilities) => {
    const report = parseTrivyReport(text);
    expect(report.targets).toBe(targets);
    expect(report.vulnerabilities).toHaveLength(vulnerabilities);
  });

  it('reads every field it uses, and tolerates fields it does not know', () => {
    const text = reportText(
      [
        osResult([
          vuln('CVE-2031-0001', 'libssl3', 'CRITICAL', '3.0.16', {
            VendorSeverity: { nvd: 4 },
            SomethingNewer: { Nested: [1, 2, 3] },
            CVSS: { nvd: { V3Score: 9.8 } },
          }),
        ]),
      ],
      { ReportID: 'x', Metadata: { OS: { Family: 'debian' } }, FutureTopLevel: true },
    );
    expect(parseTrivyReport(text)).toEqual({
      artifactName: 'registry.example/app@sha256:abc',
      targets: 1,
      vulnerabilities: [
        {
          id: 'CVE-2031-0001',
          pkg: 'libssl3',
          installed: '1.0.0',
          fixed: '3.0.16',
          severity: 'CRITICAL',
          title: 'CVE-2031-0001 title',
          url: 'https://avd.aquasec.com/nvd/cve-2031-0001',
          target: 'app (debian 12.9)',
        },
      ],
    });
  });

  it.each([
    ['FixedVersion missing', undefined, ''],
    ['FixedVersion null', null, ''],
    ['FixedVersion empty', '', ''],
    ['one fixed version', '2.0.1', '2.0.1'],
    ['comma-joined fixed versions', '2.32.0, 2.31.1', '2.32.0, 2.31.1'],
    ['comma-joined without spaces, repeated', '1.2.3,1.3.0,1.2.3', '1.2.3, 1.3.0'],
    ['only spaces', '  ', ''],
    ['a Debian version with epoch and suffix', '1:2.0.5-1+deb10u1', '1:2.0.5-1+deb10u1'],
    ['an Alpine version', '1.1.1d-r0', '1.1.1d-r0'],
    ['a tilde pre-release and a Go pseudo-version', '2.0~rc1, v0.0.0-20230101000000-abcdef123456', '2.0~rc1, v0.0.0-20230101000000-abcdef123456'],
  ])('%s -> fixed %j', (_label, fixed, expected) => {
    const report = parseTrivyReport(reportText([osResult([vuln('CVE-1', 'p', 'HIGH', fixed)])]));
    expect(report.vulnerabilities[0]?.fixed).toBe(expected);
  });

  it.each([
    ['Title, PrimaryURL, InstalledVersion null', { Title: null, PrimaryURL: null, InstalledVersion: null }, { title: '', url: '', installed: '' }],
    ['PkgName missing (still a finding)', { PkgName: undefined }, { pkg: '' }],
    ['Severity missing', { Severity: undefined }, { severity: 'UNKNOWN' }],
    ['Severity null', { Severity: null }, { severity: 'UNKNOWN' }],
    ['Severity empty', { Severity: '' }, { severity: 'UNKNOWN' }],
  ])('%s', (_label, overrides, expected) => {
    const report = parseTrivyReport(reportText([osResult([{ ...vuln('CVE-1', 'p', 'LOW', '1'), ...overrides }])]));
    expect(report.vulnerabilities[0]).toMatchObject(expected);
  });

  it.each([
    ['empty input', '', /not valid JSON/],
    ['truncated JSON', reportText([osResult([vuln('CVE-1', 'p', 'LOW')])]).slice(0, 80), /not valid JSON/],
    ['an HTML error page', '<html>502 Bad Gateway</html>', /not valid JSON/],
    ['a JSON array (the pre-2021 format)', '[{"Target":"x","Vulnerabilities":[]}]', /not a JSON object/],
    ['null', 'null', /not a JSON object/],
    ['SchemaVersion missing', JSON.stringify({ Results: [] }), /SchemaVersion "missing"; only 2/],
    ['SchemaVersion 1', JSON.stringify({ SchemaVersion: 1, Results: [] }), /SchemaVersion "1"/],
    ['SchemaVersion as a string', JSON.stringify({ SchemaVersion: '2', Results: [] }), /SchemaVersion/],
    ['Results an object', reportText({ Target: 'x' }), /Results is not an array/],
    ['a result that is a string', reportText(['x']), /Results\[0\] is not an object/],
    ['Vulnerabilities an object', reportText([osResult({ a: 1 })]), /Results\[0\]\.Vulnerabilities is not an array/],
    ['a vulnerability that is null', reportText([osResult([null])]), /Vulnerabilities\[0\] is not an object/],
    ['VulnerabilityID missing', reportText([osResult([{ PkgName: 'p', Severity: 'HIGH' }])]), /has no VulnerabilityID/],
    ['VulnerabilityID a number', reportText([osResult([{ ...vuln('x', 'p', 'HIGH'), VulnerabilityID: 7 }])]), /VulnerabilityID is not a string/],
    ['Severity a number', reportText([osResult([{ ...vuln('CVE-1', 'p', 'HIGH'), Severity: 4 }])]), /Severity is not a string/],
    ['FixedVersion an array', reportText([osResult([{ ...vuln('CVE-1', 'p', 'HIGH'), FixedVersion: ['1'] }])]), /FixedVersion is not a string/],
    ['Target a number', reportText([{ Target: 3, Vulnerabilities: [] }]), /Results\[0\]\.Target is not a string/],
    [
      'a Severity outside Trivy\'s five',
      reportText([osResult([vuln('CVE-1', 'libssl3', 'SEVERE')])]),
      /gives finding "CVE-1" in "libssl3" \(Results\[0\]\.Vulnerabilities\[0\]\) the Severity "SEVERE", which is not one of Trivy's CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN/,
    ],
    ['a Severity in lower case', reportText([osResult([vuln('CVE-1', 'p', 'critical')])]), /the Severity "critical", which is not one of Trivy's/],
    ['the Severity NEGLIGIBLE (a vendor word)', reportText([osResult([vuln('CVE-1', 'p', 'NEGLIGIBLE')])]), /the Severity "NEGLIGIBLE"/],
    ['a Severity with spaces', reportText([osResult([vuln('CVE-1', 'p', ' HIGH')])]), /the Severity " HIGH"/],
    [
      'a FixedVersion that is a sentence',
      reportText([osResult([vuln('CVE-1', 'p', 'HIGH'), vuln('CVE-2', 'zlib1g', 'LOW', 'upgrade to 1.3')])]),
      /gives finding "CVE-2" in "zlib1g" \(Results\[0\]\.Vulnerabilities\[1\]\) the FixedVersion "upgrade to 1.3", which is not a comma-separated list of versions \("upgrade to 1.3" is not a version\)/,
    ],
    ['a FixedVersion with an empty part', reportText([osResult([vuln('CVE-1', 'p', 'HIGH', '1.2.3,,1.3.0')])]), /FixedVersion "1.2.3,,1.3.0".*\("" is not a version\)/],
    ['a FixedVersion of commas only', reportText([osResult([vuln('CVE-1', 'p', 'HIGH', ' , ')])]), /FixedVersion " , "/],
    ['a FixedVersion with markup', reportText([osResult([vuln('CVE-1', 'p', 'HIGH', '1.2.3, <b>2</b>')])]), /\("<b>2<\/b>" is not a version\)/],
    ['a FixedVersion with a line break', reportText([osResult([vuln('CVE-1', 'p', 'HIGH', '1.2.3\n::error::x')])]), /FixedVersion "1.2.3\\n/],
    ['a FixedVersion range', reportText([osResult([vuln('CVE-1', 'p', 'HIGH', '>= 2.0.1')])]), /\(">= 2.0.1" is not a version\)/],
  ])('refuses %s, failing closed', (_label, text, message) => {
    expect(() => parseTrivyReport(text)).toThrow(ToolError);
    expect(() => parseTrivyReport(text)).toThrow(message);
    expect(() => parseTrivyReport(text)).toThrow(/the gate fails closed/);
  });

  it('reads the realistic fixtures', () => {
    expect(parseTrivyReport(fixture('report-amd64.json')).vulnerabilities.map((v) => `${v.id} ${v.pkg} ${v.severity} [${v.fixed}]`)).toEqual([
      'CVE-2031-1001 libssl3 CRITICAL [3.0.16-1~deb12u1]',
      'CVE-2031-1002 zlib1g LOW []',
      'CVE-2031-1003 libc6 MEDIUM [2.36-9+deb12u10]',
      'GHSA-2fq4-m5x8-c7wv requests HIGH [2.32.0, 2.31.1]',
    ]);
    expect(parseTrivyReport(fixture('report-clean.json'))).toMatchObject({ targets: 1, vulnerabilities: [] });
  });
});

const report = (...vulns: unknown[]): TrivyReport => parseTrivyReport(reportText([osResult(vulns)]));
const zero = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };

describe('mergeFindings', () => {
  it('counts a vulnerability of a package once across targets and platforms, and records the platforms', () => {
    const amd64 = parseTrivyReport(
      reportText([
        osResult([vuln('CVE-1', 'openssl', 'HIGH', '3.0.16')]),
        { Target: 'usr/lib/app.jar', Class: 'lang-pkgs', Type: 'jar', Vulnerabilities: [vuln('CVE-1', 'openssl', 'HIGH', '3.0.16')] },
      ]),
    );
    const arm64 = report(vuln('CVE-1', 'openssl', 'HIGH', '3.0.16'));
    const merged = mergeFindings({ 'linux/amd64': amd64, 'linux/arm64': arm64 }, { ignoreUnfixed: false });
    expect(merged.findings).toHaveLength(1);
    expect(merged.findings[0]?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(merged.counts).toEqual({ ...zero, HIGH: 1 });
    expect(merged.countsByPlatform).toEqual({ 'linux/amd64': { ...zero, HIGH: 1 }, 'linux/arm64': { ...zero, HIGH: 1 } });
  });

  it('keeps the same ID in different packages, and different IDs in one package, apart', () => {
    const merged = mergeFindings(
      { 'linux/amd64': report(vuln('CVE-1', 'libssl3', 'HIGH', '1'), vuln('CVE-1', 'libcrypto3', 'HIGH', '1'), vuln('CVE-2', 'libssl3', 'LOW', '1')) },
      { ignoreUnfixed: false },
    );
    expect(merged.findings.map((f) => `${f.id}/${f.pkg}`)).toEqual(['CVE-1/libcrypto3', 'CVE-1/libssl3', 'CVE-2/libssl3']);
    expect(merged.counts).toEqual({ ...zero, HIGH: 2, LOW: 1 });
  });

  it('merges versions and takes the worst severity when sources disagree', () => {
    const merged = mergeFindings(
      {
        'linux/amd64': report(vuln('CVE-1', 'p', 'MEDIUM', '2.0, 1.9', { InstalledVersion: '1.5' })),
        'linux/arm64': report(vuln('CVE-1', 'p', 'CRITICAL', '1.9, 2.1', { InstalledVersion: '1.6', Title: 'other' })),
      },
      { ignoreUnfixed: false },
    );
    expect(merged.findings).toEqual<Finding[]>([
      {
        id: 'CVE-1',
        pkg: 'p',
        installed: '1.5, 1.6',
        fixed: '2.0, 1.9, 2.1',
        severity: 'CRITICAL',
        title: 'CVE-1 title',
        url: 'https://avd.aquasec.com/nvd/cve-1',
        platforms: ['linux/amd64', 'linux/arm64'],
      },
    ]);
    expect(merged.countsByPlatform).toEqual({ 'linux/amd64': { ...zero, MEDIUM: 1 }, 'linux/arm64': { ...zero, CRITICAL: 1 } });
  });

  it.each([
    [true, ['CVE-F/a'], { ...zero, HIGH: 1 }],
    [false, ['CVE-N/b', 'CVE-F/a', 'CVE-E/c'], { ...zero, CRITICAL: 1, HIGH: 1, LOW: 1 }],
  ])('ignore-unfixed %s keeps %j (filtered here even when Trivy did not)', (ignoreUnfixed, kept, counts) => {
    const merged = mergeFindings(
      { 'linux/amd64': report(vuln('CVE-F', 'a', 'HIGH', '1.1'), vuln('CVE-N', 'b', 'CRITICAL'), vuln('CVE-E', 'c', 'LOW', '  ')) },
      { ignoreUnfixed },
    );
    expect(merged.findings.map((f) => `${f.id}/${f.pkg}`)).toEqual(kept);
    expect(merged.counts).toEqual(counts);
  });

  it('with ignore-unfixed, a finding fixed on one platform only lists that platform', () => {
    const merged = mergeFindings(
      { 'linux/amd64': report(vuln('CVE-1', 'p', 'HIGH')), 'linux/arm64': report(vuln('CVE-1', 'p', 'HIGH', '2')) },
      { ignoreUnfixed: true },
    );
    expect(merged.findings.map((f) => f.platforms)).toEqual([['linux/arm64']]);
    expect(merged.countsByPlatform['linux/amd64']).toEqual(zero);
  });

  it('sorts worst first, then by ID and package', () => {
    const merged = mergeFindings(
      {
        'linux/amd64': report(
          vuln('CVE-3', 'z', 'LOW', '1'),
          vuln('CVE-9', 'b', 'UNKNOWN', '1'),
          vuln('CVE-2', 'y', 'CRITICAL', '1'),
          vuln('CVE-1', 'x', 'MEDIUM', '1'),
          vuln('CVE-1', 'a', 'CRITICAL', '1'),
          vuln('GHSA-1', 'a', 'HIGH', '1'),
        ),
      },
      { ignoreUnfixed: false },
    );
    expect(merged.findings.map((f) => `${f.severity} ${f.id}/${f.pkg}`)).toEqual([
      'CRITICAL CVE-1/a',
      'CRITICAL CVE-2/y',
      'HIGH GHSA-1/a',
      'MEDIUM CVE-1/x',
      'LOW CVE-3/z',
      'UNKNOWN CVE-9/b',
    ]);
  });

  it('has every severity and every platform in the counts, even with no findings', () => {
    const empty = parseTrivyReport(reportText(undefined));
    expect(mergeFindings({ 'linux/amd64': empty, 'linux/arm64': empty }, { ignoreUnfixed: true })).toEqual({
      findings: [],
      counts: zero,
      countsByPlatform: { 'linux/amd64': zero, 'linux/arm64': zero },
    });
  });

  it('merges the realistic fixtures of two platforms', () => {
    const merged = mergeFindings(
      { 'linux/amd64': parseTrivyReport(fixture('report-amd64.json')), 'linux/arm64': parseTrivyReport(fixture('report-arm64.json')) },
      { ignoreUnfixed: true },
    );
    expect(merged.findings.map((f) => `${f.severity} ${f.id} ${f.pkg} [${f.fixed}] ${f.platforms.join('+')}`)).toEqual([
      'CRITICAL CVE-2031-1001 libssl3 [3.0.16-1~deb12u1] linux/amd64+linux/arm64',
      'HIGH CVE-2031-1004 libgnutls30 [3.7.9-2+deb12u4] linux/arm64',
      'HIGH GHSA-2fq4-m5x8-c7wv requests [2.32.0, 2.31.1] linux/amd64+linux/arm64',
      'MEDIUM CVE-2031-1003 libc6 [2.36-9+deb12u10] linux/amd64',
    ]);
    expect(merged.counts).toEqual({ CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 0, UNKNOWN: 0 });
    expect(merged.countsByPlatform).toEqual({
      'linux/amd64': { CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 0, UNKNOWN: 0 },
      'linux/arm64': { CRITICAL: 1, HIGH: 2, MEDIUM: 0, LOW: 0, UNKNOWN: 0 },
    });
  });
});

describe('gate', () => {
  const finding = (severity: Severity, id = `CVE-${severity}`): Finding => ({
    id,
    pkg: 'pkg',
    installed: '1',
    fixed: '2',
    severity,
    title: '',
    url: '',
    platforms: ['linux/amd64'],
  });
  const all: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];

  // Every fail-on set (all 32 subsets, the empty one being `none`) against a finding of every
  // single severity: the gate fails exactly when that severity is in the set.
  const subsets: Severity[][] = Array.from({ length: 32 }, (_, mask) => all.filter((_s, i) => (mask >> i) & 1));
  const cases = subsets.flatMap((failOn) => all.map((severity) => [failOn, severity] as const));
  it.each(cases)('fail-on %j with one %s finding', (failOn, severity) => {
    const decision = gate([finding(severity)], failOn);
    expect(decision.outcome).toBe(failOn.includes(severity) ? 'failed' : 'passed');
  });

  it.each(subsets)('fail-on %j with no findings passes', (...failOn) => {
    expect(gate([], failOn).outcome).toBe('passed');
  });

  it('names what failed it, escaped', () => {
    const decision = gate([finding('CRITICAL', 'CVE-2031-1001'), finding('LOW')], ['CRITICAL', 'HIGH']);
    expect(decision).toEqual({ outcome: 'failed', reason: '1 finding at CRITICAL, HIGH: "CVE-2031-1001" in "pkg" (CRITICAL)' });
  });

  it('names at most five and counts the rest', () => {
    const many = Array.from({ length: 7 }, (_, i) => finding('HIGH', `CVE-${i}`));
    expect(gate(many, ['HIGH']).reason).toBe(
      '7 findings at HIGH: "CVE-0" in "pkg" (HIGH), "CVE-1" in "pkg" (HIGH), "CVE-2" in "pkg" (HIGH), "CVE-3" in "pkg" (HIGH), "CVE-4" in "pkg" (HIGH) and 2 more',
    );
  });

  it('cannot be steered by workflow commands in package names', () => {
    const hostile = { ...finding('HIGH'), pkg: '::add-mask::x\n::error::pwned' };
    const { reason } = gate([hostile], ['HIGH']);
    expect(reason).not.toContain('::');
    expect(reason).not.toContain('\n');
  });

  it.each([
    [[], 'fail-on is none: report only (2 findings after filtering)'],
    [['CRITICAL'], 'no finding at CRITICAL (2 findings after filtering)'],
  ] as [Severity[], string][])('passes with fail-on %j and says why', (failOn, reason) => {
    expect(gate([finding('HIGH'), finding('LOW')], failOn)).toEqual({ outcome: 'passed', reason });
  });
});
