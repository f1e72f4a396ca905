// The FTMO example's workflows: they parse, call the action only with inputs that action.yml
// declares, pin every third-party action by commit SHA, grant write permissions only to the
// jobs that push, and keep expressions out of shell scripts.
import { access, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { SERVICES } from '../harness/ftmo.js';
import { DEFAULT_CACHE_DIR, DEFAULT_DB_REPOSITORIES } from '../../src/domain/scan/trivy-db-inputs.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = path.join(REPO, 'examples', 'ftmo-trading');
const WORKFLOWS = path.join(EXAMPLE, '.github', 'workflows');
// How the example refers to this action; its README tells users to pin it by SHA instead.
const THE_ACTION = 'org/ftmo-deploy@v1';

interface Step {
  uses?: string;
  id?: string;
  if?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix?: { service?: string[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string };
  jobs: Record<string, Job>;
}
interface ActionInput {
  required?: boolean;
  default?: string;
}

const texts = new Map<string, string>();
const workflows = new Map<string, Workflow>();
let actionInputs: Record<string, ActionInput> = {};

beforeAll(async () => {
  for (const file of (await readdir(WORKFLOWS)).filter((f) => /\.ya?ml$/.test(f))) {
    const text = await readFile(path.join(WORKFLOWS, file), 'utf8');
    texts.set(file, text);
    const doc = YAML.parseDocument(text);
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    workflows.set(file, doc.toJS() as Workflow);
  }
  const action = YAML.parse(await readFile(path.join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, ActionInput> };
  actionInputs = action.inputs;
});

function workflow(file: string): Workflow {
  const found = workflows.get(file);
  if (!found) throw new Error(`missing workflow ${file}`);
  return found;
}

function allSteps(file: string): Step[] {
  return Object.values(workflow(file).jobs).flatMap((job) => job.steps);
}

function actionSteps(file: string): Step[] {
  return allSteps(file).filter((step) => step.uses === THE_ACTION);
}

describe('the FTMO example workflows', () => {
  it('are exactly the pipeline, its fan-out variant and the rollback', () => {
    expect([...workflows.keys()].sort()).toEqual(['pipeline-fanout.yml', 'pipeline.yml', 'rollback.yml']);
  });

  it.each(['pipeline.yml', 'pipeline-fanout.yml', 'rollback.yml'])('%s calls the action with declared inputs only, required ones included', (file) => {
    const steps = actionSteps(file);
    expect(steps.length).toBeGreaterThan(0);
    const declared = Object.keys(actionInputs);
    const required = declared.filter((name) => actionInputs[name]?.required === true);
    expect(required).toContain('service');
    for (const step of steps) {
      const given = Object.keys(step.with ?? {});
      expect(declared).toEqual(expect.arrayContaining(given));
      expect(given).toEqual(expect.arrayContaining(required));
    }
  });

  it.each(['pipeline.yml', 'pipeline-fanout.yml', 'rollback.yml'])('%s pins every other action to a full commit SHA, with its version in a comment', (file) => {
    const others = allSteps(file).filter((s) => s.uses !== undefined && s.uses !== THE_ACTION);
    expect(others.length).toBeGreaterThan(0);
    const lines = (texts.get(file) ?? '').split('\n');
    for (const step of others) {
      expect(step.uses).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/);
      const line = lines.find((l) => l.includes(`uses: ${step.uses}`));
      expect(line, step.uses).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+)*$/);
    }
  });

  it.each(['pipeline.yml', 'pipeline-fanout.yml', 'rollback.yml'])('%s keeps ${{ }} expressions out of run: scripts', (file) => {
    for (const step of allSteps(file).filter((s) => s.run !== undefined)) {
      expect(step.run).not.toContain('${{');
    }
  });

  it.each(['pipeline.yml', 'pipeline-fanout.yml', 'rollback.yml'])('%s is read-only at the top and never runs on pull_request_target', (file) => {
    expect(workflow(file).permissions).toEqual({ contents: 'read' });
    expect(Object.keys(workflow(file).on)).not.toContain('pull_request_target');
    expect(workflow(file).concurrency?.group).toBeTruthy();
  });

  it('grants write permissions only to the jobs that push and record', () => {
    const permissions = (file: string) =>
      Object.fromEntries(Object.entries(workflow(file).jobs).map(([name, job]) => [name, job.permissions]));
    expect(permissions('pipeline.yml')).toEqual({
      'trivy-db': { contents: 'read' },
      test: { contents: 'read' },
      deploy: { contents: 'write', packages: 'write', deployments: 'write', 'pull-requests': 'write' },
    });
    expect(permissions('pipeline-fanout.yml')).toEqual({
      build: { contents: 'read', packages: 'write' },
      merge: { contents: 'write', packages: 'write', deployments: 'write' },
    });
    expect(permissions('rollback.yml')).toEqual({ rollback: { contents: 'write', packages: 'read', deployments: 'write' } });
  });

  it('fans out: one leg per service and platform on a native runner, pushed by digest, merged per service', () => {
    const build = workflow('pipeline-fanout.yml').jobs.build as Job & { 'runs-on': string; strategy: { matrix: { include: Record<string, string>[]; platform: string[] } } };
    expect(build.strategy.matrix.service).toEqual([...SERVICES]);
    expect(build.strategy.matrix.include.map(({ platform, runner }) => [platform, runner])).toEqual([
      ['linux/amd64', 'ubuntu-24.04'],
      ['linux/arm64', 'ubuntu-24.04-arm'],
    ]);
    expect(build['runs-on']).toBe('${{ matrix.runner }}');
    const [leg, merge] = actionSteps('pipeline-fanout.yml');
    expect(leg?.with).toMatchObject({ platforms: '${{ matrix.platform }}', push: 'by-digest' });
    expect(merge?.with).toMatchObject({ mode: 'merge', digests: '${{ steps.digests.outputs.json }}' });
    const mergeJob = workflow('pipeline-fanout.yml').jobs.merge as Job;
    expect(mergeJob.needs).toBe('build');
    // Each leg's file is one artefact; the merge downloads its service's by pattern.
    const upload = build.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    const download = mergeJob.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'));
    expect(upload?.with?.name).toBe('digests-${{ matrix.service }}-${{ matrix.arch }}');
    expect(download?.with?.pattern).toBe('digests-${{ matrix.service }}-*');
    // Both jobs use a docker-container builder: the default docker driver cannot push by digest.
    for (const job of [build, mergeJob]) expect(job.steps.some((step) => step.uses?.startsWith('docker/setup-buildx-action@'))).toBe(true);
  });

  it('records pins as Deployments to staging or production, and comments on pull requests only', () => {
    const [deploy] = actionSteps('pipeline.yml');
    const environment = deploy?.with?.environment ?? '';
    // The same choice of overlay as manifests-path: develop deploys staging, main production.
    expect(environment).toBe("${{ github.ref == 'refs/heads/develop' && 'staging' || 'production' }}");
    expect((deploy?.with?.['manifests-path'] ?? '').split('\n')[1]).toBe(`infra/k8s/overlays/${environment}`);
    expect(deploy?.with?.['pr-comment']).toBe("${{ github.event_name == 'pull_request' }}");
    const [rollback] = actionSteps('rollback.yml');
    expect(rollback?.with?.environment).toBe('${{ inputs.environment }}');
    expect(rollback?.with?.['pr-comment']).toBeUndefined();
  });

  it('runs the pipeline on pushes to main and develop and on pull requests', () => {
    const on = workflow('pipeline.yml').on as { push?: { branches?: string[] }; pull_request?: unknown };
    expect(on.push?.branches).toEqual(['main', 'develop']);
    expect(Object.keys(on).sort()).toEqual(['pull_request', 'push', 'schedule']);
  });

  it('lints and tests every service with the shared package, each in its own job that does not stop the others', () => {
    const test = workflow('pipeline.yml').jobs.test as Job;
    expect(test.strategy?.matrix?.service).toEqual(SERVICES);
    expect(test.strategy?.['fail-fast']).toBe(false);
    expect(test.env).toEqual({ SERVICE_DIR: 'services/${{ matrix.service }}', COMMON_DIR: 'services/common' });
    const scripts = test.steps.flatMap((s) => (s.run === undefined ? [] : [s.run]));
    expect(scripts.join('\n')).toContain('pip install -r "$SERVICE_DIR/requirements-dev.txt"');
    // Each tool runs over the shared package and the service, with coverage for both.
    for (const tool of ['flake8', 'black --check', 'isort --check-only', 'pytest']) {
      const script = scripts.find((s) => s.startsWith(tool));
      expect(script, tool).toContain('"$COMMON_DIR" "$SERVICE_DIR"');
    }
    expect(scripts.find((s) => s.startsWith('pytest'))).toContain('--cov="$COMMON_DIR" --cov="$SERVICE_DIR"');
  });

  it('deploys every service after the tests, from the services/ context with its own Dockerfile, into an overlay that exists', async () => {
    const deploy = workflow('pipeline.yml').jobs.deploy as Job;
    expect(deploy.needs).toBe('test');
    expect(deploy.strategy?.matrix?.service).toEqual(SERVICES);
    expect(deploy.strategy?.['fail-fast']).toBe(false);
    const [step] = actionSteps('pipeline.yml');
    expect(step?.with?.service).toBe('${{ matrix.service }}');
    // One context for every image, holding the shared package beside the services.
    expect(step?.with?.context).toBe('services');
    expect(step?.with?.file).toBe('services/${{ matrix.service }}/Dockerfile');
    // The bases travel with the overlay: the manifests branch holds only these directories.
    const paths = (step?.with?.['manifests-path'] ?? '').trim().split('\n');
    expect(paths[0]).toBe('infra/k8s/base');
    expect(paths[1]).toBe("infra/k8s/overlays/${{ github.ref == 'refs/heads/develop' && 'staging' || 'production' }}");
    for (const overlay of ['infra/k8s/base', 'infra/k8s/overlays/production', 'infra/k8s/overlays/staging']) {
      await expect(access(path.join(EXAMPLE, overlay, 'kustomization.yaml'))).resolves.toBeUndefined();
    }
    await expect(access(path.join(EXAMPLE, 'services', 'common', 'ftmo_service'))).resolves.toBeUndefined();
    for (const service of SERVICES) await expect(access(path.join(EXAMPLE, 'services', service, 'Dockerfile'))).resolves.toBeUndefined();
  });

  it("restores Trivy's DB cache before the action and saves it after, even when the gate failed", () => {
    const steps = (workflow('pipeline.yml').jobs.deploy as Job).steps;
    const at = (prefix: string) => steps.findIndex((step) => step.uses?.startsWith(prefix) === true);
    const restore = steps[at('actions/cache/restore@')];
    const save = steps[at('actions/cache/save@')];
    expect(at('actions/cache/restore@')).toBeLessThan(steps.findIndex((step) => step.uses === THE_ACTION));
    expect(at('actions/cache/save@')).toBeGreaterThan(steps.findIndex((step) => step.uses === THE_ACTION));
    // The DB directory in the action's default cache directory, the same key both ways.
    expect(restore?.with?.path).toBe(`${DEFAULT_CACHE_DIR}/db`);
    expect(save?.with).toEqual({ path: restore?.with?.path, key: restore?.with?.key });
    expect(restore?.with?.['restore-keys']).toBe('trivy-db-');
    expect(save?.if).toMatch(/^always\(\) && steps\.trivy-db\.outputs\.cache-hit != 'true'$/);
    expect(restore?.id).toBe('trivy-db');
  });

  it('warms the DB cache once a day from the default repositories in order, and does nothing else on the schedule', () => {
    const on = workflow('pipeline.yml').on as { schedule?: { cron: string }[] };
    expect(on.schedule).toHaveLength(1);
    const warm = workflow('pipeline.yml').jobs['trivy-db'] as Job;
    expect(warm.if).toBe("github.event_name == 'schedule'");
    expect((workflow('pipeline.yml').jobs.test as Job).if).toBe("github.event_name != 'schedule'");
    const download = warm.steps.find((step) => step.run?.includes('--download-db-only') === true)?.run ?? '';
    expect(download).toContain(`for repository in ${DEFAULT_DB_REPOSITORIES.join(' ')}; do`);
    expect(download).toContain('sha256sum -c -');
    expect(warm.steps.find((step) => step.uses?.startsWith('actions/cache/save@') === true)?.with?.path).toBe(`${DEFAULT_CACHE_DIR}/db`);
  });

  it('rolls back by pinning an existing tag of a chosen service in deploy mode', async () => {
    const dispatch = (workflow('rollback.yml').on as {
      workflow_dispatch: { inputs: Record<string, { type: string; required?: boolean; options?: string[] }> };
    }).workflow_dispatch;
    expect(Object.keys(workflow('rollback.yml').on)).toEqual(['workflow_dispatch']);
    expect(dispatch.inputs.service).toMatchObject({ type: 'choice', required: true, options: SERVICES });
    expect(dispatch.inputs.tag).toMatchObject({ type: 'string', required: true });
    const environments = dispatch.inputs.environment?.options ?? [];
    expect(environments.sort()).toEqual(['production', 'staging']);

    const [step] = actionSteps('rollback.yml');
    expect(step?.with).toMatchObject({ mode: 'deploy', service: '${{ inputs.service }}', tag: '${{ inputs.tag }}' });
    for (const environment of environments) {
      const paths = (step?.with?.['manifests-path'] ?? '').replace('${{ inputs.environment }}', environment).trim().split('\n');
      expect(paths).toEqual(['infra/k8s/base', `infra/k8s/overlays/${environment}`]);
      for (const dir of paths) await expect(access(path.join(EXAMPLE, dir, 'kustomization.yaml'))).resolves.toBeUndefined();
    }
  });
});
