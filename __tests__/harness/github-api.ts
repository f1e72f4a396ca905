// A stand-in for the parts of GitHub's REST API the action writes to (Deployments and their
// statuses, issue comments), on 127.0.0.1. It records every request as it arrived and keeps the
// comments it was given, so a second run finds the first run's comment. Failures are injected
// per route: `fail('POST', /deployments$/, 502, 1)` answers the next matching request with 502.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path with query, as sent. */
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body, undefined when there was none. */
  body: unknown;
  /** The body as sent. */
  raw: string;
}

interface Failure {
  method: string;
  path: RegExp;
  status: number;
  /** How many matching requests fail; Infinity for all. */
  times: number;
  headers: Record<string, string>;
  message: string;
}

export interface FakeGitHubApi {
  /** http://127.0.0.1:<port>, for GITHUB_API_URL. */
  url: string;
  requests: RecordedRequest[];
  comments: { id: number; body: string }[];
  fail(method: string, path: RegExp, status: number, times?: number, extra?: { headers?: Record<string, string>; message?: string }): void;
  /** Forgets the requests (not the comments) and any failure left. */
  reset(): void;
  close(): Promise<void>;
}

const REPO = '/repos/([^/]+)/([^/]+)';

export async function startFakeGitHubApi(): Promise<FakeGitHubApi> {
  const requests: RecordedRequest[] = [];
  const comments: { id: number; body: string }[] = [];
  let failures: Failure[] = [];
  let nextDeployment = 9001;
  let nextComment = 5001;
  let base = '';

  const reply = (res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(data));
  };

  const handle = (req: IncomingMessage, raw: string, res: ServerResponse): void => {
    const method = req.method ?? '';
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    requests.push({ method, path: `${path}${url.search}`, headers: req.headers, body: raw === '' ? undefined : JSON.parse(raw), raw });
    const failure = failures.find((f) => f.method === method && f.path.test(path) && f.times > 0);
    if (failure !== undefined) {
      failure.times -= 1;
      reply(res, failure.status, { message: failure.message, documentation_url: 'https://docs.github.com/rest' }, failure.headers);
      return;
    }
    let m: RegExpExecArray | null;
    if (method === 'POST' && (m = new RegExp(`^${REPO}/deployments$`).exec(path))) {
      const id = nextDeployment++;
      reply(res, 201, { id, url: `${base}/repos/${m[1]}/${m[2]}/deployments/${id}`, ...(JSON.parse(raw) as object) });
    } else if (method === 'POST' && (m = new RegExp(`^${REPO}/deployments/(\\d+)/statuses$`).exec(path))) {
      reply(res, 201, { id: 1, state: (JSON.parse(raw) as { state: string }).state });
    } else if (method === 'GET' && new RegExp(`^${REPO}/issues/\\d+/comments$`).test(path)) {
      reply(res, 200, comments.map((c) => ({ id: c.id, body: c.body, user: { login: 'github-actions[bot]' } })));
    } else if (method === 'POST' && new RegExp(`^${REPO}/issues/\\d+/comments$`).test(path)) {
      const comment = { id: nextComment++, body: (JSON.parse(raw) as { body: string }).body };
      comments.push(comment);
      reply(res, 201, comment);
    } else if (method === 'PATCH' && (m = new RegExp(`^${REPO}/issues/comments/(\\d+)$`).exec(path))) {
      const comment = comments.find((c) => c.id === Number(m?.[3]));
      if (comment === undefined) return reply(res, 404, { message: 'Not Found' });
      comment.body = (JSON.parse(raw) as { body: string }).body;
      reply(res, 200, comment);
    } else {
      reply(res, 404, { message: 'Not Found' });
    }
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => handle(req, raw, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    requests,
    comments,
    fail(method, path, status, times = Infinity, extra = {}) {
      failures.push({ method, path, status, times, headers: extra.headers ?? {}, message: extra.message ?? `fake failure ${status}` });
    },
    reset() {
      requests.length = 0;
      failures = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
