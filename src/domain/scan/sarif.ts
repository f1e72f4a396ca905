// One SARIF file for the whole scan: Trivy's per-platform logs (from `trivy convert`) become
// one run each, told apart by `automationDetails.id`, and kept inside GitHub's upload limits.

import { ToolError } from '../errors.js';
import { quote } from '../escape.js';

/** What GitHub's code scanning accepts (docs: "SARIF support for code scanning"). */
export const GITHUB_SARIF_LIMITS = {
  runsPerFile: 20,
  resultsPerRun: 25_000,
  /** The upload is gzip-compressed; this is the limit of the compressed file. */
  gzipBytes: 10 * 1024 * 1024,
} as const;

/** Per-rule texts that repeat the advisory in full; the results keep their own messages. */
const LONG_RULE_TEXTS = new Set(['help', 'fullDescription']);
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Json = Record<string, unknown>;

export interface SarifLog {
  version: '2.1.0';
  $schema: string;
  runs: Json[];
}

export interface MergedSarif {
  log: SarifLog;
  /** What had to be left out to stay within the limits (for the log and summary). */
  notes: string[];
}

/**
 * Merges per-platform SARIF logs into one, one run per platform. `category` prefixes every
 * run's `automationDetails.id` (`<category>/<platform>/`): GitHub treats runs with different
 * ids as separate analyses, so one platform's upload never closes another's alerts.
 */
export function mergeSarifRuns(
  perPlatform: ReadonlyArray<{ platform: string; sarif: unknown }>,
  category: string,
  limits: { runsPerFile: number; resultsPerRun: number } = GITHUB_SARIF_LIMITS,
): MergedSarif {
  const notes: string[] = [];
  const runs: Json[] = [];
  for (const { platform, sarif } of perPlatform) {
    const platformRuns = sarifRuns(sarif, platform);
    platformRuns.forEach((run, i) => {
      const suffix = platformRuns.length > 1 ? `/${i + 1}` : '';
      const id = `${category.replace(/\/+$/, '')}/${platform}${suffix}/`;
      runs.push(truncateRun({ ...run, automationDetails: { id } }, platform, limits.resultsPerRun, notes));
    });
  }
  if (runs.length > limits.runsPerFile) {
    notes.push(`${runs.length - limits.runsPerFile} SARIF run(s) left out: GitHub accepts at most ${limits.runsPerFile} per file`);
    runs.length = limits.runsPerFile;
  }
  return { log: { version: '2.1.0', $schema: SARIF_SCHEMA, runs }, notes };
}

/**
 * A smaller log with the same results: drops the long per-rule texts (`help`,
 * `fullDescription`), which make up most of a Trivy SARIF file. Used when the file would exceed
 * the upload limit.
 */
export function compactSarif(log: SarifLog): SarifLog {
  return {
    ...log,
    runs: log.runs.map((run) => {
      const tool = isObject(run.tool) ? run.tool : {};
      const driver = isObject(tool.driver) ? tool.driver : {};
      const rules = Array.isArray(driver.rules) ? driver.rules : [];
      const shortRules = rules.map((rule: unknown) =>
        isObject(rule) ? Object.fromEntries(Object.entries(rule).filter(([key]) => !LONG_RULE_TEXTS.has(key))) : rule,
      );
      return { ...run, tool: { ...tool, driver: { ...driver, rules: shortRules } } };
    }),
  };
}

function sarifRuns(sarif: unknown, platform: string): Json[] {
  if (!isObject(sarif) || sarif.version !== '2.1.0' || !Array.isArray(sarif.runs)) {
    throw new ToolError(`The SARIF report for ${quote(platform)} is not a SARIF 2.1.0 log`);
  }
  return sarif.runs.map((run, i) => {
    if (!isObject(run) || !Array.isArray(run.results)) {
      throw new ToolError(`The SARIF report for ${quote(platform)} has a malformed run ${i}`);
    }
    return run;
  });
}

/**
 * Keeps the `max` most severe results of a run (GitHub rejects a run with more), drops the rules
 * no kept result refers to, and records what was left out in the run itself.
 */
function truncateRun(run: Json, platform: string, max: number, notes: string[]): Json {
  const results = run.results as unknown[];
  if (results.length <= max) return run;
  const tool = isObject(run.tool) ? run.tool : {};
  const driver = isObject(tool.driver) ? tool.driver : {};
  const rules: unknown[] = Array.isArray(driver.rules) ? driver.rules : [];
  const ranked = results
    .map((result, index) => ({ result, index, score: resultScore(result, rules) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, max)
    .sort((a, b) => a.index - b.index)
    .map((r) => r.result);
  const { rules: keptRules, results: kept } = keepReferencedRules(rules, ranked);
  const text = `${results.length - max} of ${results.length} results for ${platform} left out (GitHub accepts at most ${max} per run); the least severe were dropped`;
  notes.push(text);
  const invocations = Array.isArray(run.invocations) ? run.invocations : [];
  return {
    ...run,
    tool: { ...tool, driver: { ...driver, rules: keptRules } },
    results: kept,
    invocations: [
      ...invocations,
      { executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text } }] },
    ],
  };
}

/** Rules used by `results`, re-indexed, and the results with their `ruleIndex` updated. */
function keepReferencedRules(rules: unknown[], results: unknown[]): { rules: unknown[]; results: unknown[] } {
  const newIndex = new Map<number, number>();
  const keptRules: unknown[] = [];
  const ruleOf = (result: unknown): number | undefined => {
    if (!isObject(result)) return undefined;
    if (typeof result.ruleIndex === 'number' && rules[result.ruleIndex] !== undefined) return result.ruleIndex;
    const byId = rules.findIndex((rule) => isObject(rule) && rule.id === result.ruleId);
    return byId >= 0 ? byId : undefined;
  };
  const kept = results.map((result) => {
    const old = ruleOf(result);
    if (old === undefined || !isObject(result)) return result;
    if (!newIndex.has(old)) {
      newIndex.set(old, keptRules.length);
      keptRules.push(rules[old]);
    }
    return typeof result.ruleIndex === 'number' ? { ...result, ruleIndex: newIndex.get(old) } : result;
  });
  return { rules: keptRules, results: kept };
}

/** Higher is worse: the rule's `security-severity` (CVSS-like), else the result's level. */
function resultScore(result: unknown, rules: unknown[]): number {
  if (!isObject(result)) return -1;
  const rule = typeof result.ruleIndex === 'number' ? rules[result.ruleIndex] : undefined;
  const properties = isObject(rule) && isObject(rule.properties) ? rule.properties : {};
  const score = Number.parseFloat(String(properties['security-severity'] ?? ''));
  if (Number.isFinite(score)) return score;
  const levels: Record<string, number> = { error: 9, warning: 5, note: 2, none: 0 };
  return levels[String(result.level)] ?? 0;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
