// Trivy's record of the vulnerability DB it keeps in its cache directory, `db/metadata.json`:
// {"Version":2,"NextUpdate":"...","UpdatedAt":"...","DownloadedAt":"..."} with RFC 3339 times.
// Trivy itself downloads nothing while NextUpdate is in the future; neither do we.

/** The schema version of trivy-db that the Trivy releases this action installs read. */
export const TRIVY_DB_SCHEMA_VERSION = 2;

/** The metadata, times as ISO strings (plain data that can travel in the report). */
export interface DbMetadata {
  version: number;
  /** When the DB was built upstream: how current its advisories are. */
  updatedAt: string;
  /** When upstream will have built the next one. */
  nextUpdate: string;
  /** When this copy was downloaded into the cache directory. */
  downloadedAt: string;
}

/** The metadata in `text`, or why it cannot be used (not JSON, a field missing, another schema). */
export function parseDbMetadata(text: string): DbMetadata | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'db/metadata.json is not JSON';
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'db/metadata.json is not a JSON object';
  const record = data as Record<string, unknown>;
  if (record.Version !== TRIVY_DB_SCHEMA_VERSION) {
    return `db/metadata.json has schema version ${JSON.stringify(record.Version ?? null)}, not ${TRIVY_DB_SCHEMA_VERSION}`;
  }
  const times: Partial<Record<'UpdatedAt' | 'NextUpdate' | 'DownloadedAt', string>> = {};
  for (const field of ['UpdatedAt', 'NextUpdate', 'DownloadedAt'] as const) {
    const value = record[field];
    const time = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(time)) return `db/metadata.json has no valid ${field}`;
    times[field] = new Date(time).toISOString();
  }
  return {
    version: TRIVY_DB_SCHEMA_VERSION,
    updatedAt: times.UpdatedAt ?? '',
    nextUpdate: times.NextUpdate ?? '',
    downloadedAt: times.DownloadedAt ?? '',
  };
}

/** Fresh: upstream has not built a newer DB yet, so a download would bring nothing new. */
export function isFresh(metadata: DbMetadata, now: Date): boolean {
  return Date.parse(metadata.nextUpdate) > now.getTime();
}

/** Milliseconds since `time` (an ISO string); never negative, whatever a runner's clock says. */
export function ageOf(time: string, now: Date): number {
  return Math.max(0, now.getTime() - Date.parse(time));
}
