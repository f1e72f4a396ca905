import { readFileSync } from 'node:fs';
import { ContextError } from './domain/errors.js';
import { buildRunContext } from './domain/plan/run-context.js';
import type { RunContext } from './domain/types.js';

/**
 * The run context as the runner provides it: GITHUB_* variables and the event payload file.
 * A missing payload file counts as an empty payload (local runs); an unreadable one is an error.
 */
export function readRunContext(env: Record<string, string | undefined> = process.env): RunContext {
  return buildRunContext(env, readPayload(env.GITHUB_EVENT_PATH ?? ''));
}

function readPayload(path: string): unknown {
  if (path === '') return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    if (code === 'ENOENT') return {};
    throw new ContextError('GITHUB_EVENT_PATH', `cannot be read (${code})`, path);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ContextError('GITHUB_EVENT_PATH', 'is not a JSON event payload', path);
  }
}
