import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execTool } from '../../src/adapters/exec.js';

let dir: string;
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'exec-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function script(name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/usr/bin/env node\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('execTool', () => {
  it('passes arguments as they are, with no shell to expand them', async () => {
    const echo = await script('argv', 'process.stdout.write(JSON.stringify(process.argv.slice(2)))');
    const args = ['$(touch pwned)', '`id`', 'a b', '; rm -rf /', '*'];
    const result = await execTool(echo, args, { env });
    expect(JSON.parse(result.stdout)).toEqual(args);
  });

  it('gives stdin the input and returns exit code, stdout and stderr', async () => {
    const cat = await script('cat', "let s='';process.stdin.on('data',c=>s+=c).on('end',()=>{process.stdout.write(s.toUpperCase());process.stderr.write('err');process.exit(3)})");
    expect(await execTool(cat, [], { env, input: 'secret' })).toEqual({ code: 3, stdout: 'SECRET', stderr: 'err', timedOut: false });
  });

  it('reports 127 for a program that cannot be started', async () => {
    const result = await execTool(path.join(dir, 'missing'), [], { env });
    expect(result.code).toBe(127);
    expect(result.stderr).toContain('ENOENT');
  });

  it('kills a program that outlives its timeout', async () => {
    const sleeper = await script('sleeper', 'setTimeout(() => {}, 600000)');
    const result = await execTool(sleeper, [], { env, timeoutMs: 100 });
    expect(result).toMatchObject({ timedOut: true, code: 137 });
  });

  it('streams a command escaped (its arguments cannot issue workflow commands), then its output', async () => {
    const quiet = await script('quiet', "process.stderr.write('#5 [linux/arm64 2/3] RUN uname -m')");
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    try {
      await execTool(quiet, ['--build-arg', 'X=::error::pwned', '##[stop-commands]x'], { env, stream: true });
    } finally {
      vi.restoreAllMocks();
    }
    const echo = written.join('');
    expect(echo).toMatch(/^\[command\]"/);
    expect(echo).not.toContain('::error::');
    expect(echo).not.toContain('##[');
    // The tool's stderr joins the same log, in order (buildx reports progress there).
    expect(echo).toMatch(/\n#5 \[linux\/arm64 2\/3\] RUN uname -m$/);
  });
});
