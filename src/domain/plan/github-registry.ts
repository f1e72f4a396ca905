// GitHub's own container registry for the GitHub server the run is on: the only registry the
// workflow's token (`github-token`) is ever sent to.

/** `ghcr.io` for github.com; `containers.<host>` for GitHub Enterprise Server; '' for a server URL that cannot be read. */
export function githubRegistryHost(serverUrl: string): string {
  let host: string;
  try {
    host = new URL(serverUrl).hostname.toLowerCase();
  } catch {
    return '';
  }
  if (host === '') return '';
  return host === 'github.com' ? 'ghcr.io' : `containers.${host}`;
}

/** Is `registry` (an image's host, with port if any) GitHub's own registry for this server? */
export function isGitHubRegistry(registry: string, serverUrl: string): boolean {
  const own = githubRegistryHost(serverUrl);
  return own !== '' && registry.toLowerCase() === own;
}
