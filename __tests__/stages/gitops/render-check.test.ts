// The render check through a real clone (git). With the stand-in kustomize on PATH, which
// records every call and the directories it read: a second check of a later tree renders only
// the roots a changed file may reach. With the renderer this machine has, behind a wrapper that
// logs its calls: several roots render in one process, and root by root when that fails.

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openClone, type ManifestsClone } from '../../../src/adapters/git/clone.js';
import { createGit } from '../../../src/adapters/git/runner.js';
import { findRenderer } from '../../../src/adapters/kustomize/render.js';
import { StageError } from '../../../src/domain/errors.js';
import { renderCheck } from '../../../src/stages/gitops/render-check.js';

const FAKE_KUSTOMIZE = path.resolve(__dirname, '../../fixtures/hostile/bin/kustomize');
const PROD = 'k8s/overlays/prod/kustomization.yaml';
const STAGING = 'k8s/overlays/staging/kustomization.yaml';
const api = (tag: string) => `resources:\n  - ../../base/api\nimages:\n  - name: ghcr.io/acme/api\n    newTag: ${tag}\n`;

let root: string;
let bin: string;
let clone: ManifestsClone;
let env: Record<string, string>;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'render-check-'));
  bin = path.join(root, 'bin');
  await fs.mkdir(bin);
  // Linked, so that the stand-in records its calls in this test's own directory.
  await fs.symlink(FAKE_KUSTOMIZE, path.join(bin, 'kustomize'));
  env = { PATH: `${bin}:${process.env.PATH ?? ''}` };
  const git = await createGit({ tempDir: root, env, now: () => new Date('2026-03-01T10:00:00Z'), stage: 'manifests' });
  clone = await openClone(git, path.join(root, 'clone'), path.join(root, 'none.git'), 'manifests');
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function write(files: Record<string, string>): Promise<string> {
  for (const [file, text] of Object.entries(files)) await clone.writeFile(file, text);
  return clone.writeTree();
}

/** The stand-in's `build` calls so far. */
async function builds(): Promise<{ argv: string[]; dirs: string[] }[]> {
  const lines = (await fs.readFile(path.join(bin, 'calls.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return lines.map((line) => JSON.parse(line) as { argv: string[]; dirs?: string[] }).flatMap((call) => (call.argv[0] === 'build' ? [{ argv: call.argv, dirs: call.dirs ?? [] }] : []));
}

/** The overlays rendered so far, alone or together with others, relative to the clone, sorted. */
async function rendered(): Promise<string[]> {
  return (await builds())
    .flatMap((call) => call.dirs.map((dir) => path.relative(clone.dir, dir)))
    .filter((dir) => dir.startsWith('k8s/overlays/'))
    .sort();
}

describe('renderCheck', () => {
  it('renders each root once, then again only the roots a changed file may reach', async () => {
    const check = renderCheck(clone, env, (text) => text);
    const reference = 'ghcr.io/acme/api:v2';
    const first = await write({ [PROD]: api('v2'), [STAGING]: api('v1'), 'k8s/base/api/kustomization.yaml': 'resources: []\n', 'k8s/other/notes.yaml': 'a: 1\n' });
    await check.check(first, [PROD, STAGING], new Set([PROD]), reference);
    expect(await rendered()).toEqual(['k8s/overlays/prod', 'k8s/overlays/staging']);

    // The branch moved: a file no root reads changed. Nothing is rendered again.
    const second = await write({ 'k8s/other/notes.yaml': 'a: 2\n' });
    await check.check(second, [PROD, STAGING], new Set([PROD]), reference);
    expect(await rendered()).toEqual(['k8s/overlays/prod', 'k8s/overlays/staging']);

    // Staging's own file changed: staging alone is rendered again.
    const third = await write({ [STAGING]: api('v0') });
    await check.check(third, [PROD, STAGING], new Set([PROD]), reference);
    expect(await rendered()).toEqual(['k8s/overlays/prod', 'k8s/overlays/staging', 'k8s/overlays/staging']);

    // The base both overlays name changed: both are rendered again.
    const fourth = await write({ 'k8s/base/api/kustomization.yaml': 'resources: []\n# more\n' });
    await check.check(fourth, [PROD, STAGING], new Set([PROD]), reference);
    expect(await rendered()).toEqual(['k8s/overlays/prod', 'k8s/overlays/prod', 'k8s/overlays/staging', 'k8s/overlays/staging', 'k8s/overlays/staging']);
  });

  it('a root that pins the image is checked for it even when it rendered before without the check', async () => {
    const check = renderCheck(clone, env, (text) => text);
    const tree = await write({ [PROD]: api('v2') });
    await check.check(tree, [PROD], new Set(), 'ghcr.io/acme/api:v2');
    await check.check(tree, [PROD], new Set([PROD]), 'ghcr.io/acme/api:v2');
    expect(await rendered()).toEqual(['k8s/overlays/prod', 'k8s/overlays/prod']);
  });

  it('a root without the pinned reference fails, naming it', async () => {
    const check = renderCheck(clone, env, (text) => text);
    const tree = await write({ [PROD]: api('v1') });
    const checked = check.check(tree, [PROD], new Set([PROD]), 'ghcr.io/acme/api:v2');
    await expect(checked).rejects.toThrow(StageError);
    await expect(checked).rejects.toThrow('"k8s/overlays/prod" renders without "ghcr.io/acme/api:v2" (no container uses the pinned image?), so nothing was pushed');
  });

  it('renders several roots in one call of the renderer, outside the clone, and removes what it wrote', async () => {
    const check = renderCheck(clone, env, (text) => text);
    const tree = await write({ [PROD]: api('v2'), [STAGING]: api('v2'), 'k8s/base/api/kustomization.yaml': 'resources: []\n' });
    const beside = await fs.readdir(root);
    await check.check(tree, [PROD, STAGING], new Set([PROD, STAGING]), 'ghcr.io/acme/api:v2');
    const calls = await builds();
    expect(calls).toHaveLength(1);
    expect(path.relative(clone.dir, calls[0]?.argv[1] ?? '')).toMatch(/^\.\.\/render-[^/]+$/);
    expect(await rendered()).toEqual(['k8s/overlays/prod', 'k8s/overlays/staging']);
    expect(await fs.readdir(root)).toEqual(beside);
    expect(await clone.writeTree()).toBe(tree);
  });

  it('components are not rendered alone', async () => {
    const check = renderCheck(clone, env, (text) => text);
    const tree = await write({ 'k8s/components/x/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n' });
    await check.check(tree, ['k8s/components/x/kustomization.yaml'], new Set(), '');
    expect(await rendered()).toEqual([]);
  });
});

describe('renderCheck with the renderer this machine has', () => {
  const REFERENCE = 'ghcr.io/acme/api:v2';
  const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api\n';
  const BASE = { 'k8s/base/api/kustomization.yaml': 'resources:\n  - deployment.yaml\n', 'k8s/base/api/deployment.yaml': DEPLOYMENT };
  let renderEnv: Record<string, string>;
  let rendererName: string;
  let log: string[];

  beforeEach(async () => {
    // The real renderer behind a wrapper that logs each call: the wrapper is all the PATH holds.
    const real = await findRenderer({ PATH: process.env.PATH ?? '' });
    rendererName = real.name;
    const wrapperBin = path.join(root, 'renderer');
    await fs.mkdir(wrapperBin);
    const wrapper = path.join(wrapperBin, path.basename(real.command));
    await fs.writeFile(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${path.join(root, 'renderer.log')}'\nexec '${real.command}' "$@"\n`);
    await fs.chmod(wrapper, 0o755);
    renderEnv = { PATH: wrapperBin };
    log = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      log.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The renderer's calls so far. */
  async function calls(): Promise<string[]> {
    return (await fs.readFile(path.join(root, 'renderer.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  }

  /** An overlay of the api base at `dir` (a directory of the clone) with `tag`; names prefixed unless `prefix` is ''. */
  function overlay(dir: string, tag: string, prefix = `${path.posix.basename(dir).replace(/[^a-z]/g, '')}-`): Record<string, string> {
    const base = path.posix.relative(dir, 'k8s/base/api');
    return { [`${dir}/kustomization.yaml`]: `${prefix === '' ? '' : `namePrefix: ${JSON.stringify(prefix)}\n`}resources:\n  - ${JSON.stringify(base)}\nimages:\n  - name: ghcr.io/acme/api\n    newTag: ${tag}\n` };
  }

  const file = (dir: string) => `${dir}/kustomization.yaml`;

  async function failure(promise: Promise<unknown>): Promise<StageError> {
    const error: unknown = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StageError);
    return error as StageError;
  }

  it('renders many roots with one renderer process and checks each pinned one for the reference', async () => {
    const dirs = ['k8s/overlays/prod', 'k8s/overlays/staging', 'k8s/overlays/dev', 'k8s/overlays/qa'];
    const tree = await write({ ...BASE, ...overlay(dirs[0] ?? '', 'v2'), ...overlay(dirs[1] ?? '', 'v2'), ...overlay(dirs[2] ?? '', 'v1'), ...overlay(dirs[3] ?? '', 'v1') });
    await renderCheck(clone, renderEnv, (text) => text).check(tree, dirs.map(file), new Set([file('k8s/overlays/prod'), file('k8s/overlays/staging')]), REFERENCE);

    expect(await calls()).toHaveLength(1);
    const rendered = log.join('').split('\n').filter((line) => line.startsWith('Rendered '));
    expect(rendered.sort()).toEqual([
      'Rendered "k8s/overlays/dev".',
      'Rendered "k8s/overlays/prod": contains ghcr.io/acme/api:v2.',
      'Rendered "k8s/overlays/qa".',
      'Rendered "k8s/overlays/staging": contains ghcr.io/acme/api:v2.',
    ]);
  });

  describe('a pinned Component', () => {
    const COMPONENT = 'k8s/components/pin/kustomization.yaml';
    const component = (tag: string) => ({ [COMPONENT]: `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n  - name: ghcr.io/acme/api\n    newTag: ${tag}\n` });
    const user = (dir: string, extra = '') => ({ [file(dir)]: `resources:\n  - ../../base/api\ncomponents:\n  - ../../components/pin\n${extra}` });

    it('is rendered through the roots that use it, which must show the pin', async () => {
      const tree = await write({ ...BASE, ...component('v2'), ...user('k8s/overlays/prod'), ...overlay('k8s/overlays/staging', 'v1') });
      await renderCheck(clone, renderEnv, (text) => text).check(tree, [COMPONENT], new Set([COMPONENT]), REFERENCE);
      expect(await calls()).toHaveLength(1);
      const rendered = log.join('').split('\n').filter((line) => line.startsWith('Rendered '));
      expect(rendered).toEqual(['Rendered "k8s/overlays/prod": contains ghcr.io/acme/api:v2.']);
    });

    it('fails, naming the root, when a root using it overrides the pin', async () => {
      const overridden = 'images:\n  - name: ghcr.io/acme/api\n    newTag: v9\n';
      const tree = await write({ ...BASE, ...component('v2'), ...user('k8s/overlays/prod', overridden) });
      const error = await failure(renderCheck(clone, renderEnv, (text) => text).check(tree, [COMPONENT], new Set([COMPONENT]), REFERENCE));
      expect(error.message).toBe('"k8s/overlays/prod" renders without "ghcr.io/acme/api:v2" (no container uses the pinned image?), so nothing was pushed');
    });

    it('is refused when no root uses it: the pin would show nowhere', async () => {
      const tree = await write({ ...BASE, ...component('v2'), ...overlay('k8s/overlays/prod', 'v1') });
      const error = await failure(renderCheck(clone, renderEnv, (text) => text).check(tree, [COMPONENT], new Set([COMPONENT]), REFERENCE));
      expect(error.message).toBe(`"${COMPONENT}" is a Component that no kustomization on the branch uses, so its pin cannot be rendered; nothing was pushed`);
      expect(await calls()).toEqual([]);
    });
  });

  it('a pinned root whose own documents lack the reference fails, naming it, as when rendered alone', async () => {
    // dev renders the reference; staging does not, though the combined output holds it.
    const tree = await write({ ...BASE, ...overlay('k8s/overlays/dev', 'v2'), ...overlay('k8s/overlays/staging', 'v1') });
    const pinned = new Set([file('k8s/overlays/dev'), file('k8s/overlays/staging')]);
    const together = await failure(renderCheck(clone, renderEnv, (text) => text).check(tree, [file('k8s/overlays/dev'), file('k8s/overlays/staging')], pinned, REFERENCE));
    expect(together.message).toBe('"k8s/overlays/staging" renders without "ghcr.io/acme/api:v2" (no container uses the pinned image?), so nothing was pushed');
    expect(await calls()).toHaveLength(1);

    const alone = await failure(renderCheck(clone, renderEnv, (text) => text).check(tree, [file('k8s/overlays/staging')], pinned, REFERENCE));
    expect(alone.message).toBe(together.message);
  });

  it('a pinned root that renders nothing fails the same way', async () => {
    const tree = await write({ ...BASE, ...overlay('k8s/overlays/prod', 'v2'), 'k8s/overlays/empty/kustomization.yaml': 'resources: []\n' });
    const error = await failure(
      renderCheck(clone, renderEnv, (text) => text).check(tree, [file('k8s/overlays/prod'), file('k8s/overlays/empty')], new Set([file('k8s/overlays/prod'), file('k8s/overlays/empty')]), REFERENCE),
    );
    expect(error.message).toBe('"k8s/overlays/empty" renders without "ghcr.io/acme/api:v2" (no container uses the pinned image?), so nothing was pushed');
    expect(await calls()).toHaveLength(1);
  });

  it('two roots that render the same resource pass, rendered root by root, and nothing is left beside the clone', async () => {
    const tree = await write({ ...BASE, ...overlay('k8s/overlays/prod', 'v2', ''), ...overlay('k8s/overlays/staging', 'v2', '') });
    const beside = await fs.readdir(root);
    const files = [file('k8s/overlays/prod'), file('k8s/overlays/staging')];
    await renderCheck(clone, renderEnv, (text) => text).check(tree, files, new Set(files), REFERENCE);

    const seen = await calls();
    expect(seen).toHaveLength(3);
    expect(seen.slice(1).sort()).toEqual([`${path.join(clone.dir, 'k8s/overlays/prod')}`, `${path.join(clone.dir, 'k8s/overlays/staging')}`].map((dir) => `${rendererName.split(' ')[1]} ${dir}`));
    expect(log.join('')).toContain('The 2 kustomization roots did not render together: rendering each alone.');
    expect((await fs.readdir(root)).sort()).toEqual([...beside, 'renderer.log'].sort());
    expect(await clone.writeTree()).toBe(tree);
  });

  it('a root that does not render fails with the message of that root rendered alone, and nothing is left beside the clone', async () => {
    const tree = await write({ ...BASE, ...overlay('k8s/overlays/prod', 'v2'), 'k8s/overlays/broken/kustomization.yaml': 'resources:\n  - missing-deployment.yaml\n' });
    const beside = await fs.readdir(root);
    const error = await failure(renderCheck(clone, renderEnv, (text) => text).check(tree, [file('k8s/overlays/prod'), file('k8s/overlays/broken')], new Set([file('k8s/overlays/prod')]), REFERENCE));

    expect(error.message.startsWith(`"k8s/overlays/broken" does not render after the update, so nothing was pushed: ${rendererName} failed for "k8s/overlays/broken" (exit code 1): "`)).toBe(true);
    expect(error.message).toContain('missing-deployment.yaml');
    expect(error.message).not.toContain(root);
    expect((await fs.readdir(root)).sort()).toEqual([...beside, 'renderer.log'].sort());
    expect(await clone.writeTree()).toBe(tree);
  });

  it('renders roots named with spaces, quotes and unicode in one process', async () => {
    const dirs = ['k8s/overlays/with space', `k8s/overlays/quote"d 'single'`, 'k8s/overlays/ünïcødé 日本', 'k8s/overlays/# not: {a comment}'];
    const tree = await write(Object.assign({ ...BASE }, ...dirs.map((dir, index) => overlay(dir, 'v2', `p${index}-`))));
    await renderCheck(clone, renderEnv, (text) => text).check(tree, dirs.map(file), new Set(dirs.map(file)), REFERENCE);

    expect(await calls()).toHaveLength(1);
    const rendered = log.join('').split('\n').filter((line) => line.startsWith('Rendered '));
    expect(rendered).toHaveLength(dirs.length);
    expect(rendered).toContain(`Rendered "k8s/overlays/quote\\"d 'single'": contains ghcr.io/acme/api:v2.`);
  });
});
