// What the scan gate looks at: deploy mode scans every platform of the pinned index.

import { describe, expect, it } from 'vitest';
import { platformsToScan } from '../../../src/domain/scan/platforms.js';
import type { Mode } from '../../../src/domain/types.js';

const digest = (n: number): string => `sha256:${String(n).repeat(64)}`;
const THREE = { 'linux/amd64': digest(1), 'linux/arm64': digest(2), 'linux/s390x': digest(3) };
const TWO = { 'linux/amd64': digest(1), 'linux/arm64': digest(2) };

describe('platformsToScan', () => {
  it.each<[string, Mode, string[], Record<string, string>, string[]]>([
    ['deploy: the index has more platforms than requested', 'deploy', ['linux/amd64', 'linux/arm64'], THREE, ['linux/amd64', 'linux/arm64', 'linux/s390x']],
    ['deploy: the index has fewer platforms than requested', 'deploy', ['linux/amd64', 'linux/arm64'], { 'linux/amd64': digest(1) }, ['linux/amd64']],
    ['deploy: a variant is scanned as the index names it', 'deploy', ['linux/arm64'], { 'linux/arm/v7': digest(4) }, ['linux/arm/v7']],
    ['deploy: an index without platforms has nothing to scan', 'deploy', ['linux/amd64'], {}, []],
    ['auto: the platforms this run built', 'auto', ['linux/amd64', 'linux/arm64'], TWO, ['linux/amd64', 'linux/arm64']],
    ['build: the platforms this run built', 'build', ['linux/amd64'], { 'linux/amd64': digest(1) }, ['linux/amd64']],
  ])('%s', (_name, mode, requested, index, expected) => {
    expect(platformsToScan(mode, requested, index)).toEqual(expected);
  });
});
