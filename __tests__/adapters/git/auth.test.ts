import { describe, expect, it } from 'vitest';
import { authConfig, authorizationHeader, commitLink, describeRemote, remoteHost, repositoryUrl, tokenSecrets } from '../../../src/adapters/git/auth.js';
import { gitEnvironment, networkBounds } from '../../../src/adapters/git/runner.js';

const TOKEN = 'ghs_0123456789abcdef';
// base64("x-access-token:ghs_0123456789abcdef"), computed with coreutils' base64
const B64 = 'eC1hY2Nlc3MtdG9rZW46Z2hzXzAxMjM0NTY3ODlhYmNkZWY=';

describe('describeRemote', () => {
  it.each([
    ['https://github.com/acme/trading', { url: 'https://github.com/acme/trading', kind: 'http', removedCredentials: '' }],
    ['https://github.com/acme/trading.git\n', { url: 'https://github.com/acme/trading.git', kind: 'http', removedCredentials: '' }],
    ['https://x-access-token:ghs_secret@github.com/acme/trading', { url: 'https://github.com/acme/trading', kind: 'http', removedCredentials: 'x-access-token:ghs_secret' }],
    ['http://user:p@ss@ghe.example:8080/acme/t.git', { url: 'http://ghe.example:8080/acme/t.git', kind: 'http', removedCredentials: 'user:p@ss' }],
    ['HTTPS://token@GitHub.com/acme/t', { url: 'HTTPS://GitHub.com/acme/t', kind: 'http', removedCredentials: 'token' }],
    ['https://github.com/acme/t?a=b@c', { url: 'https://github.com/acme/t?a=b@c', kind: 'http', removedCredentials: '' }],
    ['file:///srv/git/trading.git', { url: 'file:///srv/git/trading.git', kind: 'local', removedCredentials: '' }],
    ['/srv/git/trading.git', { url: '/srv/git/trading.git', kind: 'local', removedCredentials: '' }],
    ['../trading.git', { url: '../trading.git', kind: 'local', removedCredentials: '' }],
    ['git@github.com:acme/trading.git', { url: 'git@github.com:acme/trading.git', kind: 'other', removedCredentials: '' }],
    ['ssh://git@github.com/acme/trading.git', { url: 'ssh://git@github.com/acme/trading.git', kind: 'other', removedCredentials: '' }],
  ])('%j', (raw, expected) => {
    expect(describeRemote(raw)).toEqual(expected);
  });
});

describe('remoteHost', () => {
  it.each([
    ['https://github.com/acme/trading.git', 'github.com'],
    ['http://127.0.0.1:8080/x.git', '127.0.0.1:8080'],
    ['ssh://git@ghe.example:2222/acme/t.git', 'ghe.example:2222'],
    ['git@github.com:acme/trading.git', 'github.com'],
    ['ghe.example:acme/trading.git', 'ghe.example'],
    ['/srv/git/trading.git', '/srv/git/trading.git'],
    ['file:///srv/git/trading.git', 'file:///srv/git/trading.git'],
  ])('%s', (url, host) => {
    expect(remoteHost(url)).toBe(host);
  });
});

describe('authentication settings', () => {
  it('builds the header actions/checkout uses', () => {
    expect(authorizationHeader(TOKEN)).toBe(`AUTHORIZATION: basic ${B64}`);
    expect(tokenSecrets(TOKEN)).toEqual([TOKEN, B64]);
    expect(tokenSecrets('')).toEqual([]);
  });

  it('scopes one extraheader to the server of the manifests remote, none for other remotes or without a token', () => {
    const header = `AUTHORIZATION: basic ${B64}`;
    expect(authConfig(TOKEN, describeRemote('https://github.com/acme/gitops.git'))).toEqual([{ key: 'http.https://github.com/.extraheader', value: header }]);
    expect(authConfig(TOKEN, describeRemote('https://ghe.example:8443/x/y'))).toEqual([{ key: 'http.https://ghe.example:8443/.extraheader', value: header }]);
    expect(authConfig(TOKEN, describeRemote('http://127.0.0.1:8080/x/y.git'))).toEqual([{ key: 'http.http://127.0.0.1:8080/.extraheader', value: header }]);
    expect(authConfig('', describeRemote('https://github.com/acme/gitops.git'))).toEqual([]);
    expect(authConfig(TOKEN, describeRemote('/srv/git/local.git'))).toEqual([]);
    expect(authConfig(TOKEN, describeRemote('git@github.com:acme/trading.git'))).toEqual([]);
    expect(authConfig(TOKEN, describeRemote('file:///srv/x.git'))).toEqual([]);
  });

  it('refuses to send the token over plain http to anything but a loopback address', () => {
    expect(() => authConfig(TOKEN, describeRemote('http://ghe.example/acme/gitops.git'))).toThrow(
      "Input 'manifests-token': is sent only over https, and the manifests repository http://ghe.example/acme/gitops.git is plain http (allowed on a loopback address only)",
    );
    expect(authConfig('', describeRemote('http://ghe.example/acme/gitops.git'))).toEqual([]);
  });

  it('puts the header in GIT_CONFIG_* variables, isolated from global and system configuration', () => {
    const env = gitEnvironment(
      {
        tempDir: '/tmp/run',
        env: { PATH: '/usr/bin', HOME: '/home/runner', GIT_DIR: '/elsewhere', GIT_CONFIG_PARAMETERS: "'url.x.insteadof'='y'", HTTPS_PROXY: 'http://proxy:3128' },
        now: () => new Date('2026-03-01T10:00:00Z'),
        stage: 'manifests',
        config: authConfig(TOKEN, describeRemote('https://github.com/acme/trading')),
      },
      { globalConfig: '/tmp/run/empty-gitconfig', hooksDir: '/tmp/run/no-hooks' },
      new Date('2026-03-01T10:00:00Z'),
    );
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      HOME: '/tmp/run',
      HTTPS_PROXY: 'http://proxy:3128',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/tmp/run/empty-gitconfig',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'github-actions[bot]',
      GIT_AUTHOR_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com',
      GIT_COMMITTER_NAME: 'github-actions[bot]',
      GIT_COMMITTER_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com',
      GIT_AUTHOR_DATE: '@1772359200 +0000',
      GIT_COMMITTER_DATE: '@1772359200 +0000',
      LC_ALL: 'C',
    });
    expect(env.GIT_DIR).toBeUndefined();
    expect(env.GIT_CONFIG_PARAMETERS).toBeUndefined();
    const count = Number(env.GIT_CONFIG_COUNT);
    const entries = Array.from({ length: count }, (_, i) => [env[`GIT_CONFIG_KEY_${i}`], env[`GIT_CONFIG_VALUE_${i}`]]);
    expect(entries).toContainEqual(['http.https://github.com/.extraheader', `AUTHORIZATION: basic ${B64}`]);
    expect(entries).toContainEqual(['core.hooksPath', '/tmp/run/no-hooks']);
    expect(entries).toContainEqual(['credential.helper', '']);
    expect(entries).toContainEqual(['http.followRedirects', 'false']);
    expect(entries).toContainEqual(['http.lowSpeedTime', '60']);
    expect(entries).toContainEqual(['protocol.allow', 'never']);
    expect(entries).toContainEqual(['protocol.https.allow', 'always']);
  });
});

describe('links', () => {
  it.each([
    ['https://github.com/acme/trading.git', 'https://github.com/acme/trading/commit/abc'],
    ['https://github.com/acme/trading', 'https://github.com/acme/trading/commit/abc'],
    ['/srv/git/trading.git', ''],
  ])('commitLink(%j)', (url, expected) => {
    expect(commitLink(describeRemote(url), 'abc')).toBe(expected);
  });

  it('builds the URL of a separate manifests repository', () => {
    expect(repositoryUrl('https://github.com/', 'acme/gitops')).toBe('https://github.com/acme/gitops.git');
    expect(repositoryUrl('file:///srv/git', 'acme/gitops')).toBe('file:///srv/git/acme/gitops.git');
  });
});

describe('networkBounds', () => {
  it.each([
    [undefined, { stallSeconds: 60, killAfterMs: 120_000 }],
    ['', { stallSeconds: 60, killAfterMs: 120_000 }],
    ['2', { stallSeconds: 2, killAfterMs: 4_000 }],
    [' 300 ', { stallSeconds: 300, killAfterMs: 600_000 }],
  ])('FTMO_DEPLOY_GIT_TIMEOUT_SECONDS=%j', (value, expected) => {
    expect(networkBounds({ FTMO_DEPLOY_GIT_TIMEOUT_SECONDS: value })).toEqual(expected);
  });

  it.each(['0', '-5', '1.5', '2m', '100000'])('refuses %j', (value) => {
    expect(() => networkBounds({ FTMO_DEPLOY_GIT_TIMEOUT_SECONDS: value })).toThrow(
      `FTMO_DEPLOY_GIT_TIMEOUT_SECONDS: must be a whole number of seconds from 1 to 99999 (got "${value}")`,
    );
  });
});
