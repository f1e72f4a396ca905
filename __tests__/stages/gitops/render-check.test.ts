// The render check through a real clone (git) and the stand-in kustomize on PATH, which records
// every call: a second check of a later tree renders only the roots a changed file may reach.

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openClone, type ManifestsClone } from '../../../src/adapters/git/clone.js';
import { createGit } from '../../../src/adapters/git/runner.js';
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

/** The directories rendered so far (`build` calls), relative to the clone, in order. */
async function rendered(): Promise<string[]> {
  const lines = (await fs.readFile(path.join(bin, 'calls.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return lines
    .map((line) => JSON.parse(line) as { argv: string[] })
    .filter((call) => call.argv[0] === 'build')
    .map((call) => path.relative(clone.dir, call.argv[1] ?? ''))
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

  it('components are not rendered alone', async () => {
    const check = renderCheck(clone, env, (text) => text);
    const tree = await write({ 'k8s/components/x/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n' });
    await check.check(tree, ['k8s/components/x/kustomization.yaml'], new Set(), '');
    expect(await rendered()).toEqual([]);
  });
});
