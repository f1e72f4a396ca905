import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NoRendererError, findRenderer, render } from '../../../src/adapters/kustomize/render.js';
import { ToolError } from '../../../src/domain/errors.js';
import { applyPin, imageReference, renderContainsImage, type Pin } from '../../../src/domain/manifests/kustomize-edit.js';

const DIGEST = 'sha256:4f8e2a9c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d1f3a5c7e9b2d4f';
const PIN: Pin = {
  service: 'signal-generation-engine',
  image: 'ghcr.io/acme/signal-generation-engine',
  tag: 'main-3f2a9c1',
  digest: DIGEST,
};

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: signal-generation-engine
spec:
  selector:
    matchLabels:
      app: signal-generation-engine
  template:
    metadata:
      labels:
        app: signal-generation-engine
    spec:
      containers:
        - name: signal-generation-engine
          image: signal-generation-engine
          ports:
            - containerPort: 8000
`;

let temp: string;

beforeEach(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), 'kustomize-'));
});

afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

/** This process's environment, as the action passes it to tools. */
function processEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

async function write(relative: string, content: string): Promise<string> {
  const file = path.join(temp, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

/** A base for the service and a production overlay with the given images section. */
async function baseAndOverlay(images: string): Promise<string> {
  await write('base/deployment.yaml', DEPLOYMENT);
  await write('base/kustomization.yaml', 'resources:\n  - deployment.yaml\n');
  await write('overlays/production/kustomization.yaml', `namespace: dax-trading\nresources:\n  - ../../base\n${images}`);
  return path.join(temp, 'overlays/production');
}

async function toolError(promise: Promise<unknown>): Promise<ToolError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('render with the renderer installed on this machine', () => {
  it('renders an entry with newTag and digest as name:tag@digest', async () => {
    const overlay = await baseAndOverlay(
      `images:\n  - name: signal-generation-engine\n    newName: ghcr.io/acme/signal-generation-engine\n    newTag: main-3f2a9c1\n    digest: ${DIGEST}\n`,
    );
    const rendered = await render(overlay, processEnv());
    expect(rendered).toMatch(/^ +- image: ghcr\.io\/acme\/signal-generation-engine:main-3f2a9c1@sha256:4f8e2a9c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d1f3a5c7e9b2d4f$/m);
    expect(rendered).toMatch(/^ {2}namespace: dax-trading$/m);
    expect(renderContainsImage(rendered, `ghcr.io/acme/signal-generation-engine:main-3f2a9c1@${DIGEST}`)).toBe(true);
  });

  it('renders what applyPin wrote: the pinned reference appears only after the edit', async () => {
    const overlay = await baseAndOverlay('images:\n  - name: signal-generation-engine # pinned by CI\n    newTag: main-0d9e8f7\n');
    const env = processEnv();
    const before = await render(overlay, env);
    expect(renderContainsImage(before, imageReference(PIN))).toBe(false);

    const file = path.join(overlay, 'kustomization.yaml');
    const edit = applyPin(await readFile(file, 'utf8'), PIN, 'overlays/production/kustomization.yaml');
    expect(edit.changed).toBe(true);
    await writeFile(file, edit.text);
    expect(renderContainsImage(await render(overlay, env), imageReference(PIN))).toBe(true);
  });

  it('renders a pinned flow-style entry and a quoted numeric tag', async () => {
    const overlay = await baseAndOverlay('images:\n  - {name: signal-generation-engine, newTag: v1}\n');
    const file = path.join(overlay, 'kustomization.yaml');
    const pin = { ...PIN, tag: '1.20' };
    await writeFile(file, applyPin(await readFile(file, 'utf8'), pin, 'overlays/production/kustomization.yaml').text);
    const rendered = await render(overlay, processEnv());
    expect(renderContainsImage(rendered, `ghcr.io/acme/signal-generation-engine:1.20@${DIGEST}`)).toBe(true);
  });

  it('a broken resource path fails with an error carrying the renderer stderr', async () => {
    await write('overlays/broken/kustomization.yaml', 'resources:\n  - missing-deployment.yaml\n');
    const error = await toolError(render(path.join(temp, 'overlays/broken'), processEnv()));
    expect(error.message).toMatch(/^(kustomize build|kubectl kustomize) failed for ".*overlays\/broken" \(exit code 1\): ".*missing-deployment\.yaml/);
  });
});

describe('choosing the renderer (fake tools on PATH)', () => {
  const RENDERED = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: fake', ''].join('\\n');

  /** A fake executable that appends its argv to $ARGV_LOG and behaves per `body` (sh case arms). */
  async function fakeTool(dir: string, name: string, body: string): Promise<void> {
    const file = await write(`${dir}/${name}`, `#!/bin/sh\necho "${name} $*" >> "$ARGV_LOG"\ncase "$1" in\n${body}\nesac\n`);
    await chmod(file, 0o755);
  }

  const fakeKustomize = (versionExit: number) =>
    `  version) echo "v5.4.3"; exit ${versionExit} ;;\n  build) printf '${RENDERED}' ;;\n  *) exit 2 ;;`;
  const fakeKubectl = `  kustomize) if [ "$2" = "--help" ]; then echo "Build a set of KRM resources"; else printf '${RENDERED}'; fi ;;\n  *) exit 2 ;;`;
  // kubectl before 1.14, as cobra answers a command it does not have.
  const oldKubectl = `  *) echo 'Error: unknown command "'"$1"'" for "kubectl"' >&2; echo "Run 'kubectl --help' for usage." >&2; exit 1 ;;`;

  function fakeEnv(...dirs: string[]): Record<string, string> {
    return { PATH: dirs.map((dir) => path.join(temp, dir)).join(path.delimiter), ARGV_LOG: path.join(temp, 'argv.log') };
  }

  const argv = async (): Promise<string[]> => (await readFile(path.join(temp, 'argv.log'), 'utf8')).trimEnd().split('\n');

  it('prefers `kustomize build` when kustomize is installed', async () => {
    await fakeTool('bin', 'kustomize', fakeKustomize(0));
    await fakeTool('bin', 'kubectl', fakeKubectl);
    const env = fakeEnv('bin');
    const renderer = await findRenderer(env);
    expect(renderer.name).toBe('kustomize build');
    expect(renderer.command).toBe(path.join(temp, 'bin/kustomize'));
    expect(await render('overlays/production', env, renderer)).toBe('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: fake\n');
    // Nothing runs to find the renderer: the render is the only call.
    expect(await argv()).toEqual([`kustomize build ${path.resolve('overlays/production')}`]);
  });

  it('falls back to `kubectl kustomize` when there is no kustomize', async () => {
    await fakeTool('kubectl-only', 'kubectl', fakeKubectl);
    const env = fakeEnv('empty', 'kubectl-only');
    await mkdir(path.join(temp, 'empty'));
    const dir = path.join(temp, 'overlays/staging');
    expect(await render(dir, env)).toBe('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: fake\n');
    expect(await argv()).toEqual([`kubectl kustomize ${dir}`]);
  });

  it('finds the renderer without running anything', async () => {
    await fakeTool('bin', 'kustomize', fakeKustomize(1));
    await fakeTool('bin', 'kubectl', fakeKubectl);
    const renderer = await findRenderer(fakeEnv('bin'));
    expect(renderer.name).toBe('kustomize build');
    expect(renderer.command).toBe(path.join(temp, 'bin/kustomize'));
    await expect(readFile(path.join(temp, 'argv.log'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('says so when the kubectl found is too old to have `kubectl kustomize`', async () => {
    await fakeTool('old', 'kubectl', oldKubectl);
    const env = fakeEnv('old');
    const renderer = await findRenderer(env);
    expect(renderer.name).toBe('kubectl kustomize');
    const error = await toolError(render(path.join(temp, 'overlays/production'), env, renderer));
    expect(error).toBeInstanceOf(NoRendererError);
    expect(error.message).toBe(
      `Cannot render the manifests: the \`kubectl\` found on PATH ("${path.join(temp, 'old/kubectl')}") has no \`kubectl kustomize\` ` +
        '(kubectl 1.14 and later have it built in), and `kustomize` was not found on PATH. ' +
        'Install kustomize or a newer kubectl before this step (GitHub-hosted runners have both).',
    );
    expect(await argv()).toEqual([`kubectl kustomize ${path.join(temp, 'overlays/production')}`]);
  });

  it('an unknown command from a standalone kustomize is an ordinary render failure', async () => {
    await fakeTool('bin', 'kustomize', `  *) echo 'Error: unknown command "build" for "kustomize"' >&2; exit 1 ;;`);
    const error = await toolError(render('/repo/overlays/production', fakeEnv('bin')));
    expect(error).not.toBeInstanceOf(NoRendererError);
    expect(error.message).toBe('kustomize build failed for "/repo/overlays/production" (exit code 1): "Error: unknown command \\"build\\" for \\"kustomize\\""');
  });

  it('passes the renderer stderr on in the error', async () => {
    await fakeTool('bin', 'kustomize', `  version) exit 0 ;;\n  build) echo "Error: accumulating resources: open deployment.yaml: no such file or directory" >&2; exit 1 ;;`);
    const error = await toolError(render('/repo/infra/k8s/overlays/production', fakeEnv('bin')));
    expect(error.message).toBe(
      'kustomize build failed for "/repo/infra/k8s/overlays/production" (exit code 1): ' +
        '"Error: accumulating resources: open deployment.yaml: no such file or directory"',
    );
  });

  it('names both tools when neither is installed', async () => {
    await mkdir(path.join(temp, 'empty'));
    const error = await toolError(findRenderer(fakeEnv('empty')));
    expect(error).toBeInstanceOf(NoRendererError);
    expect(error.message).toContain('neither `kustomize` nor `kubectl`');
    expect(error.message).toContain('`kubectl kustomize`');
    // render looks the tool up the same way
    await toolError(render(temp, fakeEnv('empty')));
  });

  it('ignores relative PATH entries (a repository cannot plant its own renderer)', async () => {
    await fakeTool('bin', 'kustomize', fakeKustomize(0));
    const relative = path.relative(process.cwd(), path.join(temp, 'bin'));
    const error = await toolError(findRenderer({ PATH: relative, ARGV_LOG: path.join(temp, 'argv.log') }));
    expect(error.message).toContain('neither `kustomize` nor `kubectl`');
  });
});
