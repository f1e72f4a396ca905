import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findKustomizations } from '../../../src/adapters/kustomize/files.js';
import { ManifestError } from '../../../src/domain/errors.js';

const KUSTOMIZATION = 'resources:\n- deployment.yaml\n';

let temp: string;
let repo: string;

async function put(relative: string, content = KUSTOMIZATION): Promise<void> {
  const file = path.join(repo, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

async function refusal(paths: string[]): Promise<ManifestError> {
  const error: unknown = await findKustomizations(repo, paths).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ManifestError);
  return error as ManifestError;
}

beforeEach(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), 'kustomizations-'));
  repo = path.join(temp, 'repo');
  await put('infra/k8s/base/signal-generation-engine/kustomization.yaml');
  await put('infra/k8s/base/signal-generation-engine/deployment.yaml', 'kind: Deployment\n');
  await put('infra/k8s/overlays/production/kustomization.yml');
  await put('infra/k8s/overlays/staging/Kustomization');
  await put('infra/k8s/overlays/staging/regions/eu-central/kustomization.yaml');
  await put('infra/k8s/overlays/staging/kustomization.yaml.orig');
  await put('infra/k8s/overlays/staging/kustomization.json', '{}');
  await put('infra/k8s/.git/kustomization.yaml');
  await put('infra/other/kustomization.yaml');
  await put('.git/kustomization.yaml');
});

afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

describe('findKustomizations', () => {
  it('finds all three file names in nested directories, sorted, skipping .git', async () => {
    expect(await findKustomizations(repo, ['infra/k8s'])).toEqual([
      'infra/k8s/base/signal-generation-engine/kustomization.yaml',
      'infra/k8s/overlays/production/kustomization.yml',
      'infra/k8s/overlays/staging/Kustomization',
      'infra/k8s/overlays/staging/regions/eu-central/kustomization.yaml',
    ]);
  });

  it('lists a file once when paths overlap', async () => {
    expect(await findKustomizations(repo, ['infra/k8s/overlays/staging', 'infra/other', 'infra/k8s/overlays'])).toEqual([
      'infra/k8s/overlays/production/kustomization.yml',
      'infra/k8s/overlays/staging/Kustomization',
      'infra/k8s/overlays/staging/regions/eu-central/kustomization.yaml',
      'infra/other/kustomization.yaml',
    ]);
  });

  it('walks the whole repository for "." and still skips .git', async () => {
    expect(await findKustomizations(repo, ['.'])).toEqual([
      'infra/k8s/base/signal-generation-engine/kustomization.yaml',
      'infra/k8s/overlays/production/kustomization.yml',
      'infra/k8s/overlays/staging/Kustomization',
      'infra/k8s/overlays/staging/regions/eu-central/kustomization.yaml',
      'infra/other/kustomization.yaml',
    ]);
  });

  it('returns nothing for a directory without kustomizations', async () => {
    await mkdir(path.join(repo, 'infra/empty'));
    expect(await findKustomizations(repo, ['infra/empty'])).toEqual([]);
  });

  it('works when the repository root itself is reached through a link', async () => {
    const linked = path.join(temp, 'linked-repo');
    await symlink(repo, linked);
    expect(await findKustomizations(linked, ['infra/other'])).toEqual(['infra/other/kustomization.yaml']);
  });

  it('refuses a symlinked kustomization file', async () => {
    await mkdir(path.join(repo, 'infra/k8s/overlays/dev'));
    await symlink('../production/kustomization.yml', path.join(repo, 'infra/k8s/overlays/dev/kustomization.yaml'));
    const error = await refusal(['infra/k8s']);
    expect(error.file).toBe('infra/k8s/overlays/dev/kustomization.yaml');
    expect(error.message).toBe('infra/k8s/overlays/dev/kustomization.yaml: is a symbolic link; links are not followed under the manifests paths');
  });

  it('refuses a symlinked directory inside the walk without following it', async () => {
    await mkdir(path.join(temp, 'outside'));
    await writeFile(path.join(temp, 'outside/kustomization.yaml'), KUSTOMIZATION);
    await symlink(path.join(temp, 'outside'), path.join(repo, 'infra/k8s/overlays/shared'));
    const error = await refusal(['infra/k8s/overlays']);
    expect(error.message).toBe('infra/k8s/overlays/shared: is a symbolic link; links are not followed under the manifests paths');
  });

  it('refuses a path that leaves the repository with ..', async () => {
    const error = await refusal(['infra/../../outside']);
    expect(error.message).toBe('infra/../../outside: manifests path leaves the repository');
  });

  it('refuses an absolute path outside the repository', async () => {
    const error = await refusal([os.tmpdir()]);
    expect(error.message).toMatch(/manifests path leaves the repository$/);
  });

  it('refuses a path that is a link to outside the repository', async () => {
    await mkdir(path.join(temp, 'outside'));
    await symlink(path.join(temp, 'outside'), path.join(repo, 'infra/external'));
    const error = await refusal(['infra/external']);
    expect(error.message).toBe('infra/external: manifests path is reached through a symbolic link to outside the repository');
  });

  it('refuses a path reached through a link inside the repository', async () => {
    await symlink('k8s', path.join(repo, 'infra/k8s-alias'));
    const error = await refusal(['infra/k8s-alias/overlays']);
    expect(error.message).toBe('infra/k8s-alias/overlays: manifests path is reached through a symbolic link');
  });

  it('names a missing directory', async () => {
    const error = await refusal(['infra/k8s', 'infra/k8s/overlays/qa']);
    expect(error.file).toBe('infra/k8s/overlays/qa');
    expect(error.message).toBe('infra/k8s/overlays/qa: manifests path does not exist in the repository');
  });

  it('refuses a path that is a file', async () => {
    const error = await refusal(['infra/other/kustomization.yaml']);
    expect(error.message).toBe('infra/other/kustomization.yaml: manifests path is not a directory');
  });

  it('refuses a kustomization over 1 MiB and accepts one of exactly 1 MiB', async () => {
    await put('infra/k8s/overlays/production/kustomization.yml', `# ${'x'.repeat(1024 * 1024 - 3)}\n`);
    expect(await findKustomizations(repo, ['infra/k8s/overlays/production'])).toEqual(['infra/k8s/overlays/production/kustomization.yml']);
    await put('infra/k8s/overlays/production/kustomization.yml', `# ${'x'.repeat(1024 * 1024 - 2)}\n`);
    const error = await refusal(['infra/k8s/overlays/production']);
    expect(error.message).toBe('infra/k8s/overlays/production/kustomization.yml: is 1048577 bytes, over the 1 MiB a kustomization may have');
  });
});
