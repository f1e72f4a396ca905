// The names and hashes the action passes between tools, each rule written once: service names,
// commit SHAs, digests, tags and branch names. Every check of one of these forms uses this file.

/** docker's repository path component: lower-case alphanumeric runs joined by `.`, `_`, `__` or dashes. */
export const PATH_COMPONENT_PATTERN = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const PATH_COMPONENT_RE = new RegExp(`^${PATH_COMPONENT_PATTERN}$`);

export function isPathComponent(value: string): boolean {
  return PATH_COMPONENT_RE.test(value);
}

/** A service name is one path component of the image (its default repository ends with it), at most 63 characters (a DNS label). */
export const MAX_SERVICE_LENGTH = 63;

/** Why `value` is not a service name, or undefined. */
export function serviceNameProblem(value: string): string | undefined {
  if (!isPathComponent(value)) return "must be one path component of lower-case letters and digits, joined by '.', '_', '__' or '-'";
  if (value.length > MAX_SERVICE_LENGTH) return `must be at most ${MAX_SERVICE_LENGTH} characters`;
  return undefined;
}

/** 40 (SHA-1) or 64 (SHA-256 repositories) lower-case hex: the full object name as git prints it and takes as an argument. */
const COMMIT_SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export function isCommitSha(value: string): boolean {
  return COMMIT_SHA_RE.test(value);
}

/** A SHA written by others (GITHUB_SHA, an image's revision label) in git's lower-case form, or undefined: git ignores its case. */
export function commitShaOf(value: string): string | undefined {
  const lower = value.toLowerCase();
  return isCommitSha(lower) ? lower : undefined;
}

/** 64 lower-case hex: a SHA-256 as registries and checksum files write it (callers lower-case what people type). */
const SHA256_HEX_RE = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX_RE.test(value);
}

/** `sha256:` and 64 lower-case hex: the only digest form registries give for what the action pushes and pins. */
export function isDigest(value: string): boolean {
  return value.startsWith('sha256:') && isSha256Hex(value.slice('sha256:'.length));
}

/** docker's tag rule: letters, digits, `_ . -`, not starting with `.` or `-`, at most 128 characters. */
export const MAX_TAG_LENGTH = 128;
const TAG_RE = new RegExp(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,${MAX_TAG_LENGTH - 1}}$`);

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/** The tag the tag rules alone move, and only after the scan gate. */
export const LATEST = 'latest';

/** A pull request build's tags: `pr-N` and `pr-N-<sha>`. */
export const PULL_REQUEST_TAG_RE = /^pr-[0-9]+(?:-[0-9a-f]+)?$/;

/** Build avoidance's tags: `src-<key>`, the key a SHA-256. */
const SOURCE_KEY_TAG_RE = /^src-[0-9a-f]{64}$/;

/** Why an `extra-tags` line cannot be used, or undefined when it can. */
export function extraTagProblem(tag: string): string | undefined {
  if (!isValidTag(tag)) {
    return 'each line must be a valid tag: letters, digits, _ . - only, not starting with . or -, at most 128 characters';
  }
  if (tag === LATEST) return "must not contain 'latest': it is added by the tag rules only, after the scan gate";
  if (PULL_REQUEST_TAG_RE.test(tag)) return 'must not be a pull request build\'s tag (pr-<N>, pr-<N>-<hex>): those belong to the pull request\'s own runs';
  if (SOURCE_KEY_TAG_RE.test(tag)) return "must not be a build avoidance tag (src-<key>): it names the build of a source key";
  return undefined;
}

/**
 * The characters git never allows in a ref name (git check-ref-format). A payload field that
 * should name a branch but breaks these rules was not written by GitHub; refusing it also keeps
 * `::`, `[` and line breaks of such a field out of every log line.
 */
export function refCharacterProblem(name: string): string | undefined {
  const control = [...name].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f));
  if (control || /[ ~^:?*[\\]/.test(name)) return 'must not contain spaces, control characters or any of ~ ^ : ? * [ \\';
  if (name.includes('..')) return "must not contain '..'";
  if (name.includes('@{')) return "must not contain '@{'";
  return undefined;
}

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
