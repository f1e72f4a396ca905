// The `digests` input of merge mode: the per-platform legs' `platform-digests` outputs, one JSON
// object per line (or one object for all of them). Read as text, then checked against what this
// run asks for: every platform of `platforms` exactly once, none other, each digest in this
// image's repository. Every refusal names the platform or the line, before anything is tagged.

import { InputError } from '../errors.js';
import { isDigest } from '../ids.js';

/** One platform's entry, as a leg reported it. */
export interface PlatformDigest {
  platform: string;
  /** sha256:<64 hex> */
  digest: string;
  /** The repository the value named (`<image>@<digest>`), '' for a bare digest. */
  repository: string;
}

const INPUT = 'digests';
const FORMAT = 'must be JSON objects of platform to digest (the legs\' platform-digests outputs), one per line';

/**
 * Every entry of every object, in the order given; a platform twice stays twice (the check
 * below names it). Blank lines are skipped; a line that is not a JSON object of strings is
 * refused whole. An object spread over several lines (pretty-printed) is read as one.
 */
export function parseDigestList(text: string): PlatformDigest[] {
  return jsonObjects(text).flatMap((object) =>
    Object.entries(object).map(([platform, value]) => {
      if (typeof value !== 'string') throw new InputError(INPUT, `the value for ${platform} must be a digest string`, JSON.stringify(value));
      return { platform, ...digestValue(value, platform) };
    }),
  );
}

function jsonObjects(text: string): Record<string, unknown>[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const whole = parseObject(trimmed);
  if (whole !== undefined) return [whole];
  return trimmed
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => parseObject(line) ?? fail(FORMAT, line));
}

// Duplicate keys inside one object would be lost by JSON.parse; they are found by counting.
function parseObject(text: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const object = parsed as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (keyCount(text, key) > 1) fail('must name each platform once: two legs reported it', key);
  }
  return object;
}

function keyCount(text: string, key: string): number {
  const quoted = JSON.stringify(key).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return text.match(new RegExp(`${quoted}\\s*:`, 'g'))?.length ?? 0;
}

/** `sha256:…` or `<repository>@sha256:…`. */
function digestValue(value: string, platform: string): { digest: string; repository: string } {
  const at = value.lastIndexOf('@');
  const digest = at < 0 ? value : value.slice(at + 1);
  if (!isDigest(digest)) fail(`the value for ${platform} must be sha256:<64 hex> or <image>@sha256:<64 hex>`, value);
  return { digest, repository: at < 0 ? '' : value.slice(0, at) };
}

/**
 * The entries, one per requested platform in the order of `platforms`, or an InputError naming
 * the first problem: a foreign repository, a platform given twice, one not asked for, one missing.
 */
export function checkDigestList(entries: PlatformDigest[], wanted: { platforms: string[]; image: string }): PlatformDigest[] {
  const problem = digestListProblem(entries, wanted);
  if (problem !== undefined) fail(problem.rule, problem.value);
  return wanted.platforms.map((platform) => entries.find((entry) => entry.platform === platform) as PlatformDigest);
}

export function digestListProblem(
  entries: PlatformDigest[],
  wanted: { platforms: string[]; image: string },
): { rule: string; value: string } | undefined {
  const foreign = entries.find((entry) => entry.repository !== '' && entry.repository !== wanted.image);
  if (foreign !== undefined) {
    return { rule: `the digest for ${foreign.platform} belongs to another repository, not ${wanted.image}`, value: `${foreign.repository}@${foreign.digest}` };
  }
  const twice = entries.find((entry, index) => entries.findIndex((other) => other.platform === entry.platform) !== index);
  if (twice !== undefined) return { rule: 'must name each platform once: two legs reported it', value: twice.platform };
  const extra = entries.find((entry) => !wanted.platforms.includes(entry.platform));
  if (extra !== undefined) return { rule: `names a platform that platforms does not ask for (${wanted.platforms.join(', ')})`, value: extra.platform };
  const missing = wanted.platforms.find((platform) => !entries.some((entry) => entry.platform === platform));
  if (missing !== undefined) return { rule: 'has no digest for a platform that platforms asks for: its leg did not run or did not report', value: missing };
  return undefined;
}

function fail(rule: string, value: string): never {
  throw new InputError(INPUT, rule, value);
}
