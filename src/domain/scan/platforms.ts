// Which platforms the scan gate looks at. What is deployed must be what was scanned: deploy mode
// pins a whole index, so every platform in it is scanned, whatever `platforms` says.

import type { Mode } from '../types.js';

/**
 * deploy: every platform of the pinned index (attestation manifests are not platforms and are
 * already left out of `indexPlatforms`); otherwise the platforms this run built.
 */
export function platformsToScan(mode: Mode, requested: string[], indexPlatforms: Record<string, string>): string[] {
  return mode === 'deploy' ? Object.keys(indexPlatforms) : requested;
}
