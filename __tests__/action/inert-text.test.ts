// Untrusted text stays inert through the bundled action: a branch name, a payload field and a
// finding title carrying a right-to-left override (U+202E) and a zero-width space (U+200B) are
// shown with both written out as \uXXXX in the log and in the job summary, and a build whose
// output does not end its last line still resumes workflow commands on a line of its own.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import { unintendedCommands, tempDir } from './hostile-support.js';
import { EVENTS, TRIVY_REPORTS, payload, runWithFakes, sourceTree } from './support.js';

const SERVICE = 'signal-generation-engine';
const RLO = '\u202e';
const ZWSP = '\u200b';
const BRANCH = `feat/${RLO}txt.exe${ZWSP}`;
const TITLE = `openssl: ${RLO}evil${ZWSP} advisory`;
// What the log and the summary show of them.
const RLO_SHOWN = '\\u202e';
const ZWSP_SHOWN = '\\u200b';
// A build log ending without a newline, in the middle of what would be a workflow command.
const TAIL = '::set-output name=pwned::the build log ended here';

let ws: Workspace;
let tmp: Awaited<ReturnType<typeof tempDir>>;
const results: ActionResult[] = [];

beforeAll(async () => {
  tmp = await tempDir('ftmo-inert-text-');
  ws = await makeWorkspace({ files: sourceTree([SERVICE]) });
}, 60_000);

afterAll(async () => {
  for (const result of results) await result.dispose();
  await ws?.dispose();
  await tmp?.dispose();
});

async function run(options: { event: string; payload: Record<string, unknown>; ref: string; sha: string; inputs?: Record<string, string>; env?: Record<string, string> }): Promise<ActionResult> {
  // The registry holds none of the run's tags yet: the first push of this commit.
  const result = await runWithFakes({
    ...options,
    service: SERVICE,
    workspace: ws.dir,
    token: 'ghs_InertTextToken0123456789abcdefghij',
    inputs: { 'registry-password': 'ghp_InertTextPassword0123456789abcd', ...options.inputs },
  });
  results.push(result);
  return result;
}

/** Lines of text that still hold a raw override or zero-width space. */
function rawInvisible(text: string): string[] {
  return text.split('\n').filter((line) => line.includes(RLO) || line.includes(ZWSP));
}

describe('a push of a branch with invisible characters, a finding title with them, a build log without a final newline', () => {
  let result: ActionResult;
  beforeAll(async () => {
    // The first finding of the amd64 report gets the hostile title.
    const report = JSON.parse(await readFile(path.join(TRIVY_REPORTS, 'report-amd64.json'), 'utf8')) as { Results: { Vulnerabilities: { Title: string }[] }[] };
    const first = report.Results[0]?.Vulnerabilities[0];
    if (first === undefined) throw new Error('the report fixture has no finding');
    first.Title = TITLE;
    const hostileReport = path.join(tmp.dir, 'report-amd64-hostile-title.json');
    await writeFile(hostileReport, JSON.stringify(report));
    result = await run({
      event: 'push',
      payload: { ...payload('push'), ref: `refs/heads/${BRANCH}` },
      ref: `refs/heads/${BRANCH}`,
      sha: ws.sha,
      inputs: { 'fail-on': 'none' },
      env: {
        TRIVY_FAKE_REPORTS: JSON.stringify({ 'linux/amd64': hostileReport, 'linux/arm64': path.join(TRIVY_REPORTS, 'report-arm64.json') }),
        FAKE_DOCKER_BUILD_TAIL: TAIL,
      },
    });
  }, 120_000);

  it('the log and the summary show the branch name and the finding title with both characters written out, never raw', () => {
    expect(result.errors, result.stdout).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`"refName": "feat/${RLO_SHOWN}txt.exe${ZWSP_SHOWN}"`);
    expect(rawInvisible(result.stdout)).toEqual([]);
    // Written out as \u202e; the backslash itself is escaped in markdown.
    expect(result.summary).toContain(`(feat/\\${RLO_SHOWN}txt.exe\\${ZWSP_SHOWN})`);
    expect(result.summary).toContain(`| openssl\\: \\${RLO_SHOWN}evil\\${ZWSP_SHOWN} advisory |`);
    expect(rawInvisible(result.summary)).toEqual([]);
  });

  it('the build log ends its last line before workflow commands resume, with the token that stopped them', () => {
    const lines = result.stdout.split('\n');
    const stop = lines.findIndex((line) => line.startsWith('::stop-commands::'));
    const token = lines[stop]?.slice('::stop-commands::'.length) ?? '';
    expect(token).toMatch(/^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
    const tail = lines.indexOf(TAIL);
    expect(tail).toBeGreaterThan(stop);
    expect(lines[tail + 1]).toBe(`::${token}::`);
    // Nothing else the runner would read as a command: the tail's ::set-output:: was not one.
    expect(unintendedCommands(result.stdout, result.masks)).toEqual([]);
  });
});

describe('a pull request whose head branch (a payload field) carries invisible characters', () => {
  it('plan mode: the log and the summary show them written out, never raw', async () => {
    const event = payload('pull_request');
    const pr = event.pull_request as { head: Record<string, unknown> };
    pr.head = { ...pr.head, ref: BRANCH };
    const result = await run({ event: 'pull_request', payload: event, ref: EVENTS.pull_request.ref, sha: ws.sha, inputs: { mode: 'plan' } });
    expect(result.stdout).not.toContain('::warning::');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain(`"refName": "feat/${RLO_SHOWN}txt.exe${ZWSP_SHOWN}"`);
    expect(result.summary).toContain(`(feat/\\${RLO_SHOWN}txt.exe\\${ZWSP_SHOWN})`);
    expect(rawInvisible(result.stdout)).toEqual([]);
    expect(rawInvisible(result.summary)).toEqual([]);
  });
});
