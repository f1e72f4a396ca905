// Rendering many directories with one process of the renderer installed on this machine, run
// through a wrapper that logs every call before it hands over to the real executable.

import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderTogether } from '../../../src/adapters/kustomize/render-batch.js';
import { findRenderer, type Renderer } from '../../../src/adapters/kustomize/render.js';
import { ToolError } from '../../../src/domain/errors.js';
import { renderContainsImage } from '../../../src/domain/manifests/kustomize-edit.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api
`;

let temp: string;
let work: string;
let env: Record<string, string>;
let renderer: Renderer;

beforeEach(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), 'render-batch-'));
  work = path.join(temp, 'work');
  await mkdir(work);
  // The renderer this machine has, behind a wrapper that is all the PATH holds.
  const real = await findRenderer(Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined)));
  const wrapper = path.join(temp, 'bin', path.basename(real.command));
  await mkdir(path.dirname(wrapper));
  await writeFile(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${path.join(temp, 'calls.log')}'\nexec '${real.command}' "$@"\n`);
  await chmod(wrapper, 0o755);
  env = { PATH: path.join(temp, 'bin') };
  renderer = await findRenderer(env);
});

afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

async function write(relative: string, content: string): Promise<void> {
  const file = path.join(temp, 'repo', relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** An overlay of the api base in `dir`, tagged `tag`, its names prefixed with `prefix` ('' = none). */
async function overlay(dir: string, tag: string, prefix: string): Promise<string> {
  await write('base/deployment.yaml', DEPLOYMENT);
  await write('base/kustomization.yaml', 'resources:\n  - deployment.yaml\n');
  const relativeBase = path.relative(path.join(temp, 'repo', dir), path.join(temp, 'repo', 'base'));
  await write(`${dir}/kustomization.yaml`, `${prefix === '' ? '' : `namePrefix: ${prefix}\n`}resources:\n  - ${JSON.stringify(relativeBase)}\nimages:\n  - name: ghcr.io/acme/api\n    newTag: ${tag}\n`);
  return path.join(temp, 'repo', dir);
}

/** The renderer's calls so far, one line of arguments each. */
async function calls(): Promise<string[]> {
  return (await readFile(path.join(temp, 'calls.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('renderTogether with the renderer installed on this machine', () => {
  it("gives each directory its own documents, in their order, from one process, and leaves no aggregate behind", async () => {
    const dirs = [await overlay('overlays/a', 'tag-a', 'a-'), await overlay('overlays/b', 'tag-b', 'b-'), await overlay('overlays/c', 'tag-c', 'c-')];
    await write('overlays/empty/kustomization.yaml', 'resources: []\n');
    const rendered = await renderTogether([...dirs, path.join(temp, 'repo/overlays/empty')], work, env, renderer);

    expect(rendered).toHaveLength(4);
    for (const [index, tag] of ['tag-a', 'tag-b', 'tag-c'].entries()) {
      const text = rendered[index] ?? '';
      expect(text.match(/^kind: Deployment$/gm)).toHaveLength(1);
      expect(text).toContain(`name: ${tag.slice(-1)}-api`);
      expect(renderContainsImage(text, `ghcr.io/acme/api:${tag}`)).toBe(true);
    }
    expect(rendered[3]).toBe('');
    expect(await calls()).toHaveLength(1);
    expect(await readdir(work)).toEqual([]);
  });

  it('renders directories named with spaces, quotes, YAML indicators and unicode', async () => {
    const names = ['with space', `quote"d 'single'`, '# not: {a comment}, [x]', 'ünïcødé 日本', 'back\\slash', 'line\u2028separator'];
    const dirs: string[] = [];
    for (const [index, name] of names.entries()) dirs.push(await overlay(`overlays/${name}`, `t${index}`, `p${index}-`));
    const rendered = await renderTogether(dirs, work, env, renderer);

    for (const index of names.keys()) {
      expect(renderContainsImage(rendered[index] ?? '', `ghcr.io/acme/api:t${index}`)).toBe(true);
      expect(rendered[index]).toContain(`name: p${index}-api`);
    }
    expect(await calls()).toHaveLength(1);
    expect(await readdir(work)).toEqual([]);
  });

  it('throws when two directories render the same resource, and removes the aggregate', async () => {
    const dirs = [await overlay('overlays/a', 'tag-a', ''), await overlay('overlays/b', 'tag-b', '')];
    const error = await failure(renderTogether(dirs, work, env, renderer));
    expect(error.message).toContain('already registered id');
    expect(await readdir(work)).toEqual([]);
  });

  it('throws when one directory does not render, and removes the aggregate', async () => {
    const dirs = [await overlay('overlays/a', 'tag-a', 'a-')];
    await write('overlays/broken/kustomization.yaml', 'resources:\n  - missing.yaml\n');
    const error = await failure(renderTogether([...dirs, path.join(temp, 'repo/overlays/broken')], work, env, renderer));
    expect(error.message).toContain('missing.yaml');
    expect(await calls()).toHaveLength(1);
    expect(await readdir(work)).toEqual([]);
  });
});
