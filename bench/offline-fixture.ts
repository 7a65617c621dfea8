// The emulator's users export (seeded tenant, seed 1) as the gzip NDJSON file a full sync
// downloads, kept in the system's temporary directory between bench runs (building 100k users
// takes a while); and a fresh offline cache filled from it through ingestExport; and the time of
// each step of work done in the main thread's background.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SqliteUserCacheStore, type SqliteUserCache } from '../main/cache/index.ts';
import type { PostingBuildOptions } from '../main/cache/posting-build.ts';
import { silentLogger } from '../main/log.ts';
import { ingestExport } from '../main/sync/export-ingest.ts';

/**
 * The export file of `count` seeded users, built by a child process when it is not in the
 * temporary directory yet: the process that measures the cache (offline.rss.100k) then never
 * holds the seeder or the seeded users, whether or not the file had to be built first.
 */
export async function exportFile(count: number): Promise<Buffer> {
  const path = join(tmpdir(), `roster-bench-export-seed1-${count}.json.gz`);
  if (!existsSync(path)) {
    const built = spawnSync(
      process.execPath,
      [
        '--experimental-strip-types',
        '--no-warnings',
        join(import.meta.dirname, 'build-export.ts'),
        String(count),
        path,
      ],
      { stdio: 'inherit' },
    );
    if (built.status !== 0) throw new Error(`Building the export of ${count} users failed (${built.status})`);
  }
  return readFileSync(path);
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
  cache: SqliteUserCache;
  store: SqliteUserCacheStore;
  directory: string;
  ingestMs: number;
}

/**
 * A fresh cache directory holding the export's users, timed from the first byte to the commit;
 * their postings are then being built in the background (cache.whenIdle() waits for them).
 */
export async function fillCache(bytes: Buffer, postingBuild?: PostingBuildOptions): Promise<FilledCache> {
  const directory = mkdtempSync(join(tmpdir(), 'roster-bench-cache-'));
  const store = new SqliteUserCacheStore({ directory, log: silentLogger, ...(postingBuild ? { postingBuild } : {}) });
  const cache = store.open('ten_benchtenant00000');
  const started = performance.now();
  const ingest = cache.beginFullSync();
  await ingestExport(asDownload(bytes), ingest);
  await ingest.commit(new Date().toISOString());
  return { cache, store, directory, ingestMs: performance.now() - started };
}

export function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

/** A schedule for background steps (setImmediate, as the app's) that records how long each ran. */
export function timedSchedule(stepMs: number[]): (step: () => void) => () => void {
  return (step) => {
    const immediate = setImmediate(() => {
      const started = performance.now();
      step();
      stepMs.push(performance.now() - started);
    });
    return () => clearImmediate(immediate);
  };
}
