// The private docker client configuration of one run: DOCKER_CONFIG in a fresh directory below
// the temporary root (temp.ts), the registry login in it (the password reaches docker on stdin only, and is masked
// in the log), the environment every docker call runs with, and its removal.

import * as core from '@actions/core';
import { chmod } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ToolError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { secretForms } from '../../domain/inputs/secret-forms.js';
import { requireBuildx } from './preflight.js';
import { outputTail } from '../exec.js';
import { makeTempDir, removeTempDir } from '../temp.js';
import { registryCommand, registryTimeoutMs, type RegistryTarget } from './registry-command.js';

export interface RegistrySessionOptions {
  /** Registry host to log in to (the image's host). */
  registry: string;
  username: string;
  password: string;
  /** Log in: only when something is pushed (never for fork pull requests). */
  login: boolean;
  /** The temporary root (tempRoot): the private docker configuration lives below it. */
  tempRoot: string;
  /** The environment docker runs with (DOCKER_CONFIG is replaced). */
  env: Record<string, string | undefined>;
  /** Bound of each registry call; default: registryTimeoutMs(env). */
  timeoutMs?: number;
  /** Told the configuration directory as soon as it exists, before any login writes to it. */
  onConfigDir?: (dir: string) => void;
}

export interface RegistrySession extends RegistryTarget {
  /** Environment for every docker call of this run: DOCKER_CONFIG points at configDir. */
  env: Record<string, string>;
  /** Private docker configuration directory (mode 0700), holding the login. */
  configDir: string;
  /** Removes configDir and the credentials in it. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Creates a private DOCKER_CONFIG (so neither the runner's ~/.docker nor a previous job's login is
 * used, and the login is gone with the directory), checks that buildx is still reachable from
 * it, and logs in when asked, the password going to `docker login --password-stdin` only.
 */
export async function openRegistrySession(options: RegistrySessionOptions): Promise<RegistrySession> {
  maskCredentials(options.username, options.password);
  const timeoutMs = registryTimeoutMs(options.env, options.timeoutMs);
  const configDir = await makeTempDir(options.tempRoot, 'docker-config-');
  options.onConfigDir?.(configDir);
  await chmod(configDir, 0o700);
  const close = () => removeTempDir(configDir);
  const target = { env: childEnv(options.env, configDir), registry: options.registry, timeoutMs };
  try {
    // Two independent processes, run together; a missing buildx is reported before a login failure.
    const checks = await Promise.allSettled([requireBuildx(target.env), options.login ? login(options, target) : undefined]);
    for (const check of checks) if (check.status === 'rejected') throw check.reason;
  } catch (error) {
    await close();
    throw error;
  }
  return { ...target, configDir, close };
}

// The password in every form docker could print it (config.json's base64 `auth` among them);
// readInputs masked the same forms already, but the session must not depend on that.
function maskCredentials(username: string, password: string): void {
  for (const form of secretForms(password, username)) core.setSecret(form);
}

// The inputs (INPUT_*) carry the registry password and the manifests token: docker needs neither.
function childEnv(env: Record<string, string | undefined>, configDir: string): Record<string, string> {
  const child: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !key.startsWith('INPUT_')) child[key] = value;
  }
  // Builders (docker/setup-buildx-action's among them) are recorded in <docker config>/buildx;
  // keep using the runner's, or the private config would silently fall back to the default
  // builder, which may not build every platform.
  child.BUILDX_CONFIG = env.BUILDX_CONFIG || join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'buildx');
  child.DOCKER_CONFIG = configDir;
  return child;
}

async function login(options: RegistrySessionOptions, target: RegistryTarget): Promise<void> {
  if (options.password === '') {
    throw new ToolError(`no password to log in to ${quote(options.registry)} (input 'registry-password' is empty)`);
  }
  const result = await registryCommand(
    target,
    ['login', options.registry, '--username', options.username, '--password-stdin'],
    'docker login',
    options.password,
  );
  if (result.code !== 0) {
    const detail = outputTail(result).split(options.password).join('***');
    throw new ToolError(
      `docker login to ${quote(options.registry)} as ${quote(options.username)} failed (exit code ${result.code}):\n${detail}`,
    );
  }
}
