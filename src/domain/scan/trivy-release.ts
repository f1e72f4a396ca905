// Which Trivy releases the action will install, and how it recognises a genuine archive.

import { InputError, ToolError } from '../errors.js';
import { quote } from '../escape.js';
import { isSha256Hex } from '../ids.js';

/**
 * SHA-256 of release archives as published with each release (trivy_<v>_checksums.txt) and
 * recorded independently elsewhere. Keyed by version, then by the archive's OS-ARCH suffix.
 */
export const KNOWN_TRIVY_CHECKSUMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '0.69.3': {
    'Linux-64bit': '1816b632dfe529869c740c0913e36bd1629cb7688bd5634f4a858c1d57c88b75',
    'Linux-ARM64': '7e3924a974e912e57b4a99f65ece7931f8079584dae12eb7845024f97087bdfd',
  },
};

/** Releases published by an attacker with the project's credentials (GHSA-69fq-xp46-6x23). */
export const COMPROMISED_TRIVY_VERSIONS: readonly string[] = ['0.69.4', '0.69.5', '0.69.6'];

/** The executable in a release archive; also the tool's name, and the file's, in the tool cache. */
export const TRIVY_TOOL_NAME = 'trivy';

/** Trivy publishes plain X.Y.Z releases; anything else (ranges, `latest`, paths) is refused. */
const EXACT_VERSION_RE = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

/** Node's platform/arch names -> the words Trivy's release archives use. */
const RELEASE_OS: Readonly<Record<string, string>> = { linux: 'Linux', darwin: 'macOS' };
const RELEASE_ARCH: Readonly<Record<string, string>> = { x64: '64bit', arm64: 'ARM64' };

/** Why `version` cannot be installed (format or a compromised release), or undefined. */
export function trivyVersionProblem(version: string): string | undefined {
  if (!EXACT_VERSION_RE.test(version)) {
    return 'must be an exact version X.Y.Z (no ranges, no "latest")';
  }
  if (COMPROMISED_TRIVY_VERSIONS.includes(version)) {
    return `is a compromised Trivy release (GHSA-69fq-xp46-6x23) and is always refused; ${COMPROMISED_TRIVY_VERSIONS.join(', ')} must not be used`;
  }
  return undefined;
}

/** Throws an InputError naming `trivy-version` when the version must not be installed or run. */
export function assertTrivyVersionAllowed(version: string): void {
  const problem = trivyVersionProblem(version);
  if (problem !== undefined) throw new InputError('trivy-version', problem, version);
}

/** `Linux-64bit`, `macOS-ARM64`, ...: the OS-ARCH part of a release archive's name. */
export function trivyPlatformSuffix(os: string, arch: string): string {
  const osWord = RELEASE_OS[os];
  const archWord = RELEASE_ARCH[arch];
  if (osWord === undefined || archWord === undefined) {
    throw new ToolError(
      `Trivy cannot be installed on this runner (${quote(os)}/${quote(arch)}): release archives are used for ` +
        'Linux and macOS on x64 or arm64 only; set trivy-path to a Trivy binary, or scan: false',
    );
  }
  return `${osWord}-${archWord}`;
}

/** The release archive's file name, e.g. `trivy_0.69.3_Linux-64bit.tar.gz`. */
export function trivyAsset(version: string, os: string, arch: string): string {
  assertTrivyVersionAllowed(version);
  return `trivy_${version}_${trivyPlatformSuffix(os, arch)}.tar.gz`;
}

/** `<base>/v<version>/<asset>`, the layout of GitHub releases and of mirrors that copy it. */
export function trivyDownloadUrl(base: string, version: string, asset: string): string {
  return `${base.replace(/\/+$/, '')}/v${version}/${asset}`;
}

/**
 * The SHA-256 the downloaded archive must have: the `trivy-sha256` override when given, else
 * the embedded table's entry; no entry and no override is an error (never "trust on first use").
 */
export function expectedSha256(version: string, assetSuffix: string, override: string): string {
  assertTrivyVersionAllowed(version);
  const given = normaliseSha256(override);
  if (given !== '') return given;
  const known = KNOWN_TRIVY_CHECKSUMS[version]?.[assetSuffix];
  if (known === undefined) {
    throw new InputError(
      'trivy-sha256',
      KNOWN_TRIVY_CHECKSUMS[version] === undefined
        ? notInTableRule(version)
        : `is required: the embedded checksum table has no ${assetSuffix} archive of Trivy ${version}`,
    );
  }
  return known;
}

/** The version `trivy --version` reports on its first line (`Version: 0.69.3`). */
export function parseTrivyVersionOutput(output: string): string | undefined {
  // The DB lines further down are indented ("  Version: 2"), so only a line starting with
  // the key is the binary's own version.
  const match = /^Version:[ \t]*v?([^\s]+)[ \t]*$/m.exec(output);
  return match?.[1];
}

function normaliseSha256(value: string): string {
  const trimmed = value.trim().toLowerCase();
  if (trimmed !== '' && !isSha256Hex(trimmed)) {
    throw new InputError('trivy-sha256', 'must be the 64 hexadecimal characters of a SHA-256', value);
  }
  return trimmed;
}

function notInTableRule(version: string): string {
  const known = Object.keys(KNOWN_TRIVY_CHECKSUMS).join(', ');
  return `is required: Trivy ${version} is not in the embedded checksum table (${known}); give the SHA-256 of its release archive`;
}
