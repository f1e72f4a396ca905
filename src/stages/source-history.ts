// How source commits relate, asked by the promotion of `latest`, the manifests ordering and an
// Argo CD rollback: one object store per run (adapters/git/ancestry.ts keeps its answers and
// the history it fetched, so a later question starts from it), opened at the first question
// and removed when the run ends. It belongs to no stage: a failure is the asking stage's.

import type { Ancestry } from '../adapters/git/ancestry.js';
import { openSourceRepository, sourceAncestry } from '../adapters/git/source-repository.js';
import { makeTempDir, removeTempDir, tempRoot } from '../adapters/temp.js';
import { StageError } from '../domain/errors.js';
import type { Plan } from '../domain/types.js';
import type { Runtime } from '../runtime.js';
import { sourceAccess } from './source-access.js';

export interface SourceHistory extends Ancestry {
  /** Removes the object store; safe to call more than once, and when nothing was asked. */
  close(): Promise<void>;
}

export function sourceHistory(rt: Runtime, plan: Plan): SourceHistory {
  let tempDir = '';
  let opened: Promise<Ancestry> | undefined;
  const open = async (): Promise<Ancestry> => {
    tempDir = await makeTempDir(tempRoot(rt.env), 'ftmo-ancestry-');
    const repo = await openSourceRepository(sourceAccess(rt, plan, tempDir, 'history'));
    return sourceAncestry(repo, rt.ctx.workspace, tempDir);
  };
  const ask = async <T>(question: (ancestry: Ancestry) => Promise<T>): Promise<T> => {
    try {
      return await question(await (opened ??= open()));
    } catch (error) {
      // Unlabelled, so that the stage that asked (inStage) names itself in the error.
      throw error instanceof StageError ? new Error(error.message, { cause: error }) : error;
    }
  };
  return {
    answer: (ancestor, descendant) => ask((ancestry) => ancestry.answer(ancestor, descendant)),
    isAncestorOrEqual: (ancestor, descendant) => ask((ancestry) => ancestry.isAncestorOrEqual(ancestor, descendant)),
    async close() {
      await opened?.catch(() => undefined);
      if (tempDir !== '') await removeTempDir(tempDir);
      tempDir = '';
    },
  };
}
