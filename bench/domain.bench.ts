// Timings of the pure decisions on inputs larger than any real run sees: a report with thousands
// of findings on two platforms, an overlay with many entries, and the tag rules. Run with
// `npm run bench:domain`; the tests never assert timings.

import { bench, describe } from 'vitest';
import { applyPin } from '../src/domain/manifests/kustomize-edit.js';
import { computeTags } from '../src/domain/plan/tags.js';
import { gate } from '../src/domain/scan/gate.js';
import { mergeFindings, parseTrivyReport } from '../src/domain/scan/trivy-report.js';
import type { RunContext } from '../src/domain/types.js';

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];

function reportText(findings: number, seed: number): string {
  const vulnerabilities = Array.from({ length: findings }, (_, i) => ({
    VulnerabilityID: `CVE-2026-${String((i * 7 + seed) % 20000).padStart(5, '0')}`,
    PkgName: `pkg-${i % 300}`,
    InstalledVersion: '1.0.0',
    FixedVersion: i % 3 === 0 ? '' : '1.0.1, 1.1.0',
    Severity: SEVERITIES[i % SEVERITIES.length],
    Title: 'a finding',
    PrimaryURL: 'https://avd.aquasec.com/nvd/cve-2026-00001',
  }));
  return JSON.stringify({
    SchemaVersion: 2,
    ArtifactName: 'ghcr.io/ftmo-labs/finbert-trading-llm@sha256:00',
    Results: [
      { Target: 'image (debian 12.9)', Class: 'os-pkgs', Type: 'debian', Vulnerabilities: vulnerabilities },
      { Target: 'app/requirements.txt', Class: 'lang-pkgs', Type: 'pip' },
    ],
  });
}

const amd64 = reportText(5000, 1);
const arm64 = reportText(5000, 2);

describe('trivy report', () => {
  bench('parse, merge and gate 2 x 5000 findings', () => {
    const merged = mergeFindings({ 'linux/amd64': parseTrivyReport(amd64), 'linux/arm64': parseTrivyReport(arm64) }, { ignoreUnfixed: true });
    gate(merged.findings, ['CRITICAL', 'HIGH']);
  });
});

const overlay = [
  'apiVersion: kustomize.config.k8s.io/v1beta1',
  'kind: Kustomization',
  'resources:',
  '  - ../../base',
  'images:',
  ...Array.from({ length: 200 }, (_, i) => [`  - name: ghcr.io/ftmo-labs/service-${i} # service ${i}`, `    newTag: main-${String(i).padStart(7, '0')}`]).flat(),
  '',
].join('\n');

describe('kustomization edit', () => {
  bench('pin one of 200 entries', () => {
    applyPin(overlay, { service: 'service-150', image: 'ghcr.io/ftmo-labs/service-150', tag: 'main-0ccf1ae', digest: `sha256:${'a'.repeat(64)}` }, 'kustomization.yaml');
  });
});

const ctx: RunContext = {
  eventName: 'push',
  ref: `refs/heads/feature/${'x'.repeat(200)}`,
  sha: '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e',
  repository: 'Ftmo-Labs/dax-trading',
  owner: 'Ftmo-Labs',
  workspace: '/github/workspace',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  runId: '1',
  actor: 'jana-novak',
  payloadDefaultBranch: 'main',
};

describe('tags', () => {
  bench('tags of a 200-character branch with 20 extra tags', () => {
    computeTags(ctx, { defaultBranch: 'main', shaLength: 7, sourceCommit: ctx.sha, extraTags: Array.from({ length: 20 }, (_, i) => `extra-${i}`) });
  });
});
