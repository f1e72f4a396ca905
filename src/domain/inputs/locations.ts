// Input formats that point somewhere: paths in the workspace, the Trivy cache directory, and
// the URLs of downloads, servers and environments.

import { posix } from 'node:path';
import { cacheDirProblem } from '../scan/trivy-db-inputs.js';
import { fail, hideUserinfo, lineList, noControlChars, type Parse } from './parse.js';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A path inside the workspace, returned workspace-relative and normalised ('.' for the root).
 * Absolute paths are accepted when they point inside the workspace. Symbolic links are the
 * adapter's business (this code cannot look at the disk).
 */
export const workspacePath: Parse<string> = noControlChars((value, name, where) => {
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

export const manifestsPaths: Parse<string[]> = (value, name, where) => {
  const paths = lineList(workspacePath)(value, name, where);
  if (paths.length === 0) fail(name, 'must name at least one directory', value);
  return [...new Set(paths)];
};

export const trivyCacheDir: Parse<string> = noControlChars((value, name) => {
  const problem = cacheDirProblem(value);
  return problem === undefined ? value.replace(/(.)\/+$/, '$1') : fail(name, problem, value);
});

/** Base URL: https (http only for loopback test servers), no credentials, query or fragment. */
export const downloadUrl: Parse<string> = (value, name) => {
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

/** A link shown on the Deployment: an absolute http(s) URL of printable ASCII, without credentials. */
export const environmentUrl: Parse<string> = (value, name) => {
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
