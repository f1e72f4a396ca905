import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../src/domain/manifests/line-diff.js';

const before = ['images:', '  - name: a', '    newTag: old', '  - name: b', '    newTag: x', '  - name: c', '    newTag: y', ''].join('\n');

describe('unifiedDiff', () => {
  it.each([
    [
      'a replaced line, with three lines of context each side',
      before.replace('newTag: old', 'newTag: new'),
      ['--- a/k.yaml', '+++ b/k.yaml', '@@ -1,6 +1,6 @@', ' images:', '   - name: a', '-    newTag: old', '+    newTag: new', '   - name: b', '     newTag: x', '   - name: c', ''],
    ],
    [
      'an added line',
      before.replace('newTag: old\n', 'newTag: old\n    digest: sha256:1\n'),
      ['--- a/k.yaml', '+++ b/k.yaml', '@@ -1,6 +1,7 @@', ' images:', '   - name: a', '     newTag: old', '+    digest: sha256:1', '   - name: b', '     newTag: x', '   - name: c', ''],
    ],
    [
      'a removed last entry',
      before.replace('  - name: c\n    newTag: y\n', ''),
      ['--- a/k.yaml', '+++ b/k.yaml', '@@ -3,6 +3,4 @@', '     newTag: old', '   - name: b', '     newTag: x', '-  - name: c', '-    newTag: y', ' ', ''],
    ],
  ])('%s', (_name, after, expected) => {
    expect(unifiedDiff('k.yaml', before, after)).toBe(expected.join('\n'));
  });

  it('is empty when nothing changed', () => {
    expect(unifiedDiff('k.yaml', before, before)).toBe('');
  });
});
