// The FTMO system's eight services deployed at once, as the workflow's matrix does: eight runs of
// the bundled action from one commit, each in its own depth-1 checkout of one origin, building
// both platforms for real. All land on the manifests branch; a re-run changes nothing; the
// branch renders exactly the images the runs built.

import { afterAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../harness/ftmo.js';
import { makeWorkspace, type Workspace } from '../harness/workspace.js';
import {
  addBusybox,
  branchTip,
  commitCount,
  describeRun,
  manifestFiles,
  nonce,
  pushPayload,
  renderedImages,
  serviceFiles,
  tagDigest,
  uniqueImage,
  useStack,
  type ServiceImage,
} from './action-support.js';

const e2e = useStack();
let ws: Workspace | undefined;

afterAll(async () => {
  await ws?.dispose();
});

describe('eight services deployed in parallel on the real stack', () => {
  it('all eight land, the branch renders exactly what each run built, and a re-run changes nothing', async () => {
    const prefix = uniqueImage('ftmo');
    const services: ServiceImage[] = SERVICES.map((service) => ({ service, image: `${prefix}/${service}` }));
    const marker = nonce();
    ws = await makeWorkspace({
      files: Object.assign({}, ...services.map(({ service }) => serviceFiles(service, marker)), manifestFiles(services)),
    });
    const source = ws;
    const run = async ({ service, image }: ServiceImage) => {
      const dir = source.checkout('main');
      await addBusybox(dir, service);
      return e2e.stack.run({
        workspace: dir,
        event: 'push',
        payload: pushPayload(source.sha),
        ref: 'refs/heads/main',
        sha: source.sha,
        // Both platforms: the eight builds took well under two minutes together on a loaded 2-core machine.
        inputs: { service, image, context: `services/${service}` },
      });
    };

    const runs = await Promise.all(services.map(run));
    runs.forEach((result, i) => {
      expect(result.code, `${SERVICES[i]}: ${describeRun(result)}`).toBe(0);
      expect(result.outputs['manifests-changed'], SERVICES[i]).toBe('true');
    });
    // One commit per service, none lost to a concurrent push.
    expect(commitCount(ws.remote, 'manifests')).toBe(SERVICES.length);
    const tip = branchTip(ws.remote, 'manifests');
    expect(runs.map((result) => result.outputs['manifests-commit'])).toContain(tip);

    const built = services.map(({ image }, i) => `${image}:${runs[i]?.outputs.version}@${runs[i]?.outputs.digest}`).sort();
    expect(await renderedImages(ws.remote, 'manifests')).toEqual(built);
    for (const [i, { image }] of services.entries()) {
      expect(await tagDigest(image, runs[i]?.outputs.version ?? ''), image).toBe(runs[i]?.outputs.digest);
    }

    // The same commit again (a re-run of one job): nothing to pin.
    const again = await run(services[2] as ServiceImage);
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.outputs['manifests-changed']).toBe('false');
    expect(again.outputs['manifests-commit']).toBe('');
    expect(branchTip(ws.remote, 'manifests')).toBe(tip);
    expect(await renderedImages(ws.remote, 'manifests')).toEqual(built);
  });
});
