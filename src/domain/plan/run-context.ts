// The runner's environment and event payload turned into a plain RunContext. The payload is
// parsed field by field: it is JSON from a file, and a fork controls part of it.

import { quote } from '../escape.js';
import { ContextError } from '../errors.js';
import { isCommitSha, refCharacterProblem } from '../ids.js';
import type { PullRequestInfo, RunContext } from '../types.js';

export const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(['pull_request', 'pull_request_target']);
/**
 * The events that may deploy: in auto mode only these update the manifests, and only these move
 * `latest` on the default branch. Any other event (issue_comment, workflow_run,
 * repository_dispatch, release...) can be started by more people or by other workflows' results.
 */
export const DEPLOY_EVENTS: ReadonlySet<string> = new Set(['push', 'workflow_dispatch', 'schedule']);
const REPOSITORY_RE = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

type Env = Record<string, string | undefined>;

export function buildRunContext(env: Env, payload: unknown): RunContext {
  const eventName = required(env, 'GITHUB_EVENT_NAME');
  const sha = required(env, 'GITHUB_SHA').toLowerCase();
  if (!isCommitSha(sha)) throw new ContextError('GITHUB_SHA', 'must be a full commit SHA (40 hex characters)', sha);
  const repository = required(env, 'GITHUB_REPOSITORY');
  if (!REPOSITORY_RE.test(repository)) throw new ContextError('GITHUB_REPOSITORY', 'must be owner/name', repository);
  const workspace = required(env, 'GITHUB_WORKSPACE');
  if (!workspace.startsWith('/')) throw new ContextError('GITHUB_WORKSPACE', 'must be an absolute path', workspace);
  return {
    eventName,
    ref: env.GITHUB_REF ?? '',
    sha,
    repository,
    owner: env.GITHUB_REPOSITORY_OWNER || (repository.split('/')[0] ?? ''),
    workspace,
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    runId: env.GITHUB_RUN_ID ?? '',
    actor: env.GITHUB_ACTOR ?? '',
    payloadDefaultBranch: refField(stringAt(payload, 'repository', 'default_branch'), 'event payload repository.default_branch'),
    pullRequest: pullRequestInfo(eventName, payload, repository),
  };
}

/**
 * Is this run about a pull request: a pull_request / pull_request_target event, or another
 * pull-request event (review, review comment) that runs on the `refs/pull/N/merge` ref.
 */
export function isPullRequestRun(ctx: RunContext): boolean {
  return ctx.pullRequest !== undefined && (PULL_REQUEST_EVENTS.has(ctx.eventName) || ctx.ref.startsWith('refs/pull/'));
}

/**
 * Refuses `pull_request_target` for a pull request from another repository: that event runs
 * with the base repository's secrets and write token, so building the fork's code with them
 * hands those credentials to whoever opened the pull request.
 */
export function assertEventAllowed(ctx: RunContext): void {
  const pr = ctx.pullRequest;
  if (ctx.eventName !== 'pull_request_target' || pr === undefined || !pr.fork) return;
  const head = pr.headRepo === '' ? 'a deleted repository' : quote(pr.headRepo);
  throw new ContextError(
    'pull_request_target',
    `refused: pull request #${pr.number} comes from ${head}, not from ${quote(pr.baseRepo)}; ` +
      "building a fork's code with the base repository's credentials would expose them. " +
      'Use the pull_request event for pull requests from forks (it builds without pushing).',
  );
}

/**
 * The pull request of the payload. Required (and checked strictly) on pull_request events;
 * on other events it is taken only when it is complete.
 */
function pullRequestInfo(eventName: string, payload: unknown, repository: string): PullRequestInfo | undefined {
  const strict = PULL_REQUEST_EVENTS.has(eventName);
  const pr = field(payload, 'pull_request');
  if (!isObject(pr)) return incomplete(strict, new ContextError('event payload', `a ${eventName} event must carry pull_request`));
  const number = field(pr, 'number');
  const headSha = stringAt(pr, 'head', 'sha').toLowerCase();
  if (!isPositiveInteger(number)) {
    return incomplete(strict, new ContextError('event payload pull_request.number', 'must be a positive integer', String(number)));
  }
  if (!isCommitSha(headSha)) {
    return incomplete(strict, new ContextError('event payload pull_request.head.sha', 'must be a full commit SHA', headSha));
  }
  // A deleted fork leaves head.repo null: unknown origin counts as another repository.
  const headRepo = stringAt(pr, 'head', 'repo', 'full_name');
  const baseRepo = stringAt(pr, 'base', 'repo', 'full_name') || repository;
  const headRef = stringAt(pr, 'head', 'ref');
  const refProblem = refCharacterProblem(headRef);
  if (refProblem !== undefined) {
    return incomplete(strict, new ContextError('event payload pull_request.head.ref', `must be a git branch name: ${refProblem}`, headRef));
  }
  return {
    number,
    headRef,
    headSha,
    headRepo,
    baseRepo,
    fork: headRepo === '' || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
  };
}

/** A branch name from the payload: '' when absent, else it must be one git could hold. */
function refField(value: string, source: string): string {
  const problem = refCharacterProblem(value);
  if (problem !== undefined) throw new ContextError(source, `must be a git branch name: ${problem}`, value);
  return value;
}

/** A pull request event without a usable pull request is an error; any other event just has none. */
function incomplete(strict: boolean, error: ContextError): undefined {
  if (strict) throw error;
  return undefined;
}

function required(env: Env, name: string): string {
  const value = env[name] ?? '';
  if (value === '') throw new ContextError(name, 'must be set (the GitHub runner sets it for every step)');
  return value;
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

/** The string at a path of object keys, '' when any step is missing or of another type. */
function stringAt(value: unknown, ...keys: string[]): string {
  const found = keys.reduce<unknown>((current, key) => field(current, key), value);
  return typeof found === 'string' ? found : '';
}
