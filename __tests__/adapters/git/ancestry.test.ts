import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ancestorAnswer, isAncestorOrEqual, openAncestry } from '../../../src/adapters/git/ancestry.js';
import { createGit, type GitRunner } from '../../../src/adapters/git/runner.js';
import { FIXTURE_GIT_ENV } from '../../harness/workspace.js';

// History of the source repository (main: m1..m30; feature branches off m10 and off m28):
//   m1 - ... - m10 - ... - m28 - m29 - m30        (main)
//                \            \
//                 f1 - f2 - f3  g1                (feature, late)
const FIXTURE_ENV = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...FIXTURE_GIT_ENV };

function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: FIXTURE_ENV, encoding: 'utf8' }).trim();
}

let root: string;
let bare: string;
let shallow: string;
let full: string;
let git: GitRunner;
const m: string[] = [];
const f: string[] = [];
let g1: string;
let unpushed: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'ancestry-test-'));
  const work = path.join(root, 'work');
  sh(root, 'init', '-q', '-b', 'main', work);
  for (let i = 1; i <= 30; i++) {
    await fs.writeFile(path.join(work, 'file.txt'), `main ${i}\n`);
    sh(work, 'add', 'file.txt');
    sh(work, 'commit', '-q', '-m', `m${i}`);
    m.push(sh(work, 'rev-parse', 'HEAD'));
  }
  sh(work, 'checkout', '-q', '-b', 'feature', m[9] as string);
  for (let i = 1; i <= 3; i++) {
    await fs.writeFile(path.join(work, 'feature.txt'), `feature ${i}\n`);
    sh(work, 'add', 'feature.txt');
    sh(work, 'commit', '-q', '-m', `f${i}`);
    f.push(sh(work, 'rev-parse', 'HEAD'));
  }
  sh(work, 'checkout', '-q', '-b', 'late', m[27] as string);
  sh(work, 'commit', '-q', '--allow-empty', '-m', 'g1');
  g1 = sh(work, 'rev-parse', 'HEAD');
  sh(work, 'checkout', '-q', '-b', 'local-only', m[29] as string);
  sh(work, 'commit', '-q', '--allow-empty', '-m', 'never pushed');
  unpushed = sh(work, 'rev-parse', 'HEAD');
  bare = path.join(root, 'source.git');
  sh(root, 'init', '-q', '--bare', bare);
  sh(work, 'push', '-q', bare, 'main', 'feature', 'late');
  // What actions/checkout leaves: one commit deep.
  shallow = path.join(root, 'shallow');
  sh(root, 'clone', '-q', '--depth=1', '--branch=main', `file://${bare}`, shallow);
  full = path.join(root, 'full');
  sh(root, 'clone', '-q', bare, full);
  const tempDir = path.join(root, 'temp');
  await fs.mkdir(tempDir);
  git = await createGit({ tempDir, env: { PATH: process.env.PATH }, now: () => new Date('2026-03-01T10:00:00Z'), stage: 'test' });
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('isAncestorOrEqual from a depth-1 checkout', () => {
  const at = (list: string[], n: number): string => list[n - 1] as string;
  const cases: [string, () => [string, string], boolean][] = [
    ['the same commit', () => [at(m, 30), at(m, 30)], true],
    ['the root of a 30-commit history', () => [at(m, 1), at(m, 30)], true],
    ['the parent', () => [at(m, 29), at(m, 30)], true],
    ['a newer commit is not an ancestor of an older one', () => [at(m, 30), at(m, 1)], false],
    ['the fork point of a branch', () => [at(m, 10), at(f, 3)], true],
    ['a branch commit and main: unrelated', () => [at(f, 2), at(m, 30)], false],
    ['main and a branch commit: unrelated', () => [at(m, 30), at(f, 2)], false],
    ['a commit the server never got', () => [unpushed, at(m, 30)], false],
    ['a commit the server never got, as descendant', () => [at(m, 1), unpushed], false],
    ['a side commit close to main', () => [at(m, 28), g1], true],
  ];

  it.each(cases)('%s (depth 2, deepening)', async (_name, pair, expected) => {
    const [a, d] = pair();
    const tempDir = await fs.mkdtemp(path.join(root, 'q-'));
    expect(await isAncestorOrEqual(a, d, { git, remote: bare, tempDir, localRepo: shallow, depth: 2 })).toBe(expected);
    // The temporary object store is gone.
    expect(await fs.readdir(tempDir)).toEqual([]);
  });

  it('answers from a full local history without any network access', async () => {
    const tempDir = await fs.mkdtemp(path.join(root, 'q-'));
    const nowhere = path.join(root, 'does-not-exist.git');
    expect(await isAncestorOrEqual(m[0] as string, m[29] as string, { git, remote: nowhere, tempDir, localRepo: full })).toBe(true);
    expect(await isAncestorOrEqual(f[1] as string, m[29] as string, { git, remote: nowhere, tempDir, localRepo: full })).toBe(false);
  });

  it('a positive answer of the shallow checkout needs no network', async () => {
    const tempDir = await fs.mkdtemp(path.join(root, 'q-'));
    // m30 is the checkout's HEAD; the same commit on both sides is trivially true.
    expect(await isAncestorOrEqual(m[29] as string, m[29] as string, { git, remote: path.join(root, 'nowhere.git'), tempDir, localRepo: shallow })).toBe(true);
  });

  it('fails clearly when the remote cannot be read', async () => {
    const tempDir = await fs.mkdtemp(path.join(root, 'q-'));
    await expect(isAncestorOrEqual(m[0] as string, m[29] as string, { git, remote: path.join(root, 'nowhere.git'), tempDir, localRepo: shallow })).rejects.toThrow(
      /cannot fetch commit [0-9a-f]{40} to compare commits \(git exit 128\):.*does not appear to be a git repository/s,
    );
  });

  it('refuses anything but a full SHA', async () => {
    await expect(isAncestorOrEqual('--upload-pack=touch /tmp/x', m[0] as string, { git, remote: bare, tempDir: root })).rejects.toThrow(/not a full commit SHA/);
    await expect(isAncestorOrEqual('abc1234', m[0] as string, { git, remote: bare, tempDir: root })).rejects.toThrow(/not a full commit SHA/);
  });
});

describe('ancestorAnswer', () => {
  const at = (list: string[], n: number): string => list[n - 1] as string;
  const cases: [string, () => [string, string], string][] = [
    ['an ancestor', () => [at(m, 1), at(m, 30)], 'ancestor'],
    ['a commit on another branch', () => [at(f, 2), at(m, 30)], 'not-ancestor'],
    // A state file written before a force-push names such a commit.
    ['a would-be ancestor the server never got', () => [unpushed, at(m, 30)], 'missing'],
    ['a would-be descendant the server never got', () => [at(m, 1), unpushed], 'not-ancestor'],
  ];

  it.each(cases)('%s', async (_name, pair, expected) => {
    const [a, d] = pair();
    const tempDir = await fs.mkdtemp(path.join(root, 'q-'));
    expect(await ancestorAnswer(a, d, { git, remote: bare, tempDir, localRepo: shallow, depth: 2 })).toBe(expected);
  });
});

describe('openAncestry', () => {
  it('answers every question of a run from one object store, and keeps the answers', async () => {
    const tempDir = await fs.mkdtemp(path.join(root, 'run-'));
    const copy = path.join(tempDir, 'source.git');
    sh(root, 'clone', '-q', '--bare', bare, copy);
    const ancestry = openAncestry({ git, remote: copy, tempDir, localRepo: shallow, depth: 2 });
    expect(await ancestry.answer(at(m, 1), at(m, 30))).toBe('ancestor');
    expect(await ancestry.isAncestorOrEqual(at(f, 2), at(m, 30))).toBe(false);
    expect(await ancestry.answer(unpushed, at(m, 30))).toBe('missing');
    expect((await fs.readdir(tempDir)).filter((name) => name.startsWith('ancestry-'))).toHaveLength(1);
    // The remote is gone: a question asked before is still answered, and so is a new one about
    // commits the store already holds (the same pair turned round, or history fetched before);
    // one about a commit it never fetched cannot be.
    await fs.rm(copy, { recursive: true, force: true });
    expect(await ancestry.answer(at(m, 1), at(m, 30))).toBe('ancestor');
    expect(await ancestry.answer(at(m, 30), at(m, 1))).toBe('not-ancestor');
    expect(await ancestry.answer(at(m, 2), at(m, 30))).toBe('ancestor');
    await expect(ancestry.answer(at(m, 28), g1)).rejects.toThrow(/cannot fetch commit/);
  });
});

function at(list: string[], n: number): string {
  return list[n - 1] as string;
}
