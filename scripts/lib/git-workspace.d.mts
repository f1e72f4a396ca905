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
