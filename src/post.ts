import { rm } from 'node:fs/promises';
import * as core from '@actions/core';

// The main step removes what it created in a `finally`; the post step is the net for a main
// step that was cancelled or killed before that ran. What matters most is the private docker
// config: it holds the registry login.

const STATE_KEY = 'leftovers';
const remembered: string[] = [];

/** Record a directory the post step must remove if the main step does not get to it. */
export function rememberForCleanup(dir: string): void {
  remembered.push(dir);
  core.saveState(STATE_KEY, JSON.stringify(remembered));
}

export async function cleanup(): Promise<void> {
  let dirs: unknown = [];
  try {
    dirs = JSON.parse(core.getState(STATE_KEY) || '[]');
  } catch {
    dirs = [];
  }
  for (const dir of Array.isArray(dirs) ? dirs : []) {
    if (typeof dir === 'string' && dir !== '') await rm(dir, { recursive: true, force: true });
  }
}
