// A smart-HTTP git server on 127.0.0.1 for tests: `git http-backend` run as a CGI program for
// the bare repositories under one directory, pushes allowed. It records every request with its
// headers (to see where an Authorization header went), and a route can make it answer a
// request with a redirect or never answer it at all (a stalled server).

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface GitRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** How to answer a request: serve it, redirect it, or hold it open without a word. */
export type Route = { kind: 'git' } | { kind: 'redirect'; location: string } | { kind: 'stall' };

export interface GitServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The directory served; `<url>/<name>` is the repository `<root>/<name>`. */
  root: string;
  requests: GitRequest[];
  /** A new bare repository `<root>/<name>` that accepts pushes; returns its path. */
  createRepository(name: string): string;
  /** Decides how each request is answered (default: served). */
  route: (request: GitRequest) => Route;
  close(): Promise<void>;
}

// The server's own git must not read the machine's configuration either.
const SERVER_GIT_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

export async function startGitServer(root: string): Promise<GitServer> {
  await mkdir(root, { recursive: true });
  const children = new Set<ChildProcess>();
  const git: GitServer = {
    url: '',
    root,
    requests: [],
    createRepository(name) {
      const repo = path.join(root, name);
      execFileSync('git', ['init', '--quiet', '--bare', repo], { env: SERVER_GIT_ENV });
      execFileSync('git', ['config', 'http.receivepack', 'true'], { cwd: repo, env: SERVER_GIT_ENV });
      return repo;
    },
    route: () => ({ kind: 'git' }),
    close: async () => undefined,
  };

  const server = createServer((request, response) => {
    const recorded = { method: request.method ?? '', url: request.url ?? '', headers: request.headers };
    git.requests.push(recorded);
    const route = git.route(recorded);
    if (route.kind === 'stall') return; // the connection stays open; nothing is ever sent
    if (route.kind === 'redirect') {
      request.resume();
      response.writeHead(302, { location: route.location }).end();
      return;
    }
    const child = runBackend(root, request, response);
    children.add(child);
    child.on('close', () => children.delete(child));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  git.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  git.close = () =>
    new Promise<void>((resolve) => {
      for (const child of children) child.kill('SIGKILL');
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return git;
}

/** One CGI exchange with `git http-backend` (RFC 3875 variables, the body piped through). */
function runBackend(root: string, request: IncomingMessage, response: ServerResponse): ChildProcess {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const env: Record<string, string> = {
    ...SERVER_GIT_ENV,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REQUEST_METHOD: request.method ?? 'GET',
    CONTENT_TYPE: request.headers['content-type'] ?? '',
    REMOTE_ADDR: '127.0.0.1',
  };
  // The client compresses large requests and asks for protocol v2 in headers.
  if (typeof request.headers['content-encoding'] === 'string') env.HTTP_CONTENT_ENCODING = request.headers['content-encoding'];
  if (typeof request.headers['git-protocol'] === 'string') env.GIT_PROTOCOL = request.headers['git-protocol'];
  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  request.pipe(child.stdin);
  child.stdin.on('error', () => undefined);

  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    const lines = head.subarray(0, end).toString('latin1').split('\r\n');
    let status = 200;
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else response.setHeader(name, value);
    }
    response.writeHead(status);
    headersSent = true;
    response.write(head.subarray(end + 4));
  });
  child.on('close', () => {
    if (!headersSent) response.writeHead(500);
    response.end();
  });
  return child;
}
