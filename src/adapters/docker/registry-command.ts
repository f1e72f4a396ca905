// Every docker call that talks to the registry (login, `buildx imagetools`) runs with one time
// bound: an unreachable or stalled registry fails the step naming the operation and the host,
// rather than holding it until the job times out. The build itself is not bounded here.

import { ToolError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { execTool, type ExecResult } from '../exec.js';

/** How long one registry call may take. */
export const REGISTRY_TIMEOUT_SECONDS = 180;
/** Environment variable that replaces REGISTRY_TIMEOUT_SECONDS (a number of seconds). */
export const REGISTRY_TIMEOUT_VARIABLE = 'FTMO_REGISTRY_TIMEOUT_SECONDS';

export interface RegistryTarget {
  /** The environment docker runs with. */
  env: Record<string, string>;
  /** Registry host, for the error message. */
  registry: string;
  timeoutMs: number;
}

/** The bound: `explicitMs` when given, else the environment variable, else the default. */
export function registryTimeoutMs(env: Record<string, string | undefined>, explicitMs?: number): number {
  if (explicitMs !== undefined) return explicitMs;
  const text = env[REGISTRY_TIMEOUT_VARIABLE]?.trim() ?? '';
  if (text === '') return REGISTRY_TIMEOUT_SECONDS * 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new ToolError(`${REGISTRY_TIMEOUT_VARIABLE} must be a positive number of seconds (got ${quote(text)})`);
  }
  return seconds * 1000;
}

/**
 * Runs `docker <args>` against the registry; a call that outlives the bound is killed and fails
 * with a ToolError naming `operation` and the registry host. Any other outcome is
 * returned for the caller to judge.
 */
export async function registryCommand(
  target: RegistryTarget,
  args: string[],
  operation: string,
  input?: string,
): Promise<ExecResult> {
  const result = await execTool('docker', args, { env: target.env, input, timeoutMs: target.timeoutMs });
  if (result.timedOut) {
    throw new ToolError(
      `${operation} at the registry ${quote(target.registry)} did not finish within ${target.timeoutMs / 1000} s and was stopped ` +
        `(${REGISTRY_TIMEOUT_VARIABLE} sets this bound)`,
    );
  }
  return result;
}
