// What the action learns from Argo CD: an Application's state as the API reports it (only the
// fields the wait reads), and the result of the wait as the outputs and summary show it.

export type WaitFor = 'none' | 'synced' | 'healthy';
export type ArgoCdStatus = 'skipped' | 'synced' | 'healthy' | 'degraded' | 'failed' | 'timed-out' | 'rolled-back';

export interface ResourceState {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  /** Argo CD health (`Healthy`, `Progressing`, `Degraded`, ...); '' when it has none. */
  health: string;
  message: string;
}

export interface ApplicationState {
  name: string;
  /** status.sync.status: `Synced`, `OutOfSync`, `Unknown` ('' when missing). */
  sync: string;
  /** status.sync.revision: the manifests commit Argo CD compares with. */
  revision: string;
  /** status.health.status of the whole Application. */
  health: string;
  healthMessage: string;
  /** status.operationState: the last sync operation ('' when none). */
  operationPhase: string;
  operationMessage: string;
  /** The revision that operation synced to (syncResult, else the requested one). */
  operationRevision: string;
  resources: ResourceState[];
}

/** One Application as the summary shows it. */
export interface ApplicationRow {
  name: string;
  sync: string;
  health: string;
  revision: string;
  operation: string;
  /** Resources that are not healthy, with what Argo CD says about them. */
  problems: { kind: string; name: string; health: string; message: string }[];
}

export interface RollbackResult {
  /** Whether a rollback commit was pushed. */
  pushed: boolean;
  tag: string;
  commit: string;
  /** What happened, one sentence. */
  reason: string;
}

export interface ArgoCdResult {
  status: ArgoCdStatus;
  reason: string;
  applications: ApplicationRow[];
  rollback?: RollbackResult;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The fields the wait reads from an Application (GET /api/v1/applications/<name>); missing ones are ''. */
export function parseApplication(name: string, body: unknown): ApplicationState {
  const status = record(record(body).status);
  const sync = record(status.sync);
  const health = record(status.health);
  const operation = record(status.operationState);
  const resources = Array.isArray(status.resources) ? status.resources : [];
  return {
    name,
    sync: text(sync.status),
    revision: text(sync.revision),
    health: text(health.status),
    healthMessage: text(health.message),
    operationPhase: text(operation.phase),
    operationMessage: text(operation.message),
    operationRevision: text(record(operation.syncResult).revision) || text(record(record(operation.operation).sync).revision),
    resources: resources.map((item) => {
      const resource = record(item);
      const resourceHealth = record(resource.health);
      return {
        group: text(resource.group),
        kind: text(resource.kind),
        namespace: text(resource.namespace),
        name: text(resource.name),
        health: text(resourceHealth.status),
        message: text(resourceHealth.message),
      };
    }),
  };
}
