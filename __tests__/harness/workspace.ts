// The tests' checkout with a bare origin (shared with `npm run demo`).
export { makeWorkspace } from '../../scripts/lib/git-workspace.mjs';
export type { Workspace } from '../../scripts/lib/git-workspace.mjs';
