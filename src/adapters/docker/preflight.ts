// What a build needs before it starts: the docker CLI and buildx (checked when the registry
// session opens, session.ts), a reachable engine, and a builder for every requested platform.

import { ToolError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { execTool, outputTail, tail } from '../exec.js';
import { BINFMT_DIR, ensureEmulation } from './qemu.js';

/** Where the docker CLI looks for plugins whatever DOCKER_CONFIG says (Linux). */
export const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
];

/**
 * Fails with a message naming what is missing: a reachable engine or a builder able to build
 * every requested platform. `session` comes from openRegistrySession, which proved the docker
 * CLI and buildx already. A foreign platform without QEMU emulation is
 * registered with update-binfmts when that is installed (what docker/setup-qemu-action does with
 * a privileged container, which needs the network to pull).
 */
export async function preflight(
  session: { env: Record<string, string> },
  platforms: string[],
  options: { binfmtDir?: string } = {},
): Promise<void> {
  await requireEngine(session.env);
  const supported = await builderPlatforms(session.env);
  for (const platform of platforms) {
    if (!supported.some((candidate) => samePlatform(candidate, platform))) {
      await ensureEmulation(platform, supported, options.binfmtDir ?? BINFMT_DIR, session.env);
    }
  }
}

async function requireDockerCli(env: Record<string, string>): Promise<void> {
  const result = await execTool('docker', ['--version'], { env });
  if (result.code !== 0) {
    throw new ToolError(`the docker CLI was not found on PATH (or does not run): ${tail(result.stderr, 3)}`);
  }
}

async function requireEngine(env: Record<string, string>): Promise<void> {
  const result = await execTool('docker', ['version', '--format', '{{.Server.Version}}'], { env });
  if (result.code !== 0 || result.stdout.trim() === '') {
    const where = env.DOCKER_HOST ? `DOCKER_HOST=${quote(env.DOCKER_HOST)}` : 'the default socket';
    throw new ToolError(`no docker engine is reachable at ${where}:\n${outputTail(result, 5)}`);
  }
}

export async function requireBuildx(env: Record<string, string>): Promise<void> {
  const result = await execTool('docker', ['buildx', 'version'], { env });
  if (result.code === 0) return;
  await requireDockerCli(env);
  throw new ToolError(
    'docker buildx is not available. The action uses a private DOCKER_CONFIG, which hides plugins in ' +
      '~/.docker/cli-plugins: install buildx as a system-wide CLI plugin in one of ' +
      `${SYSTEM_PLUGIN_DIRS.join(', ')} (docker/setup-buildx-action does this).\n${outputTail(result, 5)}`,
  );
}

// The platforms of every node of the current builder (`Platforms:` lines; `*` marks platforms
// configured by hand).
async function builderPlatforms(env: Record<string, string>): Promise<string[]> {
  const result = await execTool('docker', ['buildx', 'inspect', '--bootstrap'], { env });
  if (result.code !== 0) {
    throw new ToolError(`the buildx builder does not start (docker buildx inspect --bootstrap):\n${outputTail(result)}`);
  }
  return result.stdout
    .split('\n')
    .map((line) => /^\s*Platforms:\s*(.*)$/.exec(line)?.[1])
    .filter((list): list is string => list !== undefined)
    .flatMap((list) => list.split(','))
    .map((platform) => platform.trim().replace(/\*$/, ''))
    .filter((platform) => platform !== '');
}

// linux/arm64 is linux/arm64/v8 and linux/amd64 is linux/amd64/v1 for every builder.
function normalisePlatform(platform: string): string {
  const [os = '', arch = '', variant = ''] = platform.toLowerCase().split('/');
  const implicit = (arch === 'arm64' && variant === 'v8') || (arch === 'amd64' && variant === 'v1');
  return variant && !implicit ? `${os}/${arch}/${variant}` : `${os}/${arch}`;
}

function samePlatform(a: string, b: string): boolean {
  return normalisePlatform(a) === normalisePlatform(b);
}
