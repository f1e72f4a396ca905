// Trivy's JSON report -> findings, counts and the gate decision. The decision is taken here,
// from the report, and never from Trivy's exit code: a report that cannot be read is an error,
// so a broken scanner can only ever fail the gate.

import { ToolError, errorMessage } from '../errors.js';
import { quote } from '../escape.js';
import { SEVERITIES, type Severity } from './severity.js';
import type { Finding, Vulnerability } from '../types.js';

/** One vulnerability of one package in one target, as the report states it. */
export interface TrivyVulnerability extends Vulnerability {
  /** The result's Target (an OS, a lock file, a jar...). */
  target: string;
}

export interface TrivyReport {
  artifactName: string;
  /** Number of Results entries (targets), vulnerable or not. */
  targets: number;
  vulnerabilities: TrivyVulnerability[];
}

export interface MergedFindings {
  /** Deduplicated by vulnerability ID and package across targets and platforms, worst first. */
  findings: Finding[];
  counts: Record<Severity, number>;
  countsByPlatform: Record<string, Record<Severity, number>>;
}

const SUPPORTED_SCHEMA_VERSION = 2;

type Json = Record<string, unknown>;

/** Parses the text of `trivy image --format json`; throws a ToolError for anything else. */
export function parseTrivyReport(text: string): TrivyReport {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    const detail = errorMessage(error);
    throw reportError(`is not valid JSON (${detail})`);
  }
  if (!isObject(root)) throw reportError('is not a JSON object');
  if (root.SchemaVersion !== SUPPORTED_SCHEMA_VERSION) {
    throw reportError(`has SchemaVersion ${quote(JSON.stringify(root.SchemaVersion) ?? 'missing')}; only ${SUPPORTED_SCHEMA_VERSION} is understood`);
  }
  const results = optionalArray(root.Results, 'Results');
  const vulnerabilities: TrivyVulnerability[] = [];
  results.forEach((result, r) => {
    const where = `Results[${r}]`;
    if (!isObject(result)) throw reportError(`${where} is not an object`);
    const target = optionalString(result.Target, `${where}.Target`);
    optionalArray(result.Vulnerabilities, `${where}.Vulnerabilities`).forEach((vuln, v) => {
      vulnerabilities.push(parseVulnerability(vuln, `${where}.Vulnerabilities[${v}]`, target));
    });
  });
  return {
    artifactName: optionalString(root.ArtifactName, 'ArtifactName'),
    targets: results.length,
    vulnerabilities,
  };
}

function parseVulnerability(vuln: unknown, where: string, target: string): TrivyVulnerability {
  if (!isObject(vuln)) throw reportError(`${where} is not an object`);
  const id = optionalString(vuln.VulnerabilityID, `${where}.VulnerabilityID`);
  if (id === '') throw reportError(`${where} has no VulnerabilityID`);
  // A finding without a package name is still a finding: counted, never dropped.
  const pkg = optionalString(vuln.PkgName, `${where}.PkgName`);
  const finding = `${quote(id)} in ${quote(pkg)} (${where})`;
  return {
    id,
    pkg,
    installed: optionalString(vuln.InstalledVersion, `${where}.InstalledVersion`),
    fixed: fixedVersions(optionalString(vuln.FixedVersion, `${where}.FixedVersion`), finding),
    severity: toSeverity(optionalString(vuln.Severity, `${where}.Severity`), finding),
    title: optionalString(vuln.Title, `${where}.Title`),
    url: optionalString(vuln.PrimaryURL, `${where}.PrimaryURL`),
    target,
  };
}

/** All five severities, zero. */
export function emptyCounts(): Record<Severity, number> {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
}

/** 0 for CRITICAL ... 4 for UNKNOWN: smaller is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/**
 * Findings of every platform, deduplicated by vulnerability ID + package (across targets and
 * platforms), filtered, counted and sorted worst first. `ignoreUnfixed` drops occurrences
 * without a fixed version here as well, so the result never depends on how Trivy filtered.
 */
export function mergeFindings(
  reportsByPlatform: Readonly<Record<string, TrivyReport>>,
  options: { ignoreUnfixed: boolean },
): MergedFindings {
  const merged = new Map<string, Finding>();
  const countsByPlatform: Record<string, Record<Severity, number>> = {};
  for (const [platform, report] of Object.entries(reportsByPlatform)) {
    const onPlatform = new Map<string, Severity>();
    for (const vuln of report.vulnerabilities) {
      if (options.ignoreUnfixed && vuln.fixed === '') continue;
      const key = findingKey(vuln.id, vuln.pkg);
      onPlatform.set(key, worse(onPlatform.get(key), vuln.severity));
      const existing = merged.get(key);
      merged.set(key, existing === undefined ? newFinding(vuln, platform) : combine(existing, vuln, platform));
    }
    countsByPlatform[platform] = countSeverities(onPlatform.values());
  }
  const findings = [...merged.values()].sort(compareFindings);
  return { findings, counts: countSeverities(findings.map((f) => f.severity)), countsByPlatform };
}

function newFinding(vuln: TrivyVulnerability, platform: string): Finding {
  return {
    id: vuln.id,
    pkg: vuln.pkg,
    installed: vuln.installed,
    fixed: vuln.fixed,
    severity: vuln.severity,
    title: vuln.title,
    url: vuln.url,
    platforms: [platform],
  };
}

/** The same vulnerability of the same package seen again (another target or platform). */
function combine(finding: Finding, vuln: TrivyVulnerability, platform: string): Finding {
  return {
    ...finding,
    installed: joinVersions([...splitVersions(finding.installed), ...splitVersions(vuln.installed)]),
    fixed: joinVersions([...splitVersions(finding.fixed), ...splitVersions(vuln.fixed)]),
    // Sources can disagree per distribution; the gate must see the worst.
    severity: worse(finding.severity, vuln.severity),
    title: finding.title || vuln.title,
    url: finding.url || vuln.url,
    platforms: finding.platforms.includes(platform) ? finding.platforms : [...finding.platforms, platform],
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || compareText(a.id, b.id) || compareText(a.pkg, b.pkg);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function countSeverities(severities: Iterable<Severity>): Record<Severity, number> {
  const counts = emptyCounts();
  for (const severity of severities) counts[severity] += 1;
  return counts;
}

function worse(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || severityRank(b) < severityRank(a) ? b : a;
}

function findingKey(id: string, pkg: string): string {
  return `${id}\u0000${pkg}`;
}

/**
 * Trivy prints one of its five words, always; a missing severity is its UNKNOWN. Any other word
 * is not a report we understand (a gate that read "Critical" or "SEVERE" as UNKNOWN could pass
 * an image it should stop), so it fails closed.
 */
function toSeverity(value: string, finding: string): Severity {
  if (value === '') return 'UNKNOWN';
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  throw reportError(`gives finding ${finding} the Severity ${quote(value, 80)}, which is not one of Trivy's ${SEVERITIES.join(', ')}`);
}

/** One version as package managers write them: 1.2.3, 1:2.0.5-1+deb10u1, 1.1.1d-r0, 2.0~rc1, v0.0.0-2023... */
const VERSION_RE = /^[0-9A-Za-z][0-9A-Za-z.+~:_-]*$/;

/**
 * FixedVersion is empty (no fix) or versions joined by commas ("1.26.5, 1.25.9"). Anything else
 * (a sentence, an empty part, markup) is not a report we understand, so it fails closed.
 */
function fixedVersions(value: string, finding: string): string {
  if (value.trim() === '') return '';
  const parts = value.split(',').map((part) => part.trim());
  const bad = parts.find((part) => !VERSION_RE.test(part));
  if (bad !== undefined) {
    throw reportError(
      `gives finding ${finding} the FixedVersion ${quote(value, 120)}, which is not a comma-separated list of versions (${quote(bad, 80)} is not a version)`,
    );
  }
  return joinVersions(parts);
}

/** "1.2.3, 1.3.1" (Trivy joins several fixed versions with commas) -> distinct, trimmed parts. */
function splitVersions(value: string): string[] {
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

function joinVersions(parts: readonly string[]): string {
  return [...new Set(parts)].join(', ');
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalArray(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw reportError(`${where} is not an array`);
  return value;
}

function optionalString(value: unknown, where: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw reportError(`${where} is not a string`);
  return value;
}

function reportError(detail: string): ToolError {
  return new ToolError(`The Trivy report ${detail}; the gate fails closed`);
}
