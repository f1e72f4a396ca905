// Whether a run looks for an earlier build's image (reusePlan), and whether the image found
// under src-<key> may be taken (reuseVerdict). Expected values written from the README's
// "Build avoidance".

import { describe, expect, it } from 'vitest';
import { reusePlan, reuseVerdict, type ReuseSettings } from '../../../src/domain/plan/reuse.js';

const KEY = '5'.repeat(64);
const TAG = `src-${KEY}`;
const TRUSTED = { trusted: true as const, key: KEY, tag: TAG, files: 3 };
const REVISION = '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e';

describe('reusePlan', () => {
  const rows: [string, ReuseSettings, { enabled: boolean; key: string; reason: string }][] = [
    ['a pushing build with a key', { skipUnchanged: true, mode: 'auto', push: true, byDigest: false, key: TRUSTED }, { enabled: true, key: KEY, reason: `reuse the image tagged ${TAG} if the registry has it` }],
    ['build mode too', { skipUnchanged: true, mode: 'build', push: true, byDigest: false, key: TRUSTED }, { enabled: true, key: KEY, reason: 'else build' }],
    ['plan mode shows the key', { skipUnchanged: true, mode: 'plan', push: true, byDigest: false, key: TRUSTED }, { enabled: true, key: KEY, reason: TAG }],
    ['turned off', { skipUnchanged: false, mode: 'auto', push: true, byDigest: false, key: TRUSTED }, { enabled: false, key: '', reason: 'skip-unchanged: false' }],
    ['deploy mode', { skipUnchanged: true, mode: 'deploy', push: true, byDigest: false, key: TRUSTED }, { enabled: false, key: '', reason: 'deploy mode builds nothing' }],
    ['a dirty workspace', { skipUnchanged: true, mode: 'auto', push: true, byDigest: false, key: { trusted: false, reason: 'the workspace differs' } }, { enabled: false, key: '', reason: 'build: the workspace differs' }],
    ['merge mode', { skipUnchanged: true, mode: 'merge', push: true, byDigest: false, key: TRUSTED }, { enabled: false, key: '', reason: 'merge mode builds nothing' }],
    ['a per-platform leg pushed by digest', { skipUnchanged: true, mode: 'auto', push: true, byDigest: true, key: TRUSTED }, { enabled: false, key: '', reason: 'push: by-digest tags nothing' }],
    ['nothing pushed', { skipUnchanged: true, mode: 'auto', push: false, byDigest: false, key: TRUSTED }, { enabled: false, key: KEY, reason: 'nothing is pushed' }],
  ];
  it.each(rows)('%s', (_what, settings, expected) => {
    const plan = reusePlan(settings);
    expect(plan.enabled).toBe(expected.enabled);
    expect(plan.key).toBe(expected.key);
    expect(plan.tag).toBe(expected.key === '' ? '' : TAG);
    expect(plan.reason).toContain(expected.reason);
  });
});

describe('reuseVerdict', () => {
  const labelled = (key: string) => ({ 'dev.ftmo-deploy.source-key': key, 'org.opencontainers.image.revision': REVISION });
  const planned = { key: KEY, tag: TAG, platforms: ['linux/arm64', 'linux/amd64'] };

  it('takes an image whose every platform carries the key, with the planned platforms', () => {
    expect(reuseVerdict({ labels: [labelled(KEY), labelled(KEY)], platforms: ['linux/amd64', 'linux/arm64'] }, planned)).toEqual({ reuse: true, revision: REVISION });
  });

  it("says '' for the revision when the platforms' labels disagree", () => {
    const other = { ...labelled(KEY), 'org.opencontainers.image.revision': 'f'.repeat(40) };
    expect(reuseVerdict({ labels: [labelled(KEY), other], platforms: ['linux/amd64', 'linux/arm64'] }, planned)).toEqual({ reuse: true, revision: '' });
  });

  const refusals: [string, Record<string, string>[], string[], string][] = [
    ['no label', [{}, {}], ['linux/amd64', 'linux/arm64'], 'does not carry the label dev.ftmo-deploy.source-key'],
    ['another key', [labelled('6'.repeat(64)), labelled('6'.repeat(64))], ['linux/amd64', 'linux/arm64'], 'does not carry the label'],
    ['one platform without it', [labelled(KEY), {}], ['linux/amd64', 'linux/arm64'], 'does not carry the label'],
    ['no image config at all', [], ['linux/amd64', 'linux/arm64'], 'does not carry the label'],
    ['other platforms', [labelled(KEY)], ['linux/amd64'], 'has the platforms "linux/amd64", not "linux/amd64,linux/arm64"'],
  ];
  it.each(refusals)('builds over %s', (_what, labels, platforms, reason) => {
    const verdict = reuseVerdict({ labels, platforms }, planned);
    expect(verdict.reuse).toBe(false);
    expect(verdict.reuse ? '' : verdict.reason).toContain(reason);
  });
});
