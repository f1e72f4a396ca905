// The vulnerability DB is public: it is downloaded anonymously. Any variable through which
// Trivy or its registry client would pick up a credential is left out of the download's
// environment, so a stale or foreign login cannot turn an anonymous pull into DENIED, and no
// token is offered to a mirror.

/** Variables that carry registry credentials to Trivy (its flags' variables) or to OCI clients. */
const CREDENTIAL_VARIABLE_RE = /^(?:TRIVY_(?:USERNAME|PASSWORD|PASSWORD_STDIN|REGISTRY_TOKEN|AUTH_URL|TOKEN)|DOCKER_AUTH_CONFIG|REGISTRY_AUTH_FILE|GITHUB_TOKEN|GH_TOKEN)$/i;

/** `env` without registry credentials, with DOCKER_CONFIG pointing at `emptyDockerConfig`. */
export function anonymousEnv(env: Record<string, string>, emptyDockerConfig: string): Record<string, string> {
  const clean = Object.fromEntries(Object.entries(env).filter(([key]) => !CREDENTIAL_VARIABLE_RE.test(key)));
  return { ...clean, DOCKER_CONFIG: emptyDockerConfig };
}
