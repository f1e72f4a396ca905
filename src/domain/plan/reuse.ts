// Whether a run may take an image it built before instead of building: planned up front from
// the source key (source-key.ts), then confirmed against what the registry holds under
// `src-<key>`.

import { quote } from '../escape.js';
import type { Inputs } from '../inputs/input-rules.js';
import { SOURCE_KEY_LABEL, type SourceKey } from './source-key.js';

export interface ReusePlan {
  /** Look for `src-<key>` in the registry before building. */
  enabled: boolean;
  /** Why, one sentence for the log and summary. */
  reason: string;
  /** The source key ('' when there is none: turned off, deploy mode, or not trusted). */
  key: string;
  /** `src-<key>` ('' without a key). */
  tag: string;
}

export interface ReuseSettings {
  skipUnchanged: boolean;
  mode: Inputs['mode'];
  /** The build pushes (only a pushed image can be found again). */
  push: boolean;
  /** A per-platform leg pushes untagged, so it leaves no `src-<key>` tag to be found by. */
  byDigest: boolean;
  /** undefined when the key was not computed (turned off, deploy mode). */
  key?: SourceKey;
}

export function reusePlan(settings: ReuseSettings): ReusePlan {
  const none = { key: '', tag: '' };
  if (settings.mode === 'deploy' || settings.mode === 'merge') return { enabled: false, reason: `${settings.mode} mode builds nothing`, ...none };
  if (settings.byDigest) return { enabled: false, reason: 'push: by-digest tags nothing, so no image is looked up to reuse', ...none };
  if (!settings.skipUnchanged || settings.key === undefined) return { enabled: false, reason: 'skip-unchanged: false', ...none };
  if (!settings.key.trusted) return { enabled: false, reason: `build: ${settings.key.reason}`, ...none };
  const named = { key: settings.key.key, tag: settings.key.tag };
  if (!settings.push) return { enabled: false, reason: 'nothing is pushed, so no image is looked up to reuse', ...named };
  const reason = `reuse the image tagged ${settings.key.tag} if the registry has it (same files and build settings), else build`;
  return { enabled: true, reason, ...named };
}

/** What the registry holds under `src-<key>`: the labels of each platform's image, and the platforms. */
export interface FoundImage {
  labels: Record<string, string>[];
  platforms: string[];
}

export type ReuseVerdict = { reuse: true; revision: string } | { reuse: false; reason: string };

/**
 * The image under the tag is taken only when every platform's image carries the key's label
 * and it has exactly the planned platforms: a tag pushed by hand, or by another tool, is built over.
 */
export function reuseVerdict(found: FoundImage, planned: { key: string; tag: string; platforms: string[] }): ReuseVerdict {
  const keys = new Set(found.labels.map((labels) => labels[SOURCE_KEY_LABEL] ?? ''));
  if (found.labels.length === 0 || keys.size !== 1 || !keys.has(planned.key)) {
    return { reuse: false, reason: `the image tagged ${planned.tag} does not carry the label ${SOURCE_KEY_LABEL}=${planned.key}, so it is built again` };
  }
  const want = [...planned.platforms].sort().join(',');
  const have = [...found.platforms].sort().join(',');
  if (want !== have) {
    return { reuse: false, reason: `the image tagged ${planned.tag} has the platforms ${quote(have)}, not ${quote(want)}, so it is built again` };
  }
  const revisions = [...new Set(found.labels.map((labels) => labels['org.opencontainers.image.revision'] ?? ''))];
  return { reuse: true, revision: revisions.length === 1 ? (revisions[0] ?? '') : '' };
}
