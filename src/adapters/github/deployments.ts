// GitHub Deployments of the run's repository: create one, then add its status.

import type { DeploymentRequest, DeploymentStatusRequest } from '../../domain/report/deployment.js';
import type { GitHubClient } from './client.js';

export interface Repo {
  owner: string;
  repo: string;
}

export interface CreatedDeployment {
  id: number;
  /** The Deployment's API URL. */
  url: string;
}

export async function createDeployment(client: GitHubClient, repo: Repo, request: DeploymentRequest): Promise<CreatedDeployment> {
  const response = await client.rest.repos.createDeployment({ ...repo, ...request });
  // 202 means GitHub merged the default branch instead of deploying (auto_merge is always off).
  if (response.status !== 201 || !('id' in response.data)) throw new Error(`GitHub answered ${response.status} without a Deployment`);
  return { id: response.data.id, url: response.data.url };
}

export async function setDeploymentStatus(client: GitHubClient, repo: Repo, id: number, status: DeploymentStatusRequest): Promise<void> {
  await client.rest.repos.createDeploymentStatus({ ...repo, deployment_id: id, ...status });
}
