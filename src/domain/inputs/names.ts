// Input formats that name something: the service, the image, a user, a build stage, a tag, a
// branch, a repository, an environment, Argo CD Applications.

import { InputError } from '../errors.js';
import { branchNameProblem, isValidTag, serviceNameProblem } from '../ids.js';
import { imageRepositoryProblem } from '../plan/image-ref.js';
import { fail, hasControlChar, hideUserinfo, lineList, type Parse } from './parse.js';

/** docker's rule for stage names (it lower-cases them first). */
const STAGE_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const REPOSITORY_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
/** Argo CD Application names are Kubernetes object names (DNS-1123 subdomains). */
const APPLICATION_RE = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;

export const serviceName: Parse<string> = (value, name) => {
  if (value === '') throw new InputError(name, 'is required');
  const problem = serviceNameProblem(value);
  return problem === undefined ? value : fail(name, problem, value);
};

export const imageRepository: Parse<string> = (value, name) => {
  const problem = imageRepositoryProblem(value);
  return problem === undefined ? value : fail(name, problem, hideUserinfo(value));
};

/** A user name for `docker login`: printable, no spaces, no ':' (it would end up in Basic auth). */
export const userName: Parse<string> = (value, name) => {
  if (!/^[\u0021-\u007e]+$/.test(value) || value.includes(':') || value.startsWith('-')) {
    fail(name, "must be printable ASCII without spaces or ':', not starting with '-'", value);
  }
  return value;
};

/** Build stage name as docker accepts it. */
export const stageName: Parse<string> = (value, name) =>
  STAGE_RE.test(value) ? value : fail(name, "must be a build stage name (a letter, then letters, digits, '_', '.', '-')", value);

export const tagName: Parse<string> = (value, name) =>
  isValidTag(value) ? value : fail(name, 'must be a valid tag: letters, digits, _ . -, not starting with . or -, at most 128 characters', value);

export const branchName: Parse<string> = (value, name) => {
  const problem = branchNameProblem(value);
  return problem === undefined ? value : fail(name, problem, value);
};

export const repositoryName: Parse<string> = (value, name) => {
  const repo = value.split('/')[1] ?? '';
  if (!REPOSITORY_RE.test(value) || repo === '.' || repo === '..') fail(name, 'must be owner/name of a GitHub repository', hideUserinfo(value));
  return value;
};

/** A GitHub environment name: printable, at most 255 characters ('' = no Deployment record). */
export const environmentName: Parse<string> = (value, name) => {
  if (hasControlChar(value) || [...value].length > 255) fail(name, 'must be an environment name of at most 255 characters without control characters', value);
  return value;
};

export const applicationNames: Parse<string[]> = (value, name, where) => {
  const names = lineList((line, n) => (APPLICATION_RE.test(line) ? line : fail(n, 'each line must be an Argo CD Application name (lower-case letters, digits, - and .)', line)))(value, name, where);
  return [...new Set(names)];
};
