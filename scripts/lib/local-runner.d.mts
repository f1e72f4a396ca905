export declare const ROOT: string;
export declare const BUNDLE: string;

export interface ActionRun {
  /** Inputs by their action.yml names; unset ones get action.yml's defaults. */
  inputs: Record<string, string>;
  /** Event name and payload (written to GITHUB_EVENT_PATH). */
  event: string;
  payload: unknown;
  /** The checkout (GITHUB_WORKSPACE) and the working directory of the step. */
  workspace: string;
  /** GITHUB_REF and GITHUB_SHA. */
  ref: string;
  sha: string;
  repository?: string;
  actor?: string;
  /** What `${{ github.token }}` evaluates to. */
  token?: string;
  /** Extra or overriding environment (PATH, DOCKER_HOST, ...). */
  env?: Record<string, string>;
  /** The node binary that runs the bundle. */
  node?: string;
  /** Also run the post step (default true). */
  post?: boolean;
}

export interface ActionResult {
  code: number;
  /** Wall time of the main step's node process, from spawn to exit (what `npm run bench` reports). */
  durationMs: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** `::error::` commands, decoded. */
  errors: string[];
  /** Values registered with `::add-mask::`. */
  masks: string[];
  postCode: number | undefined;
  postStdout: string;
  /** RUNNER_TEMP of the run, kept until `dispose()` so tests can inspect what was left behind. */
  runnerTemp: string;
  dispose(): Promise<void>;
}

export declare function actionDefaults(): Promise<Record<string, string>>;
export declare function runAction(run: ActionRun): Promise<ActionResult>;
export declare function parseFileCommands(text: string): Record<string, string>;
