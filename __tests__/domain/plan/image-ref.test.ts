import { describe, expect, it } from 'vitest';
import {
  defaultImage,
  formatReference,
  imageRepositoryProblem,
  registryHost,
} from '../../../src/domain/plan/image-ref.js';

const DIGEST = 'sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904a1c4b2f0e3d5c7b9a1e2f3a4';

describe('imageRepositoryProblem: accepted repositories', () => {
  it.each([
    'ghcr.io/ftmo-labs/signal-generation-engine',
    'ghcr.io/ftmo-labs/team/sub/service',
    'registry.example.com/a',
    'registry.example.com:8443/platform/api',
    '127.0.0.1:5000/ftmo/signal-monitoring',
    'localhost/service',
    'localhost:5000/service',
    '[::1]:5000/service',
    'my-registry.internal.example.com/a.b/c_d/e__f/g---h',
    '123456789012.dkr.ecr.eu-central-1.amazonaws.com/dax/news-ingestion-service',
  ])('%s', (image) => {
    expect(imageRepositoryProblem(image)).toBeUndefined();
  });
});

describe('imageRepositoryProblem: refused repositories', () => {
  const rows: [string, string, RegExp][] = [
    ['empty', '', /must not be empty/],
    ['upper case in the path', 'ghcr.io/Ftmo-Labs/service', /lower case/],
    ['upper case in the host', 'GHCR.io/ftmo/service', /lower case/],
    ['a tag', 'ghcr.io/ftmo/service:v1', /must not include a tag/],
    ['an empty tag', 'ghcr.io/ftmo/service:', /must not include a tag/],
    ['a tag after a port host', 'localhost:5000/service:latest', /must not include a tag/],
    ['a digest', `ghcr.io/ftmo/service@${DIGEST}`, /must not include a digest/],
    ['a tag and a digest', `ghcr.io/ftmo/service:v1@${DIGEST}`, /must not include a digest/],
    ['an https scheme', 'https://ghcr.io/ftmo/service', /scheme/],
    ['a docker scheme', 'docker://ghcr.io/ftmo/service', /scheme/],
    ['user info', 'user@ghcr.io/ftmo/service', /user info/],
    ['user and password', 'user:pass@ghcr.io/ftmo/service', /user info/],
    ['a Cyrillic look-alike host', 'ghcr.i\u043e/ftmo/service', /ASCII/],
    ['a fullwidth slash', 'ghcr.io\uff0fftmo/service', /ASCII/],
    ['a zero-width space', 'ghcr.io/ftmo/ser\u200bvice', /ASCII/],
    ['a newline', 'ghcr.io/ftmo/service\n', /ASCII/],
    ['a space', 'ghcr.io/ftmo/my service', /spaces/],
    ['no host (Docker Hub short name)', 'nginx', /host/],
    ['no host (Docker Hub path)', 'library/nginx', /registry host/],
    ['host only', 'ghcr.io', /host\/path/],
    ['a trailing slash', 'ghcr.io/ftmo/', /invalid path component ""/],
    ['a double slash', 'ghcr.io//service', /invalid path component ""/],
    ['a leading dash in a component', 'ghcr.io/ftmo/-service', /invalid path component "-service"/],
    ['a trailing separator', 'ghcr.io/ftmo/service_', /invalid path component/],
    ['three underscores', 'ghcr.io/ftmo/a___b', /invalid path component/],
    ['a dot-dot component', 'ghcr.io/ftmo/../etc', /invalid path component/],
    ['a host label with a leading dash', '-ghcr.io/ftmo/service', /invalid registry host/],
    ['a host with an underscore', 'my_registry.io/ftmo/service', /invalid registry host/],
    ['a port that is not a number', 'localhost:abc/service', /invalid registry host/],
    ['over 255 characters', `ghcr.io/ftmo/${'a'.repeat(250)}`, /at most 255/],
  ];
  it.each(rows)('%s', (_what, image, problem) => {
    expect(imageRepositoryProblem(image)).toMatch(problem);
  });

  it('quotes what it names so a hostile component cannot start a workflow command', () => {
    expect(imageRepositoryProblem('ghcr.io/a::b/c')).toContain('"a:\\u003ab"');
  });
});

describe('defaultImage and registryHost', () => {
  it.each([
    ['Ftmo-Labs', 'signal-generation-engine', 'ghcr.io/ftmo-labs/signal-generation-engine'],
    ['octocat', 'api', 'ghcr.io/octocat/api'],
    ['ACME', 'a.b', 'ghcr.io/acme/a.b'],
  ])('owner %s, service %s -> %s', (owner, service, image) => {
    expect(defaultImage(owner, service)).toBe(image);
  });

  it.each([
    ['ghcr.io/ftmo-labs/api', 'ghcr.io'],
    ['127.0.0.1:5000/ftmo/api', '127.0.0.1:5000'],
    ['localhost/api', 'localhost'],
    ['[::1]:5000/api', '[::1]:5000'],
  ])('registryHost(%s) = %s', (image, host) => {
    expect(registryHost(image)).toBe(host);
  });
});

describe('formatReference', () => {
  const image = 'ghcr.io/ftmo-labs/api';
  it.each([
    [{ tag: 'main-0ccf1ae' }, 'ghcr.io/ftmo-labs/api:main-0ccf1ae'],
    [{ digest: DIGEST }, `ghcr.io/ftmo-labs/api@${DIGEST}`],
    [{ tag: '1.2.3', digest: DIGEST }, `ghcr.io/ftmo-labs/api:1.2.3@${DIGEST}`],
    [{ tag: '', digest: DIGEST }, `ghcr.io/ftmo-labs/api@${DIGEST}`],
  ])('%j -> %s', (ref, expected) => {
    expect(formatReference(image, ref)).toBe(expected);
  });

  it('keeps the port of a registry host', () => {
    expect(formatReference('localhost:5000/api', { tag: 'x' })).toBe('localhost:5000/api:x');
  });

  it.each([
    [{}, /needs a tag or a digest/],
    [{ tag: '-bad' }, /Not a valid tag/],
    [{ digest: 'sha256:abc' }, /Not a valid digest/],
  ])('refuses %j', (ref, message) => {
    expect(() => formatReference(image, ref)).toThrow(message);
  });
});
