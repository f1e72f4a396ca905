import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, linkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TRIVY_DOWNLOAD_LIMITS } from '../../../src/adapters/trivy/download.js';
import { installTrivy } from '../../../src/adapters/trivy/install.js';
import type { Inputs } from '../../../src/domain/inputs/input-rules.js';
import type { RunContext, ScanPlan } from '../../../src/domain/types.js';
import type { Runtime } from '../../../src/runtime.js';

// Release archive names use Linux/macOS and 64bit/ARM64 (see the Trivy release page).
const SUFFIX = `${process.platform === 'darwin' ? 'macOS' : 'Linux'}-${process.arch === 'arm64' ? 'ARM64' : '64bit'}`;
const VERSION = '0.60.1';
const asset = (version: string) => `trivy_${version}_${SUFFIX}.tar.gz`;

let root: string;
let server: http.Server;
let baseUrl: string;
/** URL path -> archive bytes served. */
const served = new Map<string, Buffer>();
const hits = new Map<string, number>();

let toolCache: string;
let runnerTemp: string;
let workspace: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trivy-install-test-'));
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    const body = served.get(url);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/releases/download/`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(root, { recursive: true, force: true });
});

let caseDir: string;
beforeEach(async () => {
  caseDir = await mkdtemp(path.join(root, 'case-'));
  toolCache = path.join(caseDir, 'toolcache');
  runnerTemp = path.join(caseDir, 'runner-temp');
  workspace = path.join(caseDir, 'workspace');
  for (const dir of [toolCache, runnerTemp, workspace]) mkdirSync(dir, { recursive: true });
  // @actions/tool-cache reads these from process.env; the Runtime gets the same values.
  vi.stubEnv('RUNNER_TOOL_CACHE', toolCache);
  vi.stubEnv('RUNNER_TEMP', runnerTemp);
  served.clear();
  hits.clear();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

function runtime(env: Record<string, string | undefined> = process.env): Runtime {
  return {
    env: { ...env },
    ctx: { workspace } as RunContext,
    inputs: {} as Inputs,
    now: () => new Date(0),
    sleep: async () => {},
    random: () => 0.5,
  };
}

function scanPlan(overrides: Partial<ScanPlan> = {}): ScanPlan {
  return {
    enabled: true,
    reason: 'test',
    trivyVersion: VERSION,
    trivySha256: '',
    trivyDownloadUrl: baseUrl,
    trivyPath: '',
    failOn: ['CRITICAL', 'HIGH'],
    ignoreUnfixed: true,
    trivyignore: '.trivyignore',
    trivyCacheDir: '~/.cache/trivy',
    trivyDbRepositories: ['mirror.gcr.io/aquasec/trivy-db:2'],
    trivyDbMaxAgeMs: 72 * 3_600_000,
    platforms: ['linux/amd64'],
    ...overrides,
  };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const script = (version: string) => `#!/bin/sh\necho "Version: ${version}"\necho "Vulnerability DB:"\necho "  Version: 2"\n`;

/**
 * Builds a .tar.gz with the system's tar. `setup` fills the package directory; `members` are
 * the names given to tar (relative to that directory, or absolute with -P).
 */
function buildArchive(name: string, setup: (dir: string) => void, members: string[], flags: string[] = []): Buffer {
  const dir = path.join(caseDir, `pkg-${name}`);
  mkdirSync(dir, { recursive: true });
  setup(dir);
  const out = path.join(caseDir, `${name}.tar.gz`);
  execFileSync('tar', ['-czf', out, ...flags, '-C', dir, ...members], { stdio: 'pipe' });
  return readFileSync(out);
}

/** What a release holds: the binary, LICENSE, README.md and contrib templates. */
function releaseLike(version: string) {
  return (dir: string) => {
    writeFileSync(path.join(dir, 'trivy'), script(version), { mode: 0o755 });
    writeFileSync(path.join(dir, 'LICENSE'), 'Apache License 2.0\n');
    writeFileSync(path.join(dir, 'README.md'), '# Trivy\n');
    mkdirSync(path.join(dir, 'contrib'));
    writeFileSync(path.join(dir, 'contrib', 'html.tpl'), '<html></html>\n');
  };
}
const RELEASE_MEMBERS = ['trivy', 'LICENSE', 'README.md', 'contrib'];

function serve(version: string, archive: Buffer): string {
  const urlPath = `/releases/download/v${version}/${asset(version)}`;
  served.set(urlPath, archive);
  return urlPath;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** What @actions/core prints (workflow commands included) while it runs. */
function captureStdout() {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { text: () => chunks.join(''), stop: () => spy.mockRestore() };
}

const cachedDir = (version = VERSION) => path.join(toolCache, 'trivy', version, process.arch);

/** A binary that leaves `marker` behind if it is ever run, and otherwise passes for Trivy. */
const forged = (marker: string) => `#!/bin/sh\ntouch '${marker}'\n${script(VERSION).slice('#!/bin/sh\n'.length)}`;

describe('installTrivy from a release archive', () => {
  it.each([['gnu'], ['ustar'], ['pax']])('installs the verified binary from a %s-format archive into a directory of the run', async (format) => {
    const archive = buildArchive('good', releaseLike(VERSION), RELEASE_MEMBERS, [`--format=${format}`]);
    const urlPath = serve(VERSION, archive);

    const binary = await installTrivy(scanPlan({ trivySha256: sha256(archive) }), runtime());

    expect(path.dirname(path.dirname(binary))).toBe(runnerTemp);
    expect(statSync(path.dirname(binary)).mode & 0o777).toBe(0o700);
    expect(execFileSync(binary).toString()).toContain(`Version: ${VERSION}`);
    expect(statSync(binary).mode & 0o777).toBe(0o755);
    expect(readFileSync(binary, 'utf8')).toBe(script(VERSION));
    // The run's directory holds the binary alone; the download is gone.
    expect(filesUnder(runnerTemp)).toEqual([path.relative(runnerTemp, binary)]);
    // The cache keeps the verified archive, and nothing that could be run as it is.
    expect(filesUnder(cachedDir())).toEqual([asset(VERSION)]);
    expect(sha256(readFileSync(path.join(cachedDir(), asset(VERSION))))).toBe(sha256(archive));
    expect(hits.get(urlPath)).toBe(1);
  });

  it('uses the cached archive without downloading, extracting a fresh binary for each run', async () => {
    const archive = buildArchive('good', releaseLike(VERSION), RELEASE_MEMBERS);
    const urlPath = serve(VERSION, archive);
    const plan = scanPlan({ trivySha256: sha256(archive) });
    const first = await installTrivy(plan, runtime());

    const log = captureStdout();
    const second = await installTrivy(plan, runtime()).finally(log.stop);

    expect(hits.get(urlPath)).toBe(1);
    expect(log.text()).not.toContain('::warning::');
    expect(second).not.toBe(first);
    expect(path.dirname(path.dirname(second))).toBe(runnerTemp);
    expect(readFileSync(second, 'utf8')).toBe(script(VERSION));
  });

  it('never runs a forged binary left in the cache with a checksum record that vouches for it', async () => {
    const archive = buildArchive('good', releaseLike(VERSION), RELEASE_MEMBERS);
    const urlPath = serve(VERSION, archive);
    const marker = path.join(caseDir, 'forged-binary-ran');
    // A cache entry as an earlier job on the runner could leave it: a binary, a record whose
    // archive checksum is the pinned one and whose binary checksum matches the forgery.
    mkdirSync(cachedDir(), { recursive: true });
    writeFileSync(path.join(cachedDir(), 'trivy'), forged(marker), { mode: 0o755 });
    const record = { asset: asset(VERSION), archiveSha256: sha256(archive), binarySha256: sha256(forged(marker)) };
    writeFileSync(path.join(cachedDir(), 'trivy.sha256.json'), JSON.stringify(record));
    writeFileSync(`${cachedDir()}.complete`, '');

    const log = captureStdout();
    const binary = await installTrivy(scanPlan({ trivySha256: sha256(archive) }), runtime()).finally(log.stop);

    expect(existsSync(marker)).toBe(false);
    expect(log.text()).toContain(`::warning::Cached Trivy ${VERSION} not used (it holds no release archive "${asset(VERSION)}"); nothing from it was run.`);
    expect(hits.get(urlPath)).toBe(1);
    expect(readFileSync(binary, 'utf8')).toBe(script(VERSION));
    // The forged entry was replaced by the verified archive.
    expect(filesUnder(cachedDir())).toEqual([asset(VERSION)]);
  });

  it('never runs a binary planted next to the genuine cached archive', async () => {
    const archive = buildArchive('good', releaseLike(VERSION), RELEASE_MEMBERS);
    const urlPath = serve(VERSION, archive);
    const plan = scanPlan({ trivySha256: sha256(archive) });
    await installTrivy(plan, runtime());
    const marker = path.join(caseDir, 'planted-binary-ran');
    writeFileSync(path.join(cachedDir(), 'trivy'), forged(marker), { mode: 0o755 });

    const binary = await installTrivy(plan, runtime());

    expect(existsSync(marker)).toBe(false);
    expect(readFileSync(binary, 'utf8')).toBe(script(VERSION));
    expect(hits.get(urlPath)).toBe(1);
  });

  it.each([
    [
      'another archive (its binary forged)',
      (marker: string) => {
        const evil = buildArchive('evil', (dir) => {
          releaseLike(VERSION)(dir);
          writeFileSync(path.join(dir, 'trivy'), forged(marker), { mode: 0o755 });
        }, RELEASE_MEMBERS);
        writeFileSync(path.join(cachedDir(), asset(VERSION)), evil);
      },
      /its archive's SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64}/,
    ],
    ['a truncated archive', () => writeFileSync(path.join(cachedDir(), asset(VERSION)), 'not gzip'), /its archive's SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64}/],
    ['no archive', () => rmSync(path.join(cachedDir(), asset(VERSION))), /it holds no release archive "trivy_[^"]+"/],
    [
      'the archive replaced by a symbolic link',
      () => {
        const elsewhere = path.join(caseDir, 'elsewhere.tar.gz');
        writeFileSync(elsewhere, readFileSync(path.join(cachedDir(), asset(VERSION))));
        rmSync(path.join(cachedDir(), asset(VERSION)));
        symlinkSync(elsewhere, path.join(cachedDir(), asset(VERSION)));
      },
      /it holds no release archive "trivy_[^"]+"/,
    ],
  ])('replaces a cache entry holding %s with the verified archive, running nothing from it', async (_label, tamper, why) => {
    const archive = buildArchive('good', releaseLike(VERSION), RELEASE_MEMBERS);
    const urlPath = serve(VERSION, archive);
    const plan = scanPlan({ trivySha256: sha256(archive) });
    await installTrivy(plan, runtime());
    const marker = path.join(caseDir, 'cached-binary-ran');
    tamper(marker);

    const log = captureStdout();
    const binary = await installTrivy(plan, runtime()).finally(log.stop);

    expect(existsSync(marker)).toBe(false);
    expect(log.text()).toMatch(new RegExp(`::warning::Cached Trivy ${VERSION} not used \\(${why.source}\\); nothing from it was run\\. Installing it again from "`));
    expect(hits.get(urlPath)).toBe(2);
    expect(readFileSync(binary, 'utf8')).toBe(script(VERSION));
    expect(lstatSync(path.join(cachedDir(), asset(VERSION))).isFile()).toBe(true);
    expect(sha256(readFileSync(path.join(cachedDir(), asset(VERSION))))).toBe(sha256(archive));
  });

  it('reinstalls when the cache came from another archive (a different trivy-sha256)', async () => {
    const first = buildArchive('first', releaseLike(VERSION), RELEASE_MEMBERS);
    const urlPath = serve(VERSION, first);
    await installTrivy(scanPlan({ trivySha256: sha256(first) }), runtime());
    const second = buildArchive('second', (dir) => {
      releaseLike(VERSION)(dir);
      writeFileSync(path.join(dir, 'README.md'), '# Trivy, rebuilt by a mirror\n');
    }, RELEASE_MEMBERS);
    serve(VERSION, second);

    await installTrivy(scanPlan({ trivySha256: sha256(second) }), runtime());

    expect(hits.get(urlPath)).toBe(2);
    expect(sha256(readFileSync(path.join(cachedDir(), asset(VERSION))))).toBe(sha256(second));
  });

  it('refuses an archive whose checksum does not match: names both, extracts nothing, deletes the download', async () => {
    const archive = buildArchive('good', releaseLike(VERSION), RELEASE_MEMBERS);
    serve(VERSION, archive);
    const wrong = 'b'.repeat(64);

    await expect(installTrivy(scanPlan({ trivySha256: wrong }), runtime())).rejects.toThrow(
      `does not have the expected SHA-256: expected ${wrong}, got ${sha256(archive)}. Nothing was extracted and the download was deleted.`,
    );
    expect(existsSync(path.join(toolCache, 'trivy'))).toBe(false);
    expect(filesUnder(runnerTemp)).toEqual([]);
  });

  it('checks a version from the embedded table against the table (0.69.3)', async () => {
    const archive = buildArchive('fake0693', releaseLike('0.69.3'), RELEASE_MEMBERS);
    serve('0.69.3', archive);
    const published =
      SUFFIX === 'Linux-ARM64'
        ? '7e3924a974e912e57b4a99f65ece7931f8079584dae12eb7845024f97087bdfd'
        : '1816b632dfe529869c740c0913e36bd1629cb7688bd5634f4a858c1d57c88b75';

    await expect(installTrivy(scanPlan({ trivyVersion: '0.69.3' }), runtime())).rejects.toThrow(
      `expected ${published}, got ${sha256(archive)}`,
    );
    expect(existsSync(path.join(toolCache, 'trivy'))).toBe(false);
  });

  it.each([
    ['a symbolic link next to trivy', (dir: string) => symlinkSync('/etc/passwd', path.join(dir, 'evil')), ['trivy', 'evil'], [], /symbolic link "evil" -> "\/etc\/passwd"/],
    [
      'trivy itself as a symbolic link',
      (dir: string) => {
        rmSync(path.join(dir, 'trivy'));
        symlinkSync('/bin/sh', path.join(dir, 'trivy'));
      },
      ['trivy'],
      [],
      /symbolic link "trivy" -> "\/bin\/sh"/,
    ],
    ['a hard link', (dir: string) => linkSync(path.join(dir, 'trivy'), path.join(dir, 'trivy2')), ['trivy', 'trivy2'], [], /hard link "trivy2" -> "trivy"/],
    [
      'a ../ entry',
      (dir: string) => writeFileSync(path.join(dir, '..', 'outside.txt'), 'x'),
      ['trivy', '../outside.txt'],
      ['-P'],
      /path leaving the target directory "\.\.\/outside\.txt"/,
    ],
    [
      'an absolute path',
      (dir: string) => writeFileSync(path.join(dir, 'abs.txt'), 'x'),
      ['trivy', '@ABS@'],
      ['-P'],
      /absolute path "\//,
    ],
    ['a named pipe', (dir: string) => execFileSync('mkfifo', [path.join(dir, 'fifo')]), ['trivy', 'fifo'], [], /entry "fifo" of type "6"/],
    ['no trivy at all', (dir: string) => rmSync(path.join(dir, 'trivy')), ['LICENSE'], [], /has no regular file named trivy/],
    ['trivy twice', () => {}, ['trivy', './trivy'], ['--hard-dereference'], /more than one entry named trivy/],
    [
      'trivy as a directory',
      (dir: string) => {
        rmSync(path.join(dir, 'trivy'));
        mkdirSync(path.join(dir, 'trivy'));
        writeFileSync(path.join(dir, 'trivy', 'x'), 'x');
      },
      ['trivy'],
      [],
      /has no regular file named trivy/,
    ],
  ])('refuses an archive with %s (its checksum matching), installing nothing', async (_label, setup, members, flags, message) => {
    const archive = buildArchive(
      'hostile',
      (dir) => {
        releaseLike(VERSION)(dir);
        setup(dir);
      },
      members.map((m) => (m === '@ABS@' ? path.join(caseDir, 'pkg-hostile', 'abs.txt') : m)),
      flags,
    );
    serve(VERSION, archive);

    await expect(installTrivy(scanPlan({ trivySha256: sha256(archive) }), runtime())).rejects.toThrow(message);
    expect(existsSync(path.join(toolCache, 'trivy'))).toBe(false);
    expect(filesUnder(runnerTemp)).toEqual([]);
  });

  it('refuses a corrupt archive', async () => {
    const archive = buildArchive('good', releaseLike(VERSION), RELEASE_MEMBERS);
    const corrupt = Buffer.concat([archive.subarray(0, 40), Buffer.alloc(64, 0x41)]);
    serve(VERSION, corrupt);

    await expect(installTrivy(scanPlan({ trivySha256: sha256(corrupt) }), runtime())).rejects.toThrow(/The Trivy archive (cannot be read|ends before)/);
    expect(existsSync(path.join(toolCache, 'trivy'))).toBe(false);
  });

  it('fails clearly on a 404', async () => {
    await expect(installTrivy(scanPlan({ trivySha256: 'a'.repeat(64) }), runtime())).rejects.toThrow(
      `Could not download Trivy from "${baseUrl}v${VERSION}/${asset(VERSION)}" (host "${new URL(baseUrl).host}"): HTTP 404`,
    );
    expect(filesUnder(runnerTemp)).toEqual([]);
  });

  it('refuses a binary that reports another version than planned', async () => {
    const archive = buildArchive('other', releaseLike('0.60.2'), RELEASE_MEMBERS);
    serve(VERSION, archive);

    await expect(installTrivy(scanPlan({ trivySha256: sha256(archive) }), runtime())).rejects.toThrow(
      'The installed Trivy reports version "0.60.2", expected "0.60.1"',
    );
  });

  it('refuses a compromised version before downloading anything', async () => {
    await expect(installTrivy(scanPlan({ trivyVersion: '0.69.4', trivySha256: 'a'.repeat(64) }), runtime())).rejects.toThrow(/compromised/);
    expect(hits.size).toBe(0);
  });

  it('needs RUNNER_TOOL_CACHE and RUNNER_TEMP', async () => {
    const env = { ...process.env, RUNNER_TOOL_CACHE: undefined };
    await expect(installTrivy(scanPlan({ trivySha256: 'a'.repeat(64) }), runtime(env))).rejects.toThrow(/needs RUNNER_TEMP and RUNNER_TOOL_CACHE/);
    expect(hits.size).toBe(0);
  });
});

describe('installTrivy against a server that stalls', () => {
  /** A server on 127.0.0.1 that answers each connection with `answer`, then holds it open. */
  async function stallingServer(answer: (socket: net.Socket) => void): Promise<{ url: string; host: string; close: () => Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const stalled = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      answer(socket);
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(stalled.address() as AddressInfo).port}`;
    return {
      url: `http://${host}/releases/download/`,
      host,
      close: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => stalled.close(() => resolve()));
      },
    };
  }

  const limits = { stallMs: 300, totalMs: 60_000 };

  it('has the bounds README.md and SECURITY.md state: 60 s without a byte, 10 minutes in all', () => {
    expect(TRIVY_DOWNLOAD_LIMITS).toEqual({ stallMs: 60 * 1000, totalMs: 10 * 60 * 1000 });
  });

  it.each([
    ['accepts the connection and never answers', () => undefined, /the server sent nothing for 300 ms, so it was stopped/],
    [
      'sends the headers and part of the body, then nothing',
      (socket: net.Socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 1000000\r\n\r\npartial'),
      /the server sent nothing for 300 ms, so it was stopped/,
    ],
  ])('fails within the bound when the server %s, naming the download and the host', async (_label, answer, why) => {
    const server = await stallingServer(answer);
    try {
      const error = await installTrivy(scanPlan({ trivyDownloadUrl: server.url, trivySha256: 'a'.repeat(64) }), runtime(), {}, limits).then(
        () => undefined,
        (reason: unknown) => reason as Error,
      );
      expect(error?.message).toContain(`Could not download Trivy from "${server.url}v${VERSION}/${asset(VERSION)}" (host "${server.host}"): `);
      expect(error?.message).toMatch(why);
      expect(filesUnder(runnerTemp)).toEqual([]);
      expect(existsSync(path.join(toolCache, 'trivy'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('fails when the whole download takes longer than its bound, even with bytes trickling in', async () => {
    const server = await stallingServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\n');
      const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write('x')), 20);
      socket.on('close', () => clearInterval(drip));
    });
    try {
      const plan = scanPlan({ trivyDownloadUrl: server.url, trivySha256: 'a'.repeat(64) });
      await expect(installTrivy(plan, runtime(), {}, { stallMs: 5_000, totalMs: 400 })).rejects.toThrow(
        `(host "${server.host}"): not finished after 400 ms, so it was stopped`,
      );
    } finally {
      await server.close();
    }
  });
});

describe('installTrivy with trivy-path', () => {
  function givenTrivy(relative: string, version: string, mode = 0o755): string {
    const file = path.join(workspace, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, script(version));
    chmodSync(file, mode);
    return file;
  }

  it('uses the given binary (relative to the workspace) without installing anything', async () => {
    const file = givenTrivy('tools/trivy', '0.58.0');
    const binary = await installTrivy(scanPlan({ trivyPath: 'tools/trivy' }), runtime());
    expect(binary).toBe(file);
    expect(hits.size).toBe(0);
    expect(existsSync(path.join(toolCache, 'trivy'))).toBe(false);
  });

  it('accepts an absolute path', async () => {
    const file = givenTrivy('abs/trivy', VERSION);
    expect(await installTrivy(scanPlan({ trivyPath: file }), runtime())).toBe(file);
  });

  it.each([
    ['a missing file', () => 'missing/trivy', /trivy-path "missing\/trivy" is not a file/],
    ['a directory', () => (mkdirSync(path.join(workspace, 'dir')), 'dir'), /trivy-path "dir" is not a file/],
    ['a file that is not executable', () => (givenTrivy('noexec/trivy', VERSION, 0o644), 'noexec/trivy'), /trivy-path "noexec\/trivy" is not executable/],
    ['a compromised release', () => (givenTrivy('bad/trivy', '0.69.5'), 'bad/trivy'), /Input 'trivy-path': runs Trivy 0\.69\.5, a compromised release/],
    [
      'something that is not Trivy',
      () => {
        const file = path.join(workspace, 'notrivy');
        writeFileSync(file, '#!/bin/sh\necho hello\n', { mode: 0o755 });
        return 'notrivy';
      },
      /--version did not report a Trivy version/,
    ],
  ])('refuses %s', async (_label, make, message) => {
    const trivyPath = make();
    await expect(installTrivy(scanPlan({ trivyPath }), runtime())).rejects.toThrow(message);
  });
});
