import { describe, expect, it } from 'vitest';
import { authConfig, authorizationHeader, commitLink, describeRemote, repositoryUrl, tokenSecrets } from '../../src/adapters/git-auth.js';
import { gitEnvironment } from '../../src/adapters/git.js';

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

describe('authentication settings', () => {
  it('builds the header actions/checkout uses', () => {
    expect(authorizationHeader(TOKEN)).toBe(`AUTHORIZATION: basic ${B64}`);
    expect(tokenSecrets(TOKEN)).toEqual([TOKEN, B64]);
    expect(tokenSecrets('')).toEqual([]);
  });

  it('scopes one extraheader per http server, none for other remotes or without a token', () => {
    const remotes = [
      describeRemote('https://github.com/acme/trading.git'),
      describeRemote('https://github.com/acme/gitops.git'),
      describeRemote('https://ghe.example:8443/x/y'),
      describeRemote('/srv/git/local.git'),
      describeRemote('git@github.com:acme/trading.git'),
    ];
    expect(authConfig(TOKEN, remotes)).toEqual([
      { key: 'http.https://ghe.example:8443/.extraheader', value: `AUTHORIZATION: basic ${B64}` },
      { key: 'http.https://github.com/.extraheader', value: `AUTHORIZATION: basic ${B64}` },
    ]);
    expect(authConfig('', remotes)).toEqual([]);
    expect(authConfig(TOKEN, [describeRemote('file:///srv/x.git')])).toEqual([]);
  });

  it('puts the header in GIT_CONFIG_* variables, isolated from global and system configuration', () => {
    const env = gitEnvironment(
      {
        tempDir: '/tmp/run',
        env: { PATH: '/usr/bin', HOME: '/home/runner', GIT_DIR: '/elsewhere', GIT_CONFIG_PARAMETERS: "'url.x.insteadof'='y'", HTTPS_PROXY: 'http://proxy:3128' },
        now: () => new Date('2026-03-01T10:00:00Z'),
        stage: 'manifests',
        config: authConfig(TOKEN, [describeRemote('https://github.com/acme/trading')]),
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
