// The wait's decisions, one poll at a time: has this Application reached the pinned commit,
// is it done, or has it failed. Whether a revision descends from the pinned commit is a git
// question; the stage answers it and passes the answer in.

import type { ApplicationRow, ApplicationState } from './status.js';

/** Kinds that run containers: the workloads whose health says whether the service runs. */
const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout', 'Job', 'CronJob']);

/** Sync operation phases that mean the sync did not apply. */
const FAILED_PHASES: ReadonlySet<string> = new Set(['Failed', 'Error']);

/** Most problems listed per Application in the summary. */
const MAX_PROBLEMS = 20;

export interface PollFacts {
  wait: 'synced' | 'healthy';
  service: string;
  /** status.sync.revision is the pinned commit or a later commit of the branch. */
  revisionReached: boolean;
  /** The last sync operation was for the pinned commit or a later one. */
  operationReached: boolean;
}

export type Decision =
  | { kind: 'waiting'; reason: string }
  | { kind: 'done'; status: 'synced' | 'healthy'; reason: string }
  | { kind: 'failed'; status: 'degraded' | 'failed'; reason: string };

/**
 * The workloads of the Application that run this service: by the FTMO convention (and the
 * kustomize bases the action pins), the Deployment, StatefulSet... named after the service.
 */
export function serviceWorkloads(app: ApplicationState, service: string): ApplicationState['resources'] {
  return app.resources.filter((resource) => WORKLOAD_KINDS.has(resource.kind) && resource.name === service && resource.health !== '');
}

/**
 * The health that decides: the service's workloads when Argo CD reports them (the worst one:
 * any Degraded, else any not Healthy, else Healthy), else the Application's own health.
 */
export function serviceHealth(app: ApplicationState, service: string): { health: string; source: string } {
  const workloads = serviceWorkloads(app, service);
  if (workloads.length === 0) return { health: app.health || 'Unknown', source: `application ${app.name}` };
  const worst = workloads.find((w) => w.health === 'Degraded') ?? workloads.find((w) => w.health !== 'Healthy') ?? workloads[0];
  return { health: worst?.health ?? 'Unknown', source: `${worst?.kind ?? ''} ${worst?.name ?? ''}` };
}

export function evaluate(app: ApplicationState, facts: PollFacts): Decision {
  if (facts.operationReached && FAILED_PHASES.has(app.operationPhase)) {
    const detail = app.operationMessage === '' ? '' : `: ${app.operationMessage}`;
    return { kind: 'failed', status: 'failed', reason: `the sync operation of ${app.name} ended ${app.operationPhase}${detail}` };
  }
  if (!facts.revisionReached) {
    return { kind: 'waiting', reason: `${app.name} is at revision ${app.revision || 'unknown'}, not yet the pinned commit` };
  }
  if (app.sync !== 'Synced') return { kind: 'waiting', reason: `${app.name} is ${app.sync || 'Unknown'} with the pinned commit` };
  const { health, source } = serviceHealth(app, facts.service);
  if (health === 'Degraded') {
    const message = degradedMessage(app, facts.service);
    return { kind: 'failed', status: 'degraded', reason: `${source} is Degraded in ${app.name}${message === '' ? '' : `: ${message}`}` };
  }
  if (facts.wait === 'synced') return { kind: 'done', status: 'synced', reason: `${app.name} is Synced` };
  if (health === 'Healthy') return { kind: 'done', status: 'healthy', reason: `${app.name} is Synced and ${source} is Healthy` };
  return { kind: 'waiting', reason: `${app.name} is Synced, ${source} is ${health}` };
}

function degradedMessage(app: ApplicationState, service: string): string {
  const workload = serviceWorkloads(app, service).find((w) => w.health === 'Degraded');
  return workload?.message || app.healthMessage;
}

/** The summary's view of an Application: its state and every resource that is not healthy. */
export function applicationRow(app: ApplicationState): ApplicationRow {
  const problems = app.resources
    .filter((resource) => resource.health !== '' && resource.health !== 'Healthy')
    .slice(0, MAX_PROBLEMS)
    .map(({ kind, name, health, message }) => ({ kind, name, health, message }));
  return {
    name: app.name,
    sync: app.sync || 'Unknown',
    health: app.health || 'Unknown',
    revision: app.revision,
    operation: app.operationPhase === '' ? '' : `${app.operationPhase}${app.operationMessage === '' ? '' : `: ${app.operationMessage}`}`,
    problems,
  };
}

/** How long to wait between polls: a base that doubles up to a cap, both shrunk under a short timeout. */
export function pollBackoff(timeoutMs: number): { baseMs: number; capMs: number } {
  const baseMs = Math.max(1, Math.min(2_000, Math.floor(timeoutMs / 50)));
  return { baseMs, capMs: Math.max(baseMs, Math.min(30_000, Math.floor(timeoutMs / 10))) };
}
