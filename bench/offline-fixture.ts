// The emulator's users export (seeded tenant, seed 1) as the gzip NDJSON file a full sync
// downloads, kept in the system's temporary directory between bench runs (building 100k users
// takes a while); and a fresh offline cache filled from it through ingestExport.
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { User } from '../common/auth0.ts';
import { buildExportFile, DEFAULT_EXPORT_FIELDS } from '../emulator/jobs/export-file.ts';
import { seedTenant } from '../emulator/seed/index.ts';
import { SqliteUserCacheStore, type UserCache } from '../main/cache/index.ts';
import { silentLogger } from '../main/log.ts';
import { ingestExport } from '../main/sync/export-ingest.ts';

const FIELDS = [...DEFAULT_EXPORT_FIELDS, { name: 'app_metadata' }, { name: 'user_metadata' }];

/** The export file of `count` seeded users. */
export async function exportFile(count: number): Promise<Buffer> {
  const path = join(tmpdir(), `roster-bench-export-seed1-${count}.json.gz`);
  if (existsSync(path)) return readFileSync(path);
  const users = seedTenant(count, 1).users() as readonly User[];
  const bytes = await buildExportFile(users, 'json', FIELDS, () => {});
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
  return bytes;
}

/** Chunks of 64 KiB, as a download arrives. */
export function asDownload(bytes: Buffer): Readable {
  const size = 64 * 1024;
  return Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, index) =>
      bytes.subarray(index * size, (index + 1) * size),
    ),
  );
}

export interface FilledCache {
  cache: UserCache;
  store: SqliteUserCacheStore;
  directory: string;
  ingestMs: number;
}

/** A fresh cache directory holding the export's users, timed from the first byte to the commit. */
export async function fillCache(bytes: Buffer): Promise<FilledCache> {
  const directory = mkdtempSync(join(tmpdir(), 'roster-bench-cache-'));
  const store = new SqliteUserCacheStore({ directory, log: silentLogger });
  const cache = store.open('ten_benchtenant00000');
  const started = performance.now();
  const ingest = cache.beginFullSync();
  await ingestExport(asDownload(bytes), ingest);
  ingest.commit(new Date().toISOString());
  return { cache, store, directory, ingestMs: performance.now() - started };
}

export function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}
