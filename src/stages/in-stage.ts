// Where a stage starts is the one place that knows which stage failed: adapters and pure code
// throw plain errors (ToolError, InputError, ...), and `inStage` labels what leaves the stage.

import { StageError, errorMessage } from '../domain/errors.js';

/** The stages of a run, as the step's error and the job summary name them. */
export type StageName = 'login' | 'build' | 'merge' | 'deploy' | 'scan' | 'promote' | 'manifests' | 'argocd' | 'records';

/**
 * Runs one stage; whatever it throws leaves as a StageError of `stage`, its message unchanged.
 * A StageError from inside keeps its own stage: the Argo CD rollback runs the manifests update,
 * and a failure there is a failure of the manifests update.
 */
export async function inStage<T>(stage: StageName, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StageError) throw error;
    throw new StageError(stage, errorMessage(error), { cause: error });
  }
}
