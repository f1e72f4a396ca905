import { describe, expect, it } from 'vitest';
import { parseInputs } from '../../../src/domain/inputs/resolve.js';

const WHERE = { workspace: '/home/runner/work/dax-trading/dax-trading', owner: 'Ftmo-Labs', actor: 'jana-novak', serverUrl: 'https://github.com' };

describe("registry credentials: github-token and the actor are defaults for GitHub's own registry only", () => {
  const TOKEN = 'ghs_w0rkfl0wT0ken';
  const GHES = 'https://ghes.acme.example';
  it.each([
    ['ghcr.io on github.com, nothing given', {}, 'https://github.com', { registryUsername: 'jana-novak', registryPassword: TOKEN }],
    ['ghcr.io with a password given', { 'registry-password': 'ghp_pat' }, 'https://github.com', { registryUsername: 'jana-novak', registryPassword: 'ghp_pat' }],
    ['ghcr.io with both given', { 'registry-username': 'bot', 'registry-password': 'ghp_pat' }, 'https://github.com', { registryUsername: 'bot', registryPassword: 'ghp_pat' }],
    ['docker.io, nothing given', { image: 'docker.io/acme/x' }, 'https://github.com', { registryUsername: '', registryPassword: '' }],
    ['docker.io, both given', { image: 'docker.io/acme/x', 'registry-username': 'ci', 'registry-password': 'dckr_pat' }, 'https://github.com', { registryUsername: 'ci', registryPassword: 'dckr_pat' }],
    ['a GHES server, its own registry', { image: 'containers.ghes.acme.example/acme/x' }, GHES, { registryUsername: 'jana-novak', registryPassword: TOKEN }],
    ['a GHES server, ghcr.io', { image: 'ghcr.io/acme/x' }, GHES, { registryUsername: '', registryPassword: '' }],
    ['a GHES server, the derived ghcr.io image', {}, GHES, { registryUsername: '', registryPassword: '' }],
  ])('%s', (_what, raw, serverUrl, expected) => {
    const inputs = parseInputs({ service: 'signal-generation-engine', 'github-token': TOKEN, ...raw }, { ...WHERE, serverUrl });
    expect({ registryUsername: inputs.registryUsername, registryPassword: inputs.registryPassword }).toEqual(expected);
  });
});
