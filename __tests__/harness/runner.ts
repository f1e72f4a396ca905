// The tests' way to run the bundled action as the GitHub runner does (shared with `npm run demo`).
export { BUNDLE, ROOT, actionDefaults, parseFileCommands, runAction } from '../../scripts/lib/local-runner.mjs';
export type { ActionResult, ActionRun } from '../../scripts/lib/local-runner.mjs';
