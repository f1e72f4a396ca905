// Installing Trivy: the tool-cache flow (find -> download -> verify -> extract -> cache) with a
// SHA-256 check of the archive before anything is read from it, and of the cached binary on
// every cache hit. Then `trivy --version` must report the version we meant to run.

import { randomUUID } from 'node:crypto';
import { access, constants, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import * as tc from '@actions/tool-cache';
import { InputError, StageError } from '../domain/errors.js';
import { quote } from '../domain/escape.js';
import {
  COMPROMISED_TRIVY_VERSIONS,
  TRIVY_TOOL_NAME as TOOL_NAME,
  expectedSha256,
  parseTrivyVersionOutput,
  trivyAsset,
  trivyDownloadUrl,
  trivyPlatformSuffix,
} from '../domain/trivy-release.js';
import type { ScanPlan } from '../domain/types.js';
import type { Runtime } from '../runtime.js';
import { execTool, tail } from './exec.js';
import { sha256File } from './sha256-file.js';
import { extractTrivyBinary } from './trivy-archive.js';
import { TRIVY_SIDECAR, cacheProblem, readSidecar, type Sidecar } from './trivy-cache-record.js';
import { trivyEnv } from './trivy.js';

/**
 * Returns the path of a Trivy binary that is verified and reports the planned version.
 * `env` is what Trivy runs with: the scan's, so even the version check sees the run's private docker config.
 */
export async function installTrivy(plan: ScanPlan, rt: Runtime, env: Record<string, string> = trivyEnv(rt.env, {})): Promise<string> {
  if (plan.trivyPath !== '') return useGivenTrivy(plan, rt, env);
  const { runnerTemp, toolCache } = runnerDirs(rt);
  const version = plan.trivyVersion;
  const suffix = trivyPlatformSuffix(process.platform, process.arch);
  const asset = trivyAsset(version, process.platform, process.arch);
  const expected = expectedSha256(version, suffix, plan.trivySha256);
  const cached = await verifiedCacheHit(version, asset, expected);
  const binary = cached ?? (await downloadAndCache(plan, asset, expected, runnerTemp));
  core.info(cached ? `Trivy ${version} from the tool cache (${toolCache}), binary re-hashed` : `Trivy ${version} installed`);
  await checkReportedVersion(binary, version, env, true);
  return binary;
}

/** `trivy-path`: no install, but the file must be an executable Trivy that is not compromised. */
async function useGivenTrivy(plan: ScanPlan, rt: Runtime, env: Record<string, string>): Promise<string> {
  const binary = path.resolve(rt.ctx.workspace || process.cwd(), plan.trivyPath);
  const info = await stat(binary).catch(() => undefined);
  if (!info?.isFile()) {
    throw new StageError('scan', `trivy-path ${quote(plan.trivyPath)} is not a file`);
  }
  try {
    await access(binary, constants.X_OK);
  } catch {
    throw new StageError('scan', `trivy-path ${quote(plan.trivyPath)} is not executable`);
  }
  await checkReportedVersion(binary, plan.trivyVersion, env, false);
  return binary;
}

/** @actions/tool-cache reads the same two variables from process.env (on a runner: the same values). */
function runnerDirs(rt: Runtime): { runnerTemp: string; toolCache: string } {
  const runnerTemp = rt.env.RUNNER_TEMP ?? '';
  const toolCache = rt.env.RUNNER_TOOL_CACHE ?? '';
  if (runnerTemp === '' || toolCache === '') {
    throw new StageError(
      'scan',
      'Installing Trivy needs RUNNER_TEMP and RUNNER_TOOL_CACHE (set by every GitHub runner); set them, or give trivy-path',
    );
  }
  return { runnerTemp, toolCache };
}

/**
 * The cached binary, if the cache holds this exact archive's binary unchanged. Anything else
 * (no sidecar, another archive, a binary that no longer hashes the same) is reinstalled.
 */
async function verifiedCacheHit(version: string, asset: string, expectedArchive: string): Promise<string | undefined> {
  const dir = tc.find(TOOL_NAME, version, process.arch);
  if (dir === '') return undefined;
  const binary = path.join(dir, TOOL_NAME);
  const sidecar = await readSidecar(path.join(dir, TRIVY_SIDECAR));
  const problem = await cacheProblem(binary, sidecar, asset, expectedArchive);
  if (problem === undefined) return binary;
  core.warning(`Cached Trivy ${version} not used (${problem}); installing it again from the verified archive`);
  return undefined;
}

async function downloadAndCache(plan: ScanPlan, asset: string, expected: string, runnerTemp: string): Promise<string> {
  const url = trivyDownloadUrl(plan.trivyDownloadUrl, plan.trivyVersion, asset);
  await mkdir(runnerTemp, { recursive: true });
  const work = await mkdtemp(path.join(runnerTemp, 'trivy-install-'));
  try {
    const archive = await download(url, path.join(work, `${randomUUID()}-${asset}`));
    await verifyArchive(archive, expected, url);
    const staging = path.join(work, 'staging');
    await mkdir(staging);
    const binarySha256 = await extractTrivyBinary(archive, path.join(staging, TOOL_NAME));
    const sidecar: Sidecar = { asset, archiveSha256: expected, binarySha256 };
    await writeFile(path.join(staging, TRIVY_SIDECAR), `${JSON.stringify(sidecar, null, 2)}\n`);
    const dir = await tc.cacheDir(staging, TOOL_NAME, plan.trivyVersion, process.arch);
    const binary = path.join(dir, TOOL_NAME);
    // The copy into the cache is checked like any later cache hit.
    const problem = await cacheProblem(binary, sidecar, asset, expected);
    if (problem !== undefined) throw new StageError('scan', `Trivy could not be cached: ${problem}`);
    return binary;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function download(url: string, dest: string): Promise<string> {
  core.info(`Downloading ${quote(url)}`);
  try {
    return await tc.downloadTool(url, dest);
  } catch (error) {
    const status = error instanceof tc.HTTPError && error.httpStatusCode ? `HTTP ${error.httpStatusCode}` : String(error);
    throw new StageError('scan', `Could not download Trivy from ${quote(url)}: ${status}`);
  }
}

/** Before a single byte of the archive is parsed: the archive must be the one we pinned. */
async function verifyArchive(archive: string, expected: string, url: string): Promise<void> {
  const actual = await sha256File(archive);
  if (actual === expected) return;
  await rm(archive, { force: true });
  throw new StageError(
    'scan',
    `The Trivy archive from ${quote(url)} does not have the expected SHA-256: expected ${expected}, got ${actual}. ` +
      'Nothing was extracted and the download was deleted.',
  );
}

async function checkReportedVersion(binary: string, planned: string, env: Record<string, string>, mustMatch: boolean): Promise<void> {
  const result = await execTool(binary, ['--version'], { env });
  const reported = result.code === 0 ? parseTrivyVersionOutput(result.stdout) : undefined;
  if (reported === undefined) {
    throw new StageError(
      'scan',
      `${quote(binary)} --version did not report a Trivy version (exit ${result.code}): ${quote(tail(result.stdout + result.stderr, 5))}`,
    );
  }
  // A compromised release is refused wherever it comes from, trivy-path included.
  if (COMPROMISED_TRIVY_VERSIONS.includes(reported)) {
    throw new InputError(
      mustMatch ? 'trivy-version' : 'trivy-path',
      `runs Trivy ${reported}, a compromised release (GHSA-69fq-xp46-6x23) that is always refused`,
      mustMatch ? planned : binary,
    );
  }
  if (reported === planned) return;
  if (mustMatch) {
    throw new StageError('scan', `The installed Trivy reports version ${quote(reported)}, expected ${quote(planned)}`);
  }
  core.info(`trivy-path reports Trivy ${quote(reported)} (trivy-version ${quote(planned)} is not used with trivy-path)`);
}
