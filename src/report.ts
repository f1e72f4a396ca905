import type { BuildResult, ManifestsResult, Plan, PromoteResult, ScanResult } from './domain/types.js';

/** What a run found out, stage by stage; filled as the run goes, read by outputs and the summary. */
export interface Report {
  plan?: Plan;
  build?: BuildResult;
  scan?: ScanResult;
  promote?: PromoteResult;
  manifests?: ManifestsResult;
  /** Plan mode: the manifest edit this run would make, as a diff of the checkout's files. */
  manifestsPreview?: string;
  error?: string;
}
