// The FTMO example's Kubernetes manifests, rendered for real (`kubectl kustomize`, or
// `kustomize build`) and checked against what the system needs: every service deployed in
// dax-trading with its database settings, secrets and health probes, production sized as the
// system's table says, staging smaller, and every image pinned by the overlay's images: entry
// (the entry the deploy action edits).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { execTool } from '../../src/adapters/exec.js';
import { SERVICES } from '../harness/ftmo.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/ftmo-trading/', import.meta.url));
const K8S = path.join(EXAMPLE, 'infra', 'k8s');
const OWNER = 'ftmo-example';

// The workers (data collector, news ingestion) are called by nobody: no Service.
const WITH_SERVICE = [
  'signal-generation-engine',
  'technical-pattern-service',
  'finbert-sentiment-service',
  'signal-monitoring',
  'dax-llm-service',
  'finbert-trading-llm',
];

// The system's sizing table; the last two rows are the example's own choice (see its README).
const PRODUCTION_RESOURCES: Record<string, [cpuRequest: string, memoryRequest: string, cpuLimit: string, memoryLimit: string]> = {
  'postgres-data-collector': ['250m', '256Mi', '500m', '512Mi'],
  'signal-generation-engine': ['500m', '1Gi', '1000m', '2Gi'],
  'technical-pattern-service': ['250m', '512Mi', '500m', '1Gi'],
  'finbert-sentiment-service': ['1000m', '2Gi', '2000m', '4Gi'],
  'news-ingestion-service': ['250m', '256Mi', '500m', '512Mi'],
  'signal-monitoring': ['250m', '256Mi', '500m', '512Mi'],
  'dax-llm-service': ['2000m', '6Gi', '4000m', '8Gi'],
  'finbert-trading-llm': ['1000m', '2Gi', '2000m', '4Gi'],
};

const EXPECTED_ENV = [
  { name: 'POSTGRES_HOST', value: 'postgres-service' },
  { name: 'POSTGRES_PORT', value: '5432' },
  { name: 'POSTGRES_DB', value: 'finrl_dax' },
  { name: 'POSTGRES_USER', value: 'finrl_user' },
  { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-secret', key: 'POSTGRES_PASSWORD' } } },
  {
    name: 'ALPHA_VANTAGE_KEY',
    valueFrom: { secretKeyRef: { name: 'api-keys-secret', key: 'ALPHA_VANTAGE_KEY', optional: true } },
  },
  { name: 'FMP_KEY', valueFrom: { secretKeyRef: { name: 'api-keys-secret', key: 'FMP_KEY', optional: true } } },
];

interface Probe {
  httpGet?: { path?: string; port?: string | number };
}
interface Container {
  name: string;
  image: string;
  env?: unknown[];
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; runAsNonRoot?: boolean };
}
interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: {
    replicas?: number;
    template?: {
      spec: {
        securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
        containers: Container[];
      };
    };
  };
}
interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** Renders a kustomization with whichever renderer the machine has; fails when it has none. */
async function render(dir: string): Promise<Resource[]> {
  let result = await execTool('kubectl', ['kustomize', dir]);
  if (result.code === 127) result = await execTool('kustomize', ['build', dir]);
  if (result.code === 127) throw new Error('neither kubectl nor kustomize is installed: the manifests cannot be rendered');
  if (result.code !== 0) throw new Error(`rendering ${dir} failed (exit ${result.code}):\n${result.stderr}`);
  return YAML.parseAllDocuments(result.stdout).map((doc) => doc.toJS() as Resource);
}

function deployments(resources: Resource[]): Map<string, Resource> {
  return new Map(resources.filter((r) => r.kind === 'Deployment').map((r) => [r.metadata.name, r]));
}

function containersOf(deployment: Resource): Container[] {
  return deployment.spec?.template?.spec.containers ?? [];
}

async function overlayImages(overlay: string): Promise<ImageEntry[]> {
  const text = await readFile(path.join(K8S, 'overlays', overlay, 'kustomization.yaml'), 'utf8');
  return (YAML.parse(text) as { images: ImageEntry[] }).images;
}

/** CPU in millicores and memory in bytes, for comparing sizes written in different units. */
function quantity(value: string): number {
  const units: Record<string, number> = { m: 1e-3, '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|)$/.exec(value);
  if (!match) throw new Error(`unexpected quantity ${value}`);
  return Number(match[1]) * (units[match[2] ?? ''] ?? Number.NaN);
}

const rendered = new Map<string, Resource[]>();
beforeAll(async () => {
  for (const target of ['base', 'overlays/staging', 'overlays/production']) {
    rendered.set(target, await render(path.join(K8S, target)));
  }
});

describe('the FTMO example base', () => {
  it('leaves the images unpinned: the Deployments name the repositories the overlays pin', () => {
    const base = deployments(rendered.get('base') ?? []);
    for (const service of SERVICES) {
      expect(containersOf(base.get(service) as Resource).map((c) => c.image)).toEqual([`ghcr.io/${OWNER}/${service}`]);
    }
  });
});

describe.each(['staging', 'production'])('the FTMO example, %s overlay', (overlay) => {
  const resources = (): Resource[] => rendered.get(`overlays/${overlay}`) ?? [];

  it('renders one Deployment per service, the Services of the HTTP services and the namespace', () => {
    expect([...deployments(resources()).keys()].sort()).toEqual([...SERVICES].sort());
    const services = resources().filter((r) => r.kind === 'Service').map((r) => r.metadata.name);
    expect(services.sort()).toEqual([...WITH_SERVICE].sort());
    expect(resources().filter((r) => r.kind === 'Namespace').map((r) => r.metadata.name)).toEqual(['dax-trading']);
  });

  it('keeps Argo CD from pruning the namespace, which also holds the database and the secrets', () => {
    const namespace = resources().find((r) => r.kind === 'Namespace');
    expect(namespace?.metadata.annotations?.['argocd.argoproj.io/sync-options']).toBe('Prune=false');
  });

  it('puts every namespaced resource in dax-trading', () => {
    for (const resource of resources().filter((r) => r.kind !== 'Namespace')) {
      expect(resource.metadata.namespace, `${resource.kind}/${resource.metadata.name}`).toBe('dax-trading');
    }
  });

  it('gives every container the database settings and the secret references, once each', () => {
    for (const deployment of deployments(resources()).values()) {
      const containers = containersOf(deployment);
      expect(containers.length).toBeGreaterThan(0);
      for (const container of containers) {
        const env = container.env ?? [];
        for (const variable of EXPECTED_ENV) {
          const matches = env.filter((e) => (e as { name: string }).name === variable.name);
          expect(matches, `${deployment.metadata.name}/${container.name} ${variable.name}`).toEqual([variable]);
        }
      }
    }
  });

  it('probes every container for liveness and readiness on /health at a declared port', () => {
    for (const deployment of deployments(resources()).values()) {
      for (const container of containersOf(deployment)) {
        const where = `${deployment.metadata.name}/${container.name}`;
        const declared = (container.ports ?? []).flatMap((p) => [p.name, p.containerPort]);
        for (const probe of [container.livenessProbe, container.readinessProbe]) {
          expect(probe?.httpGet?.path, where).toBe('/health');
          expect(declared, where).toContain(probe?.httpGet?.port);
        }
      }
    }
  });

  it('runs every pod as a non-root numeric user without privilege escalation', () => {
    for (const deployment of deployments(resources()).values()) {
      const podSecurity = deployment.spec?.template?.spec.securityContext;
      expect(podSecurity?.runAsNonRoot, deployment.metadata.name).toBe(true);
      expect(podSecurity?.runAsUser, deployment.metadata.name).toBeGreaterThan(0);
      for (const container of containersOf(deployment)) {
        expect(container.securityContext?.allowPrivilegeEscalation, container.name).toBe(false);
      }
    }
  });

  it("pins every Deployment's image by the overlay's images: entry", async () => {
    const entries = await overlayImages(overlay);
    expect(entries.map((e) => e.name).sort()).toEqual(SERVICES.map((s) => `ghcr.io/${OWNER}/${s}`).sort());
    for (const [service, deployment] of deployments(resources())) {
      const entry = entries.find((e) => e.name === `ghcr.io/${OWNER}/${service}`) as ImageEntry;
      expect(entry.newTag, service).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/);
      const digest = entry.digest === undefined ? '' : `@${entry.digest}`;
      const expected = `${entry.newName ?? entry.name}:${entry.newTag}${digest}`;
      expect(containersOf(deployment).map((c) => c.image)).toEqual([expected]);
    }
  });
});

describe('production sizing', () => {
  it('equals the sizing table for every service', () => {
    const production = deployments(rendered.get('overlays/production') ?? []);
    for (const [service, [cpuRequest, memoryRequest, cpuLimit, memoryLimit]] of Object.entries(PRODUCTION_RESOURCES)) {
      expect(containersOf(production.get(service) as Resource).map((c) => c.resources), service).toEqual([
        { requests: { cpu: cpuRequest, memory: memoryRequest }, limits: { cpu: cpuLimit, memory: memoryLimit } },
      ]);
    }
  });

  it('keeps staging at or below production, in replicas and in every request and limit', () => {
    const production = deployments(rendered.get('overlays/production') ?? []);
    const staging = deployments(rendered.get('overlays/staging') ?? []);
    let smallerSomewhere = false;
    for (const service of SERVICES) {
      const prod = production.get(service) as Resource;
      const stage = staging.get(service) as Resource;
      expect(stage.spec?.replicas ?? 1, service).toBeLessThanOrEqual(prod.spec?.replicas ?? 1);
      const prodResources = containersOf(prod)[0]?.resources;
      const stageResources = containersOf(stage)[0]?.resources;
      for (const kind of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory']) {
          const stageValue = stageResources?.[kind]?.[resource];
          const prodValue = prodResources?.[kind]?.[resource];
          expect(stageValue, `${service} ${kind}.${resource}`).toBeDefined();
          const [s, p] = [quantity(stageValue as string), quantity(prodValue as string)];
          expect(s, `${service} ${kind}.${resource}`).toBeLessThanOrEqual(p);
          smallerSomewhere ||= s < p;
        }
      }
    }
    expect(smallerSomewhere).toBe(true);
  });
});

describe('a pin written the way the deploy action writes it', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reaches the rendered Deployment as image:tag@digest and leaves the other services alone', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ftmo-k8s-'));
    await cp(K8S, dir, { recursive: true });
    const file = path.join(dir, 'overlays', 'production', 'kustomization.yaml');
    const digest = `sha256:${'ab'.repeat(32)}`;
    const original = await readFile(file, 'utf8');
    const entry = `  - name: ghcr.io/${OWNER}/signal-monitoring\n    newTag: not-yet-built\n`;
    expect(original).toContain(entry);
    await writeFile(
      file,
      original.replace(entry, `  - name: ghcr.io/${OWNER}/signal-monitoring\n    newTag: main-1a2b3c4\n    digest: ${digest}\n`),
    );

    const pinned = deployments(await render(path.join(dir, 'overlays', 'production')));
    expect(containersOf(pinned.get('signal-monitoring') as Resource)[0]?.image).toBe(
      `ghcr.io/${OWNER}/signal-monitoring:main-1a2b3c4@${digest}`,
    );
    expect(containersOf(pinned.get('dax-llm-service') as Resource)[0]?.image).toBe(
      `ghcr.io/${OWNER}/dax-llm-service:not-yet-built`,
    );
  });
});
