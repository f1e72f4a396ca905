// The FTMO example's Python code: the shared package (services/common) and the eight services
// that use it. Each service has what its build and its pipeline job need, its Dockerfile builds
// a non-root multi-stage image on a pinned Python slim image from the services/ context, and
// all of the code compiles and passes its own tests with nothing but the standard library.
import { access, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { execTool } from '../../src/adapters/exec.js';
import { SERVICES } from '../harness/ftmo.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/ftmo-trading/', import.meta.url));
// The build context of every image: it holds common/ and one directory per service.
const SERVICES_DIR = path.join(EXAMPLE, 'services');
const COMMON_DIR = path.join(SERVICES_DIR, 'common');
const SERVICE_FILES = ['Dockerfile', 'app.py', 'requirements-dev.txt', 'requirements.txt', 'test_app.py'];
const PACKAGE_MODULES = ['__init__.py', 'probe.py', 'query.py', 'server.py', 'settings.py'];
const DEV_TOOLS = ['black', 'flake8', 'isort', 'pytest', 'pytest-cov'];
// Modules that only the shared package may use: the HTTP server and the signal handling
// live there once, and a service that imports them is growing a second copy.
const SHARED_ONLY = ['http', 'signal', 'socketserver', 'threading'];

// Python writes no bytecode into the example while these tests run: it goes to a temp dir.
let pycache = '';
let pythonFiles: string[] = [];
beforeAll(async () => {
  pycache = await mkdtemp(path.join(os.tmpdir(), 'ftmo-pycache-'));
  const common = [
    ...PACKAGE_MODULES.map((m) => path.join(COMMON_DIR, 'ftmo_service', m)),
    ...(await readdir(COMMON_DIR)).filter((f) => /^test_.*\.py$/.test(f)).map((f) => path.join(COMMON_DIR, f)),
  ];
  pythonFiles = [...common, ...SERVICES.flatMap((s) => ['app.py', 'test_app.py'].map((f) => path.join(SERVICES_DIR, s, f)))];
});
afterAll(async () => {
  if (pycache) await rm(pycache, { recursive: true, force: true });
});

/** The environment of a service's own process: the shared package on the import path, as in the image. */
function pythonEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('PYTHON')) env[key] = value;
  }
  return { ...env, PYTHONPATH: COMMON_DIR, PYTHONPYCACHEPREFIX: pycache, PYTHONDONTWRITEBYTECODE: '1' };
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

async function python(args: string[], cwd?: string) {
  return execTool('python3', args, { cwd, env: pythonEnv() });
}

describe('the FTMO example services', () => {
  it('are the eight services of the system and the shared package, each with its build and test files', async () => {
    const entries = await readdir(SERVICES_DIR, { withFileTypes: true });
    const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    expect(dirs.sort()).toEqual([...SERVICES, 'common'].sort());
    for (const service of SERVICES) {
      const files = await readdir(path.join(SERVICES_DIR, service));
      expect(files, service).toEqual(expect.arrayContaining(SERVICE_FILES));
    }
    expect(await readdir(path.join(COMMON_DIR, 'ftmo_service'))).toEqual(expect.arrayContaining(PACKAGE_MODULES));
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

  it.each(SERVICES)('%s: the image takes the shared package and its own code from the services/ context', async (service) => {
    const steps = instructions(await readFile(path.join(SERVICES_DIR, service, 'Dockerfile'), 'utf8'));
    const copies = steps.filter((s) => s.keyword === 'COPY' && !s.args.startsWith('--from=')).map((s) => s.args.split(/\s+/));
    const sources = copies.flatMap((words) => words.slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(['common/ftmo_service', `${service}/app.py`]));
    // Nothing from another service, and every source exists in the context.
    for (const source of sources) {
      expect(source, service).toMatch(new RegExp(`^(common|${service})/`));
      await expect(access(path.join(SERVICES_DIR, source)), source).resolves.toBeUndefined();
    }
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

  it('lets pytest and isort find the shared package from the example root, as the pipeline runs them', async () => {
    const script = 'import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))["tool"]))';
    const result = await python(['-c', script, path.join(EXAMPLE, 'pyproject.toml')]);
    expect(result.code, result.stderr).toBe(0);
    const tool = JSON.parse(result.stdout) as {
      pytest: { ini_options: { pythonpath?: string[] } };
      isort: { known_first_party?: string[] };
    };
    expect(tool.pytest.ini_options.pythonpath).toEqual(['services/common']);
    expect(tool.isort.known_first_party).toContain('ftmo_service');
  });

  it('imports only the standard library and the shared package; the HTTP side only in the package', async () => {
    // ast lists every import; sys.stdlib_module_names (3.10+) says which are the standard library.
    const script = [
      'import ast, json, sys',
      'out = {}',
      'for f in sys.argv[1:]:',
      '    tree = ast.parse(open(f, encoding="utf-8").read(), f)',
      '    names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}',
      '    names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}',
      '    out[f] = {"all": sorted(names), "outside": sorted(m for m in names if m not in sys.stdlib_module_names)}',
      'print(json.dumps(out))',
    ].join('\n');
    const result = await python(['-c', script, ...pythonFiles]);
    expect(result.code, result.stderr).toBe(0);
    const imports = JSON.parse(result.stdout) as Record<string, { all: string[]; outside: string[] }>;
    for (const file of pythonFiles) {
      const found = imports[file];
      const name = path.relative(SERVICES_DIR, file);
      if (name.startsWith('common/')) {
        expect(found?.outside.filter((m) => m !== 'ftmo_service'), name).toEqual([]);
      } else if (name.endsWith('/app.py')) {
        // A service module: the shared package and its own standard-library needs only.
        expect(found?.outside, name).toEqual(['ftmo_service']);
        for (const module of SHARED_ONLY) expect(found?.all, name).not.toContain(module);
      } else {
        // A service's tests import its own module, nothing else outside the standard library.
        expect(found?.outside, name).toEqual(['app']);
      }
    }
  });

  it('compiles every Python file', async () => {
    const result = await python(['-m', 'py_compile', ...pythonFiles]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('gives every service the name of its own directory', async () => {
    // Catches a service copied to a new directory without renaming it.
    const script = 'import app; print(app.SERVICE.name)';
    const runs = await Promise.all(SERVICES.map((service) => python(['-c', script], path.join(SERVICES_DIR, service))));
    expect(runs.map((run) => run.stdout.trim() || run.stderr)).toEqual(SERVICES);
  });

  it('passes the shared package’s and every service’s own tests under python3 -m unittest', async () => {
    const dirs = ['common', ...SERVICES];
    const runs = await Promise.all(dirs.map((dir) => python(['-m', 'unittest', '-v'], path.join(SERVICES_DIR, dir))));
    runs.forEach((run, index) => {
      const dir = dirs[index];
      expect(run.code, `${dir}:\n${run.stderr}`).toBe(0);
      expect(run.stderr, dir).toMatch(/^Ran [1-9]\d* tests? in /m);
      expect(run.stderr, dir).toMatch(/^OK$/m);
    });
    // The shared package's tests cover the server, its settings and its query parsing.
    expect(runs[0]?.stderr).toMatch(/test_server\./);
    expect(runs[0]?.stderr).toMatch(/test_settings\./);
    expect(runs[0]?.stderr).toMatch(/test_query\./);
  });
});
