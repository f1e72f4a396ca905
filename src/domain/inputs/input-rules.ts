// Every input of action.yml: its default and the parser for its format. A bad value fails here,
// before anything runs, with an InputError that names the input, the rule and (escaped) the
// value; a secret's value is never put in a message.

import { posix } from 'node:path';
import { InputError } from '../errors.js';
import { isGitHubRegistry } from '../plan/github-registry.js';
import { defaultImage, imageRepositoryProblem, isValidTag, registryHost } from '../plan/image-ref.js';
import { parseDuration } from '../argocd/duration.js';
import type { WaitFor } from '../argocd/status.js';
import { refCharacterProblem } from '../plan/run-context.js';
import { DEFAULT_CACHE_DIR, DEFAULT_DB_MAX_AGE, DEFAULT_DB_REPOSITORIES, cacheDirProblem, dbMaxAge, dbRepositoryProblem } from '../scan/trivy-db-inputs.js';
import { extraTagProblem } from '../plan/tags.js';
import { checkDigestList, parseDigestList, type PlatformDigest } from '../plan/digest-list.js';
import { KNOWN_TRIVY_CHECKSUMS, trivyVersionProblem } from '../scan/trivy-release.js';
import { SEVERITIES, type CacheKind, type Inputs, type Mode, type PushRule, type Severity } from '../types.js';

/** What the inputs are resolved against: the workspace for paths, owner/actor/server for defaults. */
export interface InputWhere {
  workspace: string;
  owner: string;
  actor: string;
  /** GITHUB_SERVER_URL: decides which registry is GitHub's own (github-registry.ts). */
  serverUrl: string;
}

type Parse<T> = (value: string, name: string, where: InputWhere) => T;

interface Rule<T> {
  /** Same as action.yml's literal default; '' where the default is derived or an expression. */
  default: string;
  parse: Parse<T>;
}

function rule<T>(defaultValue: string, parse: Parse<T>): Rule<T> {
  return { default: defaultValue, parse };
}

// ---------------------------------------------------------------------------------------------
// One parser per input format.

const SERVICE_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const MAX_SERVICE_LENGTH = 63;
const PLATFORM_RE = /^[a-z0-9][a-z0-9_]*\/[a-z0-9][a-z0-9_]*(?:\/[a-z0-9][a-z0-9_]*)?$/;
const BUILD_ARG_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** docker's rule for stage names (it lower-cases them first). */
const STAGE_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const ATTESTATION_ITEM_RE = /^[a-z][a-z0-9-]*=[\u0021-\u002b\u002d-\u007e]+$/;
const VERSION_RE = /^v?((?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*))$/;
const SHA256_RE = /^[0-9A-Fa-f]{64}$/;
const REPOSITORY_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** C0 and C1 control characters and DEL: newlines, tabs, escapes, NUL... */
function hasControlChar(value: string): boolean {
  return [...value].some((c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

function fail(name: string, ruleText: string, value: string): never {
  throw new InputError(name, ruleText, value);
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
function optional(parse: Parse<string>): Parse<string> {
  return (value, name, where) => (value === '' ? '' : parse(value, name, where));
}

function oneOf<T extends string>(allowed: readonly T[]): Parse<T> {
  return (value, name) => {
    if (!(allowed as readonly string[]).includes(value)) fail(name, `must be one of ${allowed.join(', ')}`, value);
    return value as T;
  };
}

/** YAML 1.2 core booleans, the values a workflow author writes for true and false. */
function yamlBoolean(value: string): boolean | undefined {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  return undefined;
}

const boolean: Parse<boolean> = (value, name) => yamlBoolean(value) ?? fail(name, 'must be true or false', value);

function integer(min: number, max: number): Parse<number> {
  return (value, name) => {
    const number = /^[0-9]+$/.test(value) ? Number(value) : NaN;
    if (!(number >= min && number <= max)) fail(name, `must be a whole number from ${min} to ${max}`, value);
    return number;
  };
}

/** Newline-separated list: lines trimmed, blank lines skipped. */
function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function lineList<T>(parse: Parse<T>): Parse<T[]> {
  return (value, name, where) => lines(value).map((line) => parse(line, name, where));
}

/** Line breaks separate entries; any other control character is refused. */
function noControlCharsExceptLines<T>(parse: (value: string) => T): Parse<T> {
  return (value, name) => {
    if (hasControlChar(value.replace(/\r?\n/g, ''))) fail(name, 'must not contain control characters other than line breaks', value);
    return parse(value);
  };
}

function noControlChars(parse: Parse<string>): Parse<string> {
  return (value, name, where) => {
    if (hasControlChar(value)) fail(name, 'must not contain control characters', value);
    return parse(value, name, where);
  };
}

const serviceName: Parse<string> = (value, name) => {
  if (value === '') throw new InputError(name, 'is required');
  if (!SERVICE_RE.test(value)) {
    fail(name, "must be one path component of lower-case letters and digits, joined by '.', '_', '__' or '-'", value);
  }
  if (value.length > MAX_SERVICE_LENGTH) fail(name, `must be at most ${MAX_SERVICE_LENGTH} characters`, value);
  return value;
};

const imageRepository: Parse<string> = (value, name) => {
  const problem = imageRepositoryProblem(value);
  return problem === undefined ? value : fail(name, problem, hideUserinfo(value));
};

/** A user name for `docker login`: printable, no spaces, no ':' (it would end up in Basic auth). */
const userName: Parse<string> = (value, name) => {
  if (!/^[\u0021-\u007e]+$/.test(value) || value.includes(':') || value.startsWith('-')) {
    fail(name, "must be printable ASCII without spaces or ':', not starting with '-'", value);
  }
  return value;
};

/** Secrets are checked without ever quoting them. */
const secret: Parse<string> = (value, name) => {
  if (hasControlChar(value)) {
    throw new InputError(name, 'must not contain a newline or other control character (value not shown: it is a secret)');
  }
  return value;
};

/**
 * A path inside the workspace, returned workspace-relative and normalised ('.' for the root).
 * Absolute paths are accepted when they point inside the workspace. Symbolic links are the
 * adapter's business (this code cannot look at the disk).
 */
const workspacePath: Parse<string> = noControlChars((value, name, where) => {
  if (value.startsWith('/') && !where.workspace.startsWith('/')) fail(name, 'must be relative to the workspace', value);
  const normalised = value.startsWith('/')
    ? posix.relative(posix.normalize(where.workspace), posix.normalize(value))
    : posix.normalize(value);
  const relative = normalised.replace(/\/+$/, '') || '.';
  if (relative === '..' || relative.startsWith('../') || relative.startsWith('/')) {
    fail(name, 'must be a path inside the workspace', value);
  }
  // A relative path beginning with '-' would be read as an option by the tools it is given to.
  if (relative.startsWith('-')) fail(name, "must not start with '-'", value);
  return relative;
});

/** Build stage name as docker accepts it. */
const stageName: Parse<string> = (value, name) =>
  STAGE_RE.test(value) ? value : fail(name, "must be a build stage name (a letter, then letters, digits, '_', '.', '-')", value);

const buildArgs: Parse<{ key: string; value: string }[]> = (value, name) => {
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
const platforms: Parse<string[]> = (value, name) => {
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

const pushRule: Parse<PushRule> = (value, name) => {
  if (value === 'auto' || value === 'by-digest') return value;
  const flag = yamlBoolean(value);
  return flag === undefined ? fail(name, 'must be auto, true, false or by-digest', value) : flag ? 'true' : 'false';
};

/** buildx --provenance / --sbom value: a boolean, or comma-separated key=value options. */
const attestation: Parse<string> = (value, name) => {
  const flag = yamlBoolean(value);
  if (flag !== undefined) return String(flag);
  if (!value.split(',').every((item) => ATTESTATION_ITEM_RE.test(item))) {
    fail(name, 'must be true, false or comma-separated key=value options (e.g. mode=max)', value);
  }
  return value;
};

/** The tag-like names in the list below. */
const tagName: Parse<string> = (value, name) =>
  isValidTag(value) ? value : fail(name, 'must be a valid tag: letters, digits, _ . -, not starting with . or -, at most 128 characters', value);

const extraTags: Parse<string[]> = lineList((value, name) => {
  const problem = extraTagProblem(value);
  return problem === undefined ? value : fail(name, problem, value);
});

/** Exact X.Y.Z (a leading v is dropped); compromised releases are refused whatever else is given. */
const trivyVersion: Parse<string> = (value, name) => {
  const version = VERSION_RE.exec(value)?.[1] ?? value;
  const problem = trivyVersionProblem(version);
  return problem === undefined ? version : fail(name, problem, value);
};

const sha256: Parse<string> = (value, name) =>
  SHA256_RE.test(value) ? value.toLowerCase() : fail(name, 'must be a SHA-256 of 64 hexadecimal characters', value);

/** Base URL: https (http only for loopback test servers), no credentials, query or fragment. */
const downloadUrl: Parse<string> = (value, name) => {
  // Credentials hide in the userinfo and in query parameters (`?token=...`): neither is shown.
  const shown = hideUserinfo(value).replace(/\?[^#]*/, '?***');
  if (!/^[\u0021-\u007e]+$/.test(value)) fail(name, 'must be a URL of printable ASCII without spaces', shown);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(name, 'must be an absolute https URL', shown);
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) fail(name, 'must be an https URL (http only for loopback hosts: 127.0.0.1, localhost, the IPv6 loopback)', shown);
  if (url.username !== '' || url.password !== '' || value.includes('@')) fail(name, 'must not contain user info (user@host)', shown);
  if (value.includes('?') || value.includes('#')) fail(name, 'must not contain a query or fragment', shown);
  return value.replace(/\/+$/, '');
};

/** Comma-separated severities in any case, or `none` alone; upper case, duplicates dropped. */
const severities: Parse<Severity[]> = (value, name) => {
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

/** Why `name` is not a branch name git would accept (git check-ref-format --branch), plus `+`. */
export function branchNameProblem(name: string): string | undefined {
  const characters = refCharacterProblem(name);
  const rules: [boolean, string][] = [
    [name === '', 'must not be empty'],
    [/^[-+]/.test(name), "must not start with '-' or '+' (git would read it as an option or a forced update)"],
    [characters !== undefined, characters ?? ''],
    [name === '@' || name === 'HEAD', "must not be '@' or 'HEAD'"],
    [name.startsWith('refs/'), 'must be a branch name without refs/heads/'],
    [/^\/|\/\/|\/$/.test(name), "must not start or end with '/' or contain '//'"],
    [/(?:^|\/)\./.test(name), "must not have a path component starting with '.'"],
    [/\.lock(?:\/|$)/.test(name), "must not have a path component ending with '.lock'"],
    [name.endsWith('.'), "must not end with '.'"],
  ];
  const broken = rules.find(([failed]) => failed);
  return broken === undefined ? undefined : `must be a valid git branch name: ${broken[1]}`;
}

const branchName: Parse<string> = (value, name) => {
  const problem = branchNameProblem(value);
  return problem === undefined ? value : fail(name, problem, value);
};

const repositoryName: Parse<string> = (value, name) => {
  const repo = value.split('/')[1] ?? '';
  if (!REPOSITORY_RE.test(value) || repo === '.' || repo === '..') fail(name, 'must be owner/name of a GitHub repository', hideUserinfo(value));
  return value;
};

const trivyCacheDir: Parse<string> = noControlChars((value, name) => {
  const problem = cacheDirProblem(value);
  return problem === undefined ? value.replace(/(.)\/+$/, '$1') : fail(name, problem, value);
});

/** One repository per line, in the order they are asked; empty for the built-in list. */
const dbRepositories: Parse<string[]> = (value, name) => {
  const items = lines(value);
  for (const item of items) {
    const problem = dbRepositoryProblem(item);
    if (problem !== undefined) fail(name, problem, hideUserinfo(item));
  }
  return items.length === 0 ? [...DEFAULT_DB_REPOSITORIES] : [...new Set(items)];
};

const maxAge: Parse<number> = (value, name) => {
  const ms = dbMaxAge(value);
  return typeof ms === 'number' ? ms : fail(name, ms, value);
};

/** A GitHub environment name: printable, at most 255 characters ('' = no Deployment record). */
const environmentName: Parse<string> = (value, name) => {
  if (hasControlChar(value) || [...value].length > 255) fail(name, 'must be an environment name of at most 255 characters without control characters', value);
  return value;
};

/** A link shown on the Deployment: an absolute http(s) URL of printable ASCII, without credentials. */
const environmentUrl: Parse<string> = (value, name) => {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const ok = url !== undefined && /^[\u0021-\u007e]+$/.test(value) && (url.protocol === 'https:' || url.protocol === 'http:');
  if (!ok) fail(name, 'must be an absolute http or https URL of printable ASCII without spaces', hideUserinfo(value));
  if (url?.username !== '' || url.password !== '') fail(name, 'must not contain user info (user@host)', hideUserinfo(value));
  return value;
};

const manifestsPaths: Parse<string[]> = (value, name, where) => {
  const paths = lineList(workspacePath)(value, name, where);
  if (paths.length === 0) fail(name, 'must name at least one directory', value);
  return [...new Set(paths)];
};

/** Argo CD Application names are Kubernetes object names (DNS-1123 subdomains). */
const APPLICATION_RE = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;

const applicationNames: Parse<string[]> = (value, name, where) => {
  const names = lineList((line, n) => (APPLICATION_RE.test(line) ? line : fail(n, 'each line must be an Argo CD Application name (lower-case letters, digits, - and .)', line)))(value, name, where);
  return [...new Set(names)];
};

/** At most the 6 hours a GitHub-hosted job may run. */
const MAX_WAIT_MS = 6 * 3_600_000;

const duration: Parse<number> = (value, name) => {
  const ms = parseDuration(value);
  if (ms === undefined || ms > MAX_WAIT_MS) fail(name, 'must be a duration of whole ms, s, m and h (e.g. 10m, 1m30s) up to 6h', value);
  return ms;
};

// ---------------------------------------------------------------------------------------------
// The table: input name (as in action.yml) -> default and parser. Its order is action.yml's.

const INPUT_RULES = {
  service: rule('', serviceName),
  mode: rule('auto', oneOf<Mode>(['auto', 'build', 'deploy', 'plan', 'merge'])),
  image: rule('', optional(imageRepository)),
  'registry-username': rule('', optional(userName)),
  'registry-password': rule('', secret),
  'github-token': rule('', secret),
  context: rule('.', workspacePath),
  file: rule('', optional(workspacePath)),
  target: rule('', optional(stageName)),
  'build-args': rule('', buildArgs),
  platforms: rule('linux/amd64,linux/arm64', platforms),
  push: rule('auto', pushRule),
  digests: rule('', noControlCharsExceptLines(parseDigestList)),
  cache: rule('gha', oneOf<CacheKind>(['gha', 'registry', 'none'])),
  provenance: rule('mode=min', attestation),
  sbom: rule('false', attestation),
  'skip-unchanged': rule('true', boolean),
  'default-branch': rule('', optional(branchName)),
  'sha-length': rule('7', integer(7, 40)),
  'extra-tags': rule('', extraTags),
  scan: rule('true', boolean),
  'trivy-version': rule('0.69.3', trivyVersion),
  'trivy-sha256': rule('', optional(sha256)),
  'trivy-download-url': rule('https://github.com/aquasecurity/trivy/releases/download', downloadUrl),
  'trivy-path': rule('', noControlChars((value) => value)),
  'fail-on': rule('CRITICAL,HIGH', severities),
  'ignore-unfixed': rule('true', boolean),
  trivyignore: rule('.trivyignore', workspacePath),
  'trivy-cache-dir': rule(DEFAULT_CACHE_DIR, trivyCacheDir),
  'trivy-db-repositories': rule('', dbRepositories),
  'trivy-db-max-age': rule(DEFAULT_DB_MAX_AGE, maxAge),
  'manifests-path': rule('infra/k8s', manifestsPaths),
  'manifests-branch': rule('manifests', branchName),
  'manifests-repository': rule('', optional(repositoryName)),
  'manifests-token': rule('', secret),
  'deploy-branches': rule('', lineList(branchName)),
  tag: rule('', optional(tagName)),
  'pin-digest': rule('true', boolean),
  'max-push-attempts': rule('10', integer(1, 100)),
  environment: rule('', optional(environmentName)),
  'environment-url': rule('', optional(environmentUrl)),
  'pr-comment': rule('false', boolean),
  'argocd-server': rule('', optional(downloadUrl)),
  'argocd-token': rule('', secret),
  'argocd-application': rule('', applicationNames),
  wait: rule('none', oneOf<WaitFor>(['none', 'synced', 'healthy'])),
  'wait-timeout': rule('10m', duration),
  'rollback-on-failure': rule('false', boolean),
} satisfies Record<string, Rule<unknown>>;

export type InputName = keyof typeof INPUT_RULES;

/** Every input the action reads, in action.yml's order (the single list; tests compare it). */
export const INPUT_NAMES = Object.keys(INPUT_RULES) as InputName[];

/** Inputs whose values are secrets: masked before anything else, never quoted. */
export const SECRET_INPUTS: readonly InputName[] = ['registry-password', 'github-token', 'manifests-token', 'argocd-token'];

type ParsedInputs = { [K in InputName]: ReturnType<(typeof INPUT_RULES)[K]['parse']> };

/**
 * Validates every input and resolves the derived defaults. `raw` is keyed by input name; an
 * empty or missing value means the default.
 */
export function parseInputs(raw: Record<string, string>, where: InputWhere): Inputs {
  const v = parseEach(raw, where);
  const image = v.image || derivedImage(where.owner, v.service);
  const registry = registryHost(image);
  // The workflow's token and the actor are the defaults for GitHub's own registry only; any
  // other registry gets exactly what was given (checked in plan.ts when the run logs in).
  const githubRegistry = isGitHubRegistry(registry, where.serverUrl);
  if (v.mode === 'deploy' && v.tag === '') throw new InputError('tag', 'is required in deploy mode (the existing tag to pin)');
  if (v['trivy-sha256'] === '' && KNOWN_TRIVY_CHECKSUMS[v['trivy-version']] === undefined) {
    const known = Object.keys(KNOWN_TRIVY_CHECKSUMS).join(', ');
    fail('trivy-version', `is not in the embedded checksum table (${known}); give trivy-sha256 to use it`, v['trivy-version']);
  }
  checkArgoCdInputs(v);
  const digests = mergeDigests(v, image);
  return {
    service: v.service,
    mode: v.mode,
    image,
    registry,
    registryUsername: v['registry-username'] || (githubRegistry ? where.actor : ''),
    registryPassword: v['registry-password'] || (githubRegistry ? v['github-token'] : ''),
    context: v.context,
    file: v.file || posix.join(v.context, 'Dockerfile'),
    target: v.target,
    buildArgs: v['build-args'],
    platforms: v.platforms,
    push: v.push,
    digests,
    cache: v.cache,
    provenance: v.provenance,
    sbom: v.sbom,
    skipUnchanged: v['skip-unchanged'],
    defaultBranch: v['default-branch'],
    shaLength: v['sha-length'],
    extraTags: v['extra-tags'],
    scan: v.scan,
    trivyVersion: v['trivy-version'],
    trivySha256: v['trivy-sha256'],
    trivyDownloadUrl: v['trivy-download-url'],
    trivyPath: v['trivy-path'],
    failOn: v['fail-on'],
    ignoreUnfixed: v['ignore-unfixed'],
    trivyignore: v.trivyignore,
    trivyCacheDir: v['trivy-cache-dir'],
    trivyDbRepositories: v['trivy-db-repositories'],
    trivyDbMaxAgeMs: v['trivy-db-max-age'],
    manifestsPaths: v['manifests-path'],
    manifestsBranch: v['manifests-branch'],
    manifestsRepository: v['manifests-repository'],
    manifestsToken: v['manifests-token'],
    deployBranches: v['deploy-branches'],
    tag: v.tag,
    pinDigest: v['pin-digest'],
    maxPushAttempts: v['max-push-attempts'],
    environment: v.environment,
    environmentUrl: v['environment-url'],
    githubToken: v['github-token'],
    prComment: v['pr-comment'],
    argocdServer: v['argocd-server'],
    argocdToken: v['argocd-token'],
    argocdApplications: v['argocd-application'],
    wait: v.wait,
    waitTimeoutMs: v['wait-timeout'],
    rollbackOnFailure: v['rollback-on-failure'],
  };
}

/**
 * merge mode needs the legs' digests, all of them and only them; no other mode reads them, and a
 * leg that pushes by digest builds (auto or build mode, or plan mode to show it).
 */
function mergeDigests(v: ParsedInputs, image: string): PlatformDigest[] {
  if (v.push === 'by-digest' && (v.mode === 'merge' || v.mode === 'deploy')) {
    fail('push', `by-digest is for the per-platform build legs (mode auto or build), not ${v.mode} mode`, v.push);
  }
  if (v.mode !== 'merge') {
    if (v.digests.length > 0) throw new InputError('digests', 'is read in merge mode only');
    return [];
  }
  return checkDigestList(v.digests, { platforms: v.platforms, image });
}

/** Waiting needs a server, a token and an Application; rolling back needs a wait to fail. */
function checkArgoCdInputs(v: ParsedInputs): void {
  if (v.wait === 'none') {
    if (v['rollback-on-failure']) throw new InputError('rollback-on-failure', 'needs wait: synced or healthy (a rollback follows a failed wait)');
    return;
  }
  if (v['argocd-server'] === '') throw new InputError('argocd-server', `is required when wait is ${v.wait}`);
  if (v['argocd-token'] === '') throw new InputError('argocd-token', `is required when wait is ${v.wait}`);
  if (v['argocd-application'].length === 0) throw new InputError('argocd-application', `is required when wait is ${v.wait}`);
}

function parseEach(raw: Record<string, string>, where: InputWhere): ParsedInputs {
  const parsed: Record<string, unknown> = {};
  for (const name of INPUT_NAMES) {
    const { default: fallback, parse } = INPUT_RULES[name] as Rule<unknown>;
    const given = raw[name] ?? '';
    parsed[name] = parse(given === '' ? fallback : given, name, where);
  }
  return parsed as ParsedInputs;
}

/** ghcr.io/<owner>/<service>; an owner docker cannot accept needs an explicit `image`. */
function derivedImage(owner: string, service: string): string {
  const image = defaultImage(owner, service);
  const problem = imageRepositoryProblem(image);
  if (problem !== undefined) fail('image', `is not given, and the default derived from the repository owner ${problem}; set image`, image);
  return image;
}
