import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../../src/domain/errors.js';
import {
  describeDropped,
  emptyState,
  isSafeRelativePath,
  isUnder,
  latestPinUnder,
  listPins,
  nextState,
  parseState,
  serializeState,
  type ManifestsState,
  type PinRecord,
} from '../../../src/domain/manifests/state.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const DIGEST = `sha256:${'1'.repeat(64)}`;
const DIGEST2 = `sha256:${'2'.repeat(64)}`;
const PROD = 'infra/k8s/overlays/production/kustomization.yaml';
const STAGING = 'infra/k8s/overlays/staging/kustomization.yaml';

function record(over: Partial<PinRecord> = {}): PinRecord {
  return {
    image: 'ghcr.io/acme/signal-monitoring',
    tag: 'main-aaaaaaa',
    digest: DIGEST,
    sourceCommit: A,
    time: '2026-03-01T10:00:00.000Z',
    runUrl: 'https://github.com/acme/trading/actions/runs/1',
    ...over,
  };
}

function state(pins: ManifestsState['pins'], sourceCommit = A): ManifestsState {
  return { version: 1, sourceCommit, pins };
}

describe('serializeState', () => {
  it('pretty-prints with sorted keys and a final newline', () => {
    const text = serializeState(state({ [PROD]: { 'signal-monitoring': record({ deploy: true }), 'dax-llm-service': record({ image: 'ghcr.io/acme/dax-llm-service', digest: '' }) } }));
    expect(text).toBe(`{
  "pins": {
    "infra/k8s/overlays/production/kustomization.yaml": {
      "dax-llm-service": {
        "digest": "",
        "image": "ghcr.io/acme/dax-llm-service",
        "runUrl": "https://github.com/acme/trading/actions/runs/1",
        "sourceCommit": "${A}",
        "tag": "main-aaaaaaa",
        "time": "2026-03-01T10:00:00.000Z"
      },
      "signal-monitoring": {
        "deploy": true,
        "digest": "${DIGEST}",
        "image": "ghcr.io/acme/signal-monitoring",
        "runUrl": "https://github.com/acme/trading/actions/runs/1",
        "sourceCommit": "${A}",
        "tag": "main-aaaaaaa",
        "time": "2026-03-01T10:00:00.000Z"
      }
    }
  },
  "sourceCommit": "${A}",
  "version": 1
}
`);
  });

  it('round-trips through parseState', () => {
    const original = state({ [PROD]: { 'signal-monitoring': record() }, [STAGING]: { 'signal-monitoring': record({ deploy: true, sourceCommit: '' }) } }, '');
    expect(parseState(serializeState(original))).toEqual(original);
  });
});

describe('parseState', () => {
  const valid = { version: 1, sourceCommit: A, pins: { [PROD]: { 'signal-monitoring': record() } } };
  const withRecord = (over: Record<string, unknown>): string => JSON.stringify({ ...valid, pins: { [PROD]: { 'signal-monitoring': { ...record(), ...over } } } });

  it('reads a valid file; deploy:false is dropped', () => {
    expect(parseState(withRecord({ deploy: false }))).toEqual(state({ [PROD]: { 'signal-monitoring': record() } }));
  });

  it.each([
    ['not JSON', '{"version": 1,', /state\.json: is not valid JSON/],
    ['an array', '[]', /is not a JSON object/],
    ['a newer version', JSON.stringify({ ...valid, version: 2 }), /version 2, written by a newer ftmo-deploy/],
    ['no version', JSON.stringify({ sourceCommit: A, pins: {} }), /no valid "version"/],
    ['a short source commit', JSON.stringify({ ...valid, sourceCommit: 'abc1234' }), /sourceCommit is not valid \(got "abc1234"\)/],
    ['pins not an object', JSON.stringify({ ...valid, pins: [] }), /"pins" is not an object/],
    ['a path leaving the repository', JSON.stringify({ ...valid, pins: { '../etc/kustomization.yaml': {} } }), /not a plain path inside the repository \("\.\.\/etc\/kustomization\.yaml"\)/],
    ['an absolute path', JSON.stringify({ ...valid, pins: { '/etc/kustomization.yaml': {} } }), /not a plain path/],
    ['a bad service name', JSON.stringify({ ...valid, pins: { [PROD]: { 'Bad Name': record() } } }), /invalid service name \("Bad Name"\)/],
    ['a bad digest', withRecord({ digest: 'sha256:xyz' }), /\.digest is not valid/],
    ['a tag with a newline', withRecord({ tag: 'a\nb' }), /\.tag is not valid/],
    ['an image with a tag', withRecord({ image: 'ghcr.io/acme/x:1' }), /\.image is not valid/],
    ['an image without host', withRecord({ image: 'acme/x' }), /\.image is not valid/],
    ['a number as tag', withRecord({ tag: 5 }), /\.tag is not a string/],
    ['deploy not boolean', withRecord({ deploy: 'yes' }), /\.deploy is not a boolean/],
  ])('refuses %s', (_name, text, message) => {
    let error: unknown;
    try {
      parseState(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as Error).message).toMatch(/^\.ftmo-deploy\/state\.json: /);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/repair or remove the file on the manifests branch$/);
  });
});

describe('paths', () => {
  it.each([
    ['infra/k8s/kustomization.yaml', true],
    ['kustomization.yaml', true],
    ['', false],
    ['a/../b', false],
    ['./a', false],
    ['a//b', false],
    ['/a', false],
    ['a\\b', false],
    ['a\nb', false],
    ['.git/config', false],
    ['infra/.git/kustomization.yaml', false],
    ['.github/kustomization.yaml', true],
  ])('isSafeRelativePath(%j) = %s', (file, expected) => {
    expect(isSafeRelativePath(file)).toBe(expected);
  });

  it.each([
    [PROD, 'infra/k8s', true],
    [PROD, 'infra/k8s/', true],
    [PROD, '.', true],
    [PROD, 'infra/k8s/overlays/staging', false],
    ['infra/k8s-old/kustomization.yaml', 'infra/k8s', false],
  ])('isUnder(%j, %j) = %s', (file, dir, expected) => {
    expect(isUnder(file, dir)).toBe(expected);
  });
});

describe('listPins', () => {
  it('orders by file, then service', () => {
    const s = state({ [STAGING]: { b: record(), a: record() }, [PROD]: { z: record() } });
    expect(listPins(s).map((pin) => `${pin.file}#${pin.service}`)).toEqual([`${PROD}#z`, `${STAGING}#a`, `${STAGING}#b`]);
  });
});

describe('latestPinUnder', () => {
  const early = record({ tag: 'main-early', time: '2026-03-01T10:00:00.000Z' });
  const late = record({ tag: 'main-late', time: '2026-03-02T09:00:00.000Z' });
  const s = state({ [PROD]: { 'signal-monitoring': late, other: late }, [STAGING]: { 'signal-monitoring': early } });
  it.each([
    ['the environment of the run, not the one that sorts first', ['infra/k8s/overlays/staging'], 'main-early'],
    ['the production overlay alone', ['infra/k8s/overlays/production'], 'main-late'],
    ['the newest of several environments under the paths', ['infra/k8s'], 'main-late'],
    ['the whole repository', ['.'], 'main-late'],
    ['no kustomization under the paths', ['infra/other'], undefined],
  ])('%s', (_name, paths, tag) => {
    expect(latestPinUnder(s, 'signal-monitoring', paths)?.tag).toBe(tag);
  });

  it('is undefined for a service without a pin', () => {
    expect(latestPinUnder(s, 'dax-llm-service', ['.'])).toBeUndefined();
  });
});

describe('describeDropped', () => {
  const pin = (n: number) => ({ file: `gone/env-${n}/kustomization.yaml`, service: `svc-${n}` });
  it.each([
    ['none', [], ''],
    ['one', [pin(1)], '1 stale pin dropped, their file or entry is gone: "svc-1" in "gone/env-1/kustomization.yaml"'],
    [
      'three, all named',
      [pin(1), pin(2), pin(3)],
      '3 stale pins dropped, their file or entry is gone: "svc-1" in "gone/env-1/kustomization.yaml", "svc-2" in "gone/env-2/kustomization.yaml", "svc-3" in "gone/env-3/kustomization.yaml"',
    ],
    [
      'many: the first three and how many more',
      [pin(1), pin(2), pin(3), pin(4), pin(5), pin(6), pin(7)],
      '7 stale pins dropped, their file or entry is gone: "svc-1" in "gone/env-1/kustomization.yaml", "svc-2" in "gone/env-2/kustomization.yaml", "svc-3" in "gone/env-3/kustomization.yaml" and 4 more',
    ],
  ])('%s', (_name, dropped, expected) => {
    expect(describeDropped(dropped)).toBe(expected);
  });
});

describe('nextState', () => {
  const previous = state({
    [PROD]: {
      'signal-monitoring': record(),
      'dax-llm-service': record({ image: 'ghcr.io/acme/dax-llm-service', tag: 'main-1111111' }),
      'news-ingestion-service': record({ image: 'ghcr.io/acme/news-ingestion-service' }),
    },
    [STAGING]: { 'signal-monitoring': record({ tag: 'develop-2222222' }) },
  });
  const later = '2026-03-02T08:00:00.000Z';

  it('keeps the old record when the same pin is written again (idempotent re-run)', () => {
    const { state: next, dropped } = nextState(previous, {
      structureCommit: A,
      kept: listPins(previous),
      service: 'signal-monitoring',
      pins: [{ file: PROD, record: record({ time: later, runUrl: 'https://github.com/acme/trading/actions/runs/2' }) }],
    });
    expect(next).toEqual(previous);
    expect(dropped).toEqual([]);
  });

  it('replaces a changed pin, keeps the others, records the structure commit', () => {
    const { state: next } = nextState(previous, {
      structureCommit: B,
      kept: listPins(previous),
      service: 'signal-monitoring',
      pins: [{ file: PROD, record: record({ tag: 'main-bbbbbbb', sourceCommit: B, digest: DIGEST2, time: later }) }],
    });
    expect(next.sourceCommit).toBe(B);
    expect(next.pins[PROD]?.['signal-monitoring']).toEqual(record({ tag: 'main-bbbbbbb', sourceCommit: B, digest: DIGEST2, time: later }));
    expect(next.pins[PROD]?.['dax-llm-service']).toEqual(previous.pins[PROD]?.['dax-llm-service']);
    expect(next.pins[STAGING]?.['signal-monitoring']?.tag).toBe('develop-2222222');
  });

  it('a deploy-mode pin of the same tag is a different pin', () => {
    const { state: next } = nextState(previous, {
      structureCommit: A,
      kept: listPins(previous),
      service: 'signal-monitoring',
      pins: [{ file: PROD, record: record({ deploy: true, time: later }) }],
    });
    expect(next.pins[PROD]?.['signal-monitoring']).toEqual(record({ deploy: true, time: later }));
  });

  it('drops pins whose file or entry is gone and reports them', () => {
    const kept = [
      { file: PROD, service: 'signal-monitoring' },
      { file: PROD, service: 'dax-llm-service' },
    ];
    const { state: next, dropped } = nextState(previous, {
      structureCommit: A,
      kept,
      service: 'postgres-data-collector',
      pins: [{ file: PROD, record: record({ image: 'ghcr.io/acme/postgres-data-collector' }) }],
    });
    expect(dropped).toEqual([
      { file: PROD, service: 'news-ingestion-service' },
      { file: STAGING, service: 'signal-monitoring' },
    ]);
    expect(Object.keys(next.pins)).toEqual([PROD]);
    expect(Object.keys(next.pins[PROD] ?? {}).sort()).toEqual(['dax-llm-service', 'postgres-data-collector', 'signal-monitoring']);
  });

  it('starts from an empty state', () => {
    const { state: next, dropped } = nextState(emptyState(), {
      structureCommit: C,
      kept: [],
      service: 'signal-monitoring',
      pins: [{ file: PROD, record: record() }, { file: STAGING, record: record() }],
    });
    expect(next).toEqual(state({ [PROD]: { 'signal-monitoring': record() }, [STAGING]: { 'signal-monitoring': record() } }, C));
    expect(dropped).toEqual([]);
  });
});
