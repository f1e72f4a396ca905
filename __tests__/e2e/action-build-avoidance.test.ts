// Build avoidance on the real stack: a second push of an unchanged service builds nothing (no
// `buildx build` is run) and pins the first build's index under its own tag; a change to the
// service's files builds again. Here busybox is committed with the service, so the workspace is
// clean and has a source key (the other e2e tests leave it untracked, and always build).

import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import { describeRun, listTags, manifestFiles, nonce, renderedImages, serviceFiles, shortSha, tagDigest, uniqueImage, useServiceStack } from './action-support.js';

const SERVICE = 'signal-monitoring';
const BUSYBOX_DIR = process.env.E2E_BUSYBOX_DIR ?? path.join(path.dirname(new URL(import.meta.url).pathname), '../../.tmp/e2e-stack/busybox');

const e2e = useServiceStack(SERVICE);
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** A repository whose service context (busybox included) is all committed. */
async function committedWorkspace(image: string): Promise<Workspace> {
  const from = await mkdtemp(path.join(tmpdir(), 'e2e-avoid-src-'));
  cleanups.push(() => rm(from, { recursive: true, force: true }));
  const files = { ...serviceFiles(SERVICE, nonce()), ...manifestFiles([{ service: SERVICE, image }]), 'README.md': '# dax-trading\n' };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(from, file)), { recursive: true });
    await writeFile(path.join(from, file), text);
  }
  for (const arch of ['amd64', 'arm64']) await copyFile(path.join(BUSYBOX_DIR, arch, 'busybox'), path.join(from, 'services', SERVICE, `busybox-${arch}`));
  const ws = await makeWorkspace({ from });
  cleanups.push(() => ws.dispose());
  return ws;
}

const builds = (docker: string[]) => docker.filter((call) => call.startsWith('buildx build '));

describe('build avoidance on the real stack', () => {
  it('a second push of an unchanged service reuses the image; a change to it builds again', async () => {
    const image = uniqueImage('avoid');
    const ws = await committedWorkspace(image);

    const first = await e2e.push({ sha: ws.sha, dir: ws.dir }, image);
    expect(first.code, describeRun(first)).toBe(0);
    expect(builds(first.docker)).toHaveLength(1);
    expect(first.outputs['build-reused']).toBe('false');
    const key = (JSON.parse(first.outputs.plan) as { build: { reuse: { key: string } } }).build.reuse.key;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    // The key's tag names the pushed index.
    expect(await tagDigest(image, `src-${key}`)).toBe(first.outputs.digest);

    // A README change: the service's files are the same, so nothing is built.
    const c1 = ws.commit({ 'README.md': '# dax-trading\n\nDocs.\n' }, 'Docs');
    const second = await e2e.push({ sha: c1, dir: ws.checkout('main') }, image);
    expect(second.code, describeRun(second)).toBe(0);
    expect(builds(second.docker)).toEqual([]);
    expect(second.outputs['build-reused']).toBe('true');
    expect(second.outputs.digest).toBe(first.outputs.digest);
    expect(second.stdout).toContain(`built from ${ws.sha}`);
    const version = `main-${shortSha(c1)}`;
    expect(await tagDigest(image, version)).toBe(first.outputs.digest);
    expect(await tagDigest(image, 'latest')).toBe(first.outputs.digest);
    expect(second.outputs['scan-result']).toBe('passed');
    expect(await renderedImages(ws.remote, 'manifests')).toEqual([`${image}:${version}@${first.outputs.digest}`]);

    // A change to the service's own files: a new key, a new build.
    const c2 = ws.commit({ [`services/${SERVICE}/marker.txt`]: `${SERVICE} ${nonce()}\n` }, 'New marker');
    const third = await e2e.push({ sha: c2, dir: ws.checkout('main') }, image);
    expect(third.code, describeRun(third)).toBe(0);
    expect(builds(third.docker)).toHaveLength(1);
    expect(third.outputs['build-reused']).toBe('false');
    expect(third.outputs.digest).not.toBe(first.outputs.digest);
    expect((await listTags(image))?.filter((tag) => tag.startsWith('src-'))).toHaveLength(2);
  });
});
