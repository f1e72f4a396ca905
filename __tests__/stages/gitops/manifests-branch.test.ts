// The branch transaction: nothing pushed unless it renders, retries on a moved branch, other
// push failures stop at once, parallel jobs all land, planted links never followed.

import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StageError } from '../../../src/domain/errors.js';
import { MAX_BOUND_MS } from '../../../src/domain/manifests/push-backoff.js';
import { SERVICES } from '../../harness/ftmo.js';
import {
  BRANCH,
  OVERLAY,
  captureLog,
  capturedLog,
  STATE,
  deploy,
  deployment,
  digestOf,
  editBranch,
  git,
  imageLines,
  makeSource,
  manifests,
  renderBranch,
  show,
  tip,
} from './support.js';

describe('the manifests branch, through updateManifests', () => {
  it('a tree that does not render is not pushed', async () => {
    const files = manifests();
    files['infra/k8s/base/dax-llm-service/kustomization.yaml'] = 'resources:\n  - deployment.yaml\n  - missing-service.yaml\n';
    const source = await makeSource(files);
    const [c1] = source.commits as [string];

    const attempt = deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });

    await expect(attempt).rejects.toThrow(StageError);
    await expect(attempt).rejects.toThrow(/does not render after the update, so nothing was pushed: .*missing-service\.yaml/s);
    expect(tip(source.origin)).toBe('');
  });

  it('a pin that does not reach any container is not pushed', async () => {
    const files = manifests();
    // The base runs another image than the overlay entry names.
    files['infra/k8s/base/technical-pattern-service/deployment.yaml'] = deployment('technical-pattern-service', '500m', 'ghcr.io/acme/tps:latest');
    const source = await makeSource(files);
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    const before = tip(source.origin);

    const attempt = deploy({ service: 'technical-pattern-service', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });

    await expect(attempt).rejects.toThrow(/"infra\/k8s\/overlays\/production" renders without "ghcr\.io\/acme\/technical-pattern-service:main-[0-9a-f]{7}@sha256:[0-9a-f]{64}".*nothing was pushed/);
    expect(tip(source.origin)).toBe(before);
  });

  it('a branch that keeps moving exhausts max-push-attempts with a clear error', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    // Another job lands a commit while each of our pushes is received.
    const hook = path.join(source.origin, 'hooks', 'update');
    await fs.writeFile(
      hook,
      '#!/bin/sh\necho x >> moves.log\nc=$(git commit-tree -p "$2" -m "another job" "$2^{tree}")\ngit update-ref "$1" "$c" "$2"\nexit 0\n',
      { mode: 0o755 },
    );
    const sleeps: number[] = [];

    const attempt = deploy({ service: 'dax-llm-service', commit: c1, workspace: source.checkout(c1), maxPushAttempts: 3, sleeps, runnerTemp: await source.runnerTemp() });

    await expect(attempt).rejects.toThrow(StageError);
    await expect(attempt).rejects.toThrow(
      'the manifests branch "manifests" kept moving: all 3 push attempts allowed by max-push-attempts were rejected (last: failed to update ref); nothing of this run was pushed',
    );
    expect((await fs.readFile(path.join(source.origin, 'moves.log'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
    // Two waits between three attempts: equal jitter with random() = 0.5 over 1 s, then 2 s.
    // Two waits, each scaled to an attempt here: well under the rule's ceiling, never seconds per retry.
    expect(sleeps).toHaveLength(2);
    for (const ms of sleeps) expect(ms).toBeLessThanOrEqual(MAX_BOUND_MS);
    expect(git(source.origin, 'log', '--format=%s', BRANCH).split('\n')).toEqual(['another job', 'another job', 'another job', `deploy(signal-monitoring): main-${c1.slice(0, 7)}`]);
  });

  it('any other push failure stops at once with git\'s message', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    await fs.writeFile(
      path.join(source.origin, 'hooks', 'pre-receive'),
      '#!/bin/sh\necho x >> declined.log\necho "GH006: Protected branch update failed for refs/heads/manifests." >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const sleeps: number[] = [];
    const before = tip(source.origin);

    const attempt = deploy({ service: 'dax-llm-service', commit: c1, workspace: source.checkout(c1), sleeps, runnerTemp: await source.runnerTemp() });

    await expect(attempt).rejects.toThrow(StageError);
    await expect(attempt).rejects.toThrow(/push to the manifests branch "manifests" failed \(git exit 1\):.*GH006: Protected branch update failed.*pre-receive hook declined/s);
    expect((await fs.readFile(path.join(source.origin, 'declined.log'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(tip(source.origin)).toBe(before);
  });

  it('eight services deployed at once all land', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    const runs = await Promise.all(
      SERVICES.map(async (service, index) => ({
        service,
        commit: c1,
        workspace: source.checkout(c1),
        digest: digestOf(service, index),
        runnerTemp: await source.runnerTemp(),
        // Jittered backoff as in a real run.
        sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
        random: Math.random,
      })),
    );

    const results = await Promise.all(runs.map((run) => deploy(run)));

    const tag = `main-${c1.slice(0, 7)}`;
    expect(results.map((result) => result.changed)).toEqual(SERVICES.map(() => true));
    expect(git(source.origin, 'rev-list', '--count', BRANCH)).toBe('8');
    // Linear history: every commit has one parent but the first.
    expect(git(source.origin, 'rev-list', '--min-parents=2', BRANCH)).toBe('');
    expect(new Set(results.map((result) => result.commit)).size).toBe(8);
    const state = JSON.parse(show(source.origin, STATE));
    expect(Object.keys(state.pins[OVERLAY]).sort()).toEqual([...SERVICES].sort());
    for (const [index, service] of SERVICES.entries()) {
      expect(state.pins[OVERLAY][service]).toMatchObject({ tag, digest: digestOf(service, index), sourceCommit: c1 });
    }
    expect(imageLines(await renderBranch(source.origin))).toEqual(SERVICES.map((service, index) => `ghcr.io/acme/${service}:${tag}@${digestOf(service, index)}`).sort());
  });

  it('a symlink planted on the branch is replaced, never followed', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    await deploy({ service: 'signal-monitoring', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });
    const outside = path.join(source.root, 'outside');
    await fs.mkdir(path.join(outside, 'k8s'), { recursive: true });
    await fs.writeFile(path.join(outside, 'k8s', 'precious.txt'), 'keep me\n');
    editBranch(source, (dir) => {
      execFileSync('rm', ['-rf', path.join(dir, 'infra')]);
      execFileSync('ln', ['-s', outside, path.join(dir, 'infra')]);
    });

    const result = await deploy({ service: 'dax-llm-service', commit: c1, workspace: source.checkout(c1), runnerTemp: await source.runnerTemp() });

    expect(result.changed).toBe(true);
    expect(await fs.readFile(path.join(outside, 'k8s', 'precious.txt'), 'utf8')).toBe('keep me\n');
    expect(await fs.readdir(outside)).toEqual(['k8s']);
    // infra is a directory again (mode 040000 = tree), with both pins.
    expect(git(source.origin, 'ls-tree', BRANCH, 'infra')).toMatch(/^040000 tree /);
    const images = imageLines(await renderBranch(source.origin));
    expect(images).toContain(`ghcr.io/acme/signal-monitoring:main-${c1.slice(0, 7)}@${digestOf('signal-monitoring')}`);
    expect(images).toContain(`ghcr.io/acme/dax-llm-service:main-${c1.slice(0, 7)}@${digestOf('dax-llm-service')}`);
  });

  it('a diff that cannot be made once the commit is pushed is a warning, not a failure', async () => {
    const source = await makeSource();
    const [c1] = source.commits as [string];
    // A git whose `diff` fails, and which does everything else as git does.
    const bin = path.join(source.root, 'broken-diff-bin');
    await fs.mkdir(bin);
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    await fs.writeFile(path.join(bin, 'git'), `#!/bin/sh
for a in "$@"; do [ "$a" = diff ] && { echo "diff broke" >&2; exit 1; }; done
exec ${realGit} "$@"
`, { mode: 0o755 });
    captureLog();

    const result = await deploy({
      service: 'signal-monitoring',
      commit: c1,
      workspace: source.checkout(c1),
      runnerTemp: await source.runnerTemp(),
      env: { PATH: `${bin}:${process.env.PATH ?? ''}` },
    });

    expect(result.changed).toBe(true);
    expect(tip(source.origin)).toBe(result.commit);
    expect(result.diff).toBe('');
    expect(capturedLog().join('')).toContain(`::warning::The diff of ${result.commit} could not be made`);
  });
});
