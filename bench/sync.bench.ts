// Full-sync ingest of the emulator's 100k-user export: `npm run bench -- sync`.
//   bench sync.gunzip-parse.100k: the physical reference, gunzip and JSON.parse of every line only
//   bench sync.ingest.100k: the same file streamed through ingestExport into a fresh cache, commit included
// Both also print their CPU time, since on a shared machine wall time depends on the neighbours.
import { rmSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { asDownload, exportFile, fillCache } from './offline-fixture.ts';

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
const rate = (ms: number) => Math.round(USERS / (ms / 1000));
console.log(`bench sync.gunzip-parse.100k: ${rate(reference.wallMs)} users/s`);
console.log(`bench sync.ingest.100k: ${rate(ingest.wallMs)} users/s`);
console.log(`  ingest ${((100 * reference.wallMs) / ingest.wallMs).toFixed(0)}% of the reference`);
console.log(`  by CPU time: gunzip-parse ${rate(reference.cpuMs)} users/s, ingest ${rate(ingest.cpuMs)} users/s`);
