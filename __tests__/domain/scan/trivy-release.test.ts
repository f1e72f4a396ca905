import { describe, expect, it } from 'vitest';
import { InputError, ToolError } from '../../../src/domain/errors.js';
import {
  expectedSha256,
  parseTrivyVersionOutput,
  trivyAsset,
  trivyDownloadUrl,
  trivyPlatformSuffix,
  trivyVersionProblem,
} from '../../../src/domain/scan/trivy-release.js';

// As published with Trivy 0.69.3 (trivy_0.69.3_checksums.txt).
const LINUX_64BIT_0693 = '1816b632dfe529869c740c0913e36bd1629cb7688bd5634f4a858c1d57c88b75';
const LINUX_ARM64_0693 = '7e3924a974e912e57b4a99f65ece7931f8079584dae12eb7845024f97087bdfd';
const SOME_SHA = 'a'.repeat(64);

describe('trivyAsset', () => {
  it.each([
    ['0.69.3', 'linux', 'x64', 'trivy_0.69.3_Linux-64bit.tar.gz'],
    ['0.69.3', 'linux', 'arm64', 'trivy_0.69.3_Linux-ARM64.tar.gz'],
    ['0.69.3', 'darwin', 'x64', 'trivy_0.69.3_macOS-64bit.tar.gz'],
    ['0.69.3', 'darwin', 'arm64', 'trivy_0.69.3_macOS-ARM64.tar.gz'],
    ['0.58.1', 'linux', 'x64', 'trivy_0.58.1_Linux-64bit.tar.gz'],
  ])('%s on %s/%s -> %s', (version, os, arch, asset) => {
    expect(trivyAsset(version, os, arch)).toBe(asset);
  });

  it.each([
    ['win32', 'x64'],
    ['linux', 'ia32'],
    ['linux', 's390x'],
    ['linux', 'arm'],
    ['freebsd', 'x64'],
    ['darwin', 'ppc64'],
  ])('refuses %s/%s with a message that says what to do instead', (os, arch) => {
    expect(() => trivyPlatformSuffix(os, arch)).toThrow(ToolError);
    expect(() => trivyAsset('0.69.3', os, arch)).toThrow(/Linux and macOS on x64 or arm64 only; set trivy-path/);
  });

  it.each(['0.69.4', '0.69.5', '0.69.6'])('refuses the compromised release %s', (version) => {
    expect(() => trivyAsset(version, 'linux', 'x64')).toThrow(InputError);
    expect(() => trivyAsset(version, 'linux', 'x64')).toThrow(/trivy-version.*compromised.*GHSA-69fq-xp46-6x23/);
  });

  it.each(['latest', 'v0.69.3', '0.69', '>=0.69.0', '^0.69.3', '../../x', '0.69.3 ', '00.69.3', '0.69.3-rc.1', ''])(
    'refuses the version %j, which is not an exact release',
    (version) => {
      expect(trivyVersionProblem(version)).toMatch(/exact version X\.Y\.Z/);
      expect(() => trivyAsset(version, 'linux', 'x64')).toThrow(/Input 'trivy-version'/);
    },
  );

  it.each(['0.69.3', '0.69.7', '1.0.0', '0.70.0'])('accepts %s', (version) => {
    expect(trivyVersionProblem(version)).toBeUndefined();
  });
});

describe('trivyDownloadUrl', () => {
  it.each([
    [
      'https://github.com/aquasecurity/trivy/releases/download',
      'https://github.com/aquasecurity/trivy/releases/download/v0.69.3/trivy_0.69.3_Linux-64bit.tar.gz',
    ],
    [
      'https://github.com/aquasecurity/trivy/releases/download/',
      'https://github.com/aquasecurity/trivy/releases/download/v0.69.3/trivy_0.69.3_Linux-64bit.tar.gz',
    ],
    ['https://mirror.example.com/trivy//', 'https://mirror.example.com/trivy/v0.69.3/trivy_0.69.3_Linux-64bit.tar.gz'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/v0.69.3/trivy_0.69.3_Linux-64bit.tar.gz'],
  ])('%s -> %s', (base, url) => {
    expect(trivyDownloadUrl(base, '0.69.3', 'trivy_0.69.3_Linux-64bit.tar.gz')).toBe(url);
  });
});

describe('expectedSha256', () => {
  it.each([
    ['0.69.3', 'Linux-64bit', '', LINUX_64BIT_0693],
    ['0.69.3', 'Linux-ARM64', '', LINUX_ARM64_0693],
    ['0.69.3', 'Linux-64bit', SOME_SHA, SOME_SHA],
    ['0.69.3', 'Linux-64bit', `  ${'AB'.repeat(32)}\n`, 'ab'.repeat(32)],
    ['0.61.0', 'Linux-64bit', SOME_SHA, SOME_SHA],
    ['0.69.3', 'macOS-ARM64', SOME_SHA, SOME_SHA],
  ])('%s %s with override %j -> %s', (version, suffix, override, expected) => {
    expect(expectedSha256(version, suffix, override)).toBe(expected);
  });

  it('needs trivy-sha256 for a version outside the table', () => {
    expect(() => expectedSha256('0.61.0', 'Linux-64bit', '')).toThrow(/Input 'trivy-sha256'.*0\.61\.0 is not in the embedded checksum table \(0\.69\.3\)/);
  });

  it('needs trivy-sha256 for a platform the table has no entry for', () => {
    expect(() => expectedSha256('0.69.3', 'macOS-ARM64', '')).toThrow(/Input 'trivy-sha256'.*no macOS-ARM64 archive of Trivy 0\.69\.3/);
  });

  it.each(['0.69.4', '0.69.5', '0.69.6'])('refuses %s even with a checksum', (version) => {
    expect(() => expectedSha256(version, 'Linux-64bit', SOME_SHA)).toThrow(/compromised/);
  });

  it.each(['abc', 'g'.repeat(64), 'a'.repeat(63), `sha256:${SOME_SHA}`])('refuses the override %j', (override) => {
    expect(() => expectedSha256('0.69.3', 'Linux-64bit', override)).toThrow(/Input 'trivy-sha256': must be the 64 hexadecimal characters/);
  });
});

describe('parseTrivyVersionOutput', () => {
  it.each([
    ['Version: 0.69.3\nVulnerability DB:\n  Version: 2\n  UpdatedAt: 2026-03-02 06:12:44 +0000 UTC\n', '0.69.3'],
    ['Version: 0.50.1\n', '0.50.1'],
    ['Version: v0.50.1', '0.50.1'],
    ['Version: dev\n', 'dev'],
    ['Vulnerability DB:\n  Version: 2\n', undefined],
    ['', undefined],
    ['trivy version 0.69.3\n', undefined],
  ])('%j -> %s', (output, version) => {
    expect(parseTrivyVersionOutput(output)).toBe(version);
  });
});
