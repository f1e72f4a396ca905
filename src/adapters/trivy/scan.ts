// Running Trivy: one `trivy image` per platform of the pushed index, and `trivy convert` for
// SARIF from the same JSON report. Every way Trivy can fail (exit code, no report, a report we
// cannot read, hanging) is a ToolError: the gate can only pass on a report we understood.

import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { ToolError, errorMessage } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { GITHUB_SARIF_LIMITS, compactSarif, type SarifLog } from '../../domain/scan/sarif.js';
import { parseTrivyReport, type TrivyReport } from '../../domain/scan/trivy-report.js';
import { execTool, tail } from '../exec.js';

export interface TrivyScanOptions {
  /** Where Trivy writes the JSON report (removed first, so a stale file is never read). */
  outputFile: string;
  ignoreUnfixed: boolean;
  /** `.trivyignore` path; passed only when it is a regular file. */
  ignorefile: string;
  /** Trivy's own `--timeout` (Go duration); it covers the DB download and the scan. */
  timeout: string;
  /** How long we wait for the process at most, in case Trivy ignores its own timeout. */
  watchdogMs: number;
  /** Trivy's cache directory, holding the DB prepared before the first scan (adapters/trivy/db.ts). */
  cacheDir: string;
}

export const TRIVY_TIMEOUT = '10m';
export const TRIVY_WATCHDOG_MS = 12 * 60 * 1000;

/**
 * argv of `trivy image` for one platform. No `--insecure`: it would also switch off TLS
 * verification of the vulnerability DB download. A registry on localhost, 127.0.0.1 or [::1]
 * (and private addresses) needs nothing: go-containerregistry, which Trivy uses, falls back to
 * plain HTTP for those hosts by itself.
 */
export function trivyImageArgs(imageRef: string, platform: string, options: TrivyScanOptions, useIgnorefile: boolean): string[] {
  return [
    'image',
    '--image-src',
    'remote',
    '--platform',
    platform,
    '--scanners',
    'vuln',
    '--format',
    'json',
    '--output',
    options.outputFile,
    ...(options.ignoreUnfixed ? ['--ignore-unfixed'] : []),
    ...(useIgnorefile ? ['--ignorefile', options.ignorefile] : []),
    '--timeout',
    options.timeout,
    // The DB was prepared once for the job; a scan never downloads it again.
    '--cache-dir',
    options.cacheDir,
    '--skip-db-update',
    '--quiet',
    imageRef,
  ];
}

/**
 * Scans one platform of `imageRef` (`<image>@<index digest>`). Registry credentials reach
 * Trivy only through the private DOCKER_CONFIG in `env` (its default keychain reads it); `env`
 * is the allow-list of src/domain/tool-env.ts, nothing else of the job's.
 */
export async function scanPlatform(
  trivyBin: string,
  imageRef: string,
  platform: string,
  options: TrivyScanOptions,
  env: Record<string, string>,
): Promise<TrivyReport> {
  await rm(options.outputFile, { force: true });
  const useIgnorefile = options.ignorefile !== '' && (await isRegularFile(options.ignorefile));
  const args = trivyImageArgs(imageRef, platform, options, useIgnorefile);
  const what = `Trivy could not scan ${quote(imageRef)} for ${quote(platform)}`;
  const result = await execTool(trivyBin, args, { env, timeoutMs: options.watchdogMs });
  if (result.timedOut) throw new ToolError(`${what}: no answer after ${Math.ceil(options.watchdogMs / 1000)} s, so it was stopped; the gate fails closed`);
  if (result.code !== 0) {
    throw new ToolError(`${what}: it exited with code ${result.code}${timeoutHint(result.stderr)}${stderrTail(result.stderr)}`);
  }
  const text = await readReport(options.outputFile);
  if (text === undefined) {
    throw new ToolError(`${what}: it wrote no report to ${quote(options.outputFile)}${stderrTail(result.stderr)}`);
  }
  try {
    return parseTrivyReport(text);
  } catch (error) {
    const detail = errorMessage(error);
    throw new ToolError(`${what}: ${detail}${stderrTail(result.stderr)}`);
  }
}

/** `trivy convert --format sarif`: SARIF from the JSON report of the same scan, parsed. */
export async function convertToSarif(
  trivyBin: string,
  jsonFile: string,
  sarifFile: string,
  env: Record<string, string>,
  watchdogMs = TRIVY_WATCHDOG_MS,
): Promise<unknown> {
  await rm(sarifFile, { force: true });
  const what = `Trivy could not convert ${quote(jsonFile)} to SARIF`;
  const args = ['convert', '--format', 'sarif', '--output', sarifFile, '--quiet', jsonFile];
  const result = await execTool(trivyBin, args, { env, timeoutMs: watchdogMs });
  if (result.timedOut) throw new ToolError(`${what}: no answer after ${Math.ceil(watchdogMs / 1000)} s, so it was stopped`);
  if (result.code !== 0) {
    throw new ToolError(`${what}: it exited with code ${result.code}${stderrTail(result.stderr)}`);
  }
  const text = await readReport(sarifFile);
  try {
    if (text === undefined) throw new Error('no file was written');
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = errorMessage(error);
    throw new ToolError(`${what}: ${detail}${stderrTail(result.stderr)}`);
  }
}

/**
 * Writes the SARIF log, without the long rule texts when the file would exceed GitHub's
 * compressed upload limit. Returns notes on what was done (or what still does not fit).
 */
export async function writeSarifFile(file: string, log: SarifLog): Promise<string[]> {
  const notes: string[] = [];
  let text = JSON.stringify(log);
  if (gzipSync(text).length > GITHUB_SARIF_LIMITS.gzipBytes) {
    notes.push("rule help texts were left out to stay under GitHub's 10 MB upload limit");
    text = JSON.stringify(compactSarif(log));
  }
  const compressed = gzipSync(text).length;
  if (compressed > GITHUB_SARIF_LIMITS.gzipBytes) {
    notes.push(`the file is still ${compressed} bytes compressed; GitHub's upload will refuse it`);
  }
  await writeFile(file, text);
  return notes;
}

function timeoutHint(stderr: string): string {
  return /context deadline exceeded|timeout/i.test(stderr) ? ' (it timed out)' : '';
}

/** The end of Trivy's stderr, one escaped line per line, for the step's error message. */
function stderrTail(stderr: string): string {
  if (stderr.trim() === '') return ' (no output on stderr)';
  const lines = tail(stderr, 15)
    .split('\n')
    .map((line) => quote(line, 400));
  return `; its stderr ends with:\n${lines.join('\n')}`;
}

async function readReport(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
