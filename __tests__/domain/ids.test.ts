import { describe, expect, it } from 'vitest';
import { commitShaOf, extraTagProblem, isCommitSha, isDigest, isSha256Hex, isValidTag, serviceNameProblem } from '../../src/domain/ids.js';

const DIGEST = 'sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904a1c4b2f0e3d5c7b9a1e2f3a4';
const SHA1 = '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e';
const SHA256 = '1816b632dfe529869c740c0913e36bd1629cb7688bd5634f4a858c1d57c88b75';

describe('serviceNameProblem', () => {
  it.each(['api', 'signal-generation-engine', 'a.b', 'a_b', 'a__b', 'a--b', '0', 'x'.repeat(63)])('accepts %j', (name) => {
    expect(serviceNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', "must be one path component of lower-case letters and digits, joined by '.', '_', '__' or '-'"],
    ['Api', "must be one path component of lower-case letters and digits, joined by '.', '_', '__' or '-'"],
    ['a/b', "must be one path component of lower-case letters and digits, joined by '.', '_', '__' or '-'"],
    ['-api', "must be one path component of lower-case letters and digits, joined by '.', '_', '__' or '-'"],
    ['a___b', "must be one path component of lower-case letters and digits, joined by '.', '_', '__' or '-'"],
    ['x'.repeat(64), 'must be at most 63 characters'],
  ])('refuses %j', (name, problem) => {
    expect(serviceNameProblem(name)).toBe(problem);
  });
});

describe('isCommitSha: 40 or 64 lower-case hex', () => {
  it.each([
    [SHA1, true],
    [SHA256, true],
    [SHA1.toUpperCase(), false],
    [SHA1.slice(0, 39), false],
    [`${SHA1}0`, false],
    ['g'.repeat(40), false],
    ['', false],
  ])('%j -> %s', (value, valid) => {
    expect(isCommitSha(value)).toBe(valid);
  });

  it.each([
    [SHA1.toUpperCase(), SHA1],
    [SHA256, SHA256],
    ['0ccf1ae', undefined],
    ['', undefined],
  ])('commitShaOf(%j) -> %j', (value, sha) => {
    expect(commitShaOf(value)).toBe(sha);
  });
});

describe('isSha256Hex', () => {
  it.each([
    [SHA256, true],
    [SHA256.toUpperCase(), false],
    [SHA1, false],
    [`sha256:${SHA256}`, false],
  ])('%j -> %s', (value, valid) => {
    expect(isSha256Hex(value)).toBe(valid);
  });
});

describe('extraTagProblem', () => {
  it.each([
    ['stable', undefined],
    ['latest', "must not contain 'latest': it is added by the tag rules only, after the scan gate"],
    ['.x', 'each line must be a valid tag: letters, digits, _ . - only, not starting with . or -, at most 128 characters'],
    ['pr-5', "must not be a pull request build's tag (pr-<N>, pr-<N>-<hex>): those belong to the pull request's own runs"],
    ['pr-5-0ccf1ae', "must not be a pull request build's tag (pr-<N>, pr-<N>-<hex>): those belong to the pull request's own runs"],
    ['pr-five', undefined],
    [`src-${'a'.repeat(64)}`, 'must not be a build avoidance tag (src-<key>): it names the build of a source key'],
    ['src-main', undefined],
  ])('%j -> %j', (tag, problem) => {
    expect(extraTagProblem(tag)).toBe(problem);
  });
});

describe('isValidTag', () => {
  it.each([
    ['latest', true],
    ['main-0ccf1ae', true],
    ['1.2.3-rc.1', true],
    ['_x', true],
    ['A', true],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    ['', false],
    ['.x', false],
    ['-x', false],
    ['has space', false],
    ['a/b', false],
    ['a:b', false],
    ['a+b', false],
    ['ü', false],
    ['x\n', false],
  ])('%j -> %s', (tag, valid) => {
    expect(isValidTag(tag)).toBe(valid);
  });
});

describe('isDigest', () => {
  it.each([
    [DIGEST, true],
    ['sha256:' + 'A'.repeat(64), false],
    ['sha256:' + 'a'.repeat(63), false],
    ['sha256:' + 'a'.repeat(65), false],
    ['sha512:' + 'a'.repeat(64), false],
    ['a'.repeat(64), false],
    ['', false],
  ])('%j -> %s', (digest, valid) => {
    expect(isDigest(digest)).toBe(valid);
  });
});
