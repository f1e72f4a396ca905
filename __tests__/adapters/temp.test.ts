import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, tempRoot, withTempDir } from '../../src/adapters/temp.js';

describe('tempRoot', () => {
  // [environment, root]
  it.each([
    ['a runner', { GITHUB_ACTIONS: 'true', RUNNER_TEMP: '/home/runner/work/_temp' }, '/home/runner/work/_temp'],
    ['a local run with RUNNER_TEMP', { RUNNER_TEMP: '/srv/tmp' }, '/srv/tmp'],
    ['a local run without it', {}, os.tmpdir()],
    ['a local run with it empty', { GITHUB_ACTIONS: 'false', RUNNER_TEMP: '' }, os.tmpdir()],
  ])('%s', (_what, env, root) => {
    expect(tempRoot(env)).toBe(root);
  });

  it('refuses a runner without RUNNER_TEMP, naming it', () => {
    expect(() => tempRoot({ GITHUB_ACTIONS: 'true' })).toThrow(/^RUNNER_TEMP: must be set on a GitHub runner/);
    expect(() => tempRoot({ GITHUB_ACTIONS: 'true', RUNNER_TEMP: '' })).toThrow(/^RUNNER_TEMP: /);
  });
});

describe('withTempDir', () => {
  let root: string;
  beforeEach(async () => {
    root = path.join(await mkdtemp(path.join(os.tmpdir(), 'temp-test-')), 'not-yet');
  });
  afterEach(async () => {
    await rm(path.dirname(root), { recursive: true, force: true });
  });

  it('gives a new directory below the root (made when missing) and removes it afterwards', async () => {
    const seen = await withTempDir(root, 'ftmo-x-', async (dir) => {
      await writeFile(path.join(dir, 'file'), 'x');
      expect(path.dirname(dir)).toBe(root);
      expect(path.basename(dir)).toMatch(/^ftmo-x-.{6}$/);
      return dir;
    });
    expect(existsSync(seen)).toBe(false);
    expect(await readdir(root)).toEqual([]);
  });

  it('removes it when the work fails too', async () => {
    await expect(withTempDir(root, 'ftmo-y-', () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect(await readdir(root)).toEqual([]);
  });

  it('makeTempDir leaves the directory to the caller', async () => {
    const dir = await makeTempDir(root, 'ftmo-z-');
    expect(await readdir(root)).toEqual([path.basename(dir)]);
  });
});
