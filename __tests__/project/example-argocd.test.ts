// The FTMO example's Argo CD side: the project and the Applications watch the manifests branch
// the deploy action writes, and scripts/setup-argocd.sh bootstraps Argo CD. The script runs
// against a fake kubectl that records its arguments, so its steps are checked without a
// cluster.
import { access, chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { execTool } from '../../src/adapters/exec.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/ftmo-trading/', import.meta.url));
const ARGOCD = path.join(EXAMPLE, 'infra', 'argocd');
const SCRIPT = path.join(EXAMPLE, 'scripts', 'setup-argocd.sh');
const ENVIRONMENTS = ['production', 'staging'];

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
}
interface ApplicationSpec {
  project: string;
  source: { repoURL: string; targetRevision: string; path: string; kustomize?: { images?: unknown } };
  destination: { server?: string; namespace: string };
  revisionHistoryLimit?: number;
  syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean }; syncOptions?: string[] };
}
interface ProjectSpec {
  sourceRepos: string[];
  destinations: { server?: string; namespace: string }[];
}

async function loadManifests(): Promise<Manifest[]> {
  const files = (await readdir(ARGOCD)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const texts = await Promise.all(files.map((f) => readFile(path.join(ARGOCD, f), 'utf8')));
  return texts.flatMap((text) => YAML.parseAllDocuments(text).map((doc) => doc.toJS() as Manifest));
}

describe('the FTMO example Argo CD project and Applications', () => {
  it('has one AppProject and one Application per environment', async () => {
    const manifests = await loadManifests();
    expect(manifests.filter((m) => m.kind === 'AppProject').map((m) => m.metadata.name)).toEqual(['ftmo-trading']);
    expect(manifests.filter((m) => m.kind === 'Application').map((m) => m.metadata.name).sort()).toEqual([
      'ftmo-trading-production',
      'ftmo-trading-staging',
    ]);
    for (const manifest of manifests) {
      expect(manifest.apiVersion).toBe('argoproj.io/v1alpha1');
      expect(manifest.metadata.namespace).toBe('argocd');
    }
  });

  it('restricts the project to one repository and the dax-trading namespace', async () => {
    const project = (await loadManifests()).find((m) => m.kind === 'AppProject') as Manifest;
    const spec = project.spec as unknown as ProjectSpec;
    expect(spec.sourceRepos).toHaveLength(1);
    expect(spec.sourceRepos[0]).toMatch(/^https:\/\/github\.com\/[^/*]+\/[^/*]+\.git$/);
    expect(spec.destinations.map((d) => d.namespace)).toEqual(['dax-trading']);
  });

  it.each(ENVIRONMENTS)('%s: watches the manifests branch at its overlay and syncs it automatically', async (environment) => {
    const manifests = await loadManifests();
    const project = manifests.find((m) => m.kind === 'AppProject') as Manifest;
    const application = manifests.find((m) => m.metadata.name === `ftmo-trading-${environment}`) as Manifest;
    const spec = application.spec as unknown as ApplicationSpec;

    expect(spec.project).toBe(project.metadata.name);
    expect((project.spec as unknown as ProjectSpec).sourceRepos).toContain(spec.source.repoURL);
    expect(spec.source.targetRevision).toBe('manifests');
    expect(spec.source.path).toBe(`infra/k8s/overlays/${environment}`);
    await expect(access(path.join(EXAMPLE, spec.source.path, 'kustomization.yaml'))).resolves.toBeUndefined();
    // The overlay's images: entries are the pins; an override here would hide them.
    expect(spec.source.kustomize).toBeUndefined();
    expect(spec.destination.namespace).toBe('dax-trading');
    expect(spec.syncPolicy?.automated).toEqual({ prune: true, selfHeal: true });
    expect(spec.syncPolicy?.syncOptions).toContain('CreateNamespace=true');
    expect(spec.revisionHistoryLimit).toBeGreaterThan(0);
  });
});

describe('scripts/setup-argocd.sh', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  // A kubectl that records each call as a JSON line and answers the few reads the script makes.
  const FAKE_KUBECTL = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const state = process.env.FAKE_KUBECTL_STATE;
const args = process.argv.slice(2);
fs.appendFileSync(path.join(state, 'calls.jsonl'), JSON.stringify(args) + '\\n');
const has = (...words) => words.every((w) => args.includes(w));
const namespaceFile = path.join(state, 'namespace-argocd');
if (has('get', 'namespace', 'argocd')) process.exit(fs.existsSync(namespaceFile) ? 0 : 1);
if (has('create', 'namespace', 'argocd')) { fs.writeFileSync(namespaceFile, ''); process.exit(0); }
if (has('get', 'secret', 'argocd-initial-admin-secret')) {
  if (process.env.FAKE_ADMIN_SECRET === 'absent') process.exit(1);
  if (args.includes('jsonpath={.data.password}')) process.stdout.write(Buffer.from('Adm1n-initial').toString('base64'));
  process.exit(0);
}
if (has('get', 'nodes')) { process.stdout.write('192.0.2.10'); process.exit(0); }
process.exit(0);
`;

  async function fakeCluster(options: { namespaceExists: boolean }): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ftmo-argocd-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'kubectl'), FAKE_KUBECTL);
    await chmod(path.join(dir, 'kubectl'), 0o755);
    if (options.namespaceExists) await writeFile(path.join(dir, 'namespace-argocd'), '');
    return dir;
  }

  async function runScript(dir: string, args: string[], extraEnv: Record<string, string> = {}) {
    const env: Record<string, string> = {
      PATH: `${dir}:${process.env.PATH ?? ''}`,
      HOME: dir,
      KUBECONFIG: path.join(dir, 'kubeconfig'),
      FAKE_KUBECTL_STATE: dir,
      ...extraEnv,
    };
    const result = await execTool('bash', [SCRIPT, ...args], { env });
    const log = await readFile(path.join(dir, 'calls.jsonl'), 'utf8').catch(() => '');
    const calls = log.split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]);
    return { ...result, calls };
  }

  const joined = (calls: string[][]): string[] => calls.map((c) => c.join(' '));

  it('starts with set -euo pipefail', async () => {
    const lines = (await readFile(SCRIPT, 'utf8')).split('\n');
    expect(lines[0]).toBe('#!/usr/bin/env bash');
    const firstCommand = lines.slice(1).find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
    expect(firstCommand).toBe('set -euo pipefail');
  });

  it('passes shellcheck', async (context) => {
    const probe = await execTool('shellcheck', ['--version']);
    if (probe.code === 127) {
      console.warn('shellcheck is not installed: skipping the shellcheck run of setup-argocd.sh');
      context.skip();
    }
    const result = await execTool('shellcheck', [SCRIPT]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('installs a pinned Argo CD, exposes it on NodePort 30080, applies the project and one Application', async () => {
    const dir = await fakeCluster({ namespaceExists: false });
    const run = await runScript(dir, ['production']);
    expect(run.code, run.stderr).toBe(0);
    const calls = joined(run.calls);

    expect(calls).toContain('create namespace argocd');
    const install = run.calls.find((c) => c[0] === 'apply' && c.some((a) => a.includes('argo-cd')));
    expect(install).toBeDefined();
    const url = install?.[install.indexOf('-f') + 1] ?? '';
    expect(url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/argoproj\/argo-cd\/v\d+\.\d+\.\d+\/manifests\/install\.yaml$/);
    expect(install).toEqual(expect.arrayContaining(['-n', 'argocd']));

    const patch = run.calls.find((c) => c.includes('patch') && c.includes('argocd-server'));
    const body = JSON.parse(patch?.[patch.indexOf('-p') + 1] ?? '{}') as { spec?: { type?: string; ports?: { nodePort?: number }[] } };
    expect(body.spec?.type).toBe('NodePort');
    expect(body.spec?.ports?.map((p) => p.nodePort)).toContain(30080);

    const applied = run.calls.filter((c) => c[0] === 'apply' && c[1] === '-f').map((c) => path.relative(EXAMPLE, c[2] ?? ''));
    expect(applied).toEqual(['infra/argocd/project.yaml', 'infra/argocd/application-production.yaml']);
    // The install is waited for before the project is applied.
    const waitIndex = calls.findIndex((c) => c.includes('wait') && c.includes('deployment'));
    expect(waitIndex).toBeGreaterThan(calls.findIndex((c) => c.includes('argo-cd')));
    expect(waitIndex).toBeLessThan(calls.findIndex((c) => c.endsWith('project.yaml')));

    expect(run.stdout).toContain('Adm1n-initial');
    expect(run.stdout).toContain(':30080');
  });

  it("creates an apiKey-only account whose token may only read the project's Applications", async () => {
    const dir = await fakeCluster({ namespaceExists: false });
    const run = await runScript(dir, ['staging']);
    expect(run.code, run.stderr).toBe(0);
    const patchOf = (configMap: string): Record<string, string> => {
      const call = run.calls.find((c) => c.includes('patch') && c.includes(configMap));
      return (JSON.parse(call?.[call.indexOf('-p') + 1] ?? '{}') as { data?: Record<string, string> }).data ?? {};
    };
    expect(patchOf('argocd-cm')).toEqual({ 'accounts.ftmo-deploy': 'apiKey' });
    expect(patchOf('argocd-rbac-cm')).toEqual({
      'policy.ftmo-deploy.csv': 'p, role:ftmo-deploy, applications, get, ftmo-trading/*, allow\ng, ftmo-deploy, role:ftmo-deploy',
    });
    expect(run.stdout).toContain('argocd account generate-token --account ftmo-deploy');
  });

  it('is idempotent: a second run creates nothing again and still applies everything', async () => {
    const dir = await fakeCluster({ namespaceExists: true });
    const run = await runScript(dir, ['staging'], { FAKE_ADMIN_SECRET: 'absent' });
    expect(run.code, run.stderr).toBe(0);
    const calls = joined(run.calls);
    expect(calls.filter((c) => c.startsWith('create'))).toEqual([]);
    expect(calls.some((c) => c.includes('argo-cd') && c.startsWith('apply'))).toBe(true);
    expect(calls.filter((c) => c.startsWith('apply -f')).map((c) => path.basename(c))).toEqual([
      'project.yaml',
      'application-staging.yaml',
    ]);
    // The initial password was already deleted: said, not an error, and not waited for.
    expect(run.stdout).toContain('No argocd-initial-admin-secret');
    expect(calls.filter((c) => c.includes('argocd-initial-admin-secret'))).toHaveLength(1);
  });

  it('refuses an unknown environment before touching the cluster', async () => {
    const dir = await fakeCluster({ namespaceExists: false });
    const run = await runScript(dir, ['qa']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage:');
    expect(run.calls).toEqual([]);
  });
});
