// The run's temporary files live in one place. On a runner that is RUNNER_TEMP, which the runner
// empties after every job (so a credential or a half-written file never outlives the job);
// outside a runner (a local run) the OS temporary directory. Every temporary directory of the
// action is made here, below that root, with a prefix that says what it holds.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ContextError } from '../domain/errors.js';

/**
 * The temporary root. On a runner (GITHUB_ACTIONS=true) RUNNER_TEMP must be set: falling back
 * to the shared /tmp there would leave files behind that the runner does not clean.
 */
export function tempRoot(env: Record<string, string | undefined>): string {
  const runnerTemp = env.RUNNER_TEMP ?? '';
  if (runnerTemp !== '') return runnerTemp;
  if (env.GITHUB_ACTIONS === 'true') {
    throw new ContextError('RUNNER_TEMP', 'must be set on a GitHub runner (GITHUB_ACTIONS=true): the action keeps its temporary files there, and the runner empties it after the job');
  }
  return os.tmpdir();
}

/** A new, empty directory below `root`, named `<prefix><random>`; the caller removes it (removeTempDir). */
export async function makeTempDir(root: string, prefix: string): Promise<string> {
  await mkdir(root, { recursive: true });
  return mkdtemp(path.join(root, prefix));
}

/** Removes a directory made by makeTempDir, and all in it; nothing happens when it is gone already. */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Runs `fn` with a new directory below `root`, removed afterwards whatever happened. */
export async function withTempDir<T>(root: string, prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await makeTempDir(root, prefix);
  try {
    return await fn(dir);
  } finally {
    await removeTempDir(dir);
  }
}
