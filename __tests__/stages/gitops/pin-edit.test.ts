// What one update pins and keeps: the branch created from the source, re-runs, structure and
// drift, recorded pins re-applied, ordering, errors in the manifests. Real git, real kubectl.

import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../../src/domain/errors.js';
import { SERVICES } from '../../harness/ftmo.js';
import {
  BRANCH,
  OVERLAY,
  RUN_URL,
  STATE,
  deploy,
  deployment,
  digestOf,
  editBranch,
  expectEmpty,
  git,
  imageLines,
  makeSource,
  manifests,
  overlay,
  renderBranch,
  show,
  tip,
} from './support.js';

describe('the pin edit, through updateManifests', () => {
  it('creates the branch from the source manifests, pins the service, records the state', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const workspace = source.checkout(c1);
    const configBefore = await fs.readFile(path.join(workspace, '.git/config'), 'utf8');
    const headBefore = git(workspace, 'rev-parse', 'HEAD');
    const runnerTemp = await source.runnerTemp();
    const digest = digestOf('signal-monitoring');
    const tag = `main-${c1.slice(0, 7)}`;

    const result = await deploy({ service: 'signal-monitoring', commit: c1, workspace, runnerTemp });

    const head = tip(source.origin);
    expect(result).toMatchObject({ changed: true, commit: head, commitUrl: '' });
    expect(result.reason).toContain(`ghcr.io/acme/signal-monitoring:${tag}@${digest}`);
    // Structure copied whole; only the service's entry differs from main.
    for (const service of SERVICES) {
      expect(show(source.origin, `infra/k8s/base/${service}/deployment.yaml`)).toBe(deployment(service).trimEnd());
    }
    expect(show(source.origin, OVERLAY)).toBe(
      overlay()
        .replace('  - name: ghcr.io/acme/signal-monitoring\n    newTag: latest\n', `  - name: ghcr.io/acme/signal-monitoring\n    newTag: ${tag}\n    digest: ${digest}\n`)
        .trimEnd(),
    );
    expect(JSON.parse(show(source.origin, STATE))).toEqual({
      version: 1,
      sourceCommit: c1,
      pins: {
        [OVERLAY]: {
          'signal-monitoring': { image: 'ghcr.io/acme/signal-monitoring', tag, digest, sourceCommit: c1, time: '2026-03-01T10:00:00.000Z', runUrl: RUN_URL },
        },
      },
    });
    expect(git(source.origin, 'ls-tree', '-r', '--name-only', BRANCH).split('\n')).toEqual([STATE, ...Object.keys(manifests()).sort()].sort());
    // One commit, by the bot, at the run's time, with the contract's subject and body.
    expect(git(source.origin, 'rev-list', '--count', BRANCH)).toBe('1');
    expect(git(source.origin, 'log', '-1', '--format=%an|%ae|%cn|%ce|%at|%ct', BRANCH)).toBe(
      'github-actions[bot]|41898282+github-actions[bot]@users.noreply.github.com|github-actions[bot]|41898282+github-actions[bot]@users.noreply.github.com|1772359200|1772359200',
    );
    expect(git(source.origin, 'log', '-1', '--format=%B', BRANCH)).toBe(
      `deploy(signal-monitoring): ${tag}\n\nImage: ghcr.io/acme/signal-monitoring:${tag}\nDigest: ${digest}\nSource-Commit: ${c1}\nRun: ${RUN_URL}`,
    );
    expect(result.diff).toContain(`--- a/${OVERLAY}\n+++ b/${OVERLAY}\n`);
    expect(result.diff).toContain(`-    newTag: latest\n+    newTag: ${tag}\n+    digest: ${digest}\n`);
    expect(imageLines(await renderBranch(source.origin))).toContain(`ghcr.io/acme/signal-monitoring:${tag}@${digest}`);
    // The workspace's repository is only read; the run leaves nothing in RUNNER_TEMP.
    expect(await fs.readFile(path.join(workspace, '.git/config'), 'utf8')).toBe(configBefore);
    expect(git(workspace, 'rev-parse', 'HEAD')).toBe(headBefore);
    expect(git(workspace, 'status', '--porcelain')).toBe('');
    await expectEmpty(runnerTemp);
  });

  it('a re-run of the same commit changes nothing and commits nothing', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const workspace = source.checkout(c1);
    const first = await deploy({ service: 'news-ingestion-service', commit: c1, workspace, runnerTemp: await source.runnerTemp() });
    expect(first.changed).toBe(true);

    const again = await deploy({ service: 'news-ingestion-service', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });

    expect(again).toMatchObject({ changed: false, commit: '', diff: '', commitUrl: '' });
    expect(again.reason).toMatch(/already pins ghcr\.io\/acme\/news-ingestion-service:main-[0-9a-f]{7}@sha256:[0-9a-f]{64} for news-ingestion-service; nothing to change/);
    expect(tip(source.origin)).toBe(first.commit);
  });

  it('a resource-limit change on main reaches the branch with the next deployment; other pins are kept', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    const c2 = source.commit({ 'infra/k8s/base/signal-generation-engine/deployment.yaml': deployment('signal-generation-engine', '1500m') }, 'More CPU for signal generation');

    const result = await deploy({ service: 'postgres-data-collector', commit: c2, workspace: source.checkout(c2), runnerTemp: await source.runnerTemp() });

    expect(result.changed).toBe(true);
    expect(show(source.origin, 'infra/k8s/base/signal-generation-engine/deployment.yaml')).toContain('cpu: 1500m');
    const images = imageLines(await renderBranch(source.origin));
    expect(images).toContain(`ghcr.io/acme/signal-monitoring:main-${c1.slice(0, 7)}@${digestOf('signal-monitoring')}`);
    expect(images).toContain(`ghcr.io/acme/postgres-data-collector:main-${c2.slice(0, 7)}@${digestOf('postgres-data-collector')}`);
    expect(images).toContain('ghcr.io/acme/dax-llm-service:latest');
    const state = JSON.parse(show(source.origin, STATE));
    expect(state.sourceCommit).toBe(c2);
    expect(Object.keys(state.pins[OVERLAY]).sort()).toEqual(['postgres-data-collector', 'signal-monitoring']);
    expect(git(source.origin, 'log', '--format=%s', BRANCH).split('\n')).toEqual([
      `deploy(postgres-data-collector): main-${c2.slice(0, 7)}`,
      `deploy(signal-monitoring): main-${c1.slice(0, 7)}`,
    ]);
  });

  it('re-applies every recorded pin on a changed overlay and drops pins whose entry is gone', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-generation-engine', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    await deploy({ service: 'finbert-trading-llm', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    const remaining = SERVICES.filter((service) => service !== 'finbert-trading-llm');
    const c2 = source.commit(
      {
        [OVERLAY]: overlay(remaining, 'commonAnnotations:\n  team: trading\n'),
        'infra/k8s/base/finbert-trading-llm': null,
      },
      'Retire finbert-trading-llm',
    );

    const result = await deploy({ service: 'dax-llm-service', commit: c2, workspace: source.checkout(c2), runnerTemp: await source.runnerTemp() });

    const t1 = `main-${c1.slice(0, 7)}`;
    const t2 = `main-${c2.slice(0, 7)}`;
    expect(show(source.origin, OVERLAY)).toBe(
      overlay(remaining, 'commonAnnotations:\n  team: trading\n')
        .replace(
          '    newName: ghcr.io/acme/signal-generation-engine\n    newTag: "latest"\n',
          `    newName: ghcr.io/acme/signal-generation-engine\n    newTag: "${t1}"\n    digest: ${digestOf('signal-generation-engine')}\n`,
        )
        .replace('  - name: ghcr.io/acme/dax-llm-service\n    newTag: latest\n', `  - name: ghcr.io/acme/dax-llm-service\n    newTag: ${t2}\n    digest: ${digestOf('dax-llm-service')}\n`)
        .trimEnd(),
    );
    const state = JSON.parse(show(source.origin, STATE));
    expect(Object.keys(state.pins[OVERLAY]).sort()).toEqual(['dax-llm-service', 'signal-generation-engine']);
    expect(git(source.origin, 'log', '-1', '--format=%B', BRANCH)).toContain(`\nDropped-Pins: 1 stale pin dropped, their file or entry is gone: "finbert-trading-llm" in "${OVERLAY}"`);
    expect(result.reason).toContain('dropped 1 stale pin');
    expect(git(source.origin, 'ls-tree', '-r', '--name-only', BRANCH)).not.toContain('base/finbert-trading-llm');
  });

  it('an older commit finishing last pins nothing; deploy mode pins it anyway and says so', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const c2 = source.commit({ 'infra/k8s/base/signal-monitoring/deployment.yaml': deployment('signal-monitoring', '750m') }, 'Tune signal-monitoring');
    const newer = await deploy({ service: 'signal-monitoring', commit: c2, workspace: source.checkout(c2), runnerTemp: await source.runnerTemp() });
    expect(newer.changed).toBe(true);

    // The build of c1 finishes after c2's, from a depth-1 checkout of c1.
    const older = await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });

    expect(older).toMatchObject({ changed: false, commit: '' });
    expect(older.reason).toBe(
      `signal-monitoring is pinned from ${c2.slice(0, 12)}, which descends from this run's commit ${c1.slice(0, 12)}: a newer build is deployed, so this run pins nothing`,
    );
    expect(tip(source.origin)).toBe(newer.commit);

    // Another service from the old commit: pinned, but the branch keeps c2's structure.
    const other = await deploy({ service: 'dax-llm-service', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    expect(other.changed).toBe(true);
    expect(show(source.origin, 'infra/k8s/base/signal-monitoring/deployment.yaml')).toContain('cpu: 750m');
    expect(JSON.parse(show(source.origin, STATE)).sourceCommit).toBe(c2);

    // Rollback on purpose.
    const rollback = await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), deploy: true, runnerTemp: await source.runnerTemp() });
    expect(rollback.changed).toBe(true);
    const t1 = `main-${c1.slice(0, 7)}`;
    expect(git(source.origin, 'log', '-1', '--format=%B', BRANCH)).toBe(
      `deploy(signal-monitoring): ${t1}\n\nImage: ghcr.io/acme/signal-monitoring:${t1}\nDigest: ${digestOf('signal-monitoring')}\nSource-Commit: ${c1}\nRun: ${RUN_URL}\n` +
        'Ordering-Check: bypassed (deploy mode pins this tag even if a newer commit of the service is deployed)',
    );
    expect(JSON.parse(show(source.origin, STATE)).pins[OVERLAY]['signal-monitoring']).toMatchObject({ tag: t1, sourceCommit: c1, deploy: true });
    expect(imageLines(await renderBranch(source.origin))).toContain(`ghcr.io/acme/signal-monitoring:${t1}@${digestOf('signal-monitoring')}`);
  });

  it('a path the branch does not hold yet comes from the source even when the structure stays', async () => {
    const files = manifests();
    files['infra/k8s/overlays/staging/kustomization.yaml'] = files[OVERLAY]!.replace('# Production', '# Staging');
    const source = await makeSource(files);
    const [c1] = source.commits as [string];
    const c2 = source.commit({ 'infra/k8s/base/signal-monitoring/deployment.yaml': deployment('signal-monitoring', '750m') }, 'Tune signal-monitoring');
    const production = ['infra/k8s/base', 'infra/k8s/overlays/production'];
    await deploy({ service: 'signal-monitoring', commit: c2, paths: production, workspace: source.checkout(c2), runnerTemp: await source.runnerTemp() });
    expect(() => show(source.origin, 'infra/k8s/overlays/staging/kustomization.yaml')).toThrow();

    // An older commit lists the staging overlay for the first time: the structure stays c2's...
    const staging = ['infra/k8s/base', 'infra/k8s/overlays/staging'];
    const first = await deploy({ service: 'dax-llm-service', commit: c1, paths: staging, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    expect(first.changed).toBe(true);
    expect(show(source.origin, 'infra/k8s/base/signal-monitoring/deployment.yaml')).toContain('cpu: 750m');
    // ...and the overlay it did not have comes from the source, pinned.
    expect(show(source.origin, 'infra/k8s/overlays/staging/kustomization.yaml')).toContain(
      `  - name: ghcr.io/acme/dax-llm-service\n    newTag: main-${c1.slice(0, 7)}\n    digest: ${digestOf('dax-llm-service')}\n`,
    );
  });

  it('a service without an entry anywhere is an error and nothing is pushed', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const runnerTemp = await source.runnerTemp();

    const attempt = deploy({ service: 'risk-engine', commit: c1, workspace: source.checkout(c1), runnerTemp });

    await expect(attempt).rejects.toThrow(ManifestError);
    await expect(attempt).rejects.toThrow(/^infra\/k8s: no kustomization has an `images` entry for "risk-engine" \(name or newName "ghcr\.io\/acme\/risk-engine"\); 9 file\(s\) read, nothing pushed$/);
    expect(tip(source.origin)).toBe('');
    await expectEmpty(runnerTemp);
  });

  it('a corrupt state file on the branch is an error and nothing is pushed', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    const broken = editBranch(source, (dir) => execFileSync('tee', [path.join(dir, STATE)], { input: '{"version": 1, "pins": ', stdio: ['pipe', 'ignore', 'inherit'] }));

    const attempt = deploy({ service: 'dax-llm-service', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });

    await expect(attempt).rejects.toThrow(ManifestError);
    await expect(attempt).rejects.toThrow(/^\.ftmo-deploy\/state\.json: is not valid JSON .*repair or remove the file on the manifests branch$/);
    expect(tip(source.origin)).toBe(broken);
  });

  it('with pin-digest false pins the tag only and says the digest is not pinned', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const tag = `main-${c1.slice(0, 7)}`;

    await deploy({ service: 'news-ingestion-service', commit: c1, workspace: source.checkout(c1), pinDigest: false, runnerTemp: await source.runnerTemp() });

    expect(show(source.origin, OVERLAY)).toContain(`  - name: ghcr.io/acme/news-ingestion-service\n    newTag: ${tag}\n  - name`);
    expect(imageLines(await renderBranch(source.origin))).toContain(`ghcr.io/acme/news-ingestion-service:${tag}`);
    expect(git(source.origin, 'log', '-1', '--format=%B', BRANCH)).toContain(`\nDigest: ${digestOf('news-ingestion-service')} (not pinned)\n`);
    expect(JSON.parse(show(source.origin, STATE)).pins[OVERLAY]['news-ingestion-service'].digest).toBe('');
  });

});
