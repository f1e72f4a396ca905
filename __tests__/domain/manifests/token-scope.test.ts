import { describe, expect, it } from 'vitest';
import { tokenScope } from '../../../src/domain/manifests/token-scope.js';

describe('tokenScope', () => {
  it.each([
    ['https://github.com/acme/gitops.git', { kind: 'server', prefix: 'https://github.com/' }],
    ['HTTPS://GitHub.com/acme/gitops', { kind: 'server', prefix: 'https://github.com/' }],
    ['https://ghe.example:8443/acme/gitops.git', { kind: 'server', prefix: 'https://ghe.example:8443/' }],
    ['http://127.0.0.1:41234/acme/gitops.git', { kind: 'server', prefix: 'http://127.0.0.1:41234/' }],
    ['http://127.8.9.10/gitops.git', { kind: 'server', prefix: 'http://127.8.9.10/' }],
    ['http://localhost:3000/gitops.git', { kind: 'server', prefix: 'http://localhost:3000/' }],
    ['http://[::1]:3000/gitops.git', { kind: 'server', prefix: 'http://[::1]:3000/' }],
    ['ssh://git@github.com/acme/gitops.git', { kind: 'none' }],
    ['git@github.com:acme/gitops.git', { kind: 'none' }],
    ['/srv/git/gitops.git', { kind: 'none' }],
    ['file:///srv/git/gitops.git', { kind: 'none' }],
  ])('%s', (url, expected) => {
    expect(tokenScope(url)).toEqual(expected);
  });

  it.each(['http://ghe.example/acme/gitops.git', 'http://127.0.0.1.example.com/x.git', 'http://10.0.0.1/x.git', 'http://localhost.evil.example/x.git'])(
    'refuses plain http to %s',
    (url) => {
      expect(tokenScope(url)).toEqual({ kind: 'refused', rule: `is sent only over https, and the manifests repository ${url} is plain http (allowed on a loopback address only)` });
    },
  );
});
