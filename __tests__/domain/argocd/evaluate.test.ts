import { describe, expect, it } from 'vitest';
import { applicationRow, evaluate, pollBackoff, serviceHealth, serviceWorkloads, type PollFacts } from '../../../src/domain/argocd/evaluate.js';
import { parseApplication, type ApplicationState } from '../../../src/domain/argocd/status.js';

const SERVICE = 'signal-generation-engine';
const REV = 'a'.repeat(40);

function app(overrides: Partial<ApplicationState> = {}): ApplicationState {
  return {
    name: 'ftmo-trading-staging',
    sync: 'Synced',
    revision: REV,
    health: 'Healthy',
    healthMessage: '',
    operationPhase: 'Succeeded',
    operationMessage: '',
    operationRevision: REV,
    resources: [],
    ...overrides,
  };
}

function resource(kind: string, name: string, health: string, message = '') {
  return { group: kind === 'Service' ? '' : 'apps', kind, namespace: 'dax-trading', name, health, message };
}

const REACHED: PollFacts = { wait: 'healthy', service: SERVICE, revisionReached: true, operationReached: true };

describe('which resources run the service', () => {
  const resources = [
    resource('Deployment', SERVICE, 'Progressing'),
    resource('Service', SERVICE, 'Healthy'),
    resource('Deployment', 'news-ingestion-service', 'Degraded'),
    resource('StatefulSet', SERVICE, 'Healthy'),
    resource('ConfigMap', SERVICE, ''),
  ];

  it('takes the workloads named after the service, nothing else', () => {
    expect(serviceWorkloads(app({ resources }), SERVICE).map((r) => `${r.kind}/${r.name}`)).toEqual([`Deployment/${SERVICE}`, `StatefulSet/${SERVICE}`]);
  });

  it.each([
    ['the worst workload decides', [resource('Deployment', SERVICE, 'Healthy'), resource('StatefulSet', SERVICE, 'Degraded')], 'Healthy', 'Degraded'],
    ['a workload not yet healthy', [resource('Deployment', SERVICE, 'Progressing')], 'Healthy', 'Progressing'],
    ['all healthy', [resource('Deployment', SERVICE, 'Healthy')], 'Degraded', 'Healthy'],
    ['another service degraded does not count', [resource('Deployment', SERVICE, 'Healthy'), resource('Deployment', 'signal-monitoring', 'Degraded')], 'Degraded', 'Healthy'],
    ['no workload listed: the application decides', [resource('Service', SERVICE, 'Healthy')], 'Progressing', 'Progressing'],
    ['no resources at all', [], 'Degraded', 'Degraded'],
  ])('%s', (_title, list, appHealth, expected) => {
    expect(serviceHealth(app({ resources: list, health: appHealth }), SERVICE).health).toBe(expected);
  });
});

describe('evaluate one poll', () => {
  it.each<[string, Partial<ApplicationState>, Partial<PollFacts>, string, string]>([
    ['synced and healthy at the commit', {}, {}, 'done', 'healthy'],
    ['synced is enough for wait: synced', { health: 'Progressing' }, { wait: 'synced' }, 'done', 'synced'],
    ['an older revision waits, even if Synced', {}, { revisionReached: false, operationReached: false }, 'waiting', ''],
    ['an older revision that is Degraded waits too', { health: 'Degraded' }, { revisionReached: false, operationReached: false }, 'waiting', ''],
    ['OutOfSync at the commit waits', { sync: 'OutOfSync' }, {}, 'waiting', ''],
    ['Progressing waits for healthy', { health: 'Progressing' }, {}, 'waiting', ''],
    ['Missing waits for healthy', { health: 'Missing' }, {}, 'waiting', ''],
    ['Degraded at the commit fails', { health: 'Degraded', healthMessage: 'CrashLoopBackOff' }, {}, 'failed', 'degraded'],
    ['Degraded fails wait: synced too', { health: 'Degraded' }, { wait: 'synced' }, 'failed', 'degraded'],
    ['an operation for the commit that Failed fails', { sync: 'OutOfSync', operationPhase: 'Failed', operationMessage: 'one or more objects failed to apply' }, {}, 'failed', 'failed'],
    ['an operation that ended in Error fails', { sync: 'OutOfSync', operationPhase: 'Error' }, { revisionReached: false }, 'failed', 'failed'],
    ['a failed operation of an older commit is not ours', { sync: 'OutOfSync', operationPhase: 'Failed' }, { revisionReached: false, operationReached: false }, 'waiting', ''],
    ['a running operation waits', { sync: 'OutOfSync', operationPhase: 'Running' }, {}, 'waiting', ''],
  ])('%s', (_title, overrides, facts, kind, status) => {
    const decision = evaluate(app(overrides), { ...REACHED, ...facts });
    expect(decision.kind).toBe(kind);
    if (decision.kind !== 'waiting') expect(decision.status).toBe(status);
  });

  it("names the degraded workload and Argo CD's message", () => {
    const resources = [resource('Deployment', SERVICE, 'Degraded', 'Deployment "signal-generation-engine" exceeded its progress deadline')];
    const decision = evaluate(app({ resources, health: 'Degraded' }), REACHED);
    expect(decision.reason).toBe(`Deployment ${SERVICE} is Degraded in ftmo-trading-staging: Deployment "signal-generation-engine" exceeded its progress deadline`);
  });
});

describe('parseApplication and the summary row', () => {
  const body = {
    metadata: { name: 'ftmo-trading-staging' },
    status: {
      sync: { status: 'Synced', revision: REV },
      health: { status: 'Degraded', message: 'one pod crashing' },
      operationState: { phase: 'Succeeded', message: 'successfully synced (all tasks run)', syncResult: { revision: REV } },
      resources: [
        { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'dax-trading', name: SERVICE, status: 'Synced', health: { status: 'Degraded', message: 'back-off restarting' } },
        { version: 'v1', kind: 'Service', namespace: 'dax-trading', name: SERVICE, status: 'Synced', health: { status: 'Healthy' } },
        { version: 'v1', kind: 'ConfigMap', namespace: 'dax-trading', name: 'settings', status: 'Synced' },
      ],
    },
  };

  it('reads the fields the wait needs', () => {
    const state = parseApplication('ftmo-trading-staging', body);
    expect(state).toMatchObject({ sync: 'Synced', revision: REV, health: 'Degraded', operationPhase: 'Succeeded', operationRevision: REV });
    expect(state.resources[0]).toEqual({ group: 'apps', kind: 'Deployment', namespace: 'dax-trading', name: SERVICE, health: 'Degraded', message: 'back-off restarting' });
    expect(state.resources[2]?.health).toBe('');
  });

  it('the operation revision falls back to the requested one', () => {
    expect(parseApplication('a', { status: { operationState: { phase: 'Running', operation: { sync: { revision: REV } } } } }).operationRevision).toBe(REV);
  });

  it('an empty or odd answer gives empty fields, not an exception', () => {
    expect(parseApplication('a', null)).toMatchObject({ sync: '', revision: '', health: '', resources: [] });
    expect(parseApplication('a', { status: { sync: { status: 7 }, resources: 'x' } })).toMatchObject({ sync: '', resources: [] });
  });

  it('lists the resources that are not healthy, with their messages', () => {
    expect(applicationRow(parseApplication('ftmo-trading-staging', body))).toEqual({
      name: 'ftmo-trading-staging',
      sync: 'Synced',
      health: 'Degraded',
      revision: REV,
      operation: 'Succeeded: successfully synced (all tasks run)',
      problems: [{ kind: 'Deployment', name: SERVICE, health: 'Degraded', message: 'back-off restarting' }],
    });
  });
});

describe('poll backoff', () => {
  it.each([
    [600_000, { baseMs: 2_000, capMs: 30_000 }],
    [60_000, { baseMs: 1_200, capMs: 6_000 }],
    [1_000, { baseMs: 20, capMs: 100 }],
  ])('under a %d ms timeout', (timeout, expected) => {
    expect(pollBackoff(timeout)).toEqual(expected);
  });
});
