// Full-sync ingest of the emulator's 100k-user export: `npm run bench -- sync`.
//   bench sync.gunzip-parse.100k: the physical reference, gunzip and JSON.parse of every line only
//   bench sync.ingest.100k: the same file streamed through ingestExport into a fresh cache, commit
//     included: the new copy is then in place and answers every search
//   bench sync.indexed.100k: the same, up to the end of the search index's build, which follows the
//     commit in the background (searches scan the users meanwhile, with the same answers)
// All also print their CPU time, since on a shared machine wall time depends on the neighbours,
// and the build's longest step (how long it held the main thread at once).
import { rmSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { asDownload, exportFile, fillCache, percentile, timedSchedule } from './offline-fixture.ts';

const USERS = 100_000;
const bytes = await exportFile(USERS);
console.log(`export: ${USERS} users, ${(bytes.length / 1e6).toFixed(1)} MB gzip`);

async function gunzipParse(): Promise<number> {
  let rest = '';
  let users = 0;
  const decoder = new TextDecoder();
  for await (const chunk of asDownload(bytes).pipe(createGunzip()) as AsyncIterable<Buffer>) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop() as string;
    for (const line of lines) if (line !== '' && (JSON.parse(line) as { user_id?: string }).user_id) users++;
  }
  if (rest !== '') users++;
  return users;
}

function timed<T>(run: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  return run().then((value) => {
    const used = process.cpuUsage(cpu);
    return { value, wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  });
}

// Best of three for the reference, as for the ingest below.
let reference = { wallMs: Infinity, cpuMs: Infinity };
for (let round = 0; round < 3; round++) {
  const run = await timed(gunzipParse);
  if (run.value !== USERS) throw new Error(`parsed ${run.value} users`);
  if (run.wallMs < reference.wallMs) reference = run;
}
let ingest = { wallMs: Infinity, cpuMs: Infinity };
for (let round = 0; round < 3; round++) {
  const run = await timed(() => fillCache(bytes));
  const { cache, store, directory } = run.value;
  if (cache.state().userCount !== USERS) throw new Error(`ingested ${cache.state().userCount} users`);
  store.dispose();
  rmSync(directory, { recursive: true, force: true });
  if (run.wallMs < ingest.wallMs) ingest = run;
}
// Then, apart (a build writes hundreds of megabytes, which the disk is still flushing for a while),
// the same up to the end of the index's build.
let indexed = { wallMs: Infinity, cpuMs: Infinity, steps: [] as number[], scanMs: [] as number[], commitMs: 0 };
for (let round = 0; round < 3; round++) {
  const steps: number[] = [];
  const cpu = process.cpuUsage();
  const run = await timed(() => fillCache(bytes, { schedule: timedSchedule(steps) }));
  const { cache, store, directory } = run.value;
  // Searches before the index is built: the scan (run before the build's first step).
  const scanMs = ['email:jo*', 'app_metadata.plan.tier:gold AND email_verified:true'].map((q) => {
    const started = performance.now();
    cache.search({ q, page: 0, perPage: 50 });
    return performance.now() - started;
  });
  const started = performance.now();
  await cache.whenIdle();
  const wallMs = run.wallMs + (performance.now() - started);
  const used = process.cpuUsage(cpu);
  if (cache.state().indexing !== null) throw new Error('the index was not built');
  if (wallMs < indexed.wallMs) {
    indexed = { wallMs, cpuMs: (used.user + used.system) / 1000, steps, scanMs, commitMs: run.wallMs };
  }
  store.dispose();
  rmSync(directory, { recursive: true, force: true });
}
const rate = (ms: number) => Math.round(USERS / (ms / 1000));
console.log(`bench sync.gunzip-parse.100k: ${rate(reference.wallMs)} users/s`);
console.log(`bench sync.ingest.100k: ${rate(ingest.wallMs)} users/s`);
console.log(`  ingest ${((100 * reference.wallMs) / ingest.wallMs).toFixed(0)}% of the reference`);
console.log(`  by CPU time: gunzip-parse ${rate(reference.cpuMs)} users/s, ingest ${rate(ingest.cpuMs)} users/s`);
console.log(`bench sync.indexed.100k: ${rate(indexed.wallMs)} users/s`);
const steps = [...indexed.steps].sort((a, b) => a - b);
console.log(
  `  the index built in ${((indexed.wallMs - indexed.commitMs) / 1000).toFixed(1)} s after the commit, in ${steps.length} steps: ` +
    `p95 ${percentile(steps, 0.95).toFixed(1)} ms, longest ${steps.at(-1)?.toFixed(1)} ms (CPU ${rate(indexed.cpuMs)} users/s in all)`,
);
console.log(`  a search meanwhile, by the scan: ${indexed.scanMs.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);
