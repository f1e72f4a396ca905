// The scan stage: install Trivy, scan every platform of the image by digest (in deploy mode,
// every platform the pinned index holds), decide the gate from the reports, and leave one SARIF
// file for code scanning. A Trivy failure throws: the gate is never decided without a report
// for every platform.

import path from 'node:path';
import * as core from '@actions/core';
import { makeTempDir, tempRoot } from '../adapters/temp.js';
import { installTrivy } from '../adapters/trivy/install.js';
import { prepareTrivyDb, resolveCacheDir } from '../adapters/trivy/db.js';
import {
  TRIVY_TIMEOUT,
  TRIVY_WATCHDOG_MS,
  convertToSarif,
  scanPlatform,
  writeSarifFile,
} from '../adapters/trivy/scan.js';
import { quote } from '../domain/escape.js';
import { isDigest } from '../domain/ids.js';
import { mergeSarifRuns } from '../domain/scan/sarif.js';
import { trivyEnvironment } from '../domain/tool-env.js';
import { platformsToScan } from '../domain/scan/platforms.js';
import { gate } from '../domain/scan/gate.js';
import { emptyCounts, mergeFindings, type TrivyReport } from '../domain/scan/trivy-report.js';
import type { BuildResult, Plan, ScanResult } from '../domain/types.js';
import type { Runtime } from '../runtime.js';

export const SARIF_FILE_NAME = 'trivy-results.sarif';

export async function scanImage(
  plan: Plan,
  build: BuildResult,
  session: { env: Record<string, string> },
  rt: Runtime,
): Promise<ScanResult> {
  if (!plan.scan.enabled) return skipped(plan.scan.reason);
  if (!build.pushed || build.digest === '') return skipped('nothing was pushed, so there is no image to scan');
  if (!isDigest(build.digest)) {
    throw new Error(`The build reported an index digest that is not sha256:<64 hex>: ${quote(build.digest)}`);
  }
  const platforms = platformsToScan(plan.mode, plan.scan.platforms, build.platformDigests);
  if (platforms.length === 0) {
    throw new Error(`${quote(plan.image)}@${build.digest} names no platform image to scan`);
  }
  const imageRef = `${plan.image}@${build.digest}`;
  // Trivy is a third-party binary (and its compromised releases stole exactly such secrets):
  // it sees an allow-list of the job's environment and the run's private docker config only.
  const env = trivyEnvironment(rt.env, session.env.DOCKER_CONFIG);
  const temp = tempRoot(rt.env);
  const host = { tempRoot: temp, toolCache: rt.env.RUNNER_TOOL_CACHE ?? '', workspace: rt.ctx.workspace };
  const trivy = await core.group(`Trivy ${plan.scan.trivyPath === '' ? plan.scan.trivyVersion : 'from trivy-path'}`, () =>
    installTrivy(plan.scan, host, env),
  );
  // Not removed: the SARIF file in it is for a later step to upload (the runner empties the root).
  const workDir = await makeTempDir(temp, 'ftmo-deploy-scan-');
  const cacheDir = resolveCacheDir(plan.scan.trivyCacheDir, rt.env.HOME ?? '', rt.ctx.workspace);
  // Downloaded without the registry login: the allow-list without the session's docker config.
  const db = await core.group('Trivy vulnerability DB', () =>
    prepareTrivyDb(
      trivy,
      { cacheDir, repositories: plan.scan.trivyDbRepositories, maxAgeMs: plan.scan.trivyDbMaxAgeMs, tempRoot: workDir },
      trivyEnvironment(rt.env),
      rt,
    ),
  );
  const reports: Record<string, TrivyReport> = {};
  const sarifs: { platform: string; sarif: unknown }[] = [];
  for (const platform of platforms) {
    await core.group(`Scan ${imageRef} (${platform})`, async () => {
      const base = path.join(workDir, `trivy-${platform.replace(/[^A-Za-z0-9._-]+/g, '-')}`);
      const report = await scanPlatform(
        trivy,
        imageRef,
        platform,
        {
          outputFile: `${base}.json`,
          ignoreUnfixed: plan.scan.ignoreUnfixed,
          ignorefile: plan.scan.trivyignore === '' ? '' : path.resolve(rt.ctx.workspace, plan.scan.trivyignore),
          timeout: TRIVY_TIMEOUT,
          watchdogMs: TRIVY_WATCHDOG_MS,
          cacheDir,
        },
        env,
      );
      reports[platform] = report;
      core.info(`${report.vulnerabilities.length} vulnerabilities reported in ${report.targets} targets`);
      sarifs.push({ platform, sarif: await convertToSarif(trivy, `${base}.json`, `${base}.sarif`, env) });
    });
  }
  const merged = mergeFindings(reports, { ignoreUnfixed: plan.scan.ignoreUnfixed });
  const decision = gate(merged.findings, plan.scan.failOn);
  core.info(`Scan gate ${decision.outcome}: ${decision.reason}`);
  const { log, notes } = mergeSarifRuns(sarifs, `ftmo-deploy/${plan.service}`);
  const sarifFile = path.join(workDir, SARIF_FILE_NAME);
  notes.push(...(await writeSarifFile(sarifFile, log)));
  for (const note of notes) core.warning(`SARIF: ${note}`);
  return { ...merged, outcome: decision.outcome, reason: decision.reason, sarifFile, db };
}

function skipped(reason: string): ScanResult {
  return { outcome: 'skipped', reason, counts: emptyCounts(), countsByPlatform: {}, findings: [], sarifFile: '' };
}
