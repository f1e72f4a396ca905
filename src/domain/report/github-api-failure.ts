// What a failed call to GitHub's API means for a record the run keeps there (a Deployment, a
// pull request comment): a warning, never the run's result. 403 and 404 are what GitHub answers
// when the job's token lacks the permission, so the warning names the permission to grant.

import { quote } from '../escape.js';

export function apiFailureWarning(what: string, permission: string, failure: { status?: number; message: string }): string {
  const detail = `${failure.status === undefined ? '' : `HTTP ${failure.status}: `}${quote(failure.message, 300)}`;
  if (failure.status === 403 || failure.status === 404) {
    return `${what} was not written: the job's token needs the '${permission}' permission (add 'permissions: ${permission}' to the job). GitHub answered ${detail}. The deploy itself is unaffected.`;
  }
  return `${what} was not written: ${detail}. The deploy itself is unaffected.`;
}
