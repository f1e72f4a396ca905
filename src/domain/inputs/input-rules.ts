// Every input of action.yml, once: its name, the field of `Inputs` it fills, its default and the
// parser for its format. A bad value fails here, before anything runs, with an InputError that
// names the input, the rule and (escaped) the value; a secret's value is never put in a message.
//
// `Inputs` is derived from this table, and keeps camelCase fields rather than the input names
// (as docker/build-push-action does): every stage and test already reads `inputs.shaLength`, so
// a `field` column costs one word a row where keying by name would rename every reader.
// A new input is one row here, plus action.yml and the README's Inputs table.

import type { WaitFor } from '../argocd/status.js';
import { DEFAULT_CACHE_DIR, DEFAULT_DB_MAX_AGE } from '../scan/trivy-db-inputs.js';
import { attestation, buildArgs, digestList, extraTags, platforms, pushRule } from './build-formats.js';
import { downloadUrl, environmentUrl, manifestsPaths, trivyCacheDir, workspacePath } from './locations.js';
import { applicationNames, branchName, environmentName, imageRepository, repositoryName, serviceName, stageName, tagName, userName } from './names.js';
import { boolean, integer, lineList, oneOf, optional, secret, text, waitDuration, type InputWhere, type Parse } from './parse.js';
import { dbRepositories, maxAge, severities, sha256, trivyVersion } from './scan-formats.js';

interface Rule<F extends string, T> {
  /** The field of `Inputs` the input fills. */
  field: F;
  /** Same as action.yml's literal default; '' where the default is derived or an expression. */
  default: string;
  parse: Parse<T>;
}

function rule<const F extends string, T>(field: F, defaultValue: string, parse: Parse<T>): Rule<F, T> {
  return { field, default: defaultValue, parse };
}

// Input name (as in action.yml) -> field, default and parser. Its order is action.yml's.
const INPUT_RULES = {
  service: rule('service', '', serviceName),
  mode: rule('mode', 'auto', oneOf(['auto', 'build', 'deploy', 'plan', 'merge'])),
  // Image repository with host, lower case; ghcr.io/<owner>/<service> when not given (resolve.ts).
  image: rule('image', '', optional(imageRepository)),
  // The actor by default for GitHub's own registry only, else '' (resolve.ts).
  'registry-username': rule('registryUsername', '', optional(userName)),
  // `github-token` by default for GitHub's own registry only, else '' (resolve.ts).
  'registry-password': rule('registryPassword', '', secret),
  // Token for GitHub's API (Deployments, pull request comments, GitHub's registry).
  'github-token': rule('githubToken', '', secret),
  // Workspace-relative, normalised, '.' for the root.
  context: rule('context', '.', workspacePath),
  // Workspace-relative path of the Dockerfile; <context>/Dockerfile when not given (resolve.ts).
  file: rule('file', '', optional(workspacePath)),
  target: rule('target', '', optional(stageName)),
  'build-args': rule('buildArgs', '', buildArgs),
  platforms: rule('platforms', 'linux/amd64,linux/arm64', platforms),
  push: rule('push', 'auto', pushRule),
  // merge mode: the legs' platform-digests, checked against platforms and image (resolve.ts).
  digests: rule('digests', '', digestList),
  cache: rule('cache', 'gha', oneOf(['gha', 'registry', 'none'])),
  provenance: rule('provenance', 'mode=min', attestation),
  sbom: rule('sbom', 'false', attestation),
  // Reuse the image of an unchanged source key instead of building (plan/source-key.ts).
  'skip-unchanged': rule('skipUnchanged', 'true', boolean),
  // From the input only; RunContext supplies the payload's, and 'main' is the last resort.
  'default-branch': rule('defaultBranch', '', optional(branchName)),
  'sha-length': rule('shaLength', '7', integer(7, 40)),
  'extra-tags': rule('extraTags', '', extraTags),
  scan: rule('scan', 'true', boolean),
  'trivy-version': rule('trivyVersion', '0.69.3', trivyVersion),
  'trivy-sha256': rule('trivySha256', '', optional(sha256)),
  'trivy-download-url': rule('trivyDownloadUrl', 'https://github.com/aquasecurity/trivy/releases/download', downloadUrl),
  'trivy-path': rule('trivyPath', '', text),
  'fail-on': rule('failOn', 'CRITICAL,HIGH', severities),
  'ignore-unfixed': rule('ignoreUnfixed', 'true', boolean),
  trivyignore: rule('trivyignore', '.trivyignore', workspacePath),
  // As given: `~/` for the home directory, else relative to the workspace.
  'trivy-cache-dir': rule('trivyCacheDir', DEFAULT_CACHE_DIR, trivyCacheDir),
  // Where the vulnerability DB is downloaded from, in order.
  'trivy-db-repositories': rule('trivyDbRepositories', '', dbRepositories),
  // How old (since its download) a cached DB may be when no repository answers.
  'trivy-db-max-age': rule('trivyDbMaxAgeMs', DEFAULT_DB_MAX_AGE, maxAge),
  // Workspace-relative, normalised directories.
  'manifests-path': rule('manifestsPaths', 'infra/k8s', manifestsPaths),
  'manifests-branch': rule('manifestsBranch', 'manifests', branchName),
  // owner/name, or '' for the workspace's origin.
  'manifests-repository': rule('manifestsRepository', '', optional(repositoryName)),
  'manifests-token': rule('manifestsToken', '', secret),
  // Empty: the default branch only.
  'deploy-branches': rule('deployBranches', '', lineList(branchName)),
  tag: rule('tag', '', optional(tagName)),
  'pin-digest': rule('pinDigest', 'true', boolean),
  'max-push-attempts': rule('maxPushAttempts', '10', integer(1, 100)),
  // GitHub environment of the Deployment record of a pin; '' = no record.
  environment: rule('environment', '', optional(environmentName)),
  'environment-url': rule('environmentUrl', '', optional(environmentUrl)),
  // Keep a comment with the build, scan and manifests diff on pull requests.
  'pr-comment': rule('prComment', 'false', boolean),
  // Argo CD API base URL without a trailing slash ('' when not given).
  'argocd-server': rule('argocdServer', '', optional(downloadUrl)),
  'argocd-token': rule('argocdToken', '', secret),
  // Applications that sync the pinned overlay.
  'argocd-application': rule('argocdApplications', '', applicationNames),
  wait: rule('wait', 'none', oneOf<WaitFor>(['none', 'synced', 'healthy'])),
  'wait-timeout': rule('waitTimeoutMs', '10m', waitDuration),
  'rollback-on-failure': rule('rollbackOnFailure', 'false', boolean),
} satisfies Record<string, Rule<string, unknown>>;

type Table = typeof INPUT_RULES;
export type InputName = keyof Table;

/** Every input's value as its parser gives it, under the field the table names. */
export type ParsedInputs = { [K in InputName as Table[K]['field']]: ReturnType<Table[K]['parse']> };

/** Every input of action.yml, read once and validated, derived defaults resolved (resolve.ts). */
export interface Inputs extends ParsedInputs {
  /** Host of `image`: the registry to log in to. */
  registry: string;
}

/** Every input the action reads, in action.yml's order (the single list; tests compare it). */
export const INPUT_NAMES = Object.keys(INPUT_RULES) as InputName[];

/** Inputs whose values are secrets (their parser is `secret`): masked before anything else, never quoted. */
export const SECRET_INPUTS: readonly InputName[] = INPUT_NAMES.filter((name) => INPUT_RULES[name].parse === secret);

/** Each input through its parser; an empty or missing value means the default. */
export function parseEach(raw: Record<string, string>, where: InputWhere): ParsedInputs {
  const parsed: Record<string, unknown> = {};
  for (const name of INPUT_NAMES) {
    const { field, default: fallback, parse } = INPUT_RULES[name] as Rule<string, unknown>;
    const given = raw[name] ?? '';
    parsed[field] = parse(given === '' ? fallback : given, name, where);
  }
  return parsed as ParsedInputs;
}
