// The bundled action on the real stack: what a push to main, a pull request, a fork's pull
// request, a clash with an immutable tag and a registry-cached rebuild leave in the registry,
// the log and the manifests branch.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  INDEX_TYPES,
  PLATFORMS,
  REGISTRY,
  REPOSITORY,
  branchTip,
  commitMessage,
  describeRun,
  fileInImage,
  getManifest,
  imageConfig,
  listTags,
  platformManifests,
  pullRequestPayload,
  renderedImages,
  shortSha,
  tagDigest,
  uniqueImage,
  useServiceStack,
} from './action-support.js';

const SERVICE = 'signal-generation-engine';
const CONTEXT = `services/${SERVICE}`;

const e2e = useServiceStack(SERVICE);

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

function keyValues(lines: string): Record<string, string> {
  return Object.fromEntries(lines.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

describe('the bundled action on the real stack', () => {
  it('push to main: both platforms built and pushed as one index, latest promoted after the scan, the digest pinned on a new manifests branch', async () => {
    const image = uniqueImage('push');
    const ws = await e2e.workspace(image);
    const version = `main-${shortSha(ws.sha)}`;

    const run = await e2e.push(ws, image);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.outputs.image).toBe(image);
    expect(run.outputs.version).toBe(version);
    expect(run.outputs.tags.split('\n').sort()).toEqual([`${image}:latest`, `${image}:${version}`]);

    // The RUN step ran on each platform (the build log is streamed to the step's log).
    expect(run.stdout).toContain('RUN step on x86_64');
    expect(run.stdout).toContain('RUN step on aarch64');
    // Logged in once, with the password on stdin.
    expect(run.docker.filter((call) => call.startsWith('login '))).toEqual([`login ${REGISTRY} --username e2e --password-stdin`]);

    // The registry's answer for the version tag: an index whose digest is the `digest` output.
    const index = await getManifest(image, version, INDEX_TYPES);
    expect(index.status).toBe(200);
    expect(index.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(sha256(index.body)).toBe(index.digest);
    expect(run.outputs.digest).toBe(index.digest);
    const body = JSON.parse(index.body) as { mediaType: string; manifests: [] };
    expect(INDEX_TYPES).toContain(body.mediaType);
    const platforms = platformManifests(body);
    expect(Object.keys(platforms).sort()).toEqual(PLATFORMS);
    expect(JSON.parse(run.outputs['platform-digests'])).toEqual(platforms);

    // Every tag of the `tags` output, latest included (promoted after the scan), names that index.
    for (const reference of run.outputs.tags.split('\n')) {
      expect(await tagDigest(image, reference.slice(image.length + 1)), reference).toBe(index.digest);
    }

    // The OCI labels in each platform's image configuration, and the RUN step's file in its layer.
    const labels = keyValues(run.outputs.labels);
    expect(labels).toMatchObject({
      'org.opencontainers.image.source': `https://github.com/${REPOSITORY}`,
      'org.opencontainers.image.revision': ws.sha,
      'org.opencontainers.image.version': version,
      'org.opencontainers.image.title': SERVICE,
    });
    expect(labels['org.opencontainers.image.created']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    const machines: Record<string, string> = { 'linux/amd64': 'x86_64\n', 'linux/arm64': 'aarch64\n' };
    for (const [platform, digest] of Object.entries(platforms)) {
      const config = await imageConfig(image, digest);
      expect(`${config.os}/${config.architecture}`).toBe(platform);
      expect(config.config.Labels).toMatchObject(labels);
      expect(await fileInImage(image, digest, 'arch'), platform).toBe(machines[platform]);
    }

    expect(run.outputs['scan-result']).toBe('passed');
    expect(JSON.parse(run.outputs.vulnerabilities)).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 });

    // The manifests branch was created with the pin, and renders exactly that reference.
    const tip = branchTip(ws.remote, 'manifests');
    expect(run.outputs['manifests-changed']).toBe('true');
    expect(run.outputs['manifests-commit']).toBe(tip);
    expect(commitMessage(ws.remote, tip)).toMatch(new RegExp(`^deploy\\(${SERVICE}\\): ${version}\\n`));
    expect(await renderedImages(ws.remote, 'manifests')).toEqual([`${image}:${version}@${index.digest}`]);
  });

  it('pull request: pushes exactly pr-N and pr-N-<sha> of the commit checked out, and touches no manifests', async () => {
    const image = uniqueImage('pr');
    const ws = await e2e.workspace(image);
    // The head commit of the pull request's branch; the checkout stands for the merge commit.
    const head = ws.commit({ 'README.md': 'Risk limits for the signal engine\n' }, 'Add risk limits', 'feature/risk-limits');

    const run = await e2e.stack.run({
      workspace: ws.dir,
      event: 'pull_request',
      payload: pullRequestPayload({ number: 31, headRef: 'feature/risk-limits', headSha: head, headRepo: REPOSITORY }),
      ref: 'refs/pull/31/merge',
      sha: ws.sha,
      inputs: { service: SERVICE, image, context: CONTEXT },
    });
    expect(run.code, describeRun(run)).toBe(0);
    // The merge commit was checked out and built, so it names the image; the head branch does not.
    const headTag = `pr-31-${shortSha(ws.sha)}`;
    expect(run.outputs.version).toBe(headTag);
    expect(await listTags(image)).toEqual([headTag, 'pr-31'].sort());
    expect(run.outputs.labels).toContain(`org.opencontainers.image.revision=${ws.sha}`);
    expect(await tagDigest(image, 'pr-31')).toBe(run.outputs.digest);
    expect(await tagDigest(image, headTag)).toBe(run.outputs.digest);
    expect(run.outputs['scan-result']).toBe('passed');
    expect(run.outputs['manifests-changed']).toBe('false');
    expect(branchTip(ws.remote, 'manifests')).toBe('');
  });

  it("fork pull request: builds every platform without logging in and without pushing anything", async () => {
    const image = uniqueImage('fork');
    const ws = await e2e.workspace(image);

    const run = await e2e.stack.run({
      workspace: ws.dir,
      event: 'pull_request',
      payload: pullRequestPayload({ number: 57, headRef: 'fix/retry-typo', headSha: ws.sha, headRepo: 'octo-contributor/dax-trading' }),
      ref: 'refs/pull/57/merge',
      sha: ws.sha,
      inputs: { service: SERVICE, image, context: CONTEXT },
    });
    expect(run.code, describeRun(run)).toBe(0);
    // The build ran (a new RUN step on both platforms) ...
    expect(run.stdout).toContain('RUN step on x86_64');
    expect(run.stdout).toContain('RUN step on aarch64');
    const builds = run.docker.filter((call) => call.startsWith('buildx build '));
    expect(builds).toHaveLength(1);
    expect(builds[0]).not.toContain('--push');
    // ... with no login and nothing in the registry.
    expect(run.docker.filter((call) => /^login\b/.test(call))).toEqual([]);
    expect(run.docker.length).toBeGreaterThan(1);
    expect(await listTags(image) ?? []).toEqual([]);
    expect(run.outputs.digest).toBe('');
    expect(run.outputs['scan-result']).toBe('skipped');
    expect(branchTip(ws.remote, 'manifests')).toBe('');
  });

  it("an immutable tag is never moved to another commit's image; a re-run of the same commit may replace it", async () => {
    const image = uniqueImage('immutable');
    const ws = await e2e.workspace(image);
    const inputs = { mode: 'build', 'extra-tags': 'stable' };

    const first = await e2e.push(ws, image, { inputs });
    expect(first.code, describeRun(first)).toBe(0);
    const stable = await tagDigest(image, 'stable');
    expect(stable).toBe(first.outputs.digest);

    const again = await e2e.push(ws, image, { inputs });
    expect(again.code, describeRun(again)).toBe(0);

    const next = await e2e.commit(ws, { 'README.md': 'Signal engine, next\n' }, 'Next');
    const clash = await e2e.push(next, image, { inputs });
    expect(clash.code, describeRun(clash)).toBe(1);
    const error = clash.errors.join('\n');
    expect(error).toContain(`"${image}:stable" already names an image built from revision "${ws.sha}"`);
    expect(error).toContain(`"push" run of branch "main" would overwrite it with revision "${next.sha}"`);
    expect(clash.docker.filter((call) => call.startsWith('buildx build'))).toEqual([]);
    // The tag still names the re-run's image; the new commit's tag was never pushed.
    expect(await tagDigest(image, 'stable')).toBe(again.outputs.digest);
    expect(await tagDigest(image, `main-${shortSha(next.sha)}`)).toBe('');
  });

  it('cache: registry: a rebuild of an unchanged context at a new commit takes its steps from the registry cache', async () => {
    const image = uniqueImage('cache');
    const ws = await e2e.workspace(image);
    const inputs = { mode: 'build', cache: 'registry' };

    const first = await e2e.push(ws, image, { inputs });
    expect(first.code, describeRun(first)).toBe(0);
    expect(first.stdout).toContain('RUN step on aarch64');
    expect(await tagDigest(image, 'buildcache')).not.toBe('');

    // Without the engine's own build cache, only the registry cache can make steps CACHED.
    execFileSync('docker', ['buildx', 'prune', '--all', '--force'], { stdio: 'pipe' });

    // A commit outside the build context: same files in the context, new commit SHA.
    const docsOnly = await e2e.commit(ws, { 'README.md': 'How to run the signal engine\n' }, 'Docs only');
    const second = await e2e.push(docsOnly, image, { inputs });
    expect(second.code, describeRun(second)).toBe(0);
    expect(second.outputs.version).toBe(`main-${shortSha(docsOnly.sha)}`);
    expect(second.stdout).toContain(`importing cache manifest from ${image}:buildcache`);
    const runSteps = [...new Set([...second.stdout.matchAll(/^#(\d+) \[(?:linux\/\w+ )?\d+\/\d+\] RUN /gm)].map((match) => match[1]))];
    // Two RUN steps on each of the two platforms.
    expect(runSteps).toHaveLength(4);
    for (const step of runSteps) expect(second.stdout).toMatch(new RegExp(`^#${step} CACHED$`, 'm'));
    expect(second.stdout).not.toMatch(/RUN step on (x86_64|aarch64)/);
  });
});
