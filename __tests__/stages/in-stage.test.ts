import { describe, expect, it } from 'vitest';
import { InputError, StageError, ToolError } from '../../src/domain/errors.js';
import { inStage } from '../../src/stages/in-stage.js';

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('inStage', () => {
  it('returns what the stage returns', async () => {
    expect(await inStage('build', async () => 'digest')).toBe('digest');
  });

  // [what the stage throws, stage named, message]
  it.each([
    ['a tool error', new ToolError('docker buildx build failed (exit code 1)'), 'build', 'docker buildx build failed (exit code 1)'],
    ['an input error', new InputError('trivy-version', 'is a compromised release', '0.69.4'), 'build', 'Input \'trivy-version\': is a compromised release (got "0.69.4")'],
    ['a plain error', new Error('Scan gate failed'), 'build', 'Scan gate failed'],
    ['a thrown string', 'boom', 'build', 'boom'],
    ['an inner stage error', new StageError('manifests', 'push to the manifests branch failed'), 'manifests', 'push to the manifests branch failed'],
  ])('labels %s with the stage once', async (_what, thrown, stage, message) => {
    const error = await caught(inStage('build', () => Promise.reject(thrown)));
    expect(error).toBeInstanceOf(StageError);
    expect(error).toMatchObject({ stage, message });
  });

  it('keeps what was thrown as the cause', async () => {
    const thrown = new ToolError('no answer');
    const error = await caught(inStage('argocd', () => Promise.reject(thrown)));
    expect((error as StageError).cause).toBe(thrown);
  });
});
