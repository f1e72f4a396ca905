// Inputs + run context -> the Plan: every decision the stages will act on, made up front so that
// `mode: plan` can show it and every later stage only carries it out.

import { buildxArgs } from './buildx-args.js';
import { reusePlan } from './reuse.js';
import { SOURCE_KEY_LABEL, type SourceKey } from './source-key.js';
import { InputError } from '../errors.js';
import { quote } from '../escape.js';
import { githubRegistryHost, isGitHubRegistry } from './github-registry.js';
import { formatReference } from './image-ref.js';
import { DEPLOY_EVENTS } from './run-context.js';
import { computeTags, ociLabels, resolveDefaultBranch, type TagResult } from './tags.js';
import type { Inputs } from '../inputs/input-rules.js';
import { BUILD_SETTINGS, SCAN_SETTINGS, settingsOf } from './settings.js';
import type { BuildPlan, ManifestsPlan, Plan, RunContext, ScanPlan, StageDecision } from '../types.js';

/**
 * `created` is the only clock reading in the plan, `sourceCommit` the commit that is built
 * (checkout.ts), `sourceKey` what the workspace's files and the build settings add up to
 * (plan/source-key.ts; undefined when it was not computed); the caller passes them in.
 */
export function makePlan(inputs: Inputs, ctx: RunContext, created: string, sourceCommit: string, sourceKey?: SourceKey): Plan {
  const defaultBranch = resolveDefaultBranch(inputs.defaultBranch, ctx);
  const tags = tagsFor(inputs, ctx, defaultBranch, sourceCommit);
  checkManifestsBranch(inputs, tags, defaultBranch);
  const labels = ociLabels(ctx, {
    service: inputs.service,
    version: tags.version,
    sourceCommit: tags.sourceCommit,
    created,
  });
  const build = buildPlan(inputs, ctx, tags, labels, sourceKey);
  if (build.login) checkRegistryCredentials(inputs, ctx);
  const scan = scanPlan(inputs, build);
  const manifests = manifestsPlan(inputs, ctx, tags, build, defaultBranch);
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
    latest: tags.latest && build.push && !build.pushByDigest,
    releaseAliases: build.push && !build.pushByDigest ? tags.releaseAliases : [],
    labels,
    sourceCommit: tags.sourceCommit,
    defaultBranch,
    runUrl: `${ctx.serverUrl.replace(/\/+$/, '')}/${ctx.repository}/actions/runs/${ctx.runId}`,
    build,
    merge: inputs.digests,
    scan,
    manifests,
  };
}

/** Deploy mode pins an existing tag: that tag is the whole row. */
function tagsFor(inputs: Inputs, ctx: RunContext, defaultBranch: string, sourceCommit: string): TagResult {
  const computed = computeTags(ctx, { defaultBranch, shaLength: inputs.shaLength, extraTags: inputs.extraTags, sourceCommit });
  if (inputs.mode !== 'deploy') return computed;
  return { ...computed, version: inputs.tag, tags: [inputs.tag], immutableTags: [inputs.tag], latest: false, releaseAliases: [] };
}

function buildPlan(inputs: Inputs, ctx: RunContext, tags: TagResult, labels: Plan['labels'], sourceKey: SourceKey | undefined): BuildPlan {
  const fork = ctx.pullRequest?.fork === true;
  const decision = buildDecision(inputs, tags);
  // merge mode builds nothing but pushes the index (and its tags) made from the legs' digests.
  const push = (decision.enabled || inputs.mode === 'merge') && pushDecision(inputs, fork);
  const pushByDigest = push && inputs.push === 'by-digest';
  const reuse = reusePlan({ skipUnchanged: inputs.skipUnchanged, mode: inputs.mode, push, byDigest: pushByDigest, key: sourceKey });
  // A build with a key leaves it on the image (label) and in the registry (tag), so that the
  // next run with the same files finds it.
  const keyed = reuse.key === '' ? [] : [reuse.tag];
  const settings = settingsOf(inputs, BUILD_SETTINGS);
  const buildx = {
    ...settings,
    service: inputs.service,
    image: inputs.image,
    tags: [...tags.immutableTags, ...keyed],
    labels: reuse.key === '' ? labels : [...labels, { key: SOURCE_KEY_LABEL, value: reuse.key }],
    push,
    pushByDigest,
  };
  return {
    ...decision,
    reason: push || !decision.enabled ? decision.reason : `${decision.reason}; not pushed (${noPushReason(fork)})`,
    push,
    pushByDigest,
    // Deploy mode reads the registry (tag -> digest), so it logs in without building.
    login: push || inputs.mode === 'deploy',
    ...settings,
    args: decision.enabled ? buildxArgs(buildx) : [],
    reuse,
  };
}

function buildDecision(inputs: Inputs, tags: TagResult): StageDecision {
  if (inputs.mode === 'deploy') return { enabled: false, reason: `deploy mode pins the existing tag ${inputs.tag}` };
  if (inputs.mode === 'merge') {
    return { enabled: false, reason: `merge mode builds nothing: ${tags.immutableTags.join(', ')} name one index of the legs' ${inputs.platforms.join(', ')} images` };
  }
  if (inputs.push === 'by-digest') return { enabled: true, reason: `${describeRef(tags)}: build ${inputs.platforms.join(', ')} and push by digest, untagged, for a merge job` };
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
  const settings = settingsOf(inputs, SCAN_SETTINGS);
  if (!inputs.scan) return { ...settings, enabled: false, reason: 'scan: false' };
  if (inputs.mode === 'deploy') {
    return { ...settings, enabled: true, reason: `scan every platform of the index ${inputs.tag} names before pinning it` };
  }
  if (!build.push) return { ...settings, enabled: false, reason: 'nothing is pushed, so there is nothing to scan' };
  if (build.pushByDigest) return { ...settings, enabled: false, reason: 'push: by-digest: the merge job scans every platform of the merged index' };
  return { ...settings, enabled: true, reason: `scan every platform of the pushed index; fail on ${failOnText(inputs)}` };
}

function failOnText(inputs: Inputs): string {
  return inputs.failOn.length === 0 ? 'nothing (report only)' : inputs.failOn.join(', ');
}

/**
 * The manifests branch is written by the action only: it must not be a branch people build
 * from or deploy from, or a pin commit would land in source history (and trigger more builds).
 */
function checkManifestsBranch(inputs: Inputs, tags: TagResult, defaultBranch: string): void {
  const branch = inputs.manifestsBranch;
  const rules: [boolean, string][] = [
    [tags.refKind === 'branch' && tags.refName === branch, 'must not be the branch being built'],
    [branch === defaultBranch, `must not be the default branch (${defaultBranch})`],
    [inputs.deployBranches.includes(branch), 'must not be one of deploy-branches'],
  ];
  const broken = rules.find(([failed]) => failed);
  if (broken !== undefined) {
    throw new InputError('manifests-branch', `${broken[1]}: the action commits pins to it, so it must be a branch of its own`, branch);
  }
}

/**
 * The workflow's token goes to GitHub's own registry only. Another registry needs its own
 * user name and password; an empty one fails here, before anything logs in.
 */
function checkRegistryCredentials(inputs: Inputs, ctx: RunContext): void {
  if (isGitHubRegistry(inputs.registry, ctx.serverUrl)) {
    if (inputs.registryPassword === '') {
      throw new InputError('github-token', `must not be empty: it is the password for GitHub's registry ${inputs.registry} unless registry-password is given`);
    }
    return;
  }
  const own = githubRegistryHost(ctx.serverUrl) || "GitHub's own registry";
  const rule = `must be given to log in to ${inputs.registry}: github-token is sent only to ${own}, never to another registry`;
  if (inputs.registryUsername === '') throw new InputError('registry-username', rule);
  if (inputs.registryPassword === '') throw new InputError('registry-password', rule);
}

function manifestsPlan(inputs: Inputs, ctx: RunContext, tags: TagResult, build: BuildPlan, defaultBranch: string): ManifestsPlan {
  const settings = {
    paths: inputs.manifestsPaths,
    branch: inputs.manifestsBranch,
    repository: inputs.manifestsRepository,
    pinDigest: inputs.pinDigest,
    maxPushAttempts: inputs.maxPushAttempts,
    tag: tags.version,
    // Deploy mode pins a tag someone chose: it may be older than what is deployed, on purpose.
    ordering: inputs.mode === 'deploy' ? ('bypassed' as const) : ('enforced' as const),
  };
  return { ...settings, ...manifestsDecision(inputs, ctx, tags, build, defaultBranch) };
}

function manifestsDecision(inputs: Inputs, ctx: RunContext, tags: TagResult, build: BuildPlan, defaultBranch: string): StageDecision {
  const target = `${inputs.manifestsBranch} branch`;
  if (inputs.mode === 'deploy') return { enabled: true, reason: `pin ${inputs.tag} on the ${target}` };
  if (inputs.mode === 'build') return { enabled: false, reason: 'build mode never touches the manifests' };
  if (tags.refKind !== 'branch') return { enabled: false, reason: `${describeRef(tags)}: manifests are updated for branch builds only` };
  if (!DEPLOY_EVENTS.has(ctx.eventName)) {
    return { enabled: false, reason: `the ${quote(ctx.eventName)} event does not deploy: auto mode updates the manifests for ${[...DEPLOY_EVENTS].join(', ')} only` };
  }
  const branches = inputs.deployBranches.length > 0 ? inputs.deployBranches : [defaultBranch];
  if (!branches.includes(tags.refName)) {
    return { enabled: false, reason: `branch ${tags.refName} is not in deploy-branches (${branches.join(', ')})` };
  }
  if (!build.push) return { enabled: false, reason: 'nothing is pushed, so there is nothing to pin' };
  if (build.pushByDigest) return { enabled: false, reason: 'push: by-digest: the merge job pins the merged index' };
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
