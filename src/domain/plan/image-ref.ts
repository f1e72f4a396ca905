// Image repositories, tags and digests: what docker accepts, narrowed to what this action
// accepts (lower case, ASCII, an explicit registry host, no tag or digest in the repository).

import { quote } from '../escape.js';
import { isDigest, isPathComponent, isValidTag } from '../ids.js';

/** A host name component: letters/digits, inner dashes allowed. Lower case only (see below). */
const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const HOST_RE = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9a-f:.]+\\])(?::[0-9]{1,5})?$`);
/** docker refuses repository names longer than this (host included). */
const MAX_REPOSITORY_LENGTH = 255;

/**
 * Why `image` is not an acceptable repository (`host[:port]/path/...`), or undefined when it is.
 * The checks for the common mistakes come first so the message names the actual mistake.
 */
export function imageRepositoryProblem(image: string): string | undefined {
  if (image === '') return 'must not be empty';
  // Look-alike hosts (Cyrillic "о" in "ghcr.iо") must not slip through as a different registry.
  if (/[^\x20-\x7e]/.test(image)) return 'must contain only printable ASCII characters';
  if (/\s/.test(image)) return 'must not contain spaces';
  if (image.includes('://')) return 'must not include a scheme (write ghcr.io/owner/name, not https://...)';
  const firstSlash = image.indexOf('/');
  const at = image.indexOf('@');
  if (at >= 0 && (firstSlash < 0 || at < firstSlash)) return 'must not include user info (user@host)';
  if (at >= 0) return 'must not include a digest (@sha256:...); the action pins digests itself';
  if (image !== image.toLowerCase()) return 'must be lower case';
  if (firstSlash < 0) return 'must be host/path, e.g. ghcr.io/owner/name (a registry host is required)';
  const [host = '', ...path] = image.split('/');
  const last = path[path.length - 1] ?? '';
  if (last.includes(':')) return 'must not include a tag (:tag); tags come from the tag rules and extra-tags';
  if (!isRegistryHost(host)) {
    return 'must start with a registry host (a name with a dot or a port, or localhost), e.g. ghcr.io/owner/name';
  }
  if (!HOST_RE.test(host)) return `has an invalid registry host ${quote(host)}`;
  for (const component of path) {
    if (!isPathComponent(component)) {
      return `has an invalid path component ${quote(component)} (lower-case letters and digits, joined by '.', '_', '__' or '-')`;
    }
  }
  if (image.length > MAX_REPOSITORY_LENGTH) return `must be at most ${MAX_REPOSITORY_LENGTH} characters`;
  return undefined;
}

/** docker's own test for "the first component names a registry" rather than a Docker Hub path. */
function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** The repository used when `image` is not given: GHCR under the (lower-cased) owner. */
export function defaultImage(owner: string, service: string): string {
  return `ghcr.io/${owner.toLowerCase()}/${service}`;
}

/** The registry to log in to: the host (with port) of a valid image repository. */
export function registryHost(image: string): string {
  const slash = image.indexOf('/');
  return slash < 0 ? image : image.slice(0, slash);
}

/** `image:tag`, `image@digest` or `image:tag@digest`. */
export function formatReference(image: string, ref: { tag?: string; digest?: string }): string {
  const tag = ref.tag ?? '';
  const digest = ref.digest ?? '';
  if (tag === '' && digest === '') throw new Error(`A reference to ${quote(image)} needs a tag or a digest`);
  if (tag !== '' && !isValidTag(tag)) throw new Error(`Not a valid tag: ${quote(tag)}`);
  if (digest !== '' && !isDigest(digest)) throw new Error(`Not a valid digest: ${quote(digest)}`);
  return `${image}${tag === '' ? '' : `:${tag}`}${digest === '' ? '' : `@${digest}`}`;
}
