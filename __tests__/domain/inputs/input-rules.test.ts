import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../../../src/domain/errors.js';
import { INPUT_NAMES, SECRET_INPUTS, type Inputs } from '../../../src/domain/inputs/input-rules.js';
import { parseInputs } from '../../../src/domain/inputs/resolve.js';

const WORKSPACE = '/home/runner/work/dax-trading/dax-trading';
const WHERE = { workspace: WORKSPACE, owner: 'Ftmo-Labs', actor: 'jana-novak', serverUrl: 'https://github.com' };
const SHA256 = '1816b632dfe529869c740c0913e36bd1629cb7688bd5634f4a858c1d57c88b75';

function parse(raw: Record<string, string>): Inputs {
  return parseInputs({ service: 'signal-generation-engine', ...raw }, WHERE);
}

function inputError(raw: Record<string, string>): InputError {
  try {
    parse(raw);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`expected an InputError for ${JSON.stringify(raw)}`);
}

// Every input's default, resolved, written by hand. Partial, so that a new input needs only its
// table row: its default is held to action.yml's by the test below.
const DEFAULTS: Partial<Inputs> = {
  service: 'signal-generation-engine',
  mode: 'auto',
  image: 'ghcr.io/ftmo-labs/signal-generation-engine',
  registry: 'ghcr.io',
  registryUsername: 'jana-novak',
  registryPassword: '',
  context: '.',
  file: 'Dockerfile',
  target: '',
  buildArgs: [],
  platforms: ['linux/amd64', 'linux/arm64'],
  push: 'auto',
  digests: [],
  cache: 'gha',
  provenance: 'mode=min',
  sbom: 'false',
  skipUnchanged: true,
  defaultBranch: '',
  shaLength: 7,
  extraTags: [],
  scan: true,
  trivyVersion: '0.69.3',
  trivySha256: '',
  trivyDownloadUrl: 'https://github.com/aquasecurity/trivy/releases/download',
  trivyPath: '',
  failOn: ['CRITICAL', 'HIGH'],
  ignoreUnfixed: true,
  trivyignore: '.trivyignore',
  trivyCacheDir: '~/.cache/trivy',
  trivyDbRepositories: ['mirror.gcr.io/aquasec/trivy-db:2', 'public.ecr.aws/aquasecurity/trivy-db:2', 'ghcr.io/aquasecurity/trivy-db:2'],
  trivyDbMaxAgeMs: 259_200_000,
  manifestsPaths: ['infra/k8s'],
  manifestsBranch: 'manifests',
  manifestsRepository: '',
  manifestsToken: '',
  deployBranches: [],
  tag: '',
  pinDigest: true,
  maxPushAttempts: 10,
  environment: '',
  environmentUrl: '',
  githubToken: '',
  prComment: false,
  argocdServer: '',
  argocdToken: '',
  argocdApplications: [],
  wait: 'none',
  waitTimeoutMs: 600_000,
  rollbackOnFailure: false,
};

describe('defaults', () => {
  it('gives the contract defaults when only service is set', () => {
    expect(parse({})).toMatchObject(DEFAULTS);
  });

  it('treats an empty value as not given', () => {
    const empty = Object.fromEntries(INPUT_NAMES.map((name) => [name, '']));
    expect(parse({ ...empty, service: 'signal-generation-engine' })).toEqual(parse({}));
  });

  const action = parseYaml(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as {
    inputs: Record<string, { default?: unknown; required?: boolean }>;
  };

  it('reads exactly the inputs action.yml declares', () => {
    expect([...INPUT_NAMES].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('has the same defaults as action.yml (apart from ${{ }} expressions)', () => {
    const literal: Record<string, string> = {};
    const expressions: string[] = [];
    for (const [name, spec] of Object.entries(action.inputs)) {
      if (spec.default === undefined) continue;
      const value = String(spec.default);
      if (value.includes('${{')) expressions.push(name);
      else literal[name] = value;
    }
    expect(expressions.sort()).toEqual(['github-token', 'manifests-token']);
    expect(parse(literal)).toEqual(parse({}));
  });

  it('marks the registry password, the GitHub token, the manifests token and the Argo CD token as secrets', () => {
    expect([...SECRET_INPUTS].sort()).toEqual(['argocd-token', 'github-token', 'manifests-token', 'registry-password']);
  });
});

describe('valid values', () => {
  const rows: [string, Record<string, string>, Partial<Inputs>][] = [
    ['mode build', { mode: 'build' }, { mode: 'build' }],
    ['mode plan', { mode: 'plan' }, { mode: 'plan' }],
    ['mode deploy with a tag', { mode: 'deploy', tag: 'main-0ccf1ae' }, { mode: 'deploy', tag: 'main-0ccf1ae' }],
    [
      'an explicit image with a port',
      { image: 'registry.example.com:8443/platform/api' },
      // Not GitHub's registry: no user name by default (plan.ts requires one before a login).
      { image: 'registry.example.com:8443/platform/api', registry: 'registry.example.com:8443', registryUsername: '' },
    ],
    ['a local registry', { image: '127.0.0.1:5000/ftmo/signal' }, { image: '127.0.0.1:5000/ftmo/signal', registry: '127.0.0.1:5000', registryUsername: '' }],
    ['registry-username', { 'registry-username': 'ci-bot' }, { registryUsername: 'ci-bot' }],
    ['registry-password', { 'registry-password': 'ghp_16C7e42F292c6912E7710c838347Ae178B4a' }, { registryPassword: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a' }],
    ['manifests-token', { 'manifests-token': 'ghs_abcDEF123' }, { manifestsToken: 'ghs_abcDEF123' }],
    // For GitHub's own registry (the default image), it is also the password registry-password leaves empty.
    ['github-token', { 'github-token': 'ghs_apiT0ken' }, { githubToken: 'ghs_apiT0ken', registryPassword: 'ghs_apiT0ken' }],
    ['environment', { environment: 'production' }, { environment: 'production' }],
    ['environment with spaces', { environment: 'EU staging' }, { environment: 'EU staging' }],
    ['environment-url', { 'environment-url': 'https://trading.example.com/status?x=1' }, { environmentUrl: 'https://trading.example.com/status?x=1' }],
    ['pr-comment', { 'pr-comment': 'true' }, { prComment: true }],
    [
      'context, and file defaulting to <context>/Dockerfile',
      { context: 'services/signal-generation-engine' },
      { context: 'services/signal-generation-engine', file: 'services/signal-generation-engine/Dockerfile' },
    ],
    ['context normalised', { context: './services/x/' }, { context: 'services/x', file: 'services/x/Dockerfile' }],
    ['context with a harmless ..', { context: 'a/../b' }, { context: 'b', file: 'b/Dockerfile' }],
    ['context named ..foo', { context: '..foo' }, { context: '..foo', file: '..foo/Dockerfile' }],
    [
      'absolute context inside the workspace',
      { context: `${WORKSPACE}/services/x` },
      { context: 'services/x', file: 'services/x/Dockerfile' },
    ],
    ['absolute context equal to the workspace', { context: `${WORKSPACE}/` }, { context: '.', file: 'Dockerfile' }],
    ['explicit file', { context: 'services/x', file: 'docker/Dockerfile.prod' }, { context: 'services/x', file: 'docker/Dockerfile.prod' }],
    ['absolute file inside the workspace', { file: `${WORKSPACE}/build/Dockerfile` }, { file: 'build/Dockerfile' }],
    ['target', { target: 'runtime' }, { target: 'runtime' }],
    ['target with dots and dashes', { target: 'Build-stage.2' }, { target: 'Build-stage.2' }],
    [
      'build-args',
      { 'build-args': 'PYTHON_VERSION=3.12\n\nURL=https://x.example/?a=b\r\n  _EMPTY=  \nlower_case=v a l' },
      {
        buildArgs: [
          { key: 'PYTHON_VERSION', value: '3.12' },
          { key: 'URL', value: 'https://x.example/?a=b' },
          { key: '_EMPTY', value: '' },
          { key: 'lower_case', value: 'v a l' },
        ],
      },
    ],
    ['one platform', { platforms: 'linux/amd64' }, { platforms: ['linux/amd64'] }],
    ['platforms with spaces and a variant', { platforms: 'linux/amd64, linux/arm/v7' }, { platforms: ['linux/amd64', 'linux/arm/v7'] }],
    ['platforms on lines', { platforms: 'linux/amd64\nlinux/arm64\n' }, { platforms: ['linux/amd64', 'linux/arm64'] }],
    ['a trailing comma in platforms', { platforms: 'linux/amd64,' }, { platforms: ['linux/amd64'] }],
    ['push true', { push: 'true' }, { push: 'true' }],
    ['push True', { push: 'True' }, { push: 'true' }],
    ['push FALSE', { push: 'FALSE' }, { push: 'false' }],
    ['cache registry', { cache: 'registry' }, { cache: 'registry' }],
    ['cache none', { cache: 'none' }, { cache: 'none' }],
    ['provenance false', { provenance: 'false' }, { provenance: 'false' }],
    ['provenance False', { provenance: 'False' }, { provenance: 'false' }],
    ['provenance mode=max', { provenance: 'mode=max' }, { provenance: 'mode=max' }],
    [
      'provenance with a builder id',
      { provenance: 'mode=max,builder-id=https://ci.example.com/run/1' },
      { provenance: 'mode=max,builder-id=https://ci.example.com/run/1' },
    ],
    ['sbom TRUE', { sbom: 'TRUE' }, { sbom: 'true' }],
    ['sbom generator', { sbom: 'generator=docker/buildkit-syft-scanner:stable-1' }, { sbom: 'generator=docker/buildkit-syft-scanner:stable-1' }],
    ['default-branch', { 'default-branch': 'develop' }, { defaultBranch: 'develop' }],
    ['default-branch with a slash', { 'default-branch': 'release/2026' }, { defaultBranch: 'release/2026' }],
    ['sha-length 7', { 'sha-length': '7' }, { shaLength: 7 }],
    ['sha-length 12', { 'sha-length': '12' }, { shaLength: 12 }],
    ['sha-length 40', { 'sha-length': '40' }, { shaLength: 40 }],
    ['extra-tags', { 'extra-tags': 'stable\n  candidate-1  \n\n_x\r\n1.0' }, { extraTags: ['stable', 'candidate-1', '_x', '1.0'] }],
    ['scan false', { scan: 'false' }, { scan: false }],
    ['scan FALSE', { scan: 'FALSE' }, { scan: false }],
    ['scan True', { scan: 'True' }, { scan: true }],
    ['trivy-version with a v', { 'trivy-version': 'v0.69.3' }, { trivyVersion: '0.69.3' }],
    [
      'a version outside the table with its checksum',
      { 'trivy-version': '0.70.0', 'trivy-sha256': SHA256 },
      { trivyVersion: '0.70.0', trivySha256: SHA256 },
    ],
    ['trivy-sha256 in upper case', { 'trivy-sha256': SHA256.toUpperCase() }, { trivySha256: SHA256 }],
    [
      'a mirror URL, trailing slash dropped',
      { 'trivy-download-url': 'https://mirror.example.com/trivy/' },
      { trivyDownloadUrl: 'https://mirror.example.com/trivy' },
    ],
    [
      'a GHES URL',
      { 'trivy-download-url': 'https://ghes.example.com/aquasecurity/trivy/releases/download' },
      { trivyDownloadUrl: 'https://ghes.example.com/aquasecurity/trivy/releases/download' },
    ],
    ['http on 127.0.0.1', { 'trivy-download-url': 'http://127.0.0.1:8080/releases' }, { trivyDownloadUrl: 'http://127.0.0.1:8080/releases' }],
    ['http on localhost', { 'trivy-download-url': 'http://localhost:1234' }, { trivyDownloadUrl: 'http://localhost:1234' }],
    ['http on [::1]', { 'trivy-download-url': 'http://[::1]:9000/x' }, { trivyDownloadUrl: 'http://[::1]:9000/x' }],
    ['trivy-path', { 'trivy-path': '/opt/trivy/bin/trivy' }, { trivyPath: '/opt/trivy/bin/trivy' }],
    ['fail-on lower case', { 'fail-on': 'critical' }, { failOn: ['CRITICAL'] }],
    ['fail-on none', { 'fail-on': 'none' }, { failOn: [] }],
    ['fail-on NONE', { 'fail-on': 'NONE' }, { failOn: [] }],
    ['fail-on mixed, spaced', { 'fail-on': 'low, medium ,High' }, { failOn: ['LOW', 'MEDIUM', 'HIGH'] }],
    ['fail-on duplicates', { 'fail-on': 'HIGH,high' }, { failOn: ['HIGH'] }],
    ['fail-on UNKNOWN', { 'fail-on': 'unknown' }, { failOn: ['UNKNOWN'] }],
    ['ignore-unfixed false', { 'ignore-unfixed': 'false' }, { ignoreUnfixed: false }],
    ['trivyignore', { trivyignore: 'security/.trivyignore' }, { trivyignore: 'security/.trivyignore' }],
    ['trivy-cache-dir absolute, trailing slash dropped', { 'trivy-cache-dir': '/var/cache/trivy/' }, { trivyCacheDir: '/var/cache/trivy' }],
    ['trivy-cache-dir relative', { 'trivy-cache-dir': '.cache/trivy' }, { trivyCacheDir: '.cache/trivy' }],
    [
      'trivy-db-repositories: an internal mirror first, lines trimmed, duplicates dropped',
      { 'trivy-db-repositories': '  registry.corp.example:5000/security/trivy-db:2\n\nghcr.io/aquasecurity/trivy-db:2\nregistry.corp.example:5000/security/trivy-db:2\n' },
      { trivyDbRepositories: ['registry.corp.example:5000/security/trivy-db:2', 'ghcr.io/aquasecurity/trivy-db:2'] },
    ],
    ['trivy-db-max-age in days', { 'trivy-db-max-age': '7d' }, { trivyDbMaxAgeMs: 604_800_000 }],
    ['trivy-db-max-age combined', { 'trivy-db-max-age': '1h30m' }, { trivyDbMaxAgeMs: 5_400_000 }],
    [
      'several manifests paths',
      { 'manifests-path': 'infra/k8s/overlays/production\n  infra/k8s/overlays/staging/\n' },
      { manifestsPaths: ['infra/k8s/overlays/production', 'infra/k8s/overlays/staging'] },
    ],
    ['manifests paths deduplicated', { 'manifests-path': 'infra/k8s\n./infra/k8s' }, { manifestsPaths: ['infra/k8s'] }],
    ['manifests path absolute', { 'manifests-path': `${WORKSPACE}/deploy` }, { manifestsPaths: ['deploy'] }],
    ['manifests-branch', { 'manifests-branch': 'gitops/production' }, { manifestsBranch: 'gitops/production' }],
    ['manifests-branch with @ and unicode', { 'manifests-branch': 'env@prod-ü' }, { manifestsBranch: 'env@prod-ü' }],
    ['manifests-repository', { 'manifests-repository': 'Ftmo-Labs/gitops' }, { manifestsRepository: 'Ftmo-Labs/gitops' }],
    ['manifests-repository with dots', { 'manifests-repository': 'a/b.c_d-e' }, { manifestsRepository: 'a/b.c_d-e' }],
    ['deploy-branches', { 'deploy-branches': 'main\ndevelop\n' }, { deployBranches: ['main', 'develop'] }],
    ['tag outside deploy mode', { tag: '1.2.3' }, { tag: '1.2.3' }],
    ['pin-digest false', { 'pin-digest': 'false' }, { pinDigest: false }],
    ['skip-unchanged false', { 'skip-unchanged': 'false' }, { skipUnchanged: false }],
    ['max-push-attempts 1', { 'max-push-attempts': '1' }, { maxPushAttempts: 1 }],
    ['max-push-attempts 100', { 'max-push-attempts': '100' }, { maxPushAttempts: 100 }],
    [
      'wait healthy with server, token and two applications',
      { wait: 'healthy', 'argocd-server': 'https://argocd.ftmo.example/', 'argocd-token': 'tok', 'argocd-application': 'ftmo-staging\n\nftmo-staging\nftmo-eu.staging' },
      { wait: 'healthy', argocdServer: 'https://argocd.ftmo.example', argocdToken: 'tok', argocdApplications: ['ftmo-staging', 'ftmo-eu.staging'] },
    ],
    ['a loopback http server', { wait: 'synced', 'argocd-server': 'http://127.0.0.1:8080', 'argocd-token': 't', 'argocd-application': 'a' }, { wait: 'synced', argocdServer: 'http://127.0.0.1:8080', argocdToken: 't', argocdApplications: ['a'] }],
    ['wait-timeout 1m30s', { 'wait-timeout': '1m30s' }, { waitTimeoutMs: 90_000 }],
    ['wait-timeout 500ms', { 'wait-timeout': '500ms' }, { waitTimeoutMs: 500 }],
    ['rollback-on-failure with a wait', { wait: 'healthy', 'argocd-server': 'https://a.example', 'argocd-token': 't', 'argocd-application': 'a', 'rollback-on-failure': 'true' }, { wait: 'healthy', argocdServer: 'https://a.example', argocdToken: 't', argocdApplications: ['a'], rollbackOnFailure: true }],
    ['a service with separators', { service: 'a.b_c__d---e' }, { service: 'a.b_c__d---e', image: 'ghcr.io/ftmo-labs/a.b_c__d---e' }],
    ['a 63-character service', { service: 's'.repeat(63) }, { service: 's'.repeat(63), image: `ghcr.io/ftmo-labs/${'s'.repeat(63)}` }],
  ];

  it.each(rows)('%s', (_what, raw, expected) => {
    expect(parse(raw)).toMatchObject({ ...DEFAULTS, ...expected });
  });
});

describe('invalid values: the error names the input and the rule, and shows the value escaped', () => {
  // [input, value, part of the rule, the value as the message shows it (default: "<value>"), other inputs]
  type Row = [string, string, string, string?, Record<string, string>?];
  const rows: Row[] = [
    ['service', '../etc', 'must be one path component'],
    ['service', 'a/b', 'must be one path component'],
    ['service', 'Signal-Engine', 'must be one path component'],
    ['service', 'evil.example.com/x', 'must be one path component'],
    ['service', 'a..b', 'must be one path component'],
    ['service', '-a', 'must be one path component'],
    ['service', 'a-', 'must be one path component'],
    ['service', 'a b', 'must be one path component'],
    ['service', 'a'.repeat(64), 'at most 63 characters'],
    ['service', '::add-mask::x', 'must be one path component', '":\\u003aadd-mask:\\u003ax"'],
    ['mode', 'Auto', 'must be one of auto, build, deploy, plan'],
    ['mode', 'release', 'must be one of auto, build, deploy, plan'],
    ['mode', 'deploy;id', 'must be one of auto, build, deploy, plan'],
    ['image', 'ghcr.io/Ftmo-Labs/api', 'must be lower case'],
    ['image', 'ghcr.io/ftmo/api:v1', 'must not include a tag'],
    [
      'image',
      'ghcr.io/ftmo/api@sha256:1816b632dfe529869c740c0913e36bd1629cb7688bd5634f4a858c1d57c88b75',
      'must not include a digest',
    ],
    ['image', 'https://ghcr.io/ftmo/api', 'must not include a scheme'],
    // A credential in a refused value is not shown back; look-alike letters are shown escaped.
    ['image', 'user@ghcr.io/ftmo/api', 'must not include user info', '"***@ghcr.io/ftmo/api"'],
    ['image', 'jana:hunter2@ghcr.io/ftmo/api', 'must not include user info', '"***@ghcr.io/ftmo/api"'],
    ['image', 'https://jana:hunter2@ghcr.io/ftmo/api', 'must not include a scheme', '"https://***@ghcr.io/ftmo/api"'],
    ['image', 'gh\u0441r.io/ftmo/api', 'printable ASCII', '"gh\\u0441r.io/ftmo/api"'],
    ['image', 'ghcr.io/ftmo/api\u202e', 'printable ASCII', '"ghcr.io/ftmo/api\\u202e"'],
    ['image', 'ghcr.i\u043e/ftmo/api', 'printable ASCII', '"ghcr.i\\u043e/ftmo/api"'],
    ['image', 'ftmo/api', 'must start with a registry host'],
    ['registry-username', 'a b', 'printable ASCII without spaces'],
    ['registry-username', 'user:pw', "without spaces or ':'"],
    ['registry-username', '-u', "not starting with '-'"],
    ['context', '../other-repo', 'must be a path inside the workspace'],
    ['context', 'a/../../b', 'must be a path inside the workspace'],
    ['context', '/etc', 'must be a path inside the workspace'],
    ['context', '/home/runner/work/dax-trading/other', 'must be a path inside the workspace'],
    ['context', '/home/runner/work/dax-trading/dax-trading-evil', 'must be a path inside the workspace'],
    ['context', '-rf', "must not start with '-'"],
    ['context', 'a\nb', 'must not contain control characters', '"a\\nb"'],
    ['file', '../Dockerfile', 'must be a path inside the workspace'],
    ['file', '/etc/passwd', 'must be a path inside the workspace'],
    ['trivyignore', '../../.trivyignore', 'must be a path inside the workspace'],
    ['trivy-cache-dir', '-rf', "must not start with '-'"],
    ['trivy-cache-dir', '~root/.cache', 'may start with ~/'],
    ['trivy-cache-dir', 'a\nb', 'must not contain control characters', '"a\\nb"'],
    ['trivy-db-repositories', 'https://ghcr.io/aquasecurity/trivy-db:2', 'without a scheme'],
    ['trivy-db-repositories', 'mirror.gcr.io/aquasec/trivy-db:2\nbot:s3cret@registry.corp.example/trivy-db:2', 'must not contain user info', '"***@registry.corp.example/trivy-db:2"'],
    ['trivy-db-repositories', '--insecure', 'one OCI repository per line'],
    ['trivy-db-max-age', '72', 'must be a duration such as 72h'],
    ['trivy-db-max-age', '0s', 'must be longer than 0'],
    ['trivy-db-max-age', '60d', 'must be at most 30d'],
    ['manifests-path', 'infra/k8s\n../../etc', 'must be a path inside the workspace', '"../../etc"'],
    ['manifests-path', '/', 'must be a path inside the workspace'],
    ['target', '1stage', 'must be a build stage name'],
    ['target', 'build stage', 'must be a build stage name'],
    ['target', '--push', 'must be a build stage name'],
    ['build-args', 'NOEQUALS', 'each line must be KEY=VALUE'],
    ['build-args', 'A=1\nJUST_A_LINE', 'each line must be KEY=VALUE', '"JUST_A_LINE"'],
    ['build-args', '=value', 'each KEY must be a name', '""'],
    ['build-args', '1A=x', 'each KEY must be a name', '"1A"'],
    ['build-args', 'A-B=x', 'each KEY must be a name', '"A-B"'],
    ['build-args', 'C =x', 'each KEY must be a name', '"C "'],
    ['build-args', 'A=1\nA=2', 'each KEY may appear only once', '"A"'],
    ['build-args', 'A=x\u0007y', 'a VALUE must not contain control characters', '"A"'],
    ['platforms', 'linux/amd64;rm -rf /', 'os/arch[/variant]'],
    ['platforms', 'linux', 'os/arch[/variant]'],
    ['platforms', 'linux/arm64/v8/extra', 'os/arch[/variant]'],
    ['platforms', 'Linux/AMD64', 'os/arch[/variant]'],
    ['platforms', 'linux/amd64 linux/arm64', 'os/arch[/variant]'],
    ['platforms', 'linux/amd64,$(id)/x', 'os/arch[/variant]', '"$(id)/x"'],
    ['platforms', 'linux/amd64,linux/arm64,linux/amd64', 'must not list a platform twice', '"linux/amd64"'],
    ['platforms', ',', 'must name at least one platform'],
    ['push', 'yes', 'must be auto, true, false or by-digest'],
    ['push', 'on', 'must be auto, true, false or by-digest'],
    ['push', 'AUTO', 'must be auto, true, false or by-digest'],
    ['push', 'by_digest', 'must be auto, true, false or by-digest'],
    ['digests', 'linux/amd64', 'must be JSON objects of platform to digest'],
    ['cache', 'local', 'must be one of gha, registry, none'],
    ['cache', 'GHA', 'must be one of gha, registry, none'],
    ['provenance', 'maybe', 'must be true, false or comma-separated key=value'],
    ['provenance', 'mode max', 'must be true, false or comma-separated key=value'],
    ['provenance', '--push', 'must be true, false or comma-separated key=value'],
    ['provenance', 'mode=', 'must be true, false or comma-separated key=value'],
    ['provenance', 'mode=max,', 'must be true, false or comma-separated key=value'],
    ['sbom', 'yes', 'must be true, false or comma-separated key=value'],
    ['default-branch', '--force', "must not start with '-' or '+'"],
    ['default-branch', 'a..b', "must not contain '..'"],
    ['sha-length', '6', 'must be a whole number from 7 to 40'],
    ['sha-length', '41', 'must be a whole number from 7 to 40'],
    ['sha-length', 'abc', 'must be a whole number from 7 to 40'],
    ['sha-length', '7.5', 'must be a whole number from 7 to 40'],
    ['sha-length', '-7', 'must be a whole number from 7 to 40'],
    ['sha-length', '1e1', 'must be a whole number from 7 to 40'],
    ['sha-length', '0x10', 'must be a whole number from 7 to 40'],
    ['extra-tags', 'has space', 'each line must be a valid tag'],
    ['extra-tags', 'ok\n-lead', 'each line must be a valid tag', '"-lead"'],
    ['extra-tags', '.dot', 'each line must be a valid tag'],
    ['extra-tags', 'a'.repeat(129), 'each line must be a valid tag'],
    ['extra-tags', 'ünïcode', 'each line must be a valid tag', '"\\u00fcn\\u00efcode"'],
    ['extra-tags', 'latest', "must not contain 'latest'"],
    ['scan', 'yes', 'must be true or false'],
    ['scan', 'on', 'must be true or false'],
    ['scan', '1', 'must be true or false'],
    ['scan', 'tRue', 'must be true or false'],
    ['trivy-version', 'latest', 'must be an exact version X.Y.Z'],
    ['trivy-version', '^0.69.0', 'must be an exact version X.Y.Z'],
    ['trivy-version', '~0.69', 'must be an exact version X.Y.Z'],
    ['trivy-version', '>=0.69.3', 'must be an exact version X.Y.Z'],
    ['trivy-version', '../../x', 'must be an exact version X.Y.Z'],
    ['trivy-version', '0.69', 'must be an exact version X.Y.Z'],
    ['trivy-version', '0.69.3.1', 'must be an exact version X.Y.Z'],
    ['trivy-version', '0.69.3-rc1', 'must be an exact version X.Y.Z'],
    ['trivy-version', '0.69.4', 'compromised Trivy release'],
    ['trivy-version', 'v0.69.5', 'compromised Trivy release'],
    ['trivy-version', '0.69.6', 'compromised Trivy release', undefined, { 'trivy-sha256': SHA256 }],
    ['trivy-version', '0.70.0', 'is not in the embedded checksum table (0.69.3); give trivy-sha256 to use it'],
    ['trivy-sha256', 'abc', 'must be a SHA-256 of 64 hexadecimal characters'],
    ['trivy-sha256', 'g'.repeat(64), 'must be a SHA-256 of 64 hexadecimal characters'],
    ['trivy-sha256', `${SHA256}0`, 'must be a SHA-256 of 64 hexadecimal characters'],
    ['trivy-download-url', 'http://example.com/trivy', 'must be an https URL'],
    ['trivy-download-url', 'http://127.0.0.2/trivy', 'must be an https URL'],
    ['trivy-download-url', 'ftp://example.com/trivy', 'must be an https URL'],
    ['trivy-download-url', 'file:///etc/passwd', 'must be an https URL'],
    ['trivy-download-url', 'javascript:alert(1)', 'must be an https URL'],
    ['trivy-download-url', 'not-a-url', 'must be an absolute https URL'],
    ['trivy-download-url', 'https://user:pw@example.com/x', 'must not contain user info', '"https://***@example.com/x"'],
    ['trivy-download-url', 'https://token@example.com/x', 'must not contain user info', '"https://***@example.com/x"'],
    ['trivy-download-url', 'https://example.com/x?token=1', 'must not contain a query or fragment', '"https://example.com/x?***"'],
    ['trivy-download-url', 'https://example.com/x?token=1#frag', 'must not contain a query or fragment', '"https://example.com/x?***#frag"'],
    ['trivy-download-url', 'https://example.com/x#frag', 'must not contain a query or fragment'],
    ['trivy-download-url', 'https://ex\u0430mple.com/x', 'printable ASCII', '"https://ex\\u0430mple.com/x"'],
    ['trivy-download-url', 'https://example.com/a b', 'printable ASCII'],
    ['trivy-path', 'trivy\n--help', 'must not contain control characters', '"trivy\\n--help"'],
    ['fail-on', 'SEVERE', 'must be none or comma-separated severities from CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN'],
    ['fail-on', 'CRITICAL;HIGH', 'must be none or comma-separated severities', '"CRITICAL;HIGH"'],
    ['fail-on', 'none,HIGH', 'must be none or comma-separated severities', '"none"'],
    ['fail-on', ',', 'must name severities or none'],
    ['ignore-unfixed', 'no', 'must be true or false'],
    ['manifests-branch', '--force', "must not start with '-' or '+'"],
    ['manifests-branch', '+main', "must not start with '-' or '+'"],
    ['manifests-branch', 'main:prod', 'must not contain spaces, control characters or any of ~ ^ : ? * [ \\'],
    ['manifests-branch', 'a b', 'must not contain spaces'],
    ['manifests-branch', 'a~1', 'any of ~ ^ : ? * ['],
    ['manifests-branch', 'a^', 'any of ~ ^ : ? * ['],
    ['manifests-branch', 'a?', 'any of ~ ^ : ? * ['],
    ['manifests-branch', 'a*', 'any of ~ ^ : ? * ['],
    ['manifests-branch', 'a[1', 'any of ~ ^ : ? * ['],
    ['manifests-branch', 'a\\b', 'any of ~ ^ : ? * [', '"a\\\\b"'],
    ['manifests-branch', 'a\tb', 'control characters', '"a\\tb"'],
    ['manifests-branch', 'a\u007fb', 'control characters', '"a\\u007fb"'],
    ['manifests-branch', 'a..b', "must not contain '..'"],
    ['manifests-branch', 'a@{1}', "must not contain '@{'"],
    ['manifests-branch', '@', "must not be '@' or 'HEAD'"],
    ['manifests-branch', 'HEAD', "must not be '@' or 'HEAD'"],
    ['manifests-branch', 'refs/heads/manifests', 'without refs/heads/'],
    ['manifests-branch', '/a', "must not start or end with '/'"],
    ['manifests-branch', 'a/', "must not start or end with '/'"],
    ['manifests-branch', 'a//b', "contain '//'"],
    ['manifests-branch', '.hidden', "path component starting with '.'"],
    ['manifests-branch', 'a/.b', "path component starting with '.'"],
    ['manifests-branch', 'a.lock', "path component ending with '.lock'"],
    ['manifests-branch', 'a.lock/b', "path component ending with '.lock'"],
    ['manifests-branch', 'a.', "must not end with '.'"],
    ['manifests-repository', 'no-slash', 'must be owner/name'],
    ['manifests-repository', 'a/b/c', 'must be owner/name'],
    ['manifests-repository', 'https://github.com/a/b', 'must be owner/name'],
    ['manifests-repository', 'a/..', 'must be owner/name'],
    ['manifests-repository', '-a/b', 'must be owner/name'],
    ['manifests-repository', 'a/b c', 'must be owner/name'],
    ['manifests-repository', 'https://x-access-token:ghs_abc@github.com/o/r', 'must be owner/name', '"https://***@github.com/o/r"'],
    ['deploy-branches', 'main\n--force', "must not start with '-' or '+'", '"--force"'],
    ['deploy-branches', 'main\nfeature:x', 'any of ~ ^ : ? * [', '"feature:x"'],
    ['tag', '-x', 'must be a valid tag', undefined, { mode: 'deploy' }],
    ['tag', 'a b', 'must be a valid tag', undefined, { mode: 'deploy' }],
    ['tag', 'a'.repeat(129), 'must be a valid tag', undefined, { mode: 'deploy' }],
    ['tag', 'v1:latest', 'must be a valid tag'],
    ['pin-digest', 'nope', 'must be true or false'],
    ['skip-unchanged', 'yes please', 'must be true or false'],
    ['max-push-attempts', '0', 'must be a whole number from 1 to 100'],
    ['argocd-server', 'http://argocd.ftmo.example', 'must be an https URL'],
    ['argocd-server', 'https://admin:pw@argocd.ftmo.example', 'must not contain user info', '"https://***@argocd.ftmo.example"'],
    ['argocd-application', 'Staging', 'must be an Argo CD Application name'],
    ['argocd-application', 'ok\n../x', 'must be an Argo CD Application name', '"../x"'],
    ['wait', 'deployed', 'must be one of none, synced, healthy'],
    ['wait-timeout', '10', 'must be a duration'],
    ['wait-timeout', '7h', 'must be a duration'],
    ['wait-timeout', '0s', 'must be a duration'],
    ['rollback-on-failure', 'yes', 'must be true or false'],
    ['max-push-attempts', '101', 'must be a whole number from 1 to 100'],
    ['max-push-attempts', '-1', 'must be a whole number from 1 to 100'],
    ['max-push-attempts', 'ten', 'must be a whole number from 1 to 100'],
    ['environment', 'prod\u0007', 'must be an environment name of at most 255 characters', '"prod\\u0007"'],
    ['environment', 'e'.repeat(256), 'at most 255 characters', `"${'e'.repeat(200)}"...`],
    ['environment-url', 'trading.example.com', 'must be an absolute http or https URL'],
    ['environment-url', 'javascript:alert(1)', 'must be an absolute http or https URL'],
    ['environment-url', 'https://a b.example.com', 'must be an absolute http or https URL'],
    ['environment-url', 'https://user:pw@example.com/', 'must not contain user info', '"https://***@example.com/"'],
    ['pr-comment', 'yes', 'must be true or false'],
  ];

  it.each(rows)('%s = %j', (input, value, rule, shown, others) => {
    const error = inputError({ ...others, [input]: value });
    expect(error.input).toBe(input);
    expect(error.message).toContain(`Input '${input}': `);
    expect(error.message).toContain(rule);
    expect(error.message).toContain(`(got ${shown ?? `"${value}"`})`);
    // One log line, and nothing the runner could read as a workflow command.
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toMatch(/::/);
  });

  it.each([
    ['argocd-server', { wait: 'healthy', 'argocd-token': 't', 'argocd-application': 'a' }, 'is required when wait is healthy'],
    ['argocd-token', { wait: 'synced', 'argocd-server': 'https://a.example', 'argocd-application': 'a' }, 'is required when wait is synced'],
    ['argocd-application', { wait: 'healthy', 'argocd-server': 'https://a.example', 'argocd-token': 't' }, 'is required when wait is healthy'],
    ['rollback-on-failure', { 'rollback-on-failure': 'true' }, 'needs wait: synced or healthy'],
  ])('%s: a wait needs what it waits with', (input, raw, rule) => {
    const error = inputError(raw);
    expect(error.input).toBe(input);
    expect(error.message).toContain(rule);
  });

  it('names the service as required when it is missing', () => {
    const error = (() => {
      try {
        parseInputs({}, WHERE);
      } catch (e) {
        return e as InputError;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe("Input 'service': is required");
  });

  it('requires tag in deploy mode', () => {
    expect(inputError({ mode: 'deploy' }).message).toBe("Input 'tag': is required in deploy mode (the existing tag to pin)");
  });

  it('refuses a default image that docker cannot accept and asks for image', () => {
    try {
      parseInputs({ service: 'api' }, { ...WHERE, owner: '' });
      expect.unreachable();
    } catch (error) {
      expect((error as InputError).input).toBe('image');
      expect((error as InputError).message).toContain('set image');
      expect((error as InputError).message).toContain('"ghcr.io//api"');
    }
  });

  it('refuses an absolute path when the workspace is not absolute', () => {
    try {
      parseInputs({ service: 'api', context: '/src' }, { ...WHERE, workspace: '' });
      expect.unreachable();
    } catch (error) {
      expect((error as InputError).message).toBe('Input \'context\': must be relative to the workspace (got "/src")');
    }
  });
});

describe('secrets are never shown', () => {
  const secrets: [string, string][] = [
    ['a newline', 'ghp_s3cretPart\nsecondLine'],
    ['a carriage return', 'ghp_s3cretPart\rsecondLine'],
    ['a NUL', 'ghp_s3cretPart\u0000secondLine'],
    ['a tab', 'ghp_s3cretPart\tsecondLine'],
    ['an escape sequence', 'ghp_s3cretPart\u001b[31msecondLine'],
    ['DEL', 'ghp_s3cretPart\u007fsecondLine'],
  ];

  for (const name of ['registry-password', 'manifests-token', 'github-token']) {
    it.each(secrets)(`${name} with %s fails without its value`, (_what, value) => {
      const error = inputError({ [name]: value });
      expect(error.input).toBe(name);
      expect(error.message).toBe(
        `Input '${name}': must not contain a newline or other control character (value not shown: it is a secret)`,
      );
      expect(error.message).not.toContain('s3cret');
      expect(error.message).not.toContain('secondLine');
    });
  }

  it('does not show a valid secret in another input\'s error', () => {
    const error = inputError({ 'registry-password': 'ghp_s3cretPart', 'manifests-token': 'ghs_0therS3cret', mode: 'bogus' });
    expect(error.input).toBe('mode');
    expect(error.message).not.toContain('s3cretPart');
    expect(error.message).not.toContain('0therS3cret');
  });
});
