// The plain data that flows through the action: context -> inputs -> plan -> stage results.
// Nothing here does anything; every stage reads these shapes and returns its own result.

import type { ArgoCdResult } from './argocd/status.js';
import type { Inputs } from './inputs/input-rules.js';
import type { BuildSettings, ScanSettings } from './plan/settings.js';
import type { Severity } from './scan/severity.js';
import type { TrivyDbStatus } from './scan/trivy-db-outcome.js';
import type { ReusePlan } from './plan/reuse.js';
import type { PlatformDigest } from './plan/digest-list.js';

/** The choices of the `mode`, `push` and `cache` inputs. */
export type Mode = Inputs['mode'];
export type PushRule = Inputs['push'];
export type CacheKind = Inputs['cache'];

export interface PullRequestInfo {
  number: number;
  headRef: string;
  headSha: string;
  /** owner/name of the head repository ('' when the payload lacks it). */
  headRepo: string;
  baseRepo: string;
  /** The head repository is not the base repository. */
  fork: boolean;
}

/** The runner's environment and event payload, as plain data. */
export interface RunContext {
  eventName: string;
  /** GITHUB_REF, e.g. refs/heads/main, refs/tags/v1.2.3, refs/pull/7/merge. */
  ref: string;
  /** GITHUB_SHA (on pull requests: the merge commit). The built commit is checkout.ts's. */
  sha: string;
  /** owner/name */
  repository: string;
  owner: string;
  workspace: string;
  serverUrl: string;
  apiUrl: string;
  runId: string;
  actor: string;
  /** repository.default_branch from the payload, '' when absent. */
  payloadDefaultBranch: string;
  pullRequest?: PullRequestInfo;
}

export type RefKind = 'branch' | 'tag' | 'pull_request' | 'other';

export interface StageDecision {
  enabled: boolean;
  /** Why the stage runs or not, one sentence for the log and summary. */
  reason: string;
}

export interface BuildPlan extends StageDecision, BuildSettings {
  push: boolean;
  /** `push: by-digest`: pushed untagged, reported per platform for a merge job; no tag, scan or deploy. */
  pushByDigest: boolean;
  /** Log in to the registry (only when something is pushed or pulled with credentials). */
  login: boolean;
  /** argv for `docker` (starting with `buildx`, `build`); the metadata file is METADATA_FILE_PLACEHOLDER. */
  args: string[];
  /** Build avoidance: the source key and whether the registry is asked for its image. */
  reuse: ReusePlan;
}

export interface ScanPlan extends StageDecision, ScanSettings {}

export interface ManifestsPlan extends StageDecision {
  paths: string[];
  branch: string;
  repository: string;
  pinDigest: boolean;
  maxPushAttempts: number;
  /** The tag that will be pinned: the plan's version, or the `tag` input in deploy mode. */
  tag: string;
  /** `bypassed` (deploy mode, rollbacks): pin over a newer commit, say so, record the image's own commit. */
  ordering: 'enforced' | 'bypassed';
}

export interface Plan {
  mode: Mode;
  event: string;
  refKind: RefKind;
  /** Branch or tag name the run is for ('' for other refs); the head branch on pull requests. */
  refName: string;
  service: string;
  image: string;
  registry: string;
  /** The primary immutable tag. */
  version: string;
  /** Every tag of the row, `latest` included when it applies. */
  tags: string[];
  /** Tags pushed by the build: every tag except `latest` and the release aliases. */
  immutableTags: string[];
  /** `latest` is promoted after the scan gate, forward only. */
  latest: boolean;
  /** A release's `X.Y` and `X`, promoted after the scan gate to newer releases only. */
  releaseAliases: string[];
  /** OCI labels, in a stable order. */
  labels: { key: string; value: string }[];
  /** Full commit SHA the image is built from: the workspace's HEAD, checked against the run (checkout.ts). */
  sourceCommit: string;
  defaultBranch: string;
  runUrl: string;
  build: BuildPlan;
  /** merge mode: the legs' per-platform digests the index is made from (empty otherwise). */
  merge: PlatformDigest[];
  scan: ScanPlan;
  manifests: ManifestsPlan;
}

export const METADATA_FILE_PLACEHOLDER = '{{metadata-file}}';

export interface BuildResult {
  pushed: boolean;
  /** Digest of the pushed image index ('' when nothing was pushed). */
  digest: string;
  /** platform (os/arch[/variant]) -> manifest digest */
  platformDigests: Record<string, string>;
  /** Set when nothing was built: the image of an earlier build with the same source key was tagged. */
  reused?: { tag: string; revision: string };
  /** deploy mode: the commit the existing image was built from, by its revision label ('' unknown). */
  builtFrom?: string;
}

/** One vulnerability of one package, as a report states it. */
export interface Vulnerability {
  id: string;
  pkg: string;
  installed: string;
  /** Fixed versions, `, `-joined as Trivy prints them; '' when there is no fix. */
  fixed: string;
  severity: Severity;
  title: string;
  url: string;
}

/** A vulnerability counted once across targets and platforms. */
export interface Finding extends Vulnerability {
  /** Platforms the finding was seen on. */
  platforms: string[];
}

export type ScanOutcome = 'passed' | 'failed' | 'skipped';

export interface ScanResult {
  outcome: ScanOutcome;
  reason: string;
  counts: Record<Severity, number>;
  countsByPlatform: Record<string, Record<Severity, number>>;
  /** Deduplicated by vulnerability ID and package, worst first. */
  findings: Finding[];
  sarifFile: string;
  /** The vulnerability DB the scans ran with (absent when nothing was scanned). */
  db?: TrivyDbStatus;
}

export interface PromoteResult {
  /** 'moved', 'current' (latest names this image already), 'kept' (latest points at a newer commit), 'skipped' */
  latest: 'moved' | 'current' | 'kept' | 'skipped' | 'not-applicable';
  reason: string;
  /** What became of each release alias (`X.Y`, `X`); absent when the run has none. */
  releaseAliases?: { tag: string; moved: boolean; reason: string }[];
}

export interface ManifestsResult {
  changed: boolean;
  commit: string;
  /** Unified diff of the kustomization files (for the summary). */
  diff: string;
  reason: string;
  /** Link to the commit, when pushed. */
  commitUrl: string;
  /** What a person should look at (drift, dropped pins); also logged as warnings. */
  warnings?: string[];
}

/** What a run found out, stage by stage; filled as the run goes, read by outputs and the summary. */
export interface Report {
  plan?: Plan;
  build?: BuildResult;
  scan?: ScanResult;
  promote?: PromoteResult;
  manifests?: ManifestsResult;
  /** Plan mode: the manifest edit this run would make, as a diff of the checkout's files. */
  manifestsPreview?: string;
  /** Problems that do not stop this run (plan mode) but would stop a real one. */
  warnings?: string[];
  /** The GitHub Deployment that records the pin, when one was created. */
  deployment?: { id: number; url: string };
  /** What Argo CD made of the pushed commit (and of the rollback, if any). */
  argocd?: ArgoCdResult;
  /** Why the run failed: the message, and the stage it failed in (none before the stages start). */
  error?: string;
  failedStage?: string;
}
