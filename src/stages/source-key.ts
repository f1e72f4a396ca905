// The source key of this run (domain/plan/source-key.ts) from what git says about the
// workspace (adapters/git/source-files.ts). A key that cannot be computed is not an error: the
// image is then built, and the plan says why.

import { readSourceSnapshot } from '../adapters/git/source-files.js';
import { tempRoot } from '../adapters/temp.js';
import { sourceKey, type SourceKey } from '../domain/plan/source-key.js';
import type { Inputs } from '../domain/inputs/input-rules.js';
import type { RunContext } from '../domain/types.js';
import { errorMessage } from '../domain/errors.js';

export interface SourceKeyWhere {
  env: Record<string, string | undefined>;
  now(): Date;
}

/** undefined when no key is wanted: skip-unchanged is off, or deploy mode builds nothing. */
export async function computeSourceKey(inputs: Inputs, ctx: RunContext, where: SourceKeyWhere): Promise<SourceKey | undefined> {
  if (!inputs.skipUnchanged || inputs.mode === 'deploy') return undefined;
  try {
    const snapshot = await readSourceSnapshot({
      workspace: ctx.workspace,
      tempRoot: tempRoot(where.env),
      env: where.env,
      now: where.now,
      context: inputs.context,
      file: inputs.file,
    });
    return sourceKey(snapshot, inputs);
  } catch (error) {
    const why = errorMessage(error);
    return { trusted: false, reason: `git could not list the files of the build, so there is no source key (${why.split('\n')[0] ?? ''})` };
  }
}
