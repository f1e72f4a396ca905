// Installing Trivy. The tool cache proves nothing by itself: whoever could write it (an earlier
// job on a self-hosted runner) could have put anything there, a record of checksums included.
// So the cache keeps the release archive, and every run checks that archive's SHA-256 against
// the embedded table (or `trivy-sha256`) and extracts the binary from it into a directory of
// its own under the temporary root (temp.ts); that copy is what runs. A cache entry that fails the check is
// never read further: the archive is downloaded again (within time bounds) and verified the
// same way before a byte of it is parsed. Then `trivy --version` must report the planned version.

import { access, constants, copyFile, lstat, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import * as tc from '@actions/tool-cache';
import { InputError, ToolError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import {
  COMPROMISED_TRIVY_VERSIONS,
  TRIVY_TOOL_NAME as TOOL_NAME,
  expectedSha256,
  parseTrivyVersionOutput,
  trivyAsset,
  trivyDownloadUrl,
  trivyPlatformSuffix,
} from '../../domain/scan/trivy-release.js';
import type { ScanPlan } from '../../domain/types.js';
import { execTool, tail } from '../exec.js';
import { sha256File } from '../sha256-file.js';
import { makeTempDir, removeTempDir } from '../temp.js';
import { extractTrivyBinary } from './archive.js';
import { TRIVY_DOWNLOAD_LIMITS, downloadTrivyArchive, type DownloadLimits } from './download.js';

/** Where this run's archive is verified, and what the tool cache is expected to hold. */
interface Release {
  version: string;
  asset: string;
  /** The archive's SHA-256, from the embedded table or `trivy-sha256`. */
  sha256: string;
  url: string;
}

/** Where Trivy is installed from and to. */
export interface TrivyHost {
  /** The temporary root (temp.ts): the archive is checked, and the binary extracted, below it. */
  tempRoot: string;
  /** RUNNER_TOOL_CACHE, which @actions/tool-cache reads from process.env too (on a runner: the same value). */
  toolCache: string;
  /** A relative `trivy-path` is relative to it. */
  workspace: string;
}

/**
 * Returns the path of a Trivy binary that was extracted, for this run, from a verified archive
 * (or the given `trivy-path`) and reports the planned version. `env` is what Trivy runs with:
 * the scan's, so even the version check sees nothing but the allow-list and the private docker config.
 */
export async function installTrivy(
  plan: ScanPlan,
  host: TrivyHost,
  env: Record<string, string>,
  limits: DownloadLimits = TRIVY_DOWNLOAD_LIMITS,
): Promise<string> {
  if (plan.trivyPath !== '') return useGivenTrivy(plan, host.workspace, env);
  if (host.toolCache === '') {
    throw new ToolError('Installing Trivy needs RUNNER_TOOL_CACHE (set by every GitHub runner); set it, or give trivy-path');
  }
  const release = plannedRelease(plan);
  const work = await makeTempDir(host.tempRoot, 'trivy-archive-');
  const runDir = await makeTempDir(host.tempRoot, 'trivy-run-');
  try {
    const archive = path.join(work, release.asset);
    const cached = await copyVerifiedCachedArchive(release, archive);
    if (!cached) await downloadVerified(release, archive, limits);
    const binary = path.join(runDir, TOOL_NAME);
    await extractTrivyBinary(archive, binary);
    // Only an archive that was verified and could be read goes into the cache; cacheDir
    // replaces whatever the entry held before (a forged binary, a checksum record of old).
    if (!cached) await tc.cacheDir(work, TOOL_NAME, release.version, process.arch);
    core.info(
      cached
        ? `Trivy ${release.version}: archive from the tool cache (${host.toolCache}), SHA-256 checked, extracted for this run`
        : `Trivy ${release.version} installed`,
    );
    await checkReportedVersion(binary, release.version, env, true);
    return binary;
  } catch (error) {
    await removeTempDir(runDir);
    throw error;
  } finally {
    await removeTempDir(work);
  }
}

/** `trivy-path`: no install, but the file must be an executable Trivy that is not compromised. */
async function useGivenTrivy(plan: ScanPlan, workspace: string, env: Record<string, string>): Promise<string> {
  const binary = path.resolve(workspace || process.cwd(), plan.trivyPath);
  const info = await stat(binary).catch(() => undefined);
  if (!info?.isFile()) {
    throw new ToolError(`trivy-path ${quote(plan.trivyPath)} is not a file`);
  }
  try {
    await access(binary, constants.X_OK);
  } catch {
    throw new ToolError(`trivy-path ${quote(plan.trivyPath)} is not executable`);
  }
  await checkReportedVersion(binary, plan.trivyVersion, env, false);
  return binary;
}

function plannedRelease(plan: ScanPlan): Release {
  const version = plan.trivyVersion;
  const asset = trivyAsset(version, process.platform, process.arch);
  const sha256 = expectedSha256(version, trivyPlatformSuffix(process.platform, process.arch), plan.trivySha256);
  return { version, asset, sha256, url: trivyDownloadUrl(plan.trivyDownloadUrl, version, asset) };
}

/**
 * Copies the cached archive to `dest` (a directory of this run) and checks the copy, so what is
 * checked is what gets extracted. False, with a warning, when the cache has no such archive or
 * it does not have the expected SHA-256: nothing of that entry is run or extracted.
 */
async function copyVerifiedCachedArchive(release: Release, dest: string): Promise<boolean> {
  const dir = tc.find(TOOL_NAME, release.version, process.arch);
  if (dir === '') return false;
  const cached = path.join(dir, release.asset);
  const info = await lstat(cached).catch(() => undefined);
  if (!info?.isFile()) {
    notUsed(release, `it holds no release archive ${quote(release.asset)}`);
    return false;
  }
  await copyFile(cached, dest, constants.COPYFILE_EXCL);
  const actual = await sha256File(dest);
  if (actual === release.sha256) return true;
  await rm(dest, { force: true });
  notUsed(release, `its archive's SHA-256 is ${actual}, expected ${release.sha256}`);
  return false;
}

function notUsed(release: Release, why: string): void {
  core.warning(`Cached Trivy ${release.version} not used (${why}); nothing from it was run. Installing it again from ${quote(release.url)}`);
}

async function downloadVerified(release: Release, archive: string, limits: DownloadLimits): Promise<void> {
  core.info(`Downloading ${quote(release.url)}`);
  await downloadTrivyArchive(release.url, archive, limits);
  await verifyArchive(archive, release.sha256, release.url);
}

/** Before a single byte of the archive is parsed: the archive must be the one we pinned. */
async function verifyArchive(archive: string, expected: string, url: string): Promise<void> {
  const actual = await sha256File(archive);
  if (actual === expected) return;
  await rm(archive, { force: true });
  throw new ToolError(
    `The Trivy archive from ${quote(url)} does not have the expected SHA-256: expected ${expected}, got ${actual}. ` +
      'Nothing was extracted and the download was deleted.',
  );
}

async function checkReportedVersion(binary: string, planned: string, env: Record<string, string>, mustMatch: boolean): Promise<void> {
  const result = await execTool(binary, ['--version'], { env });
  const reported = result.code === 0 ? parseTrivyVersionOutput(result.stdout) : undefined;
  if (reported === undefined) {
    throw new ToolError(
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
    throw new ToolError(`The installed Trivy reports version ${quote(reported)}, expected ${quote(planned)}`);
  }
  core.info(`trivy-path reports Trivy ${quote(reported)} (trivy-version ${quote(planned)} is not used with trivy-path)`);
}
