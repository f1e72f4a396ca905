// Input formats of the scan: the Trivy release and its checksum, the severity gate and the
// vulnerability DB's repositories and age.

import { isSha256Hex } from '../ids.js';
import { SEVERITIES, type Severity } from '../scan/severity.js';
import { DEFAULT_DB_REPOSITORIES, dbMaxAge, dbRepositoryProblem } from '../scan/trivy-db-inputs.js';
import { trivyVersionProblem } from '../scan/trivy-release.js';
import { fail, hideUserinfo, lines, type Parse } from './parse.js';

const VERSION_RE = /^v?((?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*))$/;

/** Exact X.Y.Z (a leading v is dropped); compromised releases are refused whatever else is given. */
export const trivyVersion: Parse<string> = (value, name) => {
  const version = VERSION_RE.exec(value)?.[1] ?? value;
  const problem = trivyVersionProblem(version);
  return problem === undefined ? version : fail(name, problem, value);
};

/** 64 hexadecimal characters in any case, kept in lower case. */
export const sha256: Parse<string> = (value, name) =>
  isSha256Hex(value.toLowerCase()) ? value.toLowerCase() : fail(name, 'must be a SHA-256 of 64 hexadecimal characters', value);

/** Comma-separated severities in any case, or `none` alone; upper case, duplicates dropped. */
export const severities: Parse<Severity[]> = (value, name) => {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 1 && items[0]?.toUpperCase() === 'NONE') return [];
  if (items.length === 0) fail(name, 'must name severities or none', value);
  const known: readonly string[] = SEVERITIES;
  for (const item of items) {
    if (!known.includes(item.toUpperCase())) {
      fail(name, `must be none or comma-separated severities from ${SEVERITIES.join(', ')}`, item);
    }
  }
  return [...new Set(items.map((item) => item.toUpperCase() as Severity))];
};

/** One repository per line, in the order they are asked; empty for the built-in list. */
export const dbRepositories: Parse<string[]> = (value, name) => {
  const items = lines(value);
  for (const item of items) {
    const problem = dbRepositoryProblem(item);
    if (problem !== undefined) fail(name, problem, hideUserinfo(item));
  }
  return items.length === 0 ? [...DEFAULT_DB_REPOSITORIES] : [...new Set(items)];
};

export const maxAge: Parse<number> = (value, name) => {
  const ms = dbMaxAge(value);
  return typeof ms === 'number' ? ms : fail(name, ms, value);
};
