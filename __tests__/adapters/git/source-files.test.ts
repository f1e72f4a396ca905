// The source key over real git checkouts: what git lists (readSourceSnapshot) through the key
// (sourceKey). A change the build is not sent keeps the key; one it is sent changes it; a
// workspace that differs from its commit has none. Also over the example: one service's change
// rebuilds that service alone, a change to the shared package rebuilds all eight.

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSourceSnapshot } from '../../../src/adapters/git/source-files.js';
import { sourceKey, type BuildSettings } from '../../../src/domain/plan/source-key.js';
import { SERVICES } from '../../harness/ftmo.js';
import { ROOT } from '../../harness/runner.js';
import { makeWorkspace, type Workspace } from '../../harness/workspace.js';

const SETTINGS: BuildSettings = { buildArgs: [], target: '', platforms: ['linux/amd64', 'linux/arm64'], provenance: 'mode=min', sbom: 'false' };

let tmp: string;
const workspaces: Workspace[] = [];

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ftmo-source-key-'));
});

afterAll(async () => {
  for (const ws of workspaces) await ws.dispose();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function workspace(files: Record<string, string>, from?: string): Promise<Workspace> {
  const ws = await makeWorkspace({ files, from });
  workspaces.push(ws);
  return ws;
}

async function keyOf(dir: string, context: string, file: string): Promise<ReturnType<typeof sourceKey>> {
  const snapshot = await readSourceSnapshot({ workspace: dir, tempRoot: tmp, env: { PATH: process.env.PATH ?? '' }, now: () => new Date(0), context, file });
  return sourceKey(snapshot, SETTINGS);
}

async function trustedKey(dir: string, context: string, file: string): Promise<string> {
  const result = await keyOf(dir, context, file);
  if (!result.trusted) throw new Error(result.reason);
  return result.key;
}

const TREE = {
  'README.md': '# shop\n',
  'services/.dockerignore': '**/__pycache__\n',
  'services/common/lib.py': 'SHARED = 1\n',
  'services/risk/Dockerfile': 'FROM scratch\nCOPY common /common\nCOPY risk /risk\n',
  'services/risk/Dockerfile.dockerignore': '*\n!common\n!risk\nrisk/test_*.py\n**/__pycache__\n',
  'services/risk/app.py': 'print("risk")\n',
  'services/risk/test_app.py': 'def test(): pass\n',
  'services/pricing/app.py': 'print("pricing")\n',
  '.gitignore': '__pycache__/\nbuild-output/\n',
};

describe('the source key of a real checkout', () => {
  let ws: Workspace;
  let base: string;

  beforeAll(async () => {
    ws = await workspace(TREE);
    base = await trustedKey(ws.dir, 'services', 'services/risk/Dockerfile');
  });

  it.each([
    ['a README', { 'README.md': '# shop, now with docs\n' }],
    ['another service', { 'services/pricing/app.py': 'print("pricing v2")\n' }],
    ['a file the ignore file excludes', { 'services/risk/test_app.py': 'def test(): assert True\n' }],
  ])('a new commit changing only %s keeps the key', async (_what, files) => {
    ws.commit(files, 'Unrelated change');
    const dir = ws.checkout('main');
    expect(await trustedKey(dir, 'services', 'services/risk/Dockerfile')).toBe(base);
  });

  it.each([
    ['the service', { 'services/risk/app.py': 'print("risk v2")\n' }],
    ['the shared package', { 'services/common/lib.py': 'SHARED = 2\n' }],
    ['the Dockerfile', { 'services/risk/Dockerfile': 'FROM scratch\nCOPY risk /risk\nCOPY common /common\n' }],
    ['the ignore file, sending the tests too', { 'services/risk/Dockerfile.dockerignore': '*\n!common\n!risk\n' }],
  ])('a new commit changing %s changes the key', async (_what, files) => {
    const scratch = await workspace(TREE);
    scratch.commit(files, 'Change');
    expect(await trustedKey(scratch.checkout('main'), 'services', 'services/risk/Dockerfile')).not.toBe(base);
  });

  it('without a Dockerfile.dockerignore, the context .dockerignore applies: another service then changes the key', async () => {
    const other = await workspace({ ...TREE, 'services/risk/Dockerfile.dockerignore': '' });
    await fs.rm(path.join(other.dir, 'services/risk/Dockerfile.dockerignore'));
    other.git(['rm', '--quiet', 'services/risk/Dockerfile.dockerignore']);
    other.commit({}, 'Drop the service ignore file');
    const dir = other.checkout('main');
    const before = await trustedKey(dir, 'services', 'services/risk/Dockerfile');
    other.commit({ 'services/pricing/app.py': 'print("pricing v3")\n' }, 'Pricing');
    expect(await trustedKey(other.checkout('main'), 'services', 'services/risk/Dockerfile')).not.toBe(before);
  });

  it.each([
    ['a modified file the build is sent', 'services/risk/app.py', '"services/risk/app.py"'],
    ['an untracked file the build would be sent', 'services/common/new.py', '"services/common/new.py"'],
    ['a file git ignores but the build would be sent', 'services/risk/build-output/app.bin', '"services/risk/build-output/app.bin"'],
  ])('%s: no key, and the reason names it', async (_what, file, named) => {
    const dir = ws.checkout('main');
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), 'local change\n');
    const result = await keyOf(dir, 'services', 'services/risk/Dockerfile');
    expect(result.trusted).toBe(false);
    expect(result.trusted ? '' : result.reason).toContain(named);
  });

  it('untracked files the build is not sent leave the key trusted, and the index untouched', async () => {
    const dir = ws.checkout('main');
    const expected = await trustedKey(dir, 'services', 'services/risk/Dockerfile');
    await fs.writeFile(path.join(dir, 'notes.txt'), 'mine\n');
    await fs.writeFile(path.join(dir, 'services/pricing/scratch.py'), 'x\n');
    await fs.mkdir(path.join(dir, 'services/risk/__pycache__'), { recursive: true });
    await fs.writeFile(path.join(dir, 'services/risk/__pycache__/app.pyc'), 'x\n');
    const index = await fs.stat(path.join(dir, '.git/index'));
    expect(await trustedKey(dir, 'services', 'services/risk/Dockerfile')).toBe(expected);
    expect((await fs.stat(path.join(dir, '.git/index'))).mtimeMs).toBe(index.mtimeMs);
  });

  it('a directory that is not a git checkout fails (the stage then builds)', async () => {
    const plain = path.join(tmp, 'plain');
    await fs.mkdir(plain, { recursive: true });
    await expect(keyOf(plain, '.', 'Dockerfile')).rejects.toThrow();
  });
});

describe('the example: a Dockerfile.dockerignore per service', () => {
  const EXAMPLE = path.join(ROOT, 'examples/ftmo-trading');
  const fileOf = (service: string) => `services/${service}/Dockerfile`;
  const keysOf = async (dir: string) => Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await trustedKey(dir, 'services', fileOf(s))])));
  const changedServices = (before: Record<string, string>, after: Record<string, string>) => SERVICES.filter((s) => before[s] !== after[s]);

  it('a change to one service rebuilds that service alone; one to the shared package rebuilds all eight', async () => {
    const ws = await workspace({}, EXAMPLE);
    const first = await keysOf(ws.dir);
    expect(new Set(Object.values(first)).size).toBe(8);

    const app = path.join(EXAMPLE, 'services/signal-monitoring/app.py');
    ws.commit({ 'services/signal-monitoring/app.py': `${await fs.readFile(app, 'utf8')}\n# tuned\n` }, 'Tune signal-monitoring');
    const second = await keysOf(ws.checkout('main'));
    expect(changedServices(first, second)).toEqual(['signal-monitoring']);

    ws.commit({ 'services/signal-monitoring/test_app.py': '# a test only\n', 'README.md': '# docs only\n' }, 'Tests and docs');
    const third = await keysOf(ws.checkout('main'));
    expect(changedServices(second, third)).toEqual([]);

    const shared = path.join(EXAMPLE, 'services/common/ftmo_service/query.py');
    ws.commit({ 'services/common/ftmo_service/query.py': `${await fs.readFile(shared, 'utf8')}\n# shared change\n` }, 'Shared package');
    const fourth = await keysOf(ws.checkout('main'));
    expect(changedServices(third, fourth)).toEqual([...SERVICES]);
  });
});
