// Downloading the Trivy release archive within bounds. @actions/tool-cache's downloadTool has
// no timeout of its own (a server that accepts the connection and never answers holds the step
// until the job's timeout) and retries for up to a minute; here a stall, or a download that
// takes too long in all, fails the step with the operation and the host named. Proxies are
// honoured as the toolkit honours them (HTTPS_PROXY, NO_PROXY...), through its agent.

import { createWriteStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { HttpClient } from '@actions/http-client';
import { ToolError, errorMessage } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';

export interface DownloadLimits {
  /** No byte from the server (connection, headers or body) for this long: it stalled. */
  stallMs: number;
  /** The whole download, redirects included, is given up after this long. */
  totalMs: number;
}

/** A release archive is some 50 MB: minutes in all at worst, never a minute without a byte. */
export const TRIVY_DOWNLOAD_LIMITS: DownloadLimits = { stallMs: 60_000, totalMs: 10 * 60_000 };

/** GitHub's release downloads redirect once (to their object storage); more is not a release. */
const MAX_REDIRECTS = 5;
const REDIRECTS = [301, 302, 303, 307, 308];

/** Writes the body of `url` (a new file `dest`), following redirects but never from https to http. */
export async function downloadTrivyArchive(url: string, dest: string, limits: DownloadLimits): Promise<void> {
  const deadline = Date.now() + limits.totalMs;
  let current = new URL(url);
  for (let redirects = 0; ; redirects += 1) {
    const next = await fetchOnce(current, dest, limits, deadline).catch((error: unknown) => {
      throw new ToolError(`Could not download Trivy from ${quote(url)} (host ${quote(current.host)}): ${errorMessage(error)}`);
    });
    if (next === undefined) return;
    if (redirects === MAX_REDIRECTS) {
      throw new ToolError(`Could not download Trivy from ${quote(url)}: more than ${MAX_REDIRECTS} redirects`);
    }
    if (current.protocol === 'https:' && next.protocol !== 'https:') {
      throw new ToolError(`Could not download Trivy from ${quote(url)}: redirected from https to ${quote(next.href)}`);
    }
    current = next;
  }
}

class HttpStatusError extends Error {}

/** One request: undefined when the body was written, the next URL on a redirect. */
function fetchOnce(url: URL, dest: string, limits: DownloadLimits, deadline: number): Promise<URL | undefined> {
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (client === undefined) return Promise.reject(new Error(`the protocol ${quote(url.protocol)} is not http(s)`));
  return new Promise((resolve, reject) => {
    // The first reason wins: destroying the request also fails the response stream ("aborted").
    let failure: Error | undefined;
    const fail = (error: unknown): void => {
      failure ??= error instanceof Error ? error : new Error(String(error));
      clearTimeout(total);
      reject(failure);
    };
    const stop = (reason: string) => () => request.destroy(new Error(reason));
    const request = client.get(url, { agent: new HttpClient('ftmo-deploy').getAgent(url.href), headers: { 'user-agent': 'ftmo-deploy' } }, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.includes(status) && location !== undefined) {
        response.resume();
        clearTimeout(total);
        resolve(new URL(location, url));
        return;
      }
      if (status !== 200) {
        response.resume();
        fail(new HttpStatusError(`HTTP ${status}`));
        return;
      }
      pipeline(response, createWriteStream(dest, { flags: 'wx', mode: 0o600 })).then(() => {
        clearTimeout(total);
        resolve(undefined);
      }, fail);
    });
    const total = setTimeout(stop(`not finished after ${seconds(limits.totalMs)}, so it was stopped`), Math.max(0, deadline - Date.now()));
    // The socket's idle timeout: it covers the connection, the wait for headers and the body.
    request.setTimeout(limits.stallMs, stop(`the server sent nothing for ${seconds(limits.stallMs)}, so it was stopped`));
    request.on('error', fail);
  });
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
