import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRunContext } from '../src/context.js';
import { ContextError } from '../src/domain/errors.js';

const ENV = {
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_REF: 'refs/pull/42/merge',
  GITHUB_SHA: 'f1d92115a540de598e6500f645c822269b7cd8e4',
  GITHUB_REPOSITORY: 'Ftmo-Labs/dax-trading',
  GITHUB_WORKSPACE: '/home/runner/work/dax-trading/dax-trading',
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'context-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readRunContext', () => {
  it('reads the event payload from GITHUB_EVENT_PATH', () => {
    const path = fileURLToPath(new URL('./fixtures/events/pull_request.json', import.meta.url));
    const context = readRunContext({ ...ENV, GITHUB_EVENT_PATH: path });
    expect(context.pullRequest?.number).toBe(42);
    expect(context.pullRequest?.headSha).toBe('e84cc64499f50d72071c1a2ce65752ff3838f03f');
    expect(context.payloadDefaultBranch).toBe('main');
  });

  it('uses an empty payload when the file does not exist or no path is set', () => {
    const push = { ...ENV, GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' };
    expect(readRunContext({ ...push, GITHUB_EVENT_PATH: join(dir, 'missing.json') }).payloadDefaultBranch).toBe('');
    expect(readRunContext(push).pullRequest).toBeUndefined();
  });

  it('refuses a payload that is not JSON', async () => {
    const path = join(dir, 'event.json');
    await writeFile(path, '{ not json');
    expect(() => readRunContext({ ...ENV, GITHUB_EVENT_PATH: path })).toThrow(ContextError);
    expect(() => readRunContext({ ...ENV, GITHUB_EVENT_PATH: path })).toThrow(/GITHUB_EVENT_PATH: is not a JSON event payload/);
  });

  it('refuses a path that cannot be read as a file', () => {
    expect(() => readRunContext({ ...ENV, GITHUB_EVENT_PATH: dir })).toThrow(/GITHUB_EVENT_PATH: cannot be read \(EISDIR\)/);
  });
});
