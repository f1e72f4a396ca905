// The scan gate on the real stack: a build with a fixed CRITICAL finding fails the step and
// leaves only its immutable tag; `latest` and the manifests branch stay where they were. The
// same build with `fail-on: none` passes and deploys.

import { describe, expect, it } from 'vitest';
import { REPORTS, branchTip, describeRun, renderedImages, shortSha, tagDigest, uniqueImage, useServiceStack } from './action-support.js';

const SERVICE = 'news-ingestion-service';
// What the stand-in's CRITICAL reports hold after filtering (unfixed ones ignored), each
// finding once across both platforms: CVE-2031-1001 (CRITICAL, both platforms), GHSA-2fq4-m5x8-c7wv
// and CVE-2031-1004 (HIGH), CVE-2031-1003 (MEDIUM); CVE-2031-1002 has no fix.
const CRITICAL_COUNTS = { CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 0, UNKNOWN: 0 };

const e2e = useServiceStack(SERVICE);

describe('the scan gate on the real stack', () => {
  it('a first build that fails the gate leaves only its immutable tag: no latest, no manifests branch', async () => {
    const image = uniqueImage('gate-first');
    const ws = await e2e.workspace(image);

    const run = await e2e.push(ws, image, { reports: REPORTS.critical });
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.outputs['scan-result']).toBe('failed');
    expect(await tagDigest(image, `main-${shortSha(ws.sha)}`)).toBe(run.outputs.digest);
    expect(run.outputs.digest).not.toBe('');
    expect(await tagDigest(image, 'latest')).toBe('');
    expect(branchTip(ws.remote, 'manifests')).toBe('');
    expect(run.summary).toContain('CVE-2031-1001');
  });

  it('a failing gate keeps latest and the manifests on the earlier build; fail-on: none then deploys the same commit', async () => {
    const image = uniqueImage('gate');
    const ws = await e2e.workspace(image);

    const passing = await e2e.push(ws, image, { reports: REPORTS.clean });
    expect(passing.code, describeRun(passing)).toBe(0);
    const pinned = branchTip(ws.remote, 'manifests');
    expect(pinned).not.toBe('');
    expect(await tagDigest(image, 'latest')).toBe(passing.outputs.digest);

    const tls = await e2e.commit(ws, { 'README.md': 'Use the new TLS library\n' }, 'Switch TLS library');
    const version = `main-${shortSha(tls.sha)}`;

    const failing = await e2e.push(tls, image, { reports: REPORTS.critical });
    expect(failing.code, describeRun(failing)).toBe(1);
    expect(failing.outputs['scan-result']).toBe('failed');
    expect(JSON.parse(failing.outputs.vulnerabilities)).toEqual(CRITICAL_COUNTS);
    expect(failing.errors.join('\n')).toMatch(/scan gate failed/i);
    expect(failing.summary).toContain('CVE-2031-1001');
    // The immutable tag stays for investigation; nothing else moved.
    expect(failing.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await tagDigest(image, version)).toBe(failing.outputs.digest);
    expect(await tagDigest(image, 'latest')).toBe(passing.outputs.digest);
    expect(failing.docker.filter((call) => call.startsWith('buildx imagetools create'))).toEqual([]);
    expect(failing.outputs['manifests-changed']).toBe('false');
    expect(branchTip(ws.remote, 'manifests')).toBe(pinned);
    expect(await renderedImages(ws.remote, 'manifests')).toEqual([`${image}:main-${shortSha(ws.sha)}@${passing.outputs.digest}`]);

    const reportOnly = await e2e.push(tls, image, { reports: REPORTS.critical, inputs: { 'fail-on': 'none' } });
    expect(reportOnly.code, describeRun(reportOnly)).toBe(0);
    expect(reportOnly.outputs['scan-result']).toBe('passed');
    expect(JSON.parse(reportOnly.outputs.vulnerabilities)).toEqual(CRITICAL_COUNTS);
    expect(reportOnly.summary).toContain('CVE-2031-1001');
    expect(await tagDigest(image, 'latest')).toBe(reportOnly.outputs.digest);
    expect(reportOnly.outputs['manifests-changed']).toBe('true');
    expect(branchTip(ws.remote, 'manifests')).toBe(reportOnly.outputs['manifests-commit']);
    expect(await renderedImages(ws.remote, 'manifests')).toEqual([`${image}:${version}@${reportOnly.outputs.digest}`]);
  });
});
