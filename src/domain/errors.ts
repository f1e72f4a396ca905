import { quote } from './escape.js';

/** A bad input: names the input, the rule it broke and (escaped) the value. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly rule: string,
    value?: string,
  ) {
    super(value === undefined ? `Input '${input}': ${rule}` : `Input '${input}': ${rule} (got ${quote(value)})`);
    this.name = 'InputError';
  }
}

/**
 * A tool, or what it wrote, let the run down: the message says what was asked, with the part of
 * the tool's output worth showing. It names no stage: an adapter does not know which stage
 * called it; the stage boundary (StageError) says that.
 */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

/**
 * A failure as the step reports it: the stage it happened in, set once where the stage starts
 * (see `inStage`), and the message of what went wrong there (kept as `cause`).
 */
export class StageError extends Error {
  constructor(
    readonly stage: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StageError';
  }
}

/** A kustomization that cannot be edited safely, or has no entry for the service. */
export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
    this.name = 'ManifestError';
  }
}

/**
 * The run itself cannot go ahead: a runner variable or event payload field is missing or
 * malformed, or the event is one the action refuses. `source` names what is wrong
 * (e.g. `GITHUB_SHA`, `pull_request.head.sha`, `pull_request_target`).
 */
export class ContextError extends Error {
  constructor(
    readonly source: string,
    readonly rule: string,
    value?: string,
  ) {
    super(value === undefined ? `${source}: ${rule}` : `${source}: ${rule} (got ${quote(value)})`);
    this.name = 'ContextError';
  }
}

/** The message of anything thrown: an Error's message, else the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
