import { describe, expect, it } from 'vitest';
import { aliasDecision } from '../../../src/domain/plan/release-aliases.js';

const OURS = `sha256:${'1'.repeat(64)}`;
const OTHER = `sha256:${'2'.repeat(64)}`;
const RELEASE = { version: '1.4.2', digest: OURS };

describe('aliasDecision', () => {
  it.each([
    ['absent: made', undefined, true, '1 now names 1.4.2'],
    ['this very image already', { version: '1.4.2', digest: OURS }, false, '1 names 1.4.2 already'],
    ['an older patch', { version: '1.4.1', digest: OTHER }, true, '1 moved to 1.4.2 from 1.4.1'],
    ['an older minor', { version: '1.3.9', digest: OTHER }, true, '1 moved to 1.4.2 from 1.3.9'],
    ['a newer minor: kept', { version: '1.5.0', digest: OTHER }, false, '1 stays on 1.5.0, a newer release than 1.4.2'],
    ['a newer patch: kept', { version: '1.4.10', digest: OTHER }, false, '1 stays on 1.4.10, a newer release than 1.4.2'],
    ['the same version, another image (a rebuild): moved', { version: '1.4.2', digest: OTHER }, true, '1 moved to 1.4.2 from 1.4.2'],
    ['no version label: moved', { version: '', digest: OTHER }, true, '1 moved to 1.4.2'],
    ['a label that is not semver: moved', { version: 'main-0ccf1ae', digest: OTHER }, true, '1 moved to 1.4.2'],
    ['a prerelease of a newer version: kept', { version: '1.5.0-rc.1', digest: OTHER }, false, '1 stays on 1.5.0-rc.1, a newer release than 1.4.2'],
  ])('%s', (_name, current, move, reason) => {
    expect(aliasDecision('1', RELEASE, current)).toEqual({ move, reason });
  });
});
