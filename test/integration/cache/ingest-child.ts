// Run by ingest-kill.test.ts in its own Node process, to be killed with SIGKILL mid-ingest:
// `node --experimental-strip-types ingest-child.ts <directory> <tenant>`. Replaces the cache's
// users with the "new" set through ingestExport, in small batches, then builds their postings,
// reporting each step on stdout.
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { SqliteUserCacheStore } from '../../../main/cache/index.ts';
import { silentLogger } from '../../../main/log.ts';
import { ingestExport } from '../../../main/sync/export-ingest.ts';
import { makeUsers } from './cache-files.ts';

const [directory, tenant] = process.argv.slice(2) as [string, string];
const store = new SqliteUserCacheStore({
  directory,
  log: silentLogger,
  // Each step of the posting build announced before it runs, in slices small enough to be many.
  postingBuild: {
    sliceMs: 1,
    schedule: (step) => {
      const immediate = setImmediate(() => {
        process.stdout.write('indexing\n');
        step();
      });
      return () => clearImmediate(immediate);
    },
  },
});
const cache = store.open(tenant);
const exported = gzipSync(
  makeUsers('new', 3000)
    .map((user) => `${JSON.stringify(user)}\n`)
    .join(''),
);
// Small chunks, so the ingest spans many reads and batches.
const chunks = Array.from({ length: Math.ceil(exported.length / 4096) }, (_, index) =>
  exported.subarray(index * 4096, (index + 1) * 4096),
);
const ingest = cache.beginFullSync();
await ingestExport(Readable.from(chunks), ingest, {
  batchSize: 100,
  onProgress: ({ users }) => process.stdout.write(`batch ${users}\n`),
});
process.stdout.write('committing\n');
await ingest.commit(new Date().toISOString());
process.stdout.write('committed\n');
await cache.whenIdle();
process.stdout.write('indexed\n');
store.dispose();
