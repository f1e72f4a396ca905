// Comments of a pull request (GitHub's issue comments): list them all, create one, edit one.

import type { GitHubClient } from './client.js';
import type { Repo } from './deployments.js';

export interface IssueComment {
  id: number;
  body?: string | null;
}

export async function listComments(client: GitHubClient, repo: Repo, issue: number): Promise<IssueComment[]> {
  return client.paginate(client.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 });
}

export async function createComment(client: GitHubClient, repo: Repo, issue: number, body: string): Promise<number> {
  const response = await client.rest.issues.createComment({ ...repo, issue_number: issue, body });
  return response.data.id;
}

export async function updateComment(client: GitHubClient, repo: Repo, id: number, body: string): Promise<void> {
  await client.rest.issues.updateComment({ ...repo, comment_id: id, body });
}
