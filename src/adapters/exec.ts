import { getExecOutput } from '@actions/exec';

export interface ExecOptions {
  /** Full environment for the child (never merged implicitly with process.env). */
  env?: Record<string, string>;
  cwd?: string;
  /** Written to the child's stdin (how secrets reach a tool: never argv). */
  input?: string;
  /** Echo the command and stream its output to the log (inside the caller's group). */
  stream?: boolean;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The one way the action runs a process: an argument array, no shell, exit code returned
 * rather than thrown so every caller decides what a failure means.
 */
export async function execTool(command: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  try {
    const result = await getExecOutput(command, args, {
      env: options.env,
      cwd: options.cwd,
      input: options.input === undefined ? undefined : Buffer.from(options.input),
      silent: !options.stream,
      ignoreReturnCode: true,
    });
    return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  } catch (error) {
    // @actions/exec throws when the executable cannot be found or started.
    return { code: 127, stdout: '', stderr: error instanceof Error ? error.message : String(error) };
  }
}

/** The last lines of a tool's output, for an error message. */
export function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
