import { describe, expect, it } from 'vitest';
import { apiFailureWarning } from '../../../src/domain/report/github-api-failure.js';
import { deploymentRequest, deploymentStatusRequest, pinOutcome, type DeploymentFacts } from '../../../src/domain/report/deployment.js';

const FACTS: DeploymentFacts = {
  service: 'risk-engine',
  image: 'ghcr.io/ftmo-labs/risk-engine',
  tag: 'main-0ccf1ae',
  digest: `sha256:${'a'.repeat(64)}`,
  sourceCommit: '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e',
  manifestsCommit: '7d3f0c2b9a8e6d5c4b3a29180f7e6d5c4b3a2918',
  runUrl: 'https://github.com/Ftmo-Labs/dax-trading/actions/runs/4242',
  environment: 'production',
  kind: 'build',
};

describe('deploymentRequest', () => {
  it('a build pinned in auto mode', () => {
    expect(deploymentRequest(FACTS)).toEqual({
      ref: '0ccf1ae1bf4c7d610115754eef7bf8c60e7f167e',
      environment: 'production',
      task: 'deploy:risk-engine',
      auto_merge: false,
      required_contexts: [],
      description: 'risk-engine main-0ccf1ae',
      payload: {
        service: 'risk-engine',
        image: 'ghcr.io/ftmo-labs/risk-engine',
        tag: 'main-0ccf1ae',
        digest: `sha256:${'a'.repeat(64)}`,
        manifestsCommit: '7d3f0c2b9a8e6d5c4b3a29180f7e6d5c4b3a2918',
        runUrl: 'https://github.com/Ftmo-Labs/dax-trading/actions/runs/4242',
      },
    });
  });

  it.each([
    ['build', 'risk-engine main-0ccf1ae'],
    ['promotion', 'risk-engine main-0ccf1ae (promotion)'],
    ['rollback', 'risk-engine main-0ccf1ae (rollback)'],
  ] as const)('the description of a %s', (kind, description) => {
    expect(deploymentRequest({ ...FACTS, kind }).description).toBe(description);
  });

  it('cuts a description GitHub would refuse (over 140 characters) with an ellipsis', () => {
    expect(deploymentRequest({ ...FACTS, tag: 't'.repeat(128) }).description).toBe(`risk-engine ${'t'.repeat(128)}`);
    const description = deploymentRequest({ ...FACTS, tag: 't'.repeat(128), kind: 'rollback' }).description;
    expect(description).toBe(`risk-engine ${'t'.repeat(127)}…`);
    expect([...description]).toHaveLength(140);
  });
});

describe('deploymentStatusRequest', () => {
  const links = { runUrl: 'https://github.com/o/r/actions/runs/1', environmentUrl: '' };
  it.each([
    [
      'success with an environment URL',
      { state: 'success', detail: 'pinned in 7d3f0c2b9a8e' },
      'https://trading.example.com',
      { state: 'success', log_url: 'https://github.com/o/r/actions/runs/1', description: 'pinned in 7d3f0c2b9a8e', environment_url: 'https://trading.example.com' },
    ],
    [
      'failure without one; a multi-line detail becomes one line',
      { state: 'failure', detail: 'not pinned: push failed\nremote: frozen' },
      '',
      { state: 'failure', log_url: 'https://github.com/o/r/actions/runs/1', description: 'not pinned: push failed remote: frozen' },
    ],
  ] as const)('%s', (_what, outcome, environmentUrl, expected) => {
    expect(deploymentStatusRequest(outcome, { ...links, environmentUrl })).toEqual(expected);
  });
});

describe('apiFailureWarning', () => {
  it.each([
    [
      403,
      'Resource not accessible by integration',
      `The record was not written: the job's token needs the 'deployments: write' permission (add 'permissions: deployments: write' to the job). GitHub answered HTTP 403: "Resource not accessible by integration". The deploy itself is unaffected.`,
    ],
    [
      404,
      'Not Found',
      `The record was not written: the job's token needs the 'deployments: write' permission (add 'permissions: deployments: write' to the job). GitHub answered HTTP 404: "Not Found". The deploy itself is unaffected.`,
    ],
    [502, 'Bad Gateway', 'The record was not written: HTTP 502: "Bad Gateway". The deploy itself is unaffected.'],
    [undefined, 'connect ECONNREFUSED', 'The record was not written: "connect ECONNREFUSED". The deploy itself is unaffected.'],
    [500, '::error::x', 'The record was not written: HTTP 500: ":\\u003aerror:\\u003ax". The deploy itself is unaffected.'],
  ])('HTTP %s', (status, message, expected) => {
    expect(apiFailureWarning('The record', 'deployments: write', { ...(status === undefined ? {} : { status }), message })).toBe(expected);
  });
});

describe('pinOutcome', () => {
  it.each([
    ['a pushed pin', { changed: true, commit: '7d3f0c2b9a8e6d5c4b3a29180f7e6d5c4b3a2918', reason: 'pinned' }, { state: 'success', detail: 'pinned in 7d3f0c2b9a8e' }],
    [
      'a retry that found a newer pin in place',
      { changed: false, commit: '', reason: 'a newer build is deployed' },
      { state: 'inactive', detail: 'not pinned: a newer build is deployed' },
    ],
    ['a failed push, first line only', { error: 'push failed\nremote: frozen' }, { state: 'failure', detail: 'not pinned: push failed' }],
  ])('%s', (_what, ended, expected) => {
    expect(pinOutcome(ended)).toEqual(expected);
  });
});
