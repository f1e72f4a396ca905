import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../src/domain/errors.js';
import { INPUT_NAMES, inputEnvName, readInputs } from '../src/inputs.js';

let workspace: string;
let outside: string;
let stdout: string[];

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'inputs-ws-'));
  outside = await mkdtemp(join(tmpdir(), 'inputs-outside-'));
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(workspace, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

function where() {
  return { workspace, owner: 'Ftmo-Labs', actor: 'jana-novak', serverUrl: 'https://github.com' };
}

function env(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries({ service: 'signal-generation-engine', ...inputs }).map(([k, v]) => [inputEnvName(k), v]));
}

function read(inputs: Record<string, string>) {
  return readInputs(env(inputs), where());
}

function failure(inputs: Record<string, string>): InputError {
  try {
    read(inputs);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

function masks(): string[] {
  return stdout.filter((line) => line.startsWith('::add-mask::')).map((line) => line.trimEnd());
}

describe('reading the runner environment', () => {
  it('names variables as the runner does: upper case, dashes kept, spaces to _', () => {
    expect(inputEnvName('registry-password')).toBe('INPUT_REGISTRY-PASSWORD');
    expect(inputEnvName('sha-length')).toBe('INPUT_SHA-LENGTH');
    expect(inputEnvName('odd name')).toBe('INPUT_ODD_NAME');
  });

  it('lists exactly the inputs of action.yml', async () => {
    const action = parseYaml(await readFile(new URL('../action.yml', import.meta.url), 'utf8')) as { inputs: Record<string, unknown> };
    expect([...INPUT_NAMES].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('reads and trims values', () => {
    const inputs = readInputs(
      {
        INPUT_SERVICE: '  news-ingestion-service \n',
        'INPUT_SHA-LENGTH': ' 12 ',
        'INPUT_MANIFESTS-PATH': 'infra/k8s/overlays/production\ninfra/k8s/overlays/staging\n',
        INPUT_MODE: 'plan',
        input_mode: 'build',
        GITHUB_TOKEN: 'not an input',
      },
      where(),
    );
    expect(inputs.service).toBe('news-ingestion-service');
    expect(inputs.shaLength).toBe(12);
    expect(inputs.manifestsPaths).toEqual(['infra/k8s/overlays/production', 'infra/k8s/overlays/staging']);
    expect(inputs.mode).toBe('plan');
    expect(inputs.image).toBe('ghcr.io/ftmo-labs/news-ingestion-service');
    expect(inputs.registryUsername).toBe('jana-novak');
  });

  it('accepts what the runner sets from action.yml defaults', async () => {
    const action = parseYaml(await readFile(new URL('../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, { default?: unknown }>;
    };
    const expressions: Record<string, string> = {
      '${{ github.actor }}': 'jana-novak',
      '${{ github.token }}': 'ghs_Man1festsT0ken',
    };
    const runnerEnv: Record<string, string> = { INPUT_SERVICE: 'signal-monitoring' };
    for (const [name, spec] of Object.entries(action.inputs)) {
      if (spec.default === undefined) continue;
      const value = String(spec.default);
      runnerEnv[inputEnvName(name)] = expressions[value] ?? value;
    }
    const inputs = readInputs(runnerEnv, where());
    expect(inputs.registryUsername).toBe('jana-novak');
    expect(inputs.registryPassword).toBe('ghs_Man1festsT0ken');
    expect(inputs.manifestsToken).toBe('ghs_Man1festsT0ken');
    expect(inputs.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(inputs.file).toBe('Dockerfile');
  });
});

describe('masking secrets', () => {
  it('masks each secret and its base64 forms', () => {
    read({
      'registry-username': 'ci-bot',
      'registry-password': 'ghp_R3gistryPassw0rd',
      'manifests-token': 'ghs_Man1festsT0ken',
    });
    expect(masks().sort()).toEqual(
      [
        '::add-mask::ghp_R3gistryPassw0rd',
        '::add-mask::Z2hwX1IzZ2lzdHJ5UGFzc3cwcmQ=',
        '::add-mask::eC1hY2Nlc3MtdG9rZW46Z2hwX1IzZ2lzdHJ5UGFzc3cwcmQ=',
        '::add-mask::Y2ktYm90OmdocF9SM2dpc3RyeVBhc3N3MHJk',
        '::add-mask::ghs_Man1festsT0ken',
        '::add-mask::Z2hzX01hbjFmZXN0c1Qwa2Vu',
        '::add-mask::eC1hY2Nlc3MtdG9rZW46Z2hzX01hbjFmZXN0c1Qwa2Vu',
        '::add-mask::Y2ktYm90Omdoc19NYW4xZmVzdHNUMGtlbg==',
      ].sort(),
    );
  });

  it('uses the actor as the user name in the user:password form when no user name is given', () => {
    read({ 'registry-password': 'ghp_R3gistryPassw0rd' });
    expect(masks()).toContain('::add-mask::amFuYS1ub3ZhazpnaHBfUjNnaXN0cnlQYXNzdzByZA==');
  });

  it('masks github-token and its base64 forms, with the actor as the user name', () => {
    read({ 'github-token': 'ghs_W0rkfl0wT0ken' });
    expect(masks().sort()).toEqual(
      [
        '::add-mask::ghs_W0rkfl0wT0ken',
        '::add-mask::Z2hzX1cwcmtmbDB3VDBrZW4=',
        '::add-mask::eC1hY2Nlc3MtdG9rZW46Z2hzX1cwcmtmbDB3VDBrZW4=',
        '::add-mask::amFuYS1ub3ZhazpnaHNfVzBya2ZsMHdUMGtlbg==',
      ].sort(),
    );
  });

  it('masks nothing when no secret is given', () => {
    read({});
    expect(masks()).toEqual([]);
  });

  it('masks a multi-line secret line by line before refusing it, and never prints it otherwise', () => {
    const error = failure({ 'registry-password': 'first-line-secret\n  second-line-secret' });
    expect(masks().sort()).toEqual(
      [
        '::add-mask::first-line-secret%0A  second-line-secret',
        '::add-mask::first-line-secret',
        '::add-mask::  second-line-secret',
        '::add-mask::second-line-secret',
        '::add-mask::Zmlyc3QtbGluZS1zZWNyZXQKICBzZWNvbmQtbGluZS1zZWNyZXQ=',
        '::add-mask::eC1hY2Nlc3MtdG9rZW46Zmlyc3QtbGluZS1zZWNyZXQKICBzZWNvbmQtbGluZS1zZWNyZXQ=',
        '::add-mask::amFuYS1ub3ZhazpmaXJzdC1saW5lLXNlY3JldAogIHNlY29uZC1saW5lLXNlY3JldA==',
      ].sort(),
    );
    expect(error.input).toBe('registry-password');
    expect(error.message).not.toContain('line-secret');
    const printed = stdout.filter((line) => !line.startsWith('::add-mask::')).join('');
    expect(printed).not.toContain('line-secret');
  });

  it('masks before another input fails', () => {
    const error = failure({ mode: 'bogus', 'manifests-token': 'ghs_Man1festsT0ken' });
    expect(error.input).toBe('mode');
    expect(masks()).toContain('::add-mask::ghs_Man1festsT0ken');
  });
});

describe('paths and symbolic links', () => {
  it('accepts real directories and paths that do not exist yet', async () => {
    await mkdir(join(workspace, 'services', 'signal-monitoring'), { recursive: true });
    await writeFile(join(workspace, 'services', 'signal-monitoring', 'Dockerfile'), 'FROM scratch\n');
    const inputs = read({
      context: 'services/signal-monitoring',
      'manifests-path': 'infra/k8s/overlays/production',
      trivyignore: 'security/.trivyignore',
    });
    expect(inputs.context).toBe('services/signal-monitoring');
    expect(inputs.file).toBe('services/signal-monitoring/Dockerfile');
    expect(inputs.manifestsPaths).toEqual(['infra/k8s/overlays/production']);
  });

  it('accepts a link that stays inside the workspace', async () => {
    await mkdir(join(workspace, 'services', 'api'), { recursive: true });
    await symlink(join(workspace, 'services', 'api'), join(workspace, 'api-link'));
    expect(read({ context: 'api-link' }).context).toBe('api-link');
  });

  it('accepts a workspace that is itself reached through a link', async () => {
    const linked = join(outside, 'workspace-link');
    await symlink(workspace, linked);
    await mkdir(join(workspace, 'app'));
    const inputs = readInputs(env({ context: 'app' }), { ...where(), workspace: linked });
    expect(inputs.context).toBe('app');
  });

  const escapes: [string, string, Record<string, string>, (ws: string, out: string) => Promise<void>][] = [
    ['context', 'evil', { context: 'evil' }, (ws, out) => symlink(out, join(ws, 'evil'))],
    [
      'file',
      'evil/Dockerfile',
      { file: 'evil/Dockerfile' },
      // The file does not exist: its nearest existing ancestor is the link that leaves.
      (ws, out) => symlink(out, join(ws, 'evil')),
    ],
    [
      'file',
      'app/Dockerfile',
      { context: 'app' },
      async (ws, out) => {
        await mkdir(join(ws, 'app'));
        await writeFile(join(out, 'Dockerfile'), 'FROM scratch\n');
        await symlink(join(out, 'Dockerfile'), join(ws, 'app', 'Dockerfile'));
      },
    ],
    [
      'trivyignore',
      '.trivyignore',
      {},
      async (ws, out) => {
        await writeFile(join(out, 'secrets.txt'), 'x\n');
        await symlink(join(out, 'secrets.txt'), join(ws, '.trivyignore'));
      },
    ],
    [
      'manifests-path',
      'infra/k8s',
      { 'manifests-path': 'deploy\ninfra/k8s' },
      async (ws, out) => {
        await mkdir(join(ws, 'deploy'));
        await mkdir(join(ws, 'infra'));
        await symlink(out, join(ws, 'infra', 'k8s'));
      },
    ],
    ['context', 'up', { context: 'up' }, (ws) => symlink('..', join(ws, 'up'))],
  ];

  it.each(escapes)('refuses %s %j reached through a link that leaves the workspace', async (input, shown, inputs, setup) => {
    await setup(workspace, outside);
    const error = failure(inputs);
    expect(error.input).toBe(input);
    expect(error.message).toBe(`Input '${input}': must not lead outside the workspace through a symbolic link (got "${shown}")`);
  });

  it('refuses a link loop', async () => {
    await symlink(join(workspace, 'loop'), join(workspace, 'loop'));
    const error = failure({ context: 'loop' });
    expect(error.input).toBe('context');
    expect(error.message).toBe('Input \'context\': cannot be resolved (ELOOP) (got "loop")');
  });

  it('refuses a textual escape before looking at the disk', () => {
    expect(failure({ context: '../../etc' }).message).toBe('Input \'context\': must be a path inside the workspace (got "../../etc")');
  });
});
