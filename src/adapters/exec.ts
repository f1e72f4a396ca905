import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { constants } from 'node:os';
import * as core from '@actions/core';
import { commandLine } from '../domain/escape.js';

export interface ExecOptions {
  /** Full environment for the child (never merged implicitly with process.env). */
  env?: Record<string, string>;
  cwd?: string;
  /** Written to the child's stdin (how secrets reach a tool: never argv). */
  input?: string;
  /**
   * Echo the command and stream its output to the log (inside the caller's group), with
   * workflow commands stopped while it streams.
   */
  stream?: boolean;
  /** Kill the process after this long: a hung tool must not hold the step until the job times out. */
  timeoutMs?: number;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Killed because `timeoutMs` passed. */
  timedOut: boolean;
}

/**
 * The one way the action runs a process: an argument array, never a shell, the exit code
 * returned rather than thrown so every caller decides what a failure means. Every process
 * leaves a trail in the debug log (ACTIONS_STEP_DEBUG): its command line, exit code and
 * duration, streamed or not, failed or not.
 */
export async function execTool(command: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  // Escaped: arguments carry input values, and the log must not read one as a workflow command.
  const line = commandLine(command, args);
  // Before the stream stops workflow commands, and after it resumes them: a debug line needs them.
  core.debug(`run: ${line}`);
  const started = Date.now();
  const result = await spawnTool(command, args, options, line);
  const how = result.timedOut ? `killed after ${options.timeoutMs} ms` : `exit code ${result.code}`;
  core.debug(`${how} in ${Date.now() - started} ms: ${line}`);
  return result;
}

function spawnTool(command: string, args: string[], options: ExecOptions, line: string): Promise<ExecResult> {
  const log = options.stream ? streamedLog() : undefined;
  log?.write(`[command]${line}\n`);
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const finish = (code: number, extra = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      log?.resume();
      resolve({ code, stdout, stderr: stderr + extra, timedOut });
    };
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: 'pipe', shell: false });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      log?.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // One log in the order it happened: buildx, for one, reports its progress on stderr.
      log?.write(chunk);
    });
    // A tool that exits without reading its stdin must not crash the action with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    // Cannot be started (not found, not executable): the shell's conventional 127.
    child.on('error', (error) => finish(127, `${stderr === '' ? '' : '\n'}${error.message}`));
    // Killed by a signal: the shell's convention, 128 + its number.
    child.on('close', (code, signal) => finish(code ?? 128 + (signal === null ? 0 : constants.signals[signal])));
  });
}

/**
 * The log of a streamed tool. Its output may come from code the action does not control (a
 * build runs the repository's Dockerfile, a pull request's possibly), so workflow commands are
 * stopped with a one-time token until it has finished. The runner only resumes on a line that is
 * exactly `::<token>::`, so the token starts a new line even when the output did not end one.
 */
function streamedLog(): { write(chunk: string | Buffer): void; resume(): void } {
  const token = randomUUID();
  let atLineStart = true;
  const write = (chunk: string | Buffer): void => {
    if (chunk.length === 0) return;
    process.stdout.write(chunk);
    const last = typeof chunk === 'string' ? chunk.charCodeAt(chunk.length - 1) : chunk[chunk.length - 1];
    atLineStart = last === 0x0a;
  };
  write(`::stop-commands::${token}\n`);
  return {
    write,
    resume() {
      write(`${atLineStart ? '' : '\n'}::${token}::\n`);
    },
  };
}

/** The last lines of a tool's output, for an error message. */
export function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * The last lines of stdout and stderr together, for an error message.
 * buildx prints its progress and its errors on stderr; the error is at the end.
 */
export function outputTail(result: ExecResult, lines = 20): string {
  return tail([result.stdout, result.stderr].filter((text) => text.trim() !== '').join('\n'), lines);
}
