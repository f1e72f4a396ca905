// The vulnerability DB is public: it is downloaded anonymously. Any variable through which
// Trivy or its registry client would pick up a credential is left out of the download's
// environment, so a stale or foreign login cannot turn an anonymous pull into DENIED, and no
// token is offered to a mirror.

import { REGISTRY_CREDENTIAL_NAME } from '../tool-env.js';

/** `env` without registry credentials, with DOCKER_CONFIG pointing at `emptyDockerConfig`. */
export function anonymousEnv(env: Record<string, string>, emptyDockerConfig: string): Record<string, string> {
  const clean = Object.fromEntries(Object.entries(env).filter(([key]) => !REGISTRY_CREDENTIAL_NAME.test(key)));
  return { ...clean, DOCKER_CONFIG: emptyDockerConfig };
}
