/** git isolated from the machine's configuration, with a fixed human author (Jana Novak) for commits. */
export declare const FIXTURE_GIT_ENV: {
  GIT_CONFIG_NOSYSTEM: string;
  GIT_CONFIG_GLOBAL: string;
  GIT_AUTHOR_NAME: string;
  GIT_AUTHOR_EMAIL: string;
  GIT_COMMITTER_NAME: string;
  GIT_COMMITTER_EMAIL: string;
};

export interface Workspace {
  /** The checkout (GITHUB_WORKSPACE). */
  dir: string;
  /** The bare repository behind `origin`. */
  remote: string;
  /** Where further source commits are made and pushed from. */
  source: string;
  /** The commit the workspace is checked out at. */
  sha: string;
  git(args: string[], cwd?: string): string;
  /** Commit files (relative path -> content) on top of the source and push them to origin. */
  commit(files: Record<string, string>, message: string, branch?: string): string;
  /** A fresh depth-1 checkout of `ref` (a new workspace directory). */
  checkout(ref: string): string;
  dispose(): Promise<void>;
}

export declare function makeWorkspace(options?: { from?: string; files?: Record<string, string>; branch?: string }): Promise<Workspace>;
