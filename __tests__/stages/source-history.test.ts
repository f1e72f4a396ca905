// The run's source history (src/stages/source-history.ts): the promotion of `latest`, the
// manifests ordering and a rollback ask through one object store, fetched once and removed when
// the run ends; a failure carries no stage, so the stage that asked names itself.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StageError } from '../../src/domain/errors.js';
import { inStage } from '../../src/stages/in-stage.js';
import { sourceHistory } from '../../src/stages/source-history.js';
import { captureLog, capturedLog, expectEmpty, makeSource, planFor, runtimeFor, type Run } from './gitops/support.js';

async function setup() {
  const source = await makeSource();
  const first = source.commits[0] ?? '';
  const second = source.commit({ 'README.md': 'two\n' }, 'Two');
  const third = source.commit({ 'README.md': 'three\n' }, 'Three');
  // A checkout one commit deep: every question about older commits needs the history.
  const run: Run = { service: 'signal-generation-engine', commit: third, workspace: source.checkout(third), runnerTemp: await source.runnerTemp() };
  return { source, run, first, second, third };
}

/** The git commands the debug trail shows as started, by their first argument. */
function gitRuns(command: string): string[] {
  return capturedLog().filter((line) => line.startsWith('::debug::run: "git"') && line.includes(`"git" "${command}"`));
}

describe('sourceHistory', () => {
  it('answers every question of a run from one object store, and removes it at the end', async () => {
    const { run, first, second, third } = await setup();
    captureLog();
    const history = sourceHistory(runtimeFor(run), planFor(run));
    expect(await history.isAncestorOrEqual(first, third)).toBe(true);
    expect(await history.isAncestorOrEqual(third, second)).toBe(false);
    expect(await history.answer(second, third)).toBe('ancestor');
    expect(gitRuns('init').filter((line) => line.includes('"--bare"'))).toHaveLength(1);
    expect(gitRuns('fetch')).toHaveLength(1);
    expect(await fs.readdir(run.runnerTemp)).not.toEqual([]);
    await history.close();
    await history.close();
    await expectEmpty(run.runnerTemp);
  });

  it('opens nothing when nothing is asked', async () => {
    const { run } = await setup();
    captureLog();
    await sourceHistory(runtimeFor(run), planFor(run)).close();
    expect(gitRuns('init')).toEqual([]);
    await expectEmpty(run.runnerTemp);
  });

  it('a failure is labelled by the stage that asked', async () => {
    const { run, first, third } = await setup();
    // A workspace that is not a checkout: origin cannot be read.
    const broken = { ...run, workspace: path.join(run.runnerTemp, '..') };
    const history = sourceHistory(runtimeFor(broken), planFor(broken));
    const error = await inStage('promote', () => history.isAncestorOrEqual(first, third)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StageError);
    expect((error as StageError).stage).toBe('promote');
    expect((error as StageError).message).toContain('origin');
    await history.close();
    await expectEmpty(run.runnerTemp);
  });
});
