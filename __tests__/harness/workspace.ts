// The tests' checkout with a bare origin, and the git environment it commits with (shared with `npm run demo`).
export { FIXTURE_GIT_ENV, makeWorkspace } from '../../scripts/lib/git-workspace.mjs';
export type { Workspace } from '../../scripts/lib/git-workspace.mjs';
