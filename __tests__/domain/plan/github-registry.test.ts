// GitHub's own registry per server, written out by hand: the only host github-token goes to.

import { describe, expect, it } from 'vitest';
import { githubRegistryHost, isGitHubRegistry } from '../../../src/domain/plan/github-registry.js';

describe('githubRegistryHost', () => {
  it.each([
    ['https://github.com', 'ghcr.io'],
    ['https://GitHub.com/', 'ghcr.io'],
    ['https://ghes.acme.example', 'containers.ghes.acme.example'],
    ['https://ghes.acme.example:8443/', 'containers.ghes.acme.example'],
    ['https://octocorp.ghe.com', 'containers.octocorp.ghe.com'],
    ['not a url', ''],
    ['', ''],
  ])('%j -> %j', (serverUrl, host) => {
    expect(githubRegistryHost(serverUrl)).toBe(host);
  });
});

describe('isGitHubRegistry', () => {
  it.each([
    ['ghcr.io', 'https://github.com', true],
    ['GHCR.IO', 'https://github.com', true],
    ['ghcr.io:443', 'https://github.com', false],
    ['ghcr.io.evil.example', 'https://github.com', false],
    ['docker.io', 'https://github.com', false],
    ['containers.github.com', 'https://github.com', false],
    ['ghcr.io', 'https://ghes.acme.example', false],
    ['containers.ghes.acme.example', 'https://ghes.acme.example', true],
    ['', 'not a url', false],
  ])('%j on %j -> %j', (registry, serverUrl, own) => {
    expect(isGitHubRegistry(registry, serverUrl)).toBe(own);
  });
});
