// Where `manifests-token` may go: to the server of the manifests remote only (any repository
// there: the checkout's origin is often on the same server), and only over https. Plain http
// is accepted on a loopback address alone, where nothing travels over a network.

export type TokenScope =
  /** Not an http(s) remote: git authenticates there by other means; the token is not used. */
  | { kind: 'none' }
  /** The `scheme://host[:port]/` prefix of the `http.<url>.extraheader` setting. */
  | { kind: 'server'; prefix: string }
  | { kind: 'refused'; rule: string };

const LOOPBACK_HOSTS = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Where the token may be sent for a manifests remote given as `url` (credential-free). */
export function tokenScope(url: string): TokenScope {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'none' };
  }
  const prefix = `${parsed.protocol}//${parsed.host}/`;
  if (parsed.protocol === 'https:') return { kind: 'server', prefix };
  if (parsed.protocol !== 'http:') return { kind: 'none' };
  if (LOOPBACK_HOSTS.test(parsed.hostname)) return { kind: 'server', prefix };
  return { kind: 'refused', rule: `is sent only over https, and the manifests repository ${url} is plain http (allowed on a loopback address only)` };
}
