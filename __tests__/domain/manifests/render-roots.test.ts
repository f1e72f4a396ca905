import { describe, expect, it } from 'vitest';
import { isComponent, referencedPaths, rootsTouchedBy } from '../../../src/domain/manifests/render-roots.js';

describe('referencedPaths', () => {
  const cases: { name: string; dir: string; text: string; expected: string[] }[] = [
    { name: 'bases outside the directory', dir: 'k8s/overlays/prod', text: 'resources:\n  - ../../base/api\n  - deployment.yaml\n', expected: ['k8s/base/api'] },
    { name: 'patch files and components', dir: 'o/p', text: 'components:\n  - ../../c/monitoring\npatches:\n  - path: ../shared/patch.yaml\n', expected: ['c/monitoring', 'o/shared/patch.yaml'] },
    { name: 'remote bases and paths leaving the repository are not files here', dir: 'a', text: 'resources:\n  - https://github.com/x/y//base\n  - ../../outside\n  - /etc/passwd\n', expected: [] },
    { name: 'a file that is not YAML may read anything', dir: 'a', text: 'resources: [\n', expected: ['.'] },
  ];
  for (const { name, dir, text, expected } of cases) {
    it(name, () => expect(referencedPaths(dir, text)).toEqual(expected));
  }
});

describe('rootsTouchedBy', () => {
  const roots = [
    { root: 'o/prod', paths: ['o/prod', 'base/api'] },
    { root: 'o/staging', paths: ['o/staging'] },
    { root: 'everything', paths: ['.'] },
  ];
  const cases: [string[], string[]][] = [
    [[], []],
    [['o/prod/kustomization.yaml'], ['o/prod', 'everything']],
    [['base/api/deployment.yaml'], ['o/prod', 'everything']],
    [['o/production/kustomization.yaml'], ['everything']],
    [['o/staging/kustomization.yaml', 'base/api'], ['o/prod', 'o/staging', 'everything']],
  ];
  for (const [changed, expected] of cases) {
    it(`${changed.join(', ') || 'nothing'} -> ${expected.join(', ') || 'none'}`, () => expect(rootsTouchedBy(roots, changed)).toEqual(expected));
  }
});

describe('isComponent', () => {
  it.each([
    ['kind: Component\n', true],
    ["kind: 'Component' # shared\n", true],
    ['kind: Kustomization\n', false],
    ['metadata:\n  kind: Component2\n', false],
  ])('%j -> %s', (text, expected) => expect(isComponent(text)).toBe(expected));
});
