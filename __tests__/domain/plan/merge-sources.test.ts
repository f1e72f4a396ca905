import { describe, expect, it } from 'vitest';
import { expectedIndex, indexMismatch, legPlatformDigests, sourceProblem, sourceReferences } from '../../../src/domain/plan/merge-sources.js';

const LEG = `sha256:${'a'.repeat(64)}`;
const AMD = `sha256:${'1'.repeat(64)}`;
const ARM = `sha256:${'2'.repeat(64)}`;
const IMAGE = 'ghcr.io/acme/api';

describe('legPlatformDigests', () => {
  it.each<[string, Record<string, string>, Record<string, string>]>([
    ['one platform: the pushed digest (image and attestations)', { 'linux/arm64': ARM }, { 'linux/arm64': LEG }],
    ['several platforms: each platform image', { 'linux/amd64': AMD, 'linux/arm64': ARM }, { 'linux/amd64': AMD, 'linux/arm64': ARM }],
    ['nothing read back', {}, {}],
  ])('%s', (_name, images, expected) => {
    expect(legPlatformDigests(LEG, images)).toEqual(expected);
  });
});

describe('sourceProblem', () => {
  const entry = { platform: 'linux/arm64', digest: LEG, repository: '' };
  it.each<[string, Record<string, string>, string | undefined]>([
    ['exactly its platform', { 'linux/arm64': ARM }, undefined],
    ['another platform', { 'linux/amd64': AMD }, `Input 'digests': the digest for linux/arm64, "${IMAGE}@${LEG}", names the platforms linux/amd64, not linux/arm64 alone`],
    ['two platforms', { 'linux/amd64': AMD, 'linux/arm64': ARM }, `Input 'digests': the digest for linux/arm64, "${IMAGE}@${LEG}", names the platforms linux/amd64, linux/arm64, not linux/arm64 alone`],
    ['no platform image', {}, `Input 'digests': the digest for linux/arm64, "${IMAGE}@${LEG}", names no platform image, not linux/arm64 alone`],
  ])('%s', (_name, names, expected) => {
    expect(sourceProblem(entry, IMAGE, names)).toBe(expected);
  });
});

describe('the merged index', () => {
  it('expects each source\'s platform image', () => {
    const sources: { entry: { platform: string; digest: string; repository: string }; names: Record<string, string> }[] = [
      { entry: { platform: 'linux/amd64', digest: LEG, repository: '' }, names: { 'linux/amd64': AMD } },
      { entry: { platform: 'linux/arm64', digest: ARM, repository: '' }, names: { 'linux/arm64': ARM } },
    ];
    expect(expectedIndex(sources)).toEqual({ 'linux/amd64': AMD, 'linux/arm64': ARM });
  });

  it.each<[string, Record<string, string>, string | undefined]>([
    ['the same images', { 'linux/arm64': ARM, 'linux/amd64': AMD }, undefined],
    ['another image for a platform', { 'linux/amd64': AMD, 'linux/arm64': LEG }, `linux/arm64: expected ${ARM}, found ${LEG}`],
    ['a platform short', { 'linux/amd64': AMD }, `linux/arm64: expected ${ARM}, found none`],
    ['a platform more', { 'linux/amd64': AMD, 'linux/arm64': ARM, 'linux/s390x': LEG }, `linux/s390x: expected none, found ${LEG}`],
  ])('%s', (_name, actual, expected) => {
    expect(indexMismatch({ 'linux/amd64': AMD, 'linux/arm64': ARM }, actual)).toBe(expected);
  });

  it('is made of each digest once, in the order given', () => {
    const entries = [
      { platform: 'linux/amd64', digest: AMD, repository: '' },
      { platform: 'linux/arm64', digest: ARM, repository: IMAGE },
      { platform: 'linux/arm/v7', digest: AMD, repository: '' },
    ];
    expect(sourceReferences(IMAGE, entries)).toEqual([`${IMAGE}@${AMD}`, `${IMAGE}@${ARM}`]);
  });
});
