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
    // The trail's debug lines stand outside the stretch where workflow commands are stopped.
    expect(echo).toMatch(/^::debug::run: "[^\n]*\n::stop-commands::[0-9a-f-]{36}\n\[command\]"/);
    expect(echo).not.toContain('::error::');
    expect(echo).not.toContain('##[');
    // The tool's stderr joins the same log, in order (buildx reports progress there).
    expect(echo).toMatch(/\n#5 \[linux\/arm64 2\/3\] RUN uname -m\n::[0-9a-f-]{36}::\n::debug::exit code 0 in \d+ ms: "[^\n]*\n$/);
  });

  it.each([
    ['ends with a newline', "process.stdout.write('done\\n')", 'done\n'],
    ['ends without one', "process.stdout.write('::error::x')", '::error::x\n'],
    ['ends on stderr without one', "process.stderr.write('#9 DONE')", '#9 DONE\n'],
    ['prints nothing', '', ''],
    ['cannot be started', null, ''],
  ])('a streamed tool that %s: commands resume on a line of their own, with the token that stopped them', async (_what, body, output) => {
    const tool = body === null ? path.join(dir, 'missing') : await script(`out-${output.length}-${body.length}`, body);
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    try {
      await execTool(tool, [], { env, stream: true });
    } finally {
      vi.restoreAllMocks();
    }
    const lines = written
      .join('')
      .split('\n')
      .filter((line) => !line.startsWith('::debug::'));
    const token = /^::stop-commands::([0-9a-f-]{36})$/.exec(lines[0] ?? '')?.[1];
    expect(token).toBeDefined();
    expect(lines.slice(2).join('\n')).toBe(`${output}::${token}::\n`);
  });

  describe('the trail in the debug log', () => {
    async function printedBy(run: () => Promise<unknown>): Promise<string[]> {
      const written: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
      try {
        await run();
      } finally {
        vi.restoreAllMocks();
      }
      return written.join('').split('\n').filter((line) => line !== '');
    }

    it('logs a failed command that was not streamed: the command line, then its exit code and duration', async () => {
      const failing = await script('failing', "process.stderr.write('denied');process.exit(3)");
      const lines = await printedBy(() => execTool(failing, ['push', 'it is', '::warning::x'], { env }));
      const line = `"${failing}" "push" "it is" ":\\u003awarning:\\u003ax"`;
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe(`::debug::run: ${line}`);
      expect(lines[1]).toMatch(/^::debug::exit code 3 in \d+ ms: /);
      expect(lines[1]?.endsWith(line)).toBe(true);
    });

    it('says when a command was killed, and when it could not be started', async () => {
      const sleeper = await script('sleeper-trail', 'setTimeout(() => {}, 600000)');
      const killed = await printedBy(() => execTool(sleeper, [], { env, timeoutMs: 100 }));
      expect(killed[1]).toMatch(/^::debug::killed after 100 ms in \d+ ms: "/);
      const missing = await printedBy(() => execTool(path.join(dir, 'nowhere'), [], { env }));
      expect(missing[1]).toMatch(/^::debug::exit code 127 in \d+ ms: ".*nowhere"$/);
    });

    it('writes the credentials of a URL as ***', async () => {
      const ok = await script('ok', '');
      const lines = await printedBy(() => execTool(ok, ['fetch', 'https://x-access-token:ghs_secret@github.com/acme/infra.git'], { env }));
      expect(lines[0]).toBe(`::debug::run: "${ok}" "fetch" "https://***@github.com/acme/infra.git"`);
      expect(lines.join('\n')).not.toContain('ghs_secret');
    });
  });
});
