// Pushing by digest needs a BuildKit builder of its own: buildx's default `docker` driver refuses
// `push-by-digest` ("not implemented for docker driver") only once the build has run. Asked
// first, the step fails before building, with the fix.

import { ToolError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { execTool, outputTail } from '../exec.js';

export async function requirePushByDigestBuilder(env: Record<string, string>): Promise<void> {
  const result = await execTool('docker', ['buildx', 'inspect'], { env });
  if (result.code !== 0) throw new ToolError(`docker buildx inspect failed (exit code ${result.code}):\n${outputTail(result)}`);
  const driver = /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1] ?? '';
  if (driver === 'docker') {
    throw new ToolError(
      `push: by-digest needs a builder of the docker-container (or kubernetes, remote) driver; the current builder uses the ${quote(driver)} driver, ` +
        'which cannot push by digest. Add docker/setup-buildx-action before this step. Nothing was built or pushed',
    );
  }
}
