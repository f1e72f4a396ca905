// Which pushed tags are immutable, and when an existing immutable tag may be replaced.
// Expected values follow the README ("Tags": immutable and moving tags).

import { describe, expect, it } from 'vitest';
import { immutableTags, overwriteRefusal, type RunIdentity, type TagPlan } from '../../../src/domain/plan/immutable-tags.js';

const COMMIT = '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e';
const OTHER = 'e84cc64499f50d72071c1a2ce65752ff3838f03f';

describe('immutableTags', () => {
  it.each<[string, TagPlan, string[]]>([
    ['branch push: the branch-SHA tag', { refKind: 'branch', version: 'main-0ccf1ae', immutableTags: ['main-0ccf1ae'] }, ['main-0ccf1ae']],
    ['latest is never immutable', { refKind: 'branch', version: 'main-0ccf1ae', immutableTags: ['main-0ccf1ae', 'latest'] }, ['main-0ccf1ae']],
    ['extra tags are immutable', { refKind: 'branch', version: 'main-0ccf1ae', immutableTags: ['main-0ccf1ae', 'stable', 'pr-7'] }, ['main-0ccf1ae', 'stable', 'pr-7']],
    ['pull request: pr-N moves, the branch-SHA tag does not', { refKind: 'pull_request', version: 'feature-x-e84cc64', immutableTags: ['pr-42', 'feature-x-e84cc64'] }, ['feature-x-e84cc64']],
    ['pull request: pr-N-<sha> is immutable', { refKind: 'pull_request', version: 'pr-42-e84cc64', immutableTags: ['pr-42', 'pr-42-e84cc64'] }, ['pr-42-e84cc64']],
    ['pull request: a tag merely starting with pr- is immutable', { refKind: 'pull_request', version: 'pr-42-e84cc64', immutableTags: ['pr-42', 'pr-42-e84cc64', 'pr-x', 'pr-'] }, ['pr-42-e84cc64', 'pr-x', 'pr-']],
    ['release: the build pushes X.Y.Z alone, and it is immutable', { refKind: 'tag', version: '1.4.2', immutableTags: ['1.4.2'] }, ['1.4.2']],
    ['release: an extra tag named like an alias is immutable (aliases move only after the gate)', { refKind: 'tag', version: '0.4.1', immutableTags: ['0.4.1', '0.4', '0'] }, ['0.4.1', '0.4', '0']],
    ['release: aliases of another version are immutable', { refKind: 'tag', version: '1.4.2', immutableTags: ['1.4.2', '1.3', '2'] }, ['1.4.2', '1.3', '2']],
    ['prerelease: only the full version, immutable', { refKind: 'tag', version: '1.2.3-rc.1', immutableTags: ['1.2.3-rc.1'] }, ['1.2.3-rc.1']],
    ['any other git tag', { refKind: 'tag', version: 'nightly', immutableTags: ['nightly'] }, ['nightly']],
    ['a branch named like a release does not move 1.4', { refKind: 'branch', version: '1.4.2', immutableTags: ['1.4.2', '1.4'] }, ['1.4.2', '1.4']],
    ['pr-N outside a pull request is immutable', { refKind: 'other', version: COMMIT.slice(0, 7), immutableTags: [COMMIT.slice(0, 7), 'pr-42'] }, [COMMIT.slice(0, 7), 'pr-42']],
  ])('%s', (_name, plan, expected) => {
    expect(immutableTags(plan)).toEqual(expected);
  });
});

describe('overwriteRefusal', () => {
  const push: RunIdentity = { sourceCommit: COMMIT, event: 'push', refKind: 'branch', refName: 'main' };
  const ref = 'ghcr.io/ftmo-labs/api:main-0ccf1ae';

  it.each<[string, string[], RunIdentity]>([
    ['the same commit (a re-run)', [COMMIT, COMMIT], push],
    ['the same commit in upper case', [COMMIT.toUpperCase()], push],
  ])('allows %s', (_name, revisions, run) => {
    expect(overwriteRefusal({ ref, revisions }, run)).toBeUndefined();
  });

  it.each<[string, string[], RunIdentity, string]>([
    [
      'another commit, from a push',
      [OTHER, OTHER],
      push,
      `the immutable tag "ghcr.io/ftmo-labs/api:main-0ccf1ae" already names an image built from revision "${OTHER}"; ` +
        `this "push" run of branch "main" would overwrite it with revision "${COMMIT}". Immutable tags are never overwritten: nothing was built or pushed`,
    ],
    [
      'another commit, from a pull request',
      [OTHER],
      { sourceCommit: COMMIT, event: 'pull_request', refKind: 'pull_request', refName: 'feature/x' },
      `the immutable tag "ghcr.io/ftmo-labs/api:main-0ccf1ae" already names an image built from revision "${OTHER}"; ` +
        `this "pull_request" run of pull request branch "feature/x" would overwrite it with revision "${COMMIT}". Immutable tags are never overwritten: nothing was built or pushed`,
    ],
    [
      'an image without the label',
      [''],
      { sourceCommit: COMMIT, event: 'push', refKind: 'tag', refName: 'v1.4.2' },
      'the immutable tag "ghcr.io/ftmo-labs/api:main-0ccf1ae" already names an image built from revision none (no revision label); ' +
        `this "push" run of tag "v1.4.2" would overwrite it with revision "${COMMIT}". Immutable tags are never overwritten: nothing was built or pushed`,
    ],
    [
      'an image with no configuration to read',
      [],
      { sourceCommit: COMMIT, event: 'workflow_dispatch', refKind: 'other', refName: '' },
      'the immutable tag "ghcr.io/ftmo-labs/api:main-0ccf1ae" already names an image built from revision none (no revision label); ' +
        `this "workflow_dispatch" run would overwrite it with revision "${COMMIT}". Immutable tags are never overwritten: nothing was built or pushed`,
    ],
    [
      'one platform of this commit, one of another',
      [COMMIT, OTHER],
      push,
      `the immutable tag "ghcr.io/ftmo-labs/api:main-0ccf1ae" already names an image built from revision "${OTHER}"; ` +
        `this "push" run of branch "main" would overwrite it with revision "${COMMIT}". Immutable tags are never overwritten: nothing was built or pushed`,
    ],
  ])('refuses %s', (_name, revisions, run, message) => {
    expect(overwriteRefusal({ ref, revisions }, run)).toBe(message);
  });
});
