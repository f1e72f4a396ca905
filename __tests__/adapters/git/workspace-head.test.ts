// Reading the workspace's HEAD with real git: the commit of a checkout, '' where there is none,
// and nothing from the machine's git configuration or the runner's temp left behind.

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkspaceHead } from '../../../src/adapters/git/workspace-head.js';
import { makeWorkspace, type Workspace } from '../../harness/workspace.js';

let ws: Workspace;
let tmp: string;

beforeAll(async () => {
  ws = await makeWorkspace({ files: { 'README.md': 'hello\n' } });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ftmo-head-test-'));
});

afterAll(async () => {
  await ws?.dispose();
  await fs.rm(tmp, { recursive: true, force: true });
});

function read(workspace: string, env: Record<string, string> = {}): Promise<string> {
  return readWorkspaceHead({ workspace, tempRoot: tmp, env: { PATH: process.env.PATH ?? '', ...env }, now: () => new Date(0) });
}

describe('readWorkspaceHead', () => {
  it("gives the checkout's commit", async () => {
    expect(await read(ws.dir)).toBe(ws.sha);
  });

  it('gives the commit of a checkout made after main moved on', async () => {
    const later = ws.commit({ 'README.md': 'later\n' }, 'Later');
    const dir = ws.checkout('main');
    expect(await read(dir)).toBe(later);
  });

  it("gives '' for a directory that is no repository, and for one that does not exist", async () => {
    const plain = path.join(tmp, 'plain');
    await fs.mkdir(plain);
    expect(await read(plain)).toBe('');
    expect(await read(path.join(tmp, 'missing'))).toBe('');
  });

  it("answers for the workspace, not for a repository the runner's GIT_DIR names", async () => {
    const other = await makeWorkspace({ files: { 'x.txt': 'x\n' } });
    try {
      expect(other.sha).not.toBe(ws.sha);
      expect(await read(ws.dir, { GIT_DIR: path.join(other.dir, '.git') })).toBe(ws.sha);
    } finally {
      await other.dispose();
    }
  });

  it('leaves nothing in the runner temp directory', async () => {
    await read(ws.dir);
    expect((await fs.readdir(tmp)).filter((entry) => entry.startsWith('ftmo-head-'))).toEqual([]);
  });
});
