// The fan-out on the real stack: two legs, each its own run of the bundled action building one
// platform with `push: by-digest`, then a merge run given their outputs. What the registry and
// the manifests branch hold afterwards is what a single-job build leaves: the immutable tag and
// `latest` on one index, the index's digest pinned, and each platform scanned once.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  INDEX_TYPES,
  PLATFORMS,
  branchTip,
  commitMessage,
  describeRun,
  getManifest,
  listTags,
  platformManifests,
  renderedImages,
  shortSha,
  tagDigest,
  uniqueImage,
  useServiceStack,
  type IndexEntry,
} from './action-support.js';

const SERVICE = 'signal-generation-engine';
const e2e = useServiceStack(SERVICE);

// buildx's default `docker` driver cannot push by digest; these tests need a builder of the
// docker-container driver as the current builder (docker/setup-buildx-action's, on a runner).
const DRIVER = /^Driver:\s*(\S+)/m.exec(execFileSync('docker', ['buildx', 'inspect'], { encoding: 'utf8' }))?.[1] ?? '';

describe.skipIf(DRIVER === 'docker')('fan-out: per-platform legs pushed by digest, merged into one index', () => {
  it('two legs and a merge give the tags, index, scans and manifests pin of a single-job build', async () => {
    const image = uniqueImage('fanout');
    const ws = await e2e.workspace(image);
    const version = `main-${shortSha(ws.sha)}`;

    const legs = await Promise.all(PLATFORMS.map((platform) => e2e.push(ws, image, { inputs: { platforms: platform, push: 'by-digest' } })));
    for (const leg of legs) expect(leg.code, describeRun(leg)).toBe(0);
    // Each leg built on its own platform, tagged nothing and scanned nothing.
    expect(legs[0]?.stdout).toContain('RUN step on x86_64');
    expect(legs[1]?.stdout).toContain('RUN step on aarch64');
    expect(await listTags(image) ?? []).toEqual([]);
    const reported = legs.map((leg) => JSON.parse(leg.outputs['platform-digests']) as Record<string, string>);
    expect(reported.map((digests) => Object.keys(digests))).toEqual([['linux/amd64'], ['linux/arm64']]);
    for (const leg of legs) expect(leg.outputs['scan-result']).toBe('skipped');
    expect(branchTip(ws.remote, 'manifests')).toBe('');

    // What each leg pushed: its platform image and that image's provenance attestation.
    const legImages: Record<string, string> = {};
    for (const digests of reported) {
      for (const [platform, digest] of Object.entries(digests)) {
        const pushed = await getManifest(image, digest, INDEX_TYPES);
        expect(pushed.status, `${platform} ${digest}`).toBe(200);
        Object.assign(legImages, platformManifests(JSON.parse(pushed.body) as { manifests: IndexEntry[] }));
      }
    }

    const merge = await e2e.push(ws, image, { inputs: { mode: 'merge', digests: legs.map((leg) => leg.outputs['platform-digests']).join('\n') } });
    expect(merge.code, describeRun(merge)).toBe(0);
    expect(merge.docker.filter((call) => call.startsWith('buildx build'))).toEqual([]);

    // The tags a single-job build of the commit leaves, each naming the merged index.
    expect(await listTags(image)).toEqual([version, 'latest'].sort());
    const index = await getManifest(image, version, INDEX_TYPES);
    expect(index.status).toBe(200);
    expect(merge.outputs.digest).toBe(index.digest);
    expect(await tagDigest(image, 'latest')).toBe(index.digest);
    const body = JSON.parse(index.body) as { manifests: IndexEntry[] };
    expect(platformManifests(body)).toEqual(legImages);
    expect(JSON.parse(merge.outputs['platform-digests'])).toEqual(legImages);
    // The legs' attestation manifests came along, each still naming its platform image.
    const attested = body.manifests
      .filter((entry) => entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
      .map((entry) => entry.annotations?.['vnd.docker.reference.digest'])
      .sort();
    expect(attested).toEqual(Object.values(legImages).sort());

    // Scanned once per platform, by the index digest.
    const scans = merge.stdout.split('\n').filter((line) => line.startsWith('::group::Scan '));
    expect(scans.sort()).toEqual(PLATFORMS.map((platform) => `::group::Scan ${image}@${index.digest} (${platform})`));
    expect(merge.outputs['scan-result']).toBe('passed');

    // The manifests commit of a single-job build: the version and the index digest pinned.
    const tip = branchTip(ws.remote, 'manifests');
    expect(merge.outputs['manifests-commit']).toBe(tip);
    expect(commitMessage(ws.remote, tip)).toMatch(new RegExp(`^deploy\\(${SERVICE}\\): ${version}\\n`));
    expect(await renderedImages(ws.remote, 'manifests')).toEqual([`${image}:${version}@${index.digest}`]);
  });

  it('a digest of another repository, and one the registry does not have, are refused with nothing tagged', async () => {
    const image = uniqueImage('fanout-foreign');
    const other = uniqueImage('fanout-other');
    const ws = await e2e.workspace(image);
    const leg = await e2e.push(ws, other, { inputs: { platforms: 'linux/arm64', push: 'by-digest' } });
    expect(leg.code, describeRun(leg)).toBe(0);
    const foreign = (JSON.parse(leg.outputs['platform-digests']) as Record<string, string>)['linux/arm64'] ?? '';
    const own = await e2e.push(ws, image, { inputs: { platforms: 'linux/amd64', push: 'by-digest' } });
    expect(own.code, describeRun(own)).toBe(0);

    // Given bare, the other repository's digest is one this image's repository does not hold.
    const bare = await e2e.push(ws, image, { inputs: { mode: 'merge', digests: `${own.outputs['platform-digests']}\n{"linux/arm64":"${foreign}"}` } });
    expect(bare.code).toBe(1);
    expect(bare.errors.join('\n')).toContain(`the digest for linux/arm64, "${image}@${foreign}", does not exist in the registry`);
    // Given as the leg's full reference, it is refused before the registry is asked.
    const named = await e2e.push(ws, image, { inputs: { mode: 'merge', digests: `${own.outputs['platform-digests']}\n{"linux/arm64":"${other}@${foreign}"}` } });
    expect(named.code).toBe(1);
    expect(named.errors.join('\n')).toContain(`the digest for linux/arm64 belongs to another repository, not ${image}`);
    expect(named.docker).toEqual([]);

    for (const run of [bare, named]) expect(run.docker.filter((call) => call.startsWith('buildx imagetools create'))).toEqual([]);
    expect(await listTags(image) ?? []).toEqual([]);
    expect(branchTip(ws.remote, 'manifests')).toBe('');
  });
});
