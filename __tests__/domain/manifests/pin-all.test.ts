import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../../src/domain/errors.js';
import { pinAll, pinService, type FilePin } from '../../../src/domain/manifests/pin-all.js';

const A = 'overlays/prod/kustomization.yaml';
const B = 'overlays/staging/kustomization.yaml';

const PROD = `resources:
  - ../../base
images:
  - name: ghcr.io/acme/api
    newTag: latest
  - name: ghcr.io/acme/web
    newTag: v1
`;
const STAGING = `images:
  - name: ghcr.io/acme/web
    newTag: v1
`;

const api = (tag: string, digest = '') => ({ service: 'api', image: 'ghcr.io/acme/api', tag, digest });
const web = (tag: string) => ({ service: 'web', image: 'ghcr.io/acme/web', tag, digest: '' });
const files = new Map([
  [A, PROD],
  [B, STAGING],
]);

describe('pinAll', () => {
  const cases: { name: string; pins: FilePin[]; changed: Record<string, string>; matched: string[] }[] = [
    { name: 'no pins: nothing changes', pins: [], changed: {}, matched: [] },
    {
      name: 'one pin with a digest',
      pins: [{ file: A, pin: api('main-abc1234', 'sha256:' + 'a'.repeat(64)) }],
      changed: { [A]: PROD.replace('newTag: latest', `newTag: main-abc1234\n    digest: sha256:${'a'.repeat(64)}`) },
      matched: [`${A} api`],
    },
    {
      name: 'two pins on one file apply in turn',
      pins: [
        { file: A, pin: api('v2') },
        { file: A, pin: web('v3') },
      ],
      changed: { [A]: PROD.replace('newTag: latest', 'newTag: v2').replace('newTag: v1', 'newTag: v3') },
      matched: [`${A} api`, `${A} web`],
    },
    {
      name: 'a pin that is already there matches and changes nothing',
      pins: [{ file: B, pin: web('v1') }],
      changed: {},
      matched: [`${B} web`],
    },
    {
      name: 'a file without the entry or a missing file is left out',
      pins: [
        { file: B, pin: api('v2') },
        { file: 'gone/kustomization.yaml', pin: web('v2') },
      ],
      changed: {},
      matched: [],
    },
  ];
  for (const { name, pins, changed, matched } of cases) {
    it(name, () => {
      const result = pinAll(files, pins);
      expect(Object.fromEntries(result.changed)).toEqual(changed);
      expect(result.matched.map((entry) => `${entry.file} ${entry.pin.service}`)).toEqual(matched);
    });
  }

  it('leaves the given texts as they were', () => {
    pinAll(files, [{ file: A, pin: api('v9') }]);
    expect(files.get(A)).toBe(PROD);
  });
});

describe('pinService', () => {
  it('pins every file holding the service', () => {
    const result = pinService(files, ['overlays'], web('v4'));
    expect(result.matched.map((entry) => entry.file)).toEqual([A, B]);
    expect(result.changed.get(B)).toBe('images:\n  - name: ghcr.io/acme/web\n    newTag: v4\n');
  });

  it('no file with the service is an error naming the paths', () => {
    expect(() => pinService(new Map([[B, STAGING]]), ['overlays/staging'], api('v2'))).toThrow(ManifestError);
    expect(() => pinService(new Map([[B, STAGING]]), ['overlays/staging'], api('v2'))).toThrow(
      'overlays/staging: no kustomization has an `images` entry for "api" (name or newName "ghcr.io/acme/api"); 1 file(s) read, nothing pushed',
    );
  });
});
