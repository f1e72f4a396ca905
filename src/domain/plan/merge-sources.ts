// The decisions around pushing by digest and merging: what a leg reports for its platform, what
// each reported digest must name in the registry, and whether the index the merge created lists
// exactly the platform images it was made from.

import { quote } from '../escape.js';
import type { PlatformDigest } from './digest-list.js';

/**
 * A by-digest leg's `platform-digests`: what it pushed for each platform. A leg of one platform
 * reports the digest it pushed (with provenance or an SBOM that is an index of the image and its
 * attestations, which the merge keeps); a leg of several platforms reports each platform's image.
 */
export function legPlatformDigests(pushed: string, platformImages: Record<string, string>): Record<string, string> {
  const platforms = Object.keys(platformImages);
  if (platforms.length === 1 && platforms[0] !== undefined) return { [platforms[0]]: pushed };
  return { ...platformImages };
}

/**
 * Why a reported digest cannot be merged for its platform, given the platforms the registry
 * says it names (os/arch -> image digest); undefined when it names exactly that platform.
 */
export function sourceProblem(entry: PlatformDigest, image: string, names: Record<string, string>): string | undefined {
  const platforms = Object.keys(names);
  const ref = quote(`${image}@${entry.digest}`);
  if (platforms.length === 1 && platforms[0] === entry.platform) return undefined;
  const found = platforms.length === 0 ? 'no platform image' : `the platforms ${platforms.join(', ')}`;
  return `Input 'digests': the digest for ${entry.platform}, ${ref}, names ${found}, not ${entry.platform} alone`;
}

/** The platform images the merged index must list: each source's one platform image. */
export function expectedIndex(sources: { entry: PlatformDigest; names: Record<string, string> }[]): Record<string, string> {
  return Object.fromEntries(sources.flatMap(({ names }) => Object.entries(names)));
}

/** Why the index read back is not the one asked for (another run retagged it meanwhile?), or undefined. */
export function indexMismatch(expected: Record<string, string>, actual: Record<string, string>): string | undefined {
  const platforms = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const differ = platforms.filter((platform) => expected[platform] !== actual[platform]);
  if (differ.length === 0) return undefined;
  return differ.map((platform) => `${platform}: expected ${expected[platform] ?? 'none'}, found ${actual[platform] ?? 'none'}`).join('; ');
}

/** `image@digest` of every source, each once, in the order of `platforms`. */
export function sourceReferences(image: string, entries: PlatformDigest[]): string[] {
  return [...new Set(entries.map((entry) => `${image}@${entry.digest}`))];
}
