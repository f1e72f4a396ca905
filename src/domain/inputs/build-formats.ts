// Input formats of the build: build arguments, platforms, the push rule, attestations and extra
// tags.

import { extraTagProblem } from '../ids.js';
import { parseDigestList, type PlatformDigest } from '../plan/digest-list.js';
import { fail, hasControlChar, lineList, lines, yamlBoolean, type Parse } from './parse.js';

const PLATFORM_RE = /^[a-z0-9][a-z0-9_]*\/[a-z0-9][a-z0-9_]*(?:\/[a-z0-9][a-z0-9_]*)?$/;
const BUILD_ARG_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ATTESTATION_ITEM_RE = /^[a-z][a-z0-9-]*=[\u0021-\u002b\u002d-\u007e]+$/;

export const buildArgs: Parse<{ key: string; value: string }[]> = (value, name) => {
  const seen = new Set<string>();
  return lines(value).map((line) => {
    const equals = line.indexOf('=');
    if (equals < 0) fail(name, 'each line must be KEY=VALUE', line);
    const key = line.slice(0, equals);
    if (!BUILD_ARG_KEY_RE.test(key)) fail(name, 'each KEY must be a name of letters, digits and _, not starting with a digit', key);
    if (seen.has(key)) fail(name, 'each KEY may appear only once', key);
    seen.add(key);
    const argValue = line.slice(equals + 1);
    if (hasControlChar(argValue)) fail(name, 'a VALUE must not contain control characters', key);
    return { key, value: argValue };
  });
};

/** Comma (or newline) separated `os/arch[/variant]`; empty items are skipped, duplicates refused. */
export const platforms: Parse<string[]> = (value, name) => {
  const items = value
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) fail(name, 'must name at least one platform', value);
  for (const item of items) {
    if (!PLATFORM_RE.test(item)) fail(name, 'must be a comma-separated list of os/arch[/variant] (e.g. linux/amd64,linux/arm64)', item);
  }
  const duplicate = items.find((item, index) => items.indexOf(item) !== index);
  if (duplicate !== undefined) fail(name, 'must not list a platform twice', duplicate);
  return items;
};

/** `auto`, or a YAML boolean written back as the string 'true' or 'false'. */
export const pushRule: Parse<'auto' | 'true' | 'false' | 'by-digest'> = (value, name) => {
  if (value === 'auto' || value === 'by-digest') return value;
  const flag = yamlBoolean(value);
  return flag === undefined ? fail(name, 'must be auto, true, false or by-digest', value) : flag ? 'true' : 'false';
};

/** The legs' `platform-digests` outputs (plan/digest-list.ts); line breaks separate them, any other control character is refused. */
export const digestList: Parse<PlatformDigest[]> = (value, name) => {
  if (hasControlChar(value.replace(/\r?\n/g, ''))) fail(name, 'must not contain control characters other than line breaks', value);
  return parseDigestList(value);
};

/** buildx --provenance / --sbom value: a boolean, or comma-separated key=value options. */
export const attestation: Parse<string> = (value, name) => {
  const flag = yamlBoolean(value);
  if (flag !== undefined) return String(flag);
  if (!value.split(',').every((item) => ATTESTATION_ITEM_RE.test(item))) {
    fail(name, 'must be true, false or comma-separated key=value options (e.g. mode=max)', value);
  }
  return value;
};

export const extraTags: Parse<string[]> = lineList((value, name) => {
  const problem = extraTagProblem(value);
  return problem === undefined ? value : fail(name, problem, value);
});
