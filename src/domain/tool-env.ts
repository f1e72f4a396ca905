// The environment a third-party tool runs with: an allow-list, never the job's environment minus
// a deny-list. A job's environment holds whatever its workflow put there (GITHUB_TOKEN, cloud
// keys, package tokens); a tool only gets the names it needs to work, and the action's own
// private values (a per-run DOCKER_CONFIG, a per-run HOME) where it sets them.

export interface EnvAllowList {
  /** Exact names taken from the job's environment. */
  names: readonly string[];
  /** Name prefixes taken from the job's environment (a tool's own settings). */
  prefixes: readonly string[];
}

/**
 * Variables that carry registry credentials to Trivy (its flags' variables) or to OCI clients:
 * never passed to a tool, whatever its allow-list says. Trivy's registry credentials are the
 * run's private docker config, nothing else.
 */
export const REGISTRY_CREDENTIAL_NAME =
  /^(?:TRIVY_(?:USERNAME|PASSWORD|PASSWORD_STDIN|REGISTRY_TOKEN|AUTH_URL|TOKEN)|DOCKER_AUTH_CONFIG|REGISTRY_AUTH_FILE|GITHUB_TOKEN|GH_TOKEN)$/i;

/** Proxy settings, which tools read in either spelling. */
const PROXY_NAMES = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];

/**
 * Trivy: PATH, HOME (its cache lives there), TMPDIR, the proxy settings, the CA bundle a proxy
 * that inspects TLS needs, and its own TRIVY_* settings but its credential ones. Its registry credentials come only from
 * the run's private DOCKER_CONFIG, which the caller passes; the job's DOCKER_CONFIG is not used.
 */
export const TRIVY_ENV: EnvAllowList = {
  names: ['PATH', 'HOME', 'TMPDIR', ...PROXY_NAMES, 'SSL_CERT_FILE', 'SSL_CERT_DIR'],
  prefixes: ['TRIVY_'],
};

/** kustomize / kubectl kustomize render local files: PATH, TMPDIR and their own settings. HOME is the caller's. */
export const RENDERER_ENV: EnvAllowList = {
  names: ['PATH', 'TMPDIR'],
  prefixes: ['KUSTOMIZE_'],
};

/**
 * The allowed names of `job` (defined values only), then `own` on top: values the action sets
 * for the tool itself, which replace the job's whatever the allow-list says.
 */
export function toolEnvironment(
  job: Readonly<Record<string, string | undefined>>,
  allow: EnvAllowList,
  own: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(job)) {
    if (value !== undefined && isAllowed(name, allow)) env[name] = value;
  }
  return { ...env, ...own };
}

/** Trivy's environment: the allow-list of the job's, and the run's private docker config when there is one. */
export function trivyEnvironment(job: Readonly<Record<string, string | undefined>>, dockerConfig = ''): Record<string, string> {
  return toolEnvironment(job, TRIVY_ENV, dockerConfig === '' ? {} : { DOCKER_CONFIG: dockerConfig });
}

/** The renderer's environment: the allow-list of the job's, with HOME a directory of the run's own. */
export function rendererEnvironment(job: Readonly<Record<string, string | undefined>>, home: string): Record<string, string> {
  return toolEnvironment(job, RENDERER_ENV, { HOME: home });
}

function isAllowed(name: string, allow: EnvAllowList): boolean {
  if (REGISTRY_CREDENTIAL_NAME.test(name)) return false;
  return allow.names.includes(name) || allow.prefixes.some((prefix) => name.startsWith(prefix) && name.length > prefix.length);
}
