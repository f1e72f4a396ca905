// Where the manifests branch lives and how git authenticates there. A token reaches git the
// way actions/checkout gives it: an `http.<server>/.extraheader` setting, here passed through
// GIT_CONFIG_* environment variables, so it is never on a command line, in a remote URL or in
// a config file that could outlive the step; scoped to the manifests remote's server only.

import * as core from '@actions/core';
import { InputError } from '../../domain/errors.js';
import { tokenScope } from '../../domain/manifests/token-scope.js';

export type RemoteKind = 'http' | 'local' | 'other';

export interface Remote {
  /** The URL or path git is given: never with userinfo. */
  url: string;
  kind: RemoteKind;
  /** Userinfo found in (and removed from) the URL; masked, never used. */
  removedCredentials: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
// `user@host:path` or `host:path` (scp-like ssh), as git reads it: a colon before any slash.
const SCP_LIKE = /^[^/]*:/;

/** Classifies a remote and strips any userinfo from an http(s) URL. */
export function describeRemote(raw: string): Remote {
  const url = raw.trim();
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    const start = url.indexOf('://') + 3;
    const authorityEnd = url.slice(start).search(/[/?#]/);
    const authority = authorityEnd === -1 ? url.slice(start) : url.slice(start, start + authorityEnd);
    const at = authority.lastIndexOf('@');
    if (at === -1) return { url, kind: 'http', removedCredentials: '' };
    return { url: url.slice(0, start) + url.slice(start + at + 1), kind: 'http', removedCredentials: authority.slice(0, at) };
  }
  if (scheme === 'file') return { url, kind: 'local', removedCredentials: '' };
  if (scheme !== undefined || SCP_LIKE.test(url)) return { url, kind: 'other', removedCredentials: '' };
  return { url, kind: 'local', removedCredentials: '' };
}

/** `<server>/<owner/name>.git` for a separate manifests repository. */
export function repositoryUrl(serverUrl: string, repository: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/${repository}.git`;
}

/** Where a remote is, for messages: `host[:port]` of a URL, the host of `host:path`, or the local path. */
export function remoteHost(url: string): string {
  if (SCHEME.test(url)) {
    try {
      const parsed = new URL(url);
      if (parsed.host !== '') return parsed.host;
    } catch {
      // not a URL node can parse: name it as given
    }
    return url;
  }
  if (SCP_LIKE.test(url)) return url.slice(url.lastIndexOf('@', url.indexOf(':')) + 1, url.indexOf(':'));
  return url;
}

/** The header value, as actions/checkout builds it. */
export function authorizationHeader(token: string): string {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')}`;
}

/** Strings that must never be printed: the token and its base64 form in the header. */
export function tokenSecrets(token: string): string[] {
  if (token === '') return [];
  return [token, Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')];
}

/** Masks the token (and anything credential-like found in a URL) in the runner's log. */
export function maskSecrets(token: string, remotes: Remote[]): void {
  for (const secret of tokenSecrets(token)) core.setSecret(secret);
  for (const remote of remotes) {
    if (remote.removedCredentials === '') continue;
    core.setSecret(remote.removedCredentials);
    const password = remote.removedCredentials.split(':').slice(1).join(':');
    if (password !== '') core.setSecret(password);
  }
}

/**
 * The setting that authenticates git to the server of the manifests remote, and nowhere else
 * (tokenScope); none without a token or for a remote that is not http(s).
 */
export function authConfig(token: string, manifests: Remote): { key: string; value: string }[] {
  if (token === '') return [];
  const scope = tokenScope(manifests.url);
  if (scope.kind === 'refused') throw new InputError('manifests-token', scope.rule);
  if (scope.kind === 'none') return [];
  return [{ key: `http.${scope.prefix}.extraheader`, value: authorizationHeader(token) }];
}

/** Web link to a commit of an http(s) remote; '' for anything else. */
export function commitLink(remote: Remote, sha: string): string {
  if (remote.kind !== 'http' || sha === '') return '';
  return `${remote.url.replace(/\/+$/, '').replace(/\.git$/, '')}/commit/${sha}`;
}
