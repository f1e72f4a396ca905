import { describe, expect, it } from 'vitest';
import { rendererEnvironment, trivyEnvironment } from '../../src/domain/tool-env.js';

/** What a job's environment can hold: the runner's, the workflow's `env:`, the action's inputs. */
const JOB: Record<string, string | undefined> = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/home/runner',
  TMPDIR: '/tmp/job',
  HTTP_PROXY: 'http://proxy.corp:3128',
  HTTPS_PROXY: 'http://proxy.corp:3128',
  NO_PROXY: 'localhost,127.0.0.1',
  http_proxy: 'http://proxy.corp:3128',
  https_proxy: 'http://proxy.corp:3128',
  no_proxy: '.corp',
  SSL_CERT_FILE: '/etc/ssl/corp-ca.pem',
  TRIVY_DB_REPOSITORY: 'mirror.corp/trivy-db',
  TRIVY_CACHE_DIR: '/cache/trivy',
  KUSTOMIZE_PLUGIN_HOME: '/opt/kustomize',
  DOCKER_CONFIG: '/home/runner/.docker',
  GITHUB_TOKEN: 'ghs_job_token',
  GH_TOKEN: 'ghs_cli_token',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'aws-secret',
  AZURE_CLIENT_SECRET: 'azure-secret',
  GOOGLE_APPLICATION_CREDENTIALS: '/tmp/gcp.json',
  NPM_TOKEN: 'npm_token',
  NODE_AUTH_TOKEN: 'node_token',
  'INPUT_REGISTRY-PASSWORD': 'registry-password',
  ACTIONS_RUNTIME_TOKEN: 'runtime-token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-token',
  GITHUB_WORKSPACE: '/home/runner/work/repo',
  RUNNER_TEMP: '/home/runner/_temp',
  NODE_OPTIONS: '--require /tmp/hook.js',
  LD_PRELOAD: '/tmp/hook.so',
  TRIVY_: 'prefix alone',
  trivy_db_repository: 'wrong case',
  UNSET_VALUE: undefined,
};

describe('trivyEnvironment', () => {
  it('keeps exactly what Trivy needs, with the private docker config instead of the job\'s', () => {
    expect(trivyEnvironment(JOB, '/home/runner/_temp/docker-config-x1')).toEqual({
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/home/runner',
      TMPDIR: '/tmp/job',
      HTTP_PROXY: 'http://proxy.corp:3128',
      HTTPS_PROXY: 'http://proxy.corp:3128',
      NO_PROXY: 'localhost,127.0.0.1',
      http_proxy: 'http://proxy.corp:3128',
      https_proxy: 'http://proxy.corp:3128',
      no_proxy: '.corp',
      SSL_CERT_FILE: '/etc/ssl/corp-ca.pem',
      TRIVY_DB_REPOSITORY: 'mirror.corp/trivy-db',
      TRIVY_CACHE_DIR: '/cache/trivy',
      DOCKER_CONFIG: '/home/runner/_temp/docker-config-x1',
    });
  });

  it.each([
    ['GITHUB_TOKEN'],
    ['GH_TOKEN'],
    ['AWS_ACCESS_KEY_ID'],
    ['AWS_SECRET_ACCESS_KEY'],
    ['AZURE_CLIENT_SECRET'],
    ['GOOGLE_APPLICATION_CREDENTIALS'],
    ['NPM_TOKEN'],
    ['NODE_AUTH_TOKEN'],
    ['INPUT_REGISTRY-PASSWORD'],
    ['ACTIONS_RUNTIME_TOKEN'],
    ['ACTIONS_ID_TOKEN_REQUEST_TOKEN'],
    ['GITHUB_WORKSPACE'],
    ['RUNNER_TEMP'],
    ['NODE_OPTIONS'],
    ['LD_PRELOAD'],
    ['KUSTOMIZE_PLUGIN_HOME'],
    ['TRIVY_'],
    ['trivy_db_repository'],
    ['UNSET_VALUE'],
  ])('never passes %s', (name) => {
    expect(Object.keys(trivyEnvironment(JOB, '/private'))).not.toContain(name);
  });

  it('passes no DOCKER_CONFIG at all when the run has none of its own', () => {
    expect(trivyEnvironment({ PATH: '/bin', DOCKER_CONFIG: '/home/runner/.docker' })).toEqual({ PATH: '/bin' });
  });
});

describe('rendererEnvironment', () => {
  it('keeps PATH, TMPDIR and KUSTOMIZE_* of the job, with the run\'s own HOME', () => {
    expect(rendererEnvironment(JOB, '/home/runner/_temp/gitops-x2')).toEqual({
      PATH: '/usr/local/bin:/usr/bin:/bin',
      TMPDIR: '/tmp/job',
      KUSTOMIZE_PLUGIN_HOME: '/opt/kustomize',
      HOME: '/home/runner/_temp/gitops-x2',
    });
  });

  it('passes nothing else: no proxies, tokens, Trivy settings or docker config', () => {
    const names = Object.keys(rendererEnvironment(JOB, '/private'));
    for (const name of ['HTTPS_PROXY', 'GITHUB_TOKEN', 'GH_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'NPM_TOKEN', 'TRIVY_CACHE_DIR', 'DOCKER_CONFIG']) {
      expect(names).not.toContain(name);
    }
  });
});

describe("Trivy's registry credentials", () => {
  it.each(['TRIVY_USERNAME', 'TRIVY_PASSWORD', 'TRIVY_PASSWORD_STDIN', 'TRIVY_REGISTRY_TOKEN', 'TRIVY_AUTH_URL', 'TRIVY_TOKEN', 'trivy_password'])(
    '%s in the job never reaches a scan: the private docker config is its only login',
    (name) => {
      const env = trivyEnvironment({ PATH: '/usr/bin', TRIVY_CACHE_DIR: '/cache/trivy', [name]: 'job-secret' }, '/private/docker-config');
      expect(env).toEqual({ PATH: '/usr/bin', TRIVY_CACHE_DIR: '/cache/trivy', DOCKER_CONFIG: '/private/docker-config' });
    },
  );
});
