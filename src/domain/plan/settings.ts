// The inputs the build and the scan are run with, each list written once: the plan copies
// exactly these into its BuildPlan and ScanPlan, and `docker buildx build` reads the same ones.

import type { Inputs } from '../inputs/input-rules.js';

export const BUILD_SETTINGS = ['context', 'file', 'target', 'buildArgs', 'platforms', 'cache', 'provenance', 'sbom'] as const satisfies readonly (keyof Inputs)[];
export type BuildSettings = Pick<Inputs, (typeof BUILD_SETTINGS)[number]>;

export const SCAN_SETTINGS = [
  'trivyVersion',
  'trivySha256',
  'trivyDownloadUrl',
  'trivyPath',
  'failOn',
  'ignoreUnfixed',
  'trivyignore',
  'platforms',
  'trivyCacheDir',
  'trivyDbRepositories',
  'trivyDbMaxAgeMs',
] as const satisfies readonly (keyof Inputs)[];
export type ScanSettings = Pick<Inputs, (typeof SCAN_SETTINGS)[number]>;

/** The `keys` of `inputs`, nothing else. */
export function settingsOf<K extends keyof Inputs>(inputs: Inputs, keys: readonly K[]): Pick<Inputs, K> {
  return Object.fromEntries(keys.map((key) => [key, inputs[key]])) as Pick<Inputs, K>;
}
