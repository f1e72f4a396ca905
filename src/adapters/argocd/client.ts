// The Argo CD API, read only: one GET per call, the token only in the Authorization header of
// requests to the configured server (redirects are refused, so it cannot follow one elsewhere),
// every request bounded in time. Errors say whether trying again can help; none quotes the token.

import { quote } from '../../domain/escape.js';
import { errorMessage } from '../../domain/errors.js';

export type ArgoCdErrorKind = 'auth' | 'not-found' | 'transient' | 'invalid';

export class ArgoCdError extends Error {
  constructor(
    readonly kind: ArgoCdErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ArgoCdError';
  }

  /** Trying again later can help: the server was unreachable, slow or briefly failing. */
  get transient(): boolean {
    return this.kind === 'transient';
  }
}

export interface ArgoCdClient {
  /** GET /api/v1/applications/<name>, with `?refresh=normal` when asked; the parsed JSON body. */
  getApplication(name: string, options: { refresh: boolean; timeoutMs: number }): Promise<unknown>;
}

/** Longest server message quoted in an error. */
const MAX_MESSAGE = 300;

export function argoCdClient(server: string, token: string): ArgoCdClient {
  const redact = (text: string): string => (token === '' ? text : text.split(token).join('***'));
  return {
    async getApplication(name, { refresh, timeoutMs }) {
      const url = `${server}/api/v1/applications/${encodeURIComponent(name)}${refresh ? '?refresh=normal' : ''}`;
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
          redirect: 'error',
          signal: AbortSignal.timeout(Math.max(1, timeoutMs)),
        });
      } catch (error) {
        throw new ArgoCdError('transient', `cannot reach Argo CD at ${quote(server)}: ${redact(networkReason(error))}`);
      }
      const body = await response.text().catch(() => '');
      if (response.ok) return parseBody(body, name);
      throw httpError(response.status, name, server, redact(serverMessage(body)));
    },
  };
}

function httpError(status: number, name: string, server: string, message: string): ArgoCdError {
  const said = message === '' ? '' : ` (Argo CD said: ${quote(message, MAX_MESSAGE)})`;
  if (status === 401) {
    return new ArgoCdError('auth', `Argo CD at ${quote(server)} refused argocd-token (HTTP 401): the token is not valid there (expired, revoked or from another server)${said}`);
  }
  if (status === 403) {
    // Argo CD answers 403 for an Application the token may not see and for one that does not exist.
    return new ArgoCdError(
      'auth',
      `Argo CD refused argocd-token for the Application ${quote(name)} (HTTP 403): the token's account needs the RBAC permission \`applications, get\` on <project>/${name}, and the Application must exist${said}`,
    );
  }
  if (status === 404) return new ArgoCdError('not-found', `Argo CD has no Application ${quote(name)} (HTTP 404)${said}`);
  if (status === 408 || status === 429 || status >= 500) return new ArgoCdError('transient', `Argo CD answered HTTP ${status} for ${quote(name)}${said}`);
  return new ArgoCdError('invalid', `Argo CD answered HTTP ${status} for ${quote(name)}${said}`);
}

function parseBody(body: string, name: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new ArgoCdError('invalid', `Argo CD's answer for ${quote(name)} is not JSON (is argocd-server the API's base URL?)`);
  }
}

/** Argo CD's error bodies are `{"error": ..., "message": ...}`; anything else is shown as text. */
function serverMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    const message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.error === 'string' ? parsed.error : '';
    return message;
  } catch {
    return body.trim().slice(0, MAX_MESSAGE);
  }
}

/** fetch hides the cause (ECONNREFUSED, a TLS error, our timeout) one level down. */
function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'no answer in time';
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code !== undefined) return cause.code;
  if (cause?.message !== undefined) return cause.message;
  return errorMessage(error);
}
