import { describe, expect, it } from 'vitest';
import { chooseBase, commitsToOrderAgainst, shouldSkipForOrder } from '../../../src/domain/manifests/ordering.js';
import type { ManifestsState, PinRecord } from '../../../src/domain/manifests/state.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const DIGEST = `sha256:${'1'.repeat(64)}`;
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

describe('commitsToOrderAgainst', () => {
  const s = state({
    [PROD]: { 'signal-monitoring': record({ sourceCommit: B }), 'dax-llm-service': record({ sourceCommit: C }) },
    [STAGING]: { 'signal-monitoring': record({ sourceCommit: C }) },
    'infra/k8s/base/signal-monitoring/kustomization.yaml': { 'signal-monitoring': record({ sourceCommit: '' }) },
  });

  it.each([
    ['only the service, only under the paths', ['infra/k8s/overlays/production'], A, [B]],
    ['all paths, distinct, sorted, without unknown commits', ['infra/k8s'], A, [B, C]],
    ["not the run's own commit", ['infra/k8s'], B, [C]],
    ['nothing under other paths', ['apps'], A, []],
  ])('%s', (_name, paths, run, expected) => {
    expect(commitsToOrderAgainst(s, 'signal-monitoring', paths, run)).toEqual(expected);
  });
});

describe('shouldSkipForOrder', () => {
  it.each([
    ['no pins to compare', false, [], { skip: false, bypassed: false }],
    ['pinned commits are older', false, [{ commit: B, newerThanRun: false }], { skip: false, bypassed: false }],
    ['a pinned commit is newer', false, [{ commit: B, newerThanRun: false }, { commit: C, newerThanRun: true }], { skip: true, bypassed: false }],
    ['a pinned commit is newer, deploy mode', true, [{ commit: C, newerThanRun: true }], { skip: false, bypassed: true }],
    ['deploy mode, nothing newer', true, [{ commit: B, newerThanRun: false }], { skip: false, bypassed: false }],
  ])('%s', (_name, deploy, answers, expected) => {
    const decision = shouldSkipForOrder({ service: 'signal-monitoring', runCommit: A, deploy, answers });
    expect({ skip: decision.skip, bypassed: decision.bypassed }).toEqual(expected);
    if (expected.skip) expect(decision.reason).toBe(`signal-monitoring is pinned from cccccccccccc, which descends from this run's commit aaaaaaaaaaaa: a newer build is deployed, so this run pins nothing`);
    if (expected.bypassed) expect(decision.reason).toMatch(/deploy mode pins anyway$/);
  });
});

describe('chooseBase', () => {
  it.each([
    ['state without a commit', '', undefined, 'source', ''],
    ['run descends from the recorded commit', A, 'descends', 'source', ''],
    ['run is older or elsewhere', A, 'does-not-descend', 'tip', ''],
    [
      'the recorded commit is unknown to the repository',
      A,
      'unknown-commit',
      'source',
      "Drift: the manifests branch was built from source commit aaaaaaaaaaaa, which the repository does not know (was its history rewritten?): the structure is taken from this run's commit",
    ],
  ] as const)('%s', (_name, recorded, ancestry, base, warning) => {
    const decision = chooseBase(state({}, recorded), ancestry);
    expect(decision.base).toBe(base);
    expect(decision.warning).toBe(warning);
  });
});
