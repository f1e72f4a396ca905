// Order on the real stack: a build of an older commit finishing last moves neither `latest` nor
// the manifests, and `deploy` mode deliberately pins an earlier tag (a rollback) without building.

import { describe, expect, it } from 'vitest';
import {
  branchTip,
  commitMessage,
  describeRun,
  dispatchPayload,
  renderedImages,
  shortSha,
  tagDigest,
  uniqueImage,
  useServiceStack,
} from './action-support.js';

const SERVICE = 'technical-pattern-service';
const CONTEXT = `services/${SERVICE}`;

const e2e = useServiceStack(SERVICE);

/** Two commits on main, each with its own depth-1 checkout: c1, then c2 on top of it. */
async function twoCommits(image: string) {
  const ws = await e2e.workspace(image);
  const c1 = { sha: ws.sha, dir: ws.dir, version: `main-${shortSha(ws.sha)}` };
  const next = await e2e.commit(ws, { 'README.md': 'Pattern thresholds documented\n' }, 'Document thresholds');
  const c2 = { ...next, version: `main-${shortSha(next.sha)}` };
  return { ws, c1, c2 };
}

describe('ordering and deploy mode on the real stack', () => {
  it('a build of an older commit finishing last leaves latest and the manifests on the newer build', async () => {
    const image = uniqueImage('order');
    const { ws, c1, c2 } = await twoCommits(image);

    const newer = await e2e.push(c2, image);
    expect(newer.code, describeRun(newer)).toBe(0);
    const pinned = branchTip(ws.remote, 'manifests');
    expect(pinned).toBe(newer.outputs['manifests-commit']);

    const older = await e2e.push(c1, image);
    expect(older.code, describeRun(older)).toBe(0);
    // The older build is pushed under its own immutable tag, and nothing else moves.
    expect(await tagDigest(image, c1.version)).toBe(older.outputs.digest);
    expect(older.outputs.digest).not.toBe(newer.outputs.digest);
    expect(await tagDigest(image, 'latest')).toBe(newer.outputs.digest);
    expect(older.outputs['manifests-changed']).toBe('false');
    expect(older.outputs['manifests-commit']).toBe('');
    expect(branchTip(ws.remote, 'manifests')).toBe(pinned);
    expect(await renderedImages(ws.remote, 'manifests')).toEqual([`${image}:${c2.version}@${newer.outputs.digest}`]);
    // The summary says why.
    expect(older.summary).toMatch(/latest stays/);
    expect(older.summary).toMatch(/newer build is deployed/);
    expect(older.summary).toContain(c2.sha.slice(0, 12));
  });

  it('deploy mode pins an earlier tag by its digest without building; a tag that does not exist moves nothing', async () => {
    const image = uniqueImage('rollback');
    const { ws, c1, c2 } = await twoCommits(image);
    const first = await e2e.push(c1, image);
    expect(first.code, describeRun(first)).toBe(0);
    const second = await e2e.push(c2, image);
    expect(second.code, describeRun(second)).toBe(0);
    expect(await renderedImages(ws.remote, 'manifests')).toEqual([`${image}:${c2.version}@${second.outputs.digest}`]);

    const deploy = (tag: string) =>
      e2e.stack.run({
        workspace: c2.dir,
        event: 'workflow_dispatch',
        payload: dispatchPayload({ service: SERVICE, tag }),
        ref: 'refs/heads/main',
        sha: c2.sha,
        inputs: { service: SERVICE, image, context: CONTEXT, mode: 'deploy', tag },
      });

    const rollback = await deploy(c1.version);
    expect(rollback.code, describeRun(rollback)).toBe(0);
    expect(rollback.docker.filter((call) => call.startsWith('buildx build'))).toEqual([]);
    expect(rollback.outputs.version).toBe(c1.version);
    expect(rollback.outputs.digest).toBe(first.outputs.digest);
    expect(rollback.outputs['manifests-changed']).toBe('true');
    const tip = branchTip(ws.remote, 'manifests');
    expect(tip).toBe(rollback.outputs['manifests-commit']);
    expect(await renderedImages(ws.remote, 'manifests')).toEqual([`${image}:${c1.version}@${first.outputs.digest}`]);
    const message = commitMessage(ws.remote, tip);
    expect(message).toMatch(new RegExp(`^deploy\\(${SERVICE}\\): ${c1.version}\\n`));
    expect(message).toContain(`Source-Commit: ${c1.sha}`);
    expect(message).toMatch(/ordering.check.*bypassed/i);
    // deploy mode never moves latest.
    expect(await tagDigest(image, 'latest')).toBe(second.outputs.digest);

    const missing = await deploy('main-0000000');
    expect(missing.code, describeRun(missing)).toBe(1);
    expect(missing.errors.join('\n')).toMatch(/main-0000000.*does not exist/);
    expect(missing.docker.filter((call) => call.startsWith('buildx build') || call.startsWith('buildx imagetools create'))).toEqual([]);
    expect(missing.outputs['manifests-changed']).toBe('false');
    expect(branchTip(ws.remote, 'manifests')).toBe(tip);
    expect(await tagDigest(image, 'latest')).toBe(second.outputs.digest);
    expect(await tagDigest(image, 'main-0000000')).toBe('');
  });
});
