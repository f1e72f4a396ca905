// A vulnerability DB in a Trivy cache directory, as real Trivy leaves it: db/trivy.db and
// db/metadata.json with Go's RFC 3339 times. Tests seed caches of chosen ages with it.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const HOUR = 3_600_000;

export interface SeededDb {
  /** Hours since upstream built it. */
  updatedHoursAgo: number;
  /** Hours since it was downloaded into the cache. */
  downloadedHoursAgo: number;
  /** Hours until upstream builds the next one (negative: already due). */
  nextUpdateInHours: number;
}

/** Writes the DB; returns its metadata's times as written. */
export async function seedTrivyDb(cacheDir: string, db: SeededDb, now = Date.now()): Promise<{ NextUpdate: string; UpdatedAt: string; DownloadedAt: string }> {
  const time = (hours: number) => new Date(now + hours * HOUR).toISOString().replace(/Z$/, '412789Z');
  const metadata = {
    Version: 2,
    NextUpdate: time(db.nextUpdateInHours),
    UpdatedAt: time(-db.updatedHoursAgo),
    DownloadedAt: time(-db.downloadedHoursAgo),
  };
  await mkdir(path.join(cacheDir, 'db'), { recursive: true });
  await writeFile(path.join(cacheDir, 'db', 'trivy.db'), 'seeded trivy-db\n');
  await writeFile(path.join(cacheDir, 'db', 'metadata.json'), JSON.stringify(metadata));
  return metadata;
}
