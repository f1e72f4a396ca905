import { describe, expect, it } from 'vitest';
import { ToolError } from '../../../src/domain/errors.js';
import { compactSarif, mergeSarifRuns } from '../../../src/domain/scan/sarif.js';

type Json = Record<string, unknown>;

/** A log shaped like `trivy convert --format sarif` output: one run, rules, results by ruleIndex. */
function trivySarif(results: { id: string; level: string; score?: string }[]): Json {
  const rules: Json[] = [];
  const out: Json[] = [];
  for (const r of results) {
    let index = rules.findIndex((rule) => rule.id === r.id);
    if (index < 0) {
      index = rules.length;
      rules.push({
        id: r.id,
        name: 'OsPackageVulnerability',
        shortDescription: { text: `${r.id} short` },
        fullDescription: { text: `${r.id} long description` },
        help: { text: `${r.id} help`, markdown: `**${r.id}**` },
        properties: r.score === undefined ? { tags: ['vulnerability'] } : { 'security-severity': r.score, tags: ['vulnerability'] },
      });
    }
    out.push({ ruleId: r.id, ruleIndex: index, level: r.level, message: { text: `Package: p\nVulnerability ${r.id}` } });
  }
  return {
    version: '2.1.0',
    $schema: 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json',
    runs: [{ tool: { driver: { name: 'Trivy', rules } }, results: out, columnKind: 'utf16CodeUnits' }],
  };
}

const runOf = (log: { runs: Json[] }, i: number) => log.runs[i] as Json & { results: Json[]; tool: { driver: { rules: Json[] } } };

describe('mergeSarifRuns', () => {
  it('makes one run per platform, each with its own automationDetails.id', () => {
    const { log, notes } = mergeSarifRuns(
      [
        { platform: 'linux/amd64', sarif: trivySarif([{ id: 'CVE-1', level: 'error' }]) },
        { platform: 'linux/arm64', sarif: trivySarif([{ id: 'CVE-2', level: 'note' }]) },
      ],
      'ftmo-deploy/signal-generation-engine',
    );
    expect(notes).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(2);
    expect(log.runs.map((r) => r.automationDetails)).toEqual([
      { id: 'ftmo-deploy/signal-generation-engine/linux/amd64/' },
      { id: 'ftmo-deploy/signal-generation-engine/linux/arm64/' },
    ]);
    expect(runOf(log, 0).results.map((r) => r.ruleId)).toEqual(['CVE-1']);
    expect(runOf(log, 1).results.map((r) => r.ruleId)).toEqual(['CVE-2']);
    expect(runOf(log, 0).columnKind).toBe('utf16CodeUnits');
  });

  it('numbers several runs of one platform apart', () => {
    const two = { version: '2.1.0', runs: [...(trivySarif([]).runs as Json[]), ...(trivySarif([]).runs as Json[])] };
    const { log } = mergeSarifRuns([{ platform: 'linux/amd64', sarif: two }], 'c/');
    expect(log.runs.map((r) => (r.automationDetails as Json).id)).toEqual(['c/linux/amd64/1/', 'c/linux/amd64/2/']);
  });

  it('keeps the most severe results when a run exceeds the per-run limit, re-indexes rules, and says so', () => {
    const sarif = trivySarif([
      { id: 'CVE-LOW', level: 'note', score: '2.0' },
      { id: 'CVE-CRIT', level: 'error', score: '9.8' },
      { id: 'CVE-MED', level: 'warning', score: '5.5' },
      { id: 'CVE-HIGH', level: 'error', score: '8.1' },
      { id: 'CVE-CRIT', level: 'error', score: '9.8' },
    ]);
    const { log, notes } = mergeSarifRuns([{ platform: 'linux/amd64', sarif }], 'c', { runsPerFile: 20, resultsPerRun: 3 });
    const run = runOf(log, 0);
    // The two CVE-CRIT results and CVE-HIGH survive, in their original order.
    expect(run.results.map((r) => r.ruleId)).toEqual(['CVE-CRIT', 'CVE-HIGH', 'CVE-CRIT']);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['CVE-CRIT', 'CVE-HIGH']);
    expect(run.results.map((r) => r.ruleIndex)).toEqual([0, 1, 0]);
    expect(notes).toEqual(['2 of 5 results for linux/amd64 left out (GitHub accepts at most 3 per run); the least severe were dropped']);
    expect(run.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [{ level: 'warning', message: { text: notes[0] } }],
      },
    ]);
  });

  it('ranks by level when rules carry no security-severity', () => {
    const sarif = trivySarif([
      { id: 'A', level: 'note' },
      { id: 'B', level: 'warning' },
      { id: 'C', level: 'error' },
    ]);
    const { log } = mergeSarifRuns([{ platform: 'p', sarif }], 'c', { runsPerFile: 20, resultsPerRun: 2 });
    expect(runOf(log, 0).results.map((r) => r.ruleId)).toEqual(['B', 'C']);
  });

  it('leaves out runs beyond the per-file limit and says so', () => {
    const perPlatform = ['a', 'b', 'c'].map((platform) => ({ platform, sarif: trivySarif([]) }));
    const { log, notes } = mergeSarifRuns(perPlatform, 'c', { runsPerFile: 2, resultsPerRun: 10 });
    expect(log.runs).toHaveLength(2);
    expect(notes).toEqual(['1 SARIF run(s) left out: GitHub accepts at most 2 per file']);
  });

  it.each([
    ['not an object', 'x'],
    ['another SARIF version', { version: '2.0.0', runs: [] }],
    ['runs missing', { version: '2.1.0' }],
    ['a run without results', { version: '2.1.0', runs: [{ tool: {} }] }],
  ])('refuses a log that is %s', (_label, sarif) => {
    expect(() => mergeSarifRuns([{ platform: 'linux/amd64', sarif }], 'c')).toThrow(ToolError);
  });
});

describe('compactSarif', () => {
  it('drops the long rule texts and keeps everything else', () => {
    const { log } = mergeSarifRuns([{ platform: 'linux/amd64', sarif: trivySarif([{ id: 'CVE-1', level: 'error', score: '9.1' }]) }], 'c');
    const small = compactSarif(log);
    expect(runOf(small, 0).tool.driver.rules).toEqual([
      {
        id: 'CVE-1',
        name: 'OsPackageVulnerability',
        shortDescription: { text: 'CVE-1 short' },
        properties: { 'security-severity': '9.1', tags: ['vulnerability'] },
      },
    ]);
    expect(runOf(small, 0).results).toEqual(runOf(log, 0).results);
    expect(JSON.stringify(small).length).toBeLessThan(JSON.stringify(log).length);
  });
});
