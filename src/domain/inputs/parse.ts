// How an input's text becomes a value: the parser type, the error every parser throws, and the
// formats shared by many inputs (choices, booleans, numbers, lists, secrets, durations).

import { parseDuration } from '../duration.js';
import { InputError } from '../errors.js';

/** What the inputs are resolved against: the workspace for paths, owner/actor/server for defaults. */
export interface InputWhere {
  workspace: string;
  owner: string;
  actor: string;
  /** GITHUB_SERVER_URL: decides which registry is GitHub's own (github-registry.ts). */
  serverUrl: string;
}

export type Parse<T> = (value: string, name: string, where: InputWhere) => T;

/** A bad value: names the input and the rule, and shows the value (escaped by InputError). */
export function fail(name: string, ruleText: string, value: string): never {
  throw new InputError(name, ruleText, value);
}

/** C0 and C1 control characters and DEL: newlines, tabs, escapes, NUL... */
export function hasControlChar(value: string): boolean {
  return [...value].some((c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

/**
 * `value` with the userinfo of its authority (`user:password@` after an optional `scheme://`,
 * before the first `/`) replaced by `***`: a refused value is shown back, a credential in it
 * must not be.
 */
export function hideUserinfo(value: string): string {
  const start = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value)?.[0].length ?? 0;
  const slash = value.indexOf('/', start);
  const authority = value.slice(start, slash < 0 ? value.length : slash);
  const at = authority.lastIndexOf('@');
  return at < 0 ? value : `${value.slice(0, start)}***${value.slice(start + at)}`;
}

/** '' stays '' (not given); anything else goes through `parse`. */
export function optional(parse: Parse<string>): Parse<string> {
  return (value, name, where) => (value === '' ? '' : parse(value, name, where));
}

export function oneOf<const T extends string>(allowed: readonly T[]): Parse<T> {
  return (value, name) => {
    if (!(allowed as readonly string[]).includes(value)) fail(name, `must be one of ${allowed.join(', ')}`, value);
    return value as T;
  };
}

/** YAML 1.2 core booleans, the values a workflow author writes for true and false. */
export function yamlBoolean(value: string): boolean | undefined {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  return undefined;
}

export const boolean: Parse<boolean> = (value, name) => yamlBoolean(value) ?? fail(name, 'must be true or false', value);

export function integer(min: number, max: number): Parse<number> {
  return (value, name) => {
    const number = /^[0-9]+$/.test(value) ? Number(value) : NaN;
    if (!(number >= min && number <= max)) fail(name, `must be a whole number from ${min} to ${max}`, value);
    return number;
  };
}

/** Newline-separated list: lines trimmed, blank lines skipped. */
export function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function lineList<T>(parse: Parse<T>): Parse<T[]> {
  return (value, name, where) => lines(value).map((line) => parse(line, name, where));
}

export function noControlChars(parse: Parse<string>): Parse<string> {
  return (value, name, where) => {
    if (hasControlChar(value)) fail(name, 'must not contain control characters', value);
    return parse(value, name, where);
  };
}

/** Any text without control characters, taken as given. */
export const text: Parse<string> = noControlChars((value) => value);

/** Secrets are checked without ever quoting them. */
export const secret: Parse<string> = (value, name) => {
  if (hasControlChar(value)) {
    throw new InputError(name, 'must not contain a newline or other control character (value not shown: it is a secret)');
  }
  return value;
};

/** At most the 6 hours a GitHub-hosted job may run. */
const MAX_WAIT_MS = 6 * 3_600_000;

/** How long to wait for something outside: ms, s, m and h, more than 0 and up to 6h. */
export const waitDuration: Parse<number> = (value, name) => {
  const ms = parseDuration(value, ['h', 'm', 's', 'ms']);
  if (ms === undefined || ms === 0 || ms > MAX_WAIT_MS) fail(name, 'must be a duration of whole ms, s, m and h (e.g. 10m, 1m30s) up to 6h', value);
  return ms;
};
