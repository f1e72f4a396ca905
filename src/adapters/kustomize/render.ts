// Rendering a kustomization the way Argo CD will, before anything is pushed: `kustomize build`
// where the standalone tool is installed, else `kubectl kustomize` (built into kubectl).

import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { ToolError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { execTool, tail } from '../exec.js';

export interface Renderer {
  /** How the renderer is called, for messages: `kustomize build` or `kubectl kustomize`. */
  name: string;
  /** Absolute path of the executable. */
  command: string;
  args: (dir: string) => string[];
}

/** No renderer can be run: the run cannot check the manifests, whichever directory it renders. */
export class NoRendererError extends ToolError {
  constructor(message: string) {
    super(message);
    this.name = 'NoRendererError';
  }
}

/**
 * Which renderer this machine has: `kustomize build` where the standalone tool is on PATH, else
 * `kubectl kustomize`; a NoRendererError naming both when neither is. Nothing is run to find
 * out (a process costs tens of milliseconds): a kubectl too old to have `kustomize` is told at
 * its first render.
 */
export async function findRenderer(env: Record<string, string>): Promise<Renderer> {
  const kustomize = await findExecutable('kustomize', env);
  if (kustomize) return { name: 'kustomize build', command: kustomize, args: (dir) => ['build', dir] };
  const kubectl = await findExecutable('kubectl', env);
  if (kubectl) return { name: 'kubectl kustomize', command: kubectl, args: (dir) => ['kustomize', dir] };
  throw new NoRendererError(
    'Cannot render the manifests: neither `kustomize` nor `kubectl` (which has `kubectl kustomize` built in) ' +
      'was found on PATH. Install one of them before this step (GitHub-hosted runners have both).',
  );
}

/** Rendering a few overlays takes seconds; minutes mean it is stuck. */
const RENDER_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * The rendered manifests of one kustomization directory. `renderer` saves looking the tool up
 * again when many directories are rendered.
 */
export async function render(dir: string, env: Record<string, string>, renderer?: Renderer): Promise<string> {
  const tool = renderer ?? (await findRenderer(env));
  // An absolute path can never be read as an option, whatever the directory is called.
  // A renderer that hangs (a remote base it cannot reach) must not hold the step.
  const result = await execTool(tool.command, tool.args(path.resolve(dir)), { env, timeoutMs: RENDER_TIMEOUT_MS });
  if (result.code !== 0) {
    const output = tail(result.stderr.trim() ? result.stderr : result.stdout);
    if (lacksKustomize(tool, result.stderr + result.stdout)) {
      throw new NoRendererError(
        `Cannot render the manifests: the \`kubectl\` found on PATH (${quote(tool.command)}) has no \`kubectl kustomize\` ` +
          '(kubectl 1.14 and later have it built in), and `kustomize` was not found on PATH. ' +
          'Install kustomize or a newer kubectl before this step (GitHub-hosted runners have both).',
      );
    }
    const why = result.timedOut ? `stopped after ${RENDER_TIMEOUT_MS / 1000} s` : `exit code ${result.code}`;
    throw new ToolError(`${tool.name} failed for ${quote(dir)} (${why}): ${quote(output, 4000)}`);
  }
  return result.stdout;
}

/** An old kubectl's answer to `kubectl kustomize`: it has no such command. */
function lacksKustomize(tool: Renderer, output: string): boolean {
  return tool.name === 'kubectl kustomize' && /unknown command "kustomize" for "kubectl"/.test(output);
}

/**
 * The executable `name` in the PATH of `env` (not of this process: the tools run with `env`).
 * Relative PATH entries are skipped so a checked-out repository cannot put its own `kustomize`
 * in front of the real one.
 */
async function findExecutable(name: string, env: Record<string, string>): Promise<string | undefined> {
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
  for (const directory of (env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(directory)) continue;
    for (const candidate of names.map((file) => path.join(directory, file))) {
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
