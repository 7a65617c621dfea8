// Offline search over a cache filled from the emulator's 100k-user export: `npm run bench -- offline`.
// Each search asks for the first 50 users and the total count, as the users list does. Every class
// runs several different queries (so no answer is simply repeated), each several times, after one
// warm-up pass; the p95 is over all of a class's runs. The first (cold) run of each query is
// printed beside it: it reads the query's row sets from SQLite, which the later runs find in memory
// (as the users list does when it pages, re-sorts or refreshes the same search).
//   bench offline.search.<class>.p95.100k   for field, prefix, suffix-wildcard, range, boolean,
//                                           metadata, free-text, sorted-by-metadata, infix-wildcard
// infix-wildcard is measured once the trigram tables its queries start are built (in slices, in
// the background): printed beside it, each query's first run by the scan before, and by the
// table after, the build's total time per field and its longest slice.
//   bench offline.rss.100k                  this process's RSS with the cache filled and searched
//   bench offline.search.p95.1m             the worst class at 1M users: only with BENCH_1M=1, as
//                                           building and ingesting a 1M-user export takes many minutes
import { rmSync } from 'node:fs';
import { SqliteUserCacheStore, type SqliteUserCache, type UserCache } from '../main/cache/index.ts';
import { PROFILE_FIELD_IDS } from '../main/cache/postings.ts';
import { silentLogger } from '../main/log.ts';
import { exportFile, fillCache, percentile, timedSchedule } from './offline-fixture.ts';

const RUNS = 20;

type Search = { q: string; sort?: string };

function classes(sample: { email: string; userId: string; name: string }[]): Record<string, Search[]> {
  return {
    field: [
      ...sample.slice(0, 3).map((user) => ({ q: `email:"${user.email}"` })),
      ...sample.slice(3, 5).map((user) => ({ q: `user_id:"${user.userId}"` })),
      { q: 'identities.connection:corp-saml' },
    ],
    prefix: [{ q: 'email:jo*' }, { q: 'name:mar*' }, { q: 'given_name:an*' }, { q: 'nickname:ch*' }],
    'suffix-wildcard': [
      { q: 'name:*son' },
      { q: 'email:*@icloud.com' },
      { q: 'family_name:*ler' },
      { q: 'email:*ez@gmail.com' },
    ],
    range: [
      { q: 'last_login:[2024-01 TO 2024-06]' },
      { q: 'logins_count:[100 TO 200]' },
      { q: 'created_at:[2021 TO 2022}' },
      { q: 'updated_at:{2025-06-01 TO *]' },
    ],
    boolean: [
      { q: 'email_verified:true AND NOT blocked:true AND logins_count:[10 TO *]' },
      { q: '(app_metadata.plan.tier:gold OR app_metadata.plan.tier:platinum) AND email_verified:true' },
      { q: 'identities.isSocial:true AND NOT email_verified:false' },
      { q: 'blocked:true OR email_verified:false' },
    ],
    metadata: [
      { q: 'app_metadata.plan.tier:gold' },
      { q: 'user_metadata.address.country:Italy' },
      { q: 'app_metadata.roles:admin' },
      { q: 'app_metadata.flags.beta:true' },
    ],
    'free-text': [...sample.slice(5, 7).map((user) => ({ q: `"${user.name}"` })), { q: 'mar*' }, { q: 'smith' }],
    'sorted-by-metadata': [
      { q: 'email_verified:true', sort: 'app_metadata.plan.tier:1' },
      { q: 'app_metadata.roles:admin', sort: 'app_metadata.plan.seats:-1' },
      { q: 'identities.connection:"google-oauth2"', sort: 'app_metadata.customer_id:1' },
      { q: '*:*', sort: 'app_metadata.plan.renews_at:-1' },
    ],
  };
}

/** Infix wildcards: answered by a scan of the field's values until its trigram table is built. */
const INFIX: Search[] = [
  { q: 'name:*ohn*' },
  { q: 'name:*ari*' },
  { q: 'email:*son*' },
  { q: 'email:*mar*' },
  { q: 'app_metadata.customer_id:*abc*' },
];

/** Each slice of the trigram builds: its field, postings and time. */
type Slice = { field: number; rows: number; ms: number; cpuMs: number };

/** The cache reopened so that the build's slices are timed (as the app builds them: setImmediate). */
function reopenTimed(store: SqliteUserCacheStore, directory: string, tenantId: string) {
  store.dispose();
  const slices: Slice[] = [];
  let current: Slice = { field: -1, rows: 0, ms: 0, cpuMs: 0 };
  const timed = new SqliteUserCacheStore({
    directory,
    log: silentLogger,
    trigramBuild: {
      onSlice: (field, rows) => Object.assign(current, { field, rows }),
      schedule: (slice) => {
        const immediate = setImmediate(() => {
          current = { field: -1, rows: 0, ms: 0, cpuMs: 0 };
          const started = performance.now();
          const cpu = process.threadCpuUsage();
          slice();
          current.ms = performance.now() - started;
          const used = process.threadCpuUsage(cpu);
          current.cpuMs = (used.user + used.system) / 1000;
          slices.push(current);
        });
        return () => clearImmediate(immediate);
      },
    },
  });
  return { store: timed, cache: timed.open(tenantId), slices };
}

async function infixWildcards(cache: SqliteUserCache, slices: Slice[], label: string): Promise<number> {
  // The first run of each query: the scan, which also starts the field's build.
  const before = INFIX.map((search) => {
    const started = performance.now();
    cache.search({ ...search, page: 0, perPage: 50 });
    return performance.now() - started;
  });
  const started = performance.now();
  await cache.whenIdle();
  const buildMs = performance.now() - started;
  const { p95, detail } = measure(cache, INFIX);
  if (label === '100k') console.log(`bench offline.search.infix-wildcard.p95.${label}: ${p95.toFixed(2)} ms`);
  else console.log(`infix-wildcard p95 at ${label}: ${p95.toFixed(2)} ms`);
  INFIX.forEach((search, index) => console.log(`  ${search.q}: first run by the scan ${before[index]?.toFixed(2)} ms`));
  for (const line of detail) console.log(`${line} (by the table)`);
  const names = new Map([...PROFILE_FIELD_IDS].map(([name, id]) => [id, name]));
  const summary = (own: Slice[]) => {
    const wall = own.map((slice) => slice.ms).sort((a, b) => a - b);
    const cpu = own.map((slice) => slice.cpuMs).sort((a, b) => a - b);
    const total = wall.reduce((sum, ms) => sum + ms, 0);
    return (
      `${own.reduce((sum, slice) => sum + slice.rows, 0)} values in ${own.length} slices, ${total.toFixed(0)} ms in all; ` +
      `slice p95 ${percentile(wall, 0.95).toFixed(2)} ms, longest ${wall.at(-1)?.toFixed(2)} ms ` +
      `(main thread CPU time: p95 ${percentile(cpu, 0.95).toFixed(2)} ms, longest ${cpu.at(-1)?.toFixed(2)} ms)`
    );
  };
  for (const field of new Set(slices.map((slice) => slice.field))) {
    const own = slices.filter((slice) => slice.field === field);
    console.log(`  trigram table of ${names.get(field) ?? `metadata field ${field}`}: ${summary(own)}`);
  }
  console.log(
    `  trigram builds: ${(buildMs / 1000).toFixed(2)} s from the first search to the last slice; ${summary(slices)}`,
  );
  console.log(`    slices that put values in: ${summary(slices.filter((slice) => slice.rows > 0))}`);
  console.log(`    slices that create, merge or checkpoint: ${summary(slices.filter((slice) => slice.rows === 0))}`);
  return p95;
}

function sampleUsers(cache: UserCache) {
  return cache.search({ q: 'email_verified:true', page: 7, perPage: 10 }).users.map((user) => ({
    email: user.email as string,
    userId: user.user_id,
    name: user.name as string,
  }));
}

function measure(cache: UserCache, searches: Search[]): { p95: number; detail: string[] } {
  const times: number[] = [];
  const detail: string[] = [];
  for (const search of searches) {
    const args = { ...search, page: 0, perPage: 50 };
    // The first run reads the query's row sets from SQLite; later runs find them kept in memory.
    const first = performance.now();
    const { total } = cache.search(args);
    const firstMs = performance.now() - first;
    const own: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      cache.search(args);
      own.push(performance.now() - started);
    }
    times.push(...own);
    own.sort((a, b) => a - b);
    detail.push(
      `  ${search.q}${search.sort ? ` sort=${search.sort}` : ''}: ${total} matches, p50 ${own[RUNS / 2]?.toFixed(2)} ms, first run ${firstMs.toFixed(2)} ms`,
    );
  }
  times.sort((a, b) => a - b);
  return { p95: percentile(times, 0.95), detail };
}

async function benchAt(count: number, label: string): Promise<Record<string, number>> {
  const steps: number[] = [];
  const filled = await fillCache(await exportFile(count), { schedule: timedSchedule(steps) });
  console.log(`cache of ${count} users filled in ${(filled.ingestMs / 1000).toFixed(1)} s`);
  // The searches measured here read the postings: their build, in the background, comes first.
  const started = performance.now();
  await filled.cache.whenIdle();
  steps.sort((a, b) => a - b);
  console.log(
    `  its index built in ${((performance.now() - started) / 1000).toFixed(1)} s more, in ${steps.length} steps ` +
      `(p95 ${percentile(steps, 0.95).toFixed(1)} ms, longest ${steps.at(-1)?.toFixed(1)} ms)`,
  );
  const results: Record<string, number> = {};
  // First, so that the builds it waits for are those of its own fields.
  const timed = reopenTimed(filled.store, filled.directory, filled.cache.tenantId);
  results['infix-wildcard'] = await infixWildcards(timed.cache, timed.slices, label);
  for (const [name, searches] of Object.entries(classes(sampleUsers(timed.cache)))) {
    const { p95, detail } = measure(timed.cache, searches);
    results[name] = p95;
    if (label === '100k') console.log(`bench offline.search.${name}.p95.${label}: ${p95.toFixed(2)} ms`);
    for (const line of detail) console.log(line);
  }
  if (label === '100k') console.log(`bench offline.rss.100k: ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
  timed.store.dispose();
  rmSync(filled.directory, { recursive: true, force: true });
  return results;
}

await benchAt(100_000, '100k');
if (process.env.BENCH_1M === '1') {
  const results = await benchAt(1_000_000, '1m');
  const [worst, p95] = Object.entries(results).sort((a, b) => b[1] - a[1])[0] as [string, number];
  console.log(`bench offline.search.p95.1m: ${p95.toFixed(2)} ms`);
  console.log(`  worst class: ${worst}`);
} else {
  console.log('offline.search.p95.1m skipped: set BENCH_1M=1 (builds and ingests a 1M-user export, many minutes)');
}
