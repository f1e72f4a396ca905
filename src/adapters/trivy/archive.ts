// Extracting the one file `trivy` from a release archive (.tar.gz). The archive is read here,
// in-process, rather than by `tar`: no tar implementation ever writes anything from it (so no
// entry can be a link, a device or a path outside the target, whatever the platform's tar does
// with them), the listing cannot be misread (`tar -tv` output differs between GNU tar and bsdtar
// and is ambiguous for odd names), and exactly one file is written, by us, with a name and mode
// we choose. The archive is refused as a whole if any entry is a link, a special file, an
// absolute path or contains `..`: a genuine release has none.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, open, rm } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { ToolError, errorMessage } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { TRIVY_TOOL_NAME as TOOL_NAME } from '../../domain/scan/trivy-release.js';

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
    if (error instanceof ToolError) throw error;
    throw archiveError(`cannot be read (${errorMessage(error)})`);
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

function archiveError(detail: string): ToolError {
  return new ToolError(`The Trivy archive ${detail}; it was not installed`);
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
