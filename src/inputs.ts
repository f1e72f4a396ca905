import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { InputError } from './domain/errors.js';
import { INPUT_NAMES, SECRET_INPUTS, type Inputs } from './domain/inputs/input-rules.js';
import type { InputWhere } from './domain/inputs/parse.js';
import { parseInputs } from './domain/inputs/resolve.js';
import { secretForms } from './domain/inputs/secret-forms.js';

export { INPUT_NAMES, SECRET_INPUTS } from './domain/inputs/input-rules.js';

/** The variable the runner sets for an input, as @actions/core's getInput reads it. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Reads and validates every input once. Secrets are masked before any validation, so not even
 * a failing check can print them.
 */
export function readInputs(env: Record<string, string | undefined>, where: InputWhere): Inputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, (env[inputEnvName(name)] ?? '').trim()]));
  maskSecrets(raw, where.actor);
  const inputs = parseInputs(raw, where);
  checkNoLinkEscape(inputs, where.workspace);
  return inputs;
}

/** Masks each secret input in every form it could take (secret-forms.ts) before anything else runs. */
function maskSecrets(raw: Record<string, string>, actor: string): void {
  const username = raw['registry-username'] || actor;
  for (const name of SECRET_INPUTS) {
    for (const form of secretForms(raw[name] ?? '', username)) core.setSecret(form);
  }
}

/**
 * The domain checked the paths as text; here the disk decides: a path (or its nearest existing
 * ancestor, for paths that do not exist yet) must resolve inside the workspace's real path.
 */
function checkNoLinkEscape(inputs: Inputs, workspace: string): void {
  const realWorkspace = realpathOrUndefined(workspace);
  if (realWorkspace === undefined) return; // nothing exists yet, so nothing can be a link
  const paths: [string, string][] = [
    ['context', inputs.context],
    ['file', inputs.file],
    ['trivyignore', inputs.trivyignore],
    ...inputs.manifestsPaths.map((p): [string, string] => ['manifests-path', p]),
  ];
  for (const [name, relative] of paths) {
    const real = nearestRealPath(path.join(workspace, relative), workspace, name, relative);
    if (!isInside(realWorkspace, real)) {
      throw new InputError(name, 'must not lead outside the workspace through a symbolic link', relative);
    }
  }
}

function nearestRealPath(start: string, workspace: string, name: string, relative: string): string {
  for (let candidate = start; ; candidate = path.dirname(candidate)) {
    try {
      return realpathSync(candidate);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new InputError(name, `cannot be resolved (${code ?? 'error'})`, relative);
      // The workspace itself resolved, so walking up always ends there at the latest.
      if (candidate === workspace || path.dirname(candidate) === candidate) return realpathSync(workspace);
    }
  }
}

function realpathOrUndefined(target: string): string | undefined {
  try {
    return realpathSync(target);
  } catch {
    return undefined;
  }
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
