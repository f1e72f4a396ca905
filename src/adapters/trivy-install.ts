// Installing Trivy: the tool-cache flow (find -> download -> verify -> extract -> cache) with a
// SHA-256 check of the archive before anything is read from it, and of the cached binary on
// every cache hit. Then `trivy --version` must report the version we meant to run.

import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, constants, chmod, lstat, mkdir, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import * as core from '@actions/core';
import * as tc from '@actions/tool-cache';
import { InputError, StageError } from '../domain/errors.js';
import { quote } from '../domain/escape.js';
import {
  COMPROMISED_TRIVY_VERSIONS,
  expectedSha256,
  parseTrivyVersionOutput,
  trivyAsset,
  trivyDownloadUrl,
  trivyPlatformSuffix,
} from '../domain/trivy-release.js';
import type { ScanPlan } from '../domain/types.js';
import type { Runtime } from '../runtime.js';
import { execTool, tail } from './exec.js';
import { trivyEnv } from './trivy.js';

const TOOL_NAME = 'trivy';
/**
 * Written next to the cached binary: what was installed, re-checked on every cache hit. It
 * catches a cache that was corrupted, replaced by another archive's binary or edited without
 * the record; it cannot stop someone who can rewrite the tool cache and the record together
 * (on a self-hosted runner that is whoever controls the runner user).
 */
export const TRIVY_SIDECAR = 'trivy.sha256.json';

interface Sidecar {
  asset: string;
  archiveSha256: string;
  binarySha256: string;
}

/** Returns the path of a Trivy binary that is verified and reports the planned version. */
/** `env` is what Trivy runs with: the scan's, so even the version check sees the run's private docker config. */
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

async function cacheProblem(
  binary: string,
  sidecar: Sidecar | undefined,
  asset: string,
  expectedArchive: string,
): Promise<string | undefined> {
  if (sidecar === undefined) return 'no readable checksum record';
  if (sidecar.asset !== asset || sidecar.archiveSha256 !== expectedArchive) {
    return `installed from another archive (sha256 ${sidecar.archiveSha256})`;
  }
  const info = await lstat(binary).catch(() => undefined);
  if (!info?.isFile()) return 'the binary is missing or not a regular file';
  const actual = await sha256File(binary);
  if (actual !== sidecar.binarySha256) {
    return `the binary's sha256 is ${actual}, ${sidecar.binarySha256} was recorded at install time`;
  }
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

async function readSidecar(file: string): Promise<Sidecar | undefined> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<Sidecar>;
    const { asset, archiveSha256, binarySha256 } = data;
    if (typeof asset === 'string' && typeof archiveSha256 === 'string' && typeof binarySha256 === 'string') {
      return { asset, archiveSha256, binarySha256 };
    }
  } catch {
    // Missing or unreadable: treated as no record, which means a reinstall.
  }
  return undefined;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Extraction. The archive is read here, in-process, rather than by `tar`: no tar implementation
// ever writes anything from it (so no entry can be a link, a device or a path outside the
// target, whatever the platform's tar does with them), the listing cannot be misread
// (`tar -tv` output differs between GNU tar and bsdtar and is ambiguous for odd names), and
// exactly one file is written, by us, with a name and mode we choose. The archive is refused as
// a whole if any entry is a link, a special file, an absolute path or contains `..`: a genuine
// release has none.

const BLOCK = 512;
/** Extended headers (pax, GNU long names) larger than this are not from a release archive. */
const MAX_META_SIZE = 1024 * 1024;

interface TarHeader {
  name: string;
  linkname: string;
  size: number;
  type: string;
}

/** Extracts the regular file `trivy` to `dest` (mode 0755) and returns its SHA-256. */
export async function extractTrivyBinary(archive: string, dest: string): Promise<string> {
  const input = createReadStream(archive);
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  try {
    return await readTrivyEntry(new BlockReader(input.pipe(gunzip)[Symbol.asyncIterator]() as AsyncIterator<Buffer>), dest);
  } catch (error) {
    // `dest` lies in a fresh directory of ours: whatever is there is a partial extraction.
    await rm(dest, { force: true });
    if (error instanceof StageError) throw error;
    throw archiveError(`cannot be read (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

async function readTrivyEntry(reader: BlockReader, dest: string): Promise<string> {
  let binarySha256: string | undefined;
  let pending: Partial<Pick<TarHeader, 'name' | 'linkname' | 'size'>> = {};
  for (;;) {
    const block = await reader.read(BLOCK);
    if (block.length < BLOCK) throw archiveError('ends before its end-of-archive marker');
    if (block.every((byte) => byte === 0)) break;
    const header = { ...parseHeader(block), ...pending };
    pending = {};
    const padded = Math.ceil(header.size / BLOCK) * BLOCK;
    if (header.type === 'x' || header.type === 'g' || header.type === 'L' || header.type === 'K') {
      const data = await readMeta(reader, header.size, padded);
      if (header.type === 'x') pending = parsePax(data);
      if (header.type === 'L') pending = { name: cString(data) };
      if (header.type === 'K') pending = { linkname: cString(data) };
      // 'g' (global pax) only carries defaults such as mtime; nothing we use.
      continue;
    }
    const name = safeEntryName(header);
    if (header.type !== '0' && header.type !== '5') {
      throw archiveError(`has an entry ${quote(header.name)} of type ${quote(header.type)}`);
    }
    if (header.type === '5' || name !== TOOL_NAME) {
      await reader.skip(padded);
      continue;
    }
    if (binarySha256 !== undefined) throw archiveError('has more than one entry named trivy');
    binarySha256 = await writeEntry(reader, header.size, dest);
    await reader.skip(padded - header.size);
  }
  if (binarySha256 === undefined) throw archiveError('has no regular file named trivy');
  return binarySha256;
}

/** The entry's normalised relative name; refuses links, absolute paths and `..`. */
function safeEntryName(header: TarHeader): string {
  if (header.type === '1' || header.type === '2') {
    throw archiveError(`contains a ${header.type === '1' ? 'hard' : 'symbolic'} link ${quote(header.name)} -> ${quote(header.linkname)}`);
  }
  if (header.name.startsWith('/')) throw archiveError(`contains an absolute path ${quote(header.name)}`);
  const parts = header.name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw archiveError(`contains a path leaving the target directory ${quote(header.name)}`);
  if (parts.length === 0) throw archiveError('contains an entry without a name');
  return parts.join('/');
}

function parseHeader(block: Buffer): TarHeader {
  const stored = parseOctal(block.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  if (stored !== sum) throw archiveError('has a corrupt header (checksum mismatch)');
  const typeByte = block[156] ?? 0;
  const magic = block.toString('latin1', 257, 263);
  const name = cString(block.subarray(0, 100));
  // POSIX ustar splits long names into prefix + name; GNU tar ("ustar  ") uses that space otherwise.
  const prefix = magic === 'ustar\0' ? cString(block.subarray(345, 500)) : '';
  return {
    name: prefix === '' ? name : `${prefix}/${name}`,
    linkname: cString(block.subarray(157, 257)),
    size: parseSize(block.subarray(124, 136)),
    // NUL is the old spelling of a regular file; '7' (contiguous) is read as one too.
    type: typeByte === 0 || typeByte === 0x37 ? '0' : String.fromCharCode(typeByte),
  };
}

function parseSize(field: Buffer): number {
  if (((field[0] ?? 0) & 0x80) !== 0) {
    // GNU base-256: big-endian binary after the marker bit.
    let value = (field[0] ?? 0) & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) throw archiveError('has an entry too large to be Trivy');
    return value;
  }
  return parseOctal(field);
}

function parseOctal(field: Buffer): number {
  const text = field.toString('latin1').replace(/[\0 ]+$/, '').trim();
  if (!/^[0-7]*$/.test(text)) throw archiveError('has a corrupt header (bad number)');
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function cString(data: Buffer): string {
  const end = data.indexOf(0);
  return data.subarray(0, end < 0 ? data.length : end).toString('utf8');
}

/** pax records `<len> <key>=<value>\n`: only path, linkpath and size matter to us. */
function parsePax(data: Buffer): Partial<Pick<TarHeader, 'name' | 'linkname' | 'size'>> {
  const out: Partial<Pick<TarHeader, 'name' | 'linkname' | 'size'>> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = space < 0 ? Number.NaN : Number.parseInt(data.toString('latin1', offset, space), 10);
    if (!Number.isSafeInteger(length) || length <= 0 || offset + length > data.length) {
      throw archiveError('has a corrupt pax header');
    }
    const record = data.toString('utf8', space + 1, offset + length - 1);
    const eq = record.indexOf('=');
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === 'path') out.name = value;
    if (key === 'linkpath') out.linkname = value;
    if (key === 'size') {
      if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) throw archiveError('has a corrupt pax size');
      out.size = Number(value);
    }
    offset += length;
  }
  return out;
}

async function readMeta(reader: BlockReader, size: number, padded: number): Promise<Buffer> {
  if (size > MAX_META_SIZE) throw archiveError('has an oversized extended header');
  const data = await reader.read(padded);
  if (data.length < padded) throw archiveError('is truncated');
  return data.subarray(0, size);
}

/** Streams `size` bytes into a new file (never an existing one), hashing them on the way. */
async function writeEntry(reader: BlockReader, size: number, dest: string): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(dest, 'wx', 0o700);
  try {
    let left = size;
    while (left > 0) {
      const part = await reader.read(Math.min(left, 1024 * 1024));
      if (part.length === 0) throw archiveError('is truncated');
      hash.update(part);
      await file.write(part);
      left -= part.length;
    }
  } finally {
    await file.close();
  }
  await chmod(dest, 0o755);
  return hash.digest('hex');
}

function archiveError(detail: string): StageError {
  return new StageError('scan', `The Trivy archive ${detail}; it was not installed`);
}

/** Exact-size reads over a stream of chunks. */
class BlockReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private done = false;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** `n` bytes, or fewer only at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    while (this.length < n && !this.done) {
      const next = await this.source.next();
      if (next.done) {
        this.done = true;
      } else {
        this.chunks.push(next.value);
        this.length += next.value.length;
      }
    }
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.length);
    const out = all.subarray(0, Math.min(n, all.length));
    const rest = all.subarray(out.length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    return out;
  }

  async skip(n: number): Promise<void> {
    let left = n;
    while (left > 0) {
      const part = await this.read(Math.min(left, 1024 * 1024));
      if (part.length === 0) throw archiveError('is truncated');
      left -= part.length;
    }
  }
}
