// How the step talks to the runner: log lines, annotations, groups, masks, outputs, state and
// the job summary. The protocol is small (domain/workflow-command.ts) and this file is all of
// it that the action uses, so that starting the step loads no HTTP client: the runner's
// toolkit brings one with its core module (for OIDC tokens, which the action never asks for).

import { randomUUID } from 'node:crypto';
import { constants, promises as fs, appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';
import { fileCommandEntry, workflowCommand } from '../domain/workflow-command.js';

function issue(name: string, message = ''): void {
  process.stdout.write(workflowCommand(name, message) + EOL);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

/** Shown only when the run has step debug logging on. */
export function debug(message: string): void {
  issue('debug', message);
}

export function warning(message: string): void {
  issue('warning', message);
}

/** The step fails (exit code 1) with `message` as its error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  issue('error', message);
}

export function startGroup(name: string): void {
  issue('group', name);
}

export function endGroup(): void {
  issue('endgroup');
}

/** `work` inside a collapsible group of the log, closed whatever `work` does. */
export async function group<T>(name: string, work: () => Promise<T>): Promise<T> {
  startGroup(name);
  try {
    return await work();
  } finally {
    endGroup();
  }
}

/** From now on the runner shows `secret` as *** wherever it appears in the log. */
export function setSecret(secret: string): void {
  issue('add-mask', secret);
}

export function setOutput(name: string, value: string): void {
  appendFileCommand('GITHUB_OUTPUT', name, value);
}

/** Kept for the post step, which reads it with getState. */
export function saveState(name: string, value: string): void {
  appendFileCommand('GITHUB_STATE', name, value);
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

/** Adds `markdown` to the job summary. */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY ?? '';
  if (file === '') throw new Error('GITHUB_STEP_SUMMARY is not set: this runner keeps no job summary');
  await fs.access(file, constants.R_OK | constants.W_OK);
  await fs.appendFile(file, markdown, 'utf8');
}

function appendFileCommand(variable: string, key: string, value: string): void {
  const file = process.env[variable] ?? '';
  if (file === '' || !existsSync(file)) throw new Error(`${variable} is not set or names no file: the runner cannot receive ${JSON.stringify(key)}`);
  appendFileSync(file, fileCommandEntry(key, value, `ghadelimiter_${randomUUID()}`, EOL) + EOL, 'utf8');
}
