import { describe, expect, it } from 'vitest';
import { checkDigestList, digestListProblem, parseDigestList, type PlatformDigest } from '../../../src/domain/plan/digest-list.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const IMAGE = 'ghcr.io/acme/api';
const BOTH = { platforms: ['linux/amd64', 'linux/arm64'], image: IMAGE };

const amd: PlatformDigest = { platform: 'linux/amd64', digest: A, repository: '' };
const arm: PlatformDigest = { platform: 'linux/arm64', digest: B, repository: '' };

describe('parseDigestList', () => {
  it.each<[string, string, PlatformDigest[]]>([
    ['nothing', '  \n', []],
    ['one object per line, blank lines skipped', `{"linux/amd64":"${A}"}\n\n{"linux/arm64":"${B}"}\n`, [amd, arm]],
    ['one merged object', `{"linux/amd64":"${A}","linux/arm64":"${B}"}`, [amd, arm]],
    ['a pretty-printed object', `{\n  "linux/amd64": "${A}",\n  "linux/arm64": "${B}"\n}`, [amd, arm]],
    ['CRLF line ends', `{"linux/amd64":"${A}"}\r\n{"linux/arm64":"${B}"}`, [amd, arm]],
    ['the same platform on two lines stays twice', `{"linux/amd64":"${A}"}\n{"linux/amd64":"${B}"}`, [amd, { ...amd, digest: B }]],
    ['a reference with its repository', `{"linux/amd64":"ghcr.io/acme/other@${A}"}`, [{ ...amd, repository: 'ghcr.io/acme/other' }]],
    ['a reference with a port', `{"linux/amd64":"127.0.0.1:5000/e2e/api@${A}"}`, [{ ...amd, repository: '127.0.0.1:5000/e2e/api' }]],
    ['an empty object', '{}', []],
  ])('%s', (_name, text, expected) => {
    expect(parseDigestList(text)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ['not JSON', 'linux/amd64=sha256:abc', "Input 'digests': must be JSON objects of platform to digest"],
    ['an array', `["${A}"]`, 'must be JSON objects'],
    ['a number for a digest', '{"linux/amd64":7}', 'the value for linux/amd64 must be a digest string (got "7")'],
    ['a short digest', '{"linux/amd64":"sha256:abc"}', 'the value for linux/amd64 must be sha256:<64 hex> or <image>@sha256:<64 hex> (got "sha256:abc")'],
    ['a tag instead of a digest', `{"linux/amd64":"${IMAGE}:main-abc1234"}`, 'must be sha256:<64 hex>'],
    ['one object naming a platform twice', `{"linux/amd64":"${A}", "linux/amd64" : "${B}"}`, 'must name each platform once: two legs reported it (got "linux/amd64")'],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseDigestList(text)).toThrow(message);
  });
});

describe('digestListProblem', () => {
  it.each<[string, PlatformDigest[], { rule: string; value: string } | undefined]>([
    ['every platform once', [arm, amd], undefined],
    ['this image named in full', [{ ...amd, repository: IMAGE }, arm], undefined],
    ['a missing platform', [amd], { rule: 'has no digest for a platform that platforms asks for: its leg did not run or did not report', value: 'linux/arm64' }],
    ['nothing at all', [], { rule: 'has no digest for a platform that platforms asks for: its leg did not run or did not report', value: 'linux/amd64' }],
    ['a platform twice', [amd, arm, { ...amd, digest: B }], { rule: 'must name each platform once: two legs reported it', value: 'linux/amd64' }],
    ['a platform not asked for', [amd, arm, { ...arm, platform: 'linux/s390x' }], { rule: 'names a platform that platforms does not ask for (linux/amd64, linux/arm64)', value: 'linux/s390x' }],
    ['another repository', [amd, { ...arm, repository: 'ghcr.io/acme/web' }], { rule: 'the digest for linux/arm64 belongs to another repository, not ghcr.io/acme/api', value: `ghcr.io/acme/web@${B}` }],
    // A foreign digest is named first: it is the most likely mistake (the wrong service's artefacts).
    ['another repository and a missing platform', [{ ...amd, repository: 'ghcr.io/acme/web' }], { rule: 'the digest for linux/amd64 belongs to another repository, not ghcr.io/acme/api', value: `ghcr.io/acme/web@${A}` }],
  ])('%s', (_name, entries, expected) => {
    expect(digestListProblem(entries, BOTH)).toEqual(expected);
  });

  it('checkDigestList returns the entries in the order of platforms, or throws naming the input', () => {
    expect(checkDigestList([arm, amd], BOTH)).toEqual([amd, arm]);
    expect(() => checkDigestList([amd], BOTH)).toThrow(`Input 'digests': has no digest for a platform that platforms asks for: its leg did not run or did not report (got "linux/arm64")`);
  });
});
