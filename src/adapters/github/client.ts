// The one way the action talks to GitHub's REST API: an Octokit for the API of the run (GITHUB_API_URL,
// so GitHub Enterprise Server works), authenticated with the token in the Authorization header
// only, and retrying what is transient: server errors and network failures (@octokit/plugin-retry)
// and secondary rate limits (a 403 or 429 that says to wait).

import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import type { Octokit } from '@octokit/core';
import { errorMessage } from '../../domain/errors.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** Attempts after the first one, for errors worth repeating. */
const RETRIES = 3;
/** Longest wait a secondary rate limit may ask for before we give up on the record. */
const MAX_RETRY_AFTER_SECONDS = 60;

export function githubClient(token: string, apiUrl: string): GitHubClient {
  return getOctokit(token, { baseUrl: apiUrl.replace(/\/+$/, ''), retry: { retries: RETRIES } }, secondaryRateLimits, retry);
}

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
  request?: { request?: Record<string, unknown> };
}

/**
 * Marks a secondary rate limit for plugin-retry (registered before it, so its hook sees the
 * error first): the same marking its `retryRequest` makes, with GitHub's `retry-after` seconds.
 */
function secondaryRateLimits(octokit: Octokit): void {
  octokit.hook.error('request', (error: ErrorLike) => {
    const wait = secondaryRateLimitWait(error);
    if (wait !== undefined && error.request !== undefined) {
      error.request.request = { ...error.request.request, retries: RETRIES, retryAfter: wait };
    }
    throw error;
  });
}

/** Seconds to wait when the error is a secondary rate limit, else undefined. */
function secondaryRateLimitWait(error: ErrorLike): number | undefined {
  if (error.status !== 403 && error.status !== 429) return undefined;
  const headers = error.response?.headers ?? {};
  const after = Number(headers['retry-after']);
  const limited = /secondary rate limit/i.test(error.message ?? '') || Number.isFinite(after) || error.status === 429;
  if (!limited) return undefined;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Number.isFinite(after) && after > 0 ? after : 1);
}

/** Status and message of a failed call, for the warning (never the request: it carries the token). */
export function describeApiError(error: unknown): { status?: number; message: string } {
  const e = error as ErrorLike;
  const status = typeof e?.status === 'number' ? e.status : undefined;
  return { ...(status === undefined ? {} : { status }), message: errorMessage(error) };
}
