// The FTMO example's eight Python services: each has what its build and its pipeline job
// need, its Dockerfile builds a non-root multi-stage image on a pinned Python slim image, and
// its code compiles and passes its own tests with nothing but the standard library.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { execTool } from '../../src/adapters/exec.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/ftmo-trading/', import.meta.url));
const SERVICES_DIR = path.join(EXAMPLE, 'services');
const SERVICES = [
  'postgres-data-collector',
  'signal-generation-engine',
  'technical-pattern-service',
  'finbert-sentiment-service',
  'news-ingestion-service',
  'signal-monitoring',
  'dax-llm-service',
  'finbert-trading-llm',
];
const SERVICE_FILES = ['Dockerfile', 'app.py', 'requirements-dev.txt', 'requirements.txt', 'test_app.py'];
const DEV_TOOLS = ['black', 'flake8', 'isort', 'pytest', 'pytest-cov'];

// Python writes no bytecode into the example while these tests run: it goes to a temp dir.
let pycache = '';
beforeAll(async () => {
  pycache = await mkdtemp(path.join(os.tmpdir(), 'ftmo-pycache-'));
});
afterAll(async () => {
  if (pycache) await rm(pycache, { recursive: true, force: true });
});

function pythonEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('PYTHON')) env[key] = value;
  }
  return { ...env, PYTHONPYCACHEPREFIX: pycache, PYTHONDONTWRITEBYTECODE: '1' };
}

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, with comments dropped and continuation lines joined. */
function instructions(dockerfile: string): Instruction[] {
  const logical = dockerfile
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

async function containerPort(service: string): Promise<number | undefined> {
  const text = await readFile(path.join(EXAMPLE, 'infra', 'k8s', 'base', service, 'deployment.yaml'), 'utf8');
  const deployment = YAML.parse(text) as {
    spec: { template: { spec: { containers: { ports?: { containerPort: number }[] }[] } } };
  };
  return deployment.spec.template.spec.containers[0]?.ports?.[0]?.containerPort;
}

describe('the FTMO example services', () => {
  it('are the eight services of the system, each with its build and test files', async () => {
    expect((await readdir(SERVICES_DIR)).sort()).toEqual([...SERVICES].sort());
    for (const service of SERVICES) {
      const files = await readdir(path.join(SERVICES_DIR, service));
      expect(files, service).toEqual(expect.arrayContaining(SERVICE_FILES));
    }
  });

  it.each(SERVICES)('%s: multi-stage Dockerfile on a pinned Python slim image, non-root, port exposed', async (service) => {
    const steps = instructions(await readFile(path.join(SERVICES_DIR, service, 'Dockerfile'), 'utf8'));
    const stages = steps.filter((s) => s.keyword === 'FROM');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.args).toMatch(/^python:3\.\d+(\.\d+)?-slim(-[a-z]+)? AS [a-z]+$/);
    expect(steps.some((s) => s.keyword === 'COPY' && s.args.startsWith('--from='))).toBe(true);

    const runtime = steps.slice(steps.lastIndexOf(stages[stages.length - 1] as Instruction));
    const users = runtime.filter((s) => s.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    // Numeric, so that the kubelet can verify runAsNonRoot; and not root.
    const user = users[users.length - 1]?.args ?? '';
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);

    const exposed = runtime.filter((s) => s.keyword === 'EXPOSE').map((s) => Number(s.args));
    expect(exposed).toEqual([await containerPort(service)]);
    expect(runtime.some((s) => s.keyword === 'CMD' || s.keyword === 'ENTRYPOINT')).toBe(true);
  });

  it.each(SERVICES)('%s: dev requirements take the runtime ones and the shared tool pins', async (service) => {
    const lines = (await readFile(path.join(SERVICES_DIR, service, 'requirements-dev.txt'), 'utf8'))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual(['-r requirements.txt', '-r ../../requirements-dev.txt']);
  });

  it('pins every lint and test tool exactly, once for all services', async () => {
    const pins = (await readFile(path.join(EXAMPLE, 'requirements-dev.txt'), 'utf8'))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(pins.map((p) => p.split('==')[0]).sort()).toEqual(DEV_TOOLS);
    for (const pin of pins) expect(pin).toMatch(/^[a-z0-9-]+==\d+(\.\d+)+$/);
  });

  it('imports nothing outside the standard library', async () => {
    // ast lists every import; sys.stdlib_module_names (3.10+) says which are the standard library.
    const script = [
      'import ast, json, sys',
      'out = {}',
      'for f in sys.argv[1:]:',
      '    tree = ast.parse(open(f, encoding="utf-8").read(), f)',
      '    names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}',
      '    names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}',
      '    out[f] = sorted(m for m in names if m not in sys.stdlib_module_names)',
      'print(json.dumps(out))',
    ].join('\n');
    const files = SERVICES.flatMap((s) => [path.join(SERVICES_DIR, s, 'app.py'), path.join(SERVICES_DIR, s, 'test_app.py')]);
    const result = await execTool('python3', ['-c', script, ...files], { env: pythonEnv() });
    expect(result.code, result.stderr).toBe(0);
    const outside = JSON.parse(result.stdout) as Record<string, string[]>;
    for (const file of files) {
      // The tests import the service's own module, nothing else.
      expect(outside[file], file).toEqual(file.endsWith('test_app.py') ? ['app'] : []);
    }
  });

  it('compiles every Python file', async () => {
    const files = SERVICES.flatMap((s) => [path.join(SERVICES_DIR, s, 'app.py'), path.join(SERVICES_DIR, s, 'test_app.py')]);
    const result = await execTool('python3', ['-m', 'py_compile', ...files], { env: pythonEnv() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('passes every service’s own tests under python3 -m unittest', async () => {
    const runs = await Promise.all(
      SERVICES.map((service) =>
        execTool('python3', ['-m', 'unittest', '-v'], { cwd: path.join(SERVICES_DIR, service), env: pythonEnv() }),
      ),
    );
    runs.forEach((run, index) => {
      const service = SERVICES[index];
      expect(run.code, `${service}:\n${run.stderr}`).toBe(0);
      expect(run.stderr, service).toMatch(/^Ran [1-9]\d* tests? in /m);
      expect(run.stderr, service).toMatch(/^OK$/m);
    });
  });
});
