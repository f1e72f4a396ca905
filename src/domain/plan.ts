// Inputs + run context -> the Plan: every decision the stages will act on, made up front so that
// `mode: plan` can show it and every later stage only carries it out.

import { buildxArgs } from './buildx-args.js';
import { formatReference } from './image-ref.js';
import { computeTags, ociLabels, resolveDefaultBranch, type TagResult } from './tags.js';
import type { BuildPlan, Inputs, ManifestsPlan, Plan, RunContext, ScanPlan, StageDecision } from './types.js';

/** `created` is the only clock reading in the plan; the caller passes it in. */
export function makePlan(inputs: Inputs, ctx: RunContext, created: string): Plan {
  const defaultBranch = resolveDefaultBranch(inputs.defaultBranch, ctx);
  const tags = tagsFor(inputs, ctx, defaultBranch);
  const labels = ociLabels(ctx, {
    service: inputs.service,
    version: tags.version,
    sourceCommit: tags.sourceCommit,
    created,
  });
  const build = buildPlan(inputs, ctx, tags, labels);
  const scan = scanPlan(inputs, build);
  const manifests = manifestsPlan(inputs, tags, build, defaultBranch);
  return {
    mode: inputs.mode,
    event: ctx.eventName,
    refKind: tags.refKind,
    refName: tags.refName,
    service: inputs.service,
    image: inputs.image,
    registry: inputs.registry,
    version: tags.version,
    tags: tags.tags,
    immutableTags: tags.immutableTags,
    latest: tags.latest && build.push,
    labels,
    sourceCommit: tags.sourceCommit,
    defaultBranch,
    runUrl: `${ctx.serverUrl.replace(/\/+$/, '')}/${ctx.repository}/actions/runs/${ctx.runId}`,
    build,
    scan,
    manifests,
  };
}

/** Deploy mode pins an existing tag: that tag is the whole row. */
function tagsFor(inputs: Inputs, ctx: RunContext, defaultBranch: string): TagResult {
  const computed = computeTags(ctx, { defaultBranch, shaLength: inputs.shaLength, extraTags: inputs.extraTags });
  if (inputs.mode !== 'deploy') return computed;
  return { ...computed, version: inputs.tag, tags: [inputs.tag], immutableTags: [inputs.tag], latest: false };
}

function buildPlan(inputs: Inputs, ctx: RunContext, tags: TagResult, labels: Plan['labels']): BuildPlan {
  const fork = ctx.pullRequest?.fork === true;
  const decision = buildDecision(inputs, tags);
  const push = decision.enabled && pushDecision(inputs, fork);
  const options = {
    service: inputs.service,
    image: inputs.image,
    tags: tags.immutableTags,
    labels,
    platforms: inputs.platforms,
    context: inputs.context,
    file: inputs.file,
    target: inputs.target,
    buildArgs: inputs.buildArgs,
    cache: inputs.cache,
    provenance: inputs.provenance,
    sbom: inputs.sbom,
    push,
  };
  return {
    ...decision,
    reason: push || !decision.enabled ? decision.reason : `${decision.reason}; not pushed (${noPushReason(fork)})`,
    push,
    // Deploy mode reads the registry (tag -> digest), so it logs in without building.
    login: push || inputs.mode === 'deploy',
    context: inputs.context,
    file: inputs.file,
    target: inputs.target,
    buildArgs: inputs.buildArgs,
    platforms: inputs.platforms,
    cache: inputs.cache,
    provenance: inputs.provenance,
    sbom: inputs.sbom,
    args: buildxArgs(options),
  };
}

function buildDecision(inputs: Inputs, tags: TagResult): StageDecision {
  if (inputs.mode === 'deploy') return { enabled: false, reason: `deploy mode pins the existing tag ${inputs.tag}` };
  return { enabled: true, reason: `${describeRef(tags)}: build ${tags.immutableTags.join(', ')}` };
}

/** Not even `push: true` pushes a fork's pull request: its code never gets the credentials. */
function pushDecision(inputs: Inputs, fork: boolean): boolean {
  return inputs.push !== 'false' && !fork;
}

function noPushReason(fork: boolean): string {
  return fork ? 'pull request from a fork: its code never gets the registry credentials' : 'push: false';
}

function scanPlan(inputs: Inputs, build: BuildPlan): ScanPlan {
  const settings = {
    trivyVersion: inputs.trivyVersion,
    trivySha256: inputs.trivySha256,
    trivyDownloadUrl: inputs.trivyDownloadUrl,
    trivyPath: inputs.trivyPath,
    failOn: inputs.failOn,
    ignoreUnfixed: inputs.ignoreUnfixed,
    trivyignore: inputs.trivyignore,
    trivyCacheDir: inputs.trivyCacheDir,
    trivyDbRepositories: inputs.trivyDbRepositories,
    trivyDbMaxAgeMs: inputs.trivyDbMaxAgeMs,
    platforms: inputs.platforms,
  };
  if (!inputs.scan) return { ...settings, enabled: false, reason: 'scan: false' };
  if (inputs.mode === 'deploy') {
    return { ...settings, enabled: true, reason: `scan every platform of the index ${inputs.tag} names before pinning it` };
  }
  if (!build.push) return { ...settings, enabled: false, reason: 'nothing is pushed, so there is nothing to scan' };
  return { ...settings, enabled: true, reason: `scan every platform of the pushed index; fail on ${failOnText(inputs)}` };
}

function failOnText(inputs: Inputs): string {
  return inputs.failOn.length === 0 ? 'nothing (report only)' : inputs.failOn.join(', ');
}

function manifestsPlan(inputs: Inputs, tags: TagResult, build: BuildPlan, defaultBranch: string): ManifestsPlan {
  const settings = {
    paths: inputs.manifestsPaths,
    branch: inputs.manifestsBranch,
    repository: inputs.manifestsRepository,
    pinDigest: inputs.pinDigest,
    maxPushAttempts: inputs.maxPushAttempts,
    tag: tags.version,
  };
  return { ...settings, ...manifestsDecision(inputs, tags, build, defaultBranch) };
}

function manifestsDecision(inputs: Inputs, tags: TagResult, build: BuildPlan, defaultBranch: string): StageDecision {
  const target = `${inputs.manifestsBranch} branch`;
  if (inputs.mode === 'deploy') return { enabled: true, reason: `pin ${inputs.tag} on the ${target}` };
  if (inputs.mode === 'build') return { enabled: false, reason: 'build mode never touches the manifests' };
  if (tags.refKind !== 'branch') return { enabled: false, reason: `${describeRef(tags)}: manifests are updated for branch builds only` };
  const branches = inputs.deployBranches.length > 0 ? inputs.deployBranches : [defaultBranch];
  if (!branches.includes(tags.refName)) {
    return { enabled: false, reason: `branch ${tags.refName} is not in deploy-branches (${branches.join(', ')})` };
  }
  if (!build.push) return { enabled: false, reason: 'nothing is pushed, so there is nothing to pin' };
  return { enabled: true, reason: `after the scan gate, pin ${tags.version} on the ${target}` };
}

function describeRef(tags: TagResult): string {
  switch (tags.refKind) {
    case 'branch':
      return `branch ${tags.refName}`;
    case 'pull_request':
      return `pull request from ${tags.refName}`;
    case 'tag':
      return `tag ${tags.refName}`;
    default:
      return 'this ref';
  }
}

/** Full references `image:tag` for every tag of the plan (the `tags` output). */
export function planReferences(plan: Plan): string[] {
  return plan.tags.map((tag) => formatReference(plan.image, { tag }));
}
