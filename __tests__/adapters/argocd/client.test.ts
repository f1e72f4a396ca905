// The Argo CD client against local HTTP servers: one GET per call with the token in the
// Authorization header only, no redirect followed (so the token never reaches another host), and
// the token cut from any server message an error quotes.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ArgoCdError, argoCdClient } from '../../../src/adapters/argocd/client.js';

const TOKEN = 'argocd-T0ken-0123456789abcdef';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

const servers: Server[] = [];

async function serve(answer: (url: string) => { status: number; headers?: Record<string, string>; body?: string }): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    const { status, headers = {}, body = '' } = answer(request.url ?? '');
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('argoCdClient', () => {
  it('asks with one GET, the token in the Authorization header only', async () => {
    const argocd = await serve(() => ({ status: 200, body: '{"status":{}}' }));
    const answer = await argoCdClient(argocd.url, TOKEN).getApplication('signal-monitoring', { refresh: true, timeoutMs: 5000 });
    expect(answer).toEqual({ status: {} });
    expect(argocd.seen).toHaveLength(1);
    const [request] = argocd.seen;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/api/v1/applications/signal-monitoring?refresh=normal');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const elsewhere = Object.entries(request?.headers ?? {}).filter(([name, value]) => name !== 'authorization' && String(value).includes(TOKEN));
    expect(elsewhere).toEqual([]);
  });

  it('follows no redirect: the host it points at never sees a request, nor the token', async () => {
    const thief = await serve(() => ({ status: 200, body: '{}' }));
    const argocd = await serve(() => ({ status: 302, headers: { location: `${thief.url}/steal` } }));
    const error = await argoCdClient(argocd.url, TOKEN)
      .getApplication('signal-monitoring', { refresh: false, timeoutMs: 5000 })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(ArgoCdError);
    expect(argocd.seen).toHaveLength(1);
    expect(thief.seen).toEqual([]);
  });

  it('cuts the token out of a server message it quotes', async () => {
    const argocd = await serve(() => ({ status: 401, body: JSON.stringify({ error: `token ${TOKEN} is expired`, message: `token ${TOKEN} is expired` }) }));
    const error = await argoCdClient(argocd.url, TOKEN)
      .getApplication('signal-monitoring', { refresh: false, timeoutMs: 5000 })
      .then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );
    expect(error?.message).toContain('HTTP 401');
    expect(error?.message).toContain('***');
    expect(error?.message).not.toContain(TOKEN);
  });
});
