// Emulator figures over 100,000 users: seeding, start-up, list latency over HTTP, and an export job
// from creation to the downloaded file. `node --experimental-strip-types bench/emulator.bench.ts`.
import { gunzipSync } from 'node:zlib';
import { startEmulator } from '../emulator/index.ts';
import { seedTenant } from '../emulator/seed/index.ts';

const USERS = 100_000;
const LIST_RUNS = 60;

function print(figure: string, value: number, unit: string): void {
  process.stdout.write(`bench emulator.${figure}: ${Number(value.toFixed(1))} ${unit}\n`);
}

function percentile(samples: number[], share: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

let started = performance.now();
const store = seedTenant(USERS, 1);
const seedMs = performance.now() - started;
print('seed.100k', seedMs, 'ms');
print('seed.users_per_s', (store.userCount / seedMs) * 1000, 'users/s');

started = performance.now();
const emulator = await startEmulator({ users: USERS, seed: 2 });
print('start.100k', performance.now() - started, 'ms');
try {
  const tokenResponse = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
      audience: `https://${emulator.domain}/api/v2/`,
    }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const listSamples: number[] = [];
  for (let run = 0; run < LIST_RUNS; run += 1) {
    const at = performance.now();
    const response = await fetch(`${emulator.url}/api/v2/users?per_page=100&page=${run % 10}&include_totals=true`, {
      headers,
    });
    await response.arrayBuffer();
    listSamples.push(performance.now() - at);
  }
  print('list.p50.100k', percentile(listSamples, 0.5), 'ms');
  print('list.p95.100k', percentile(listSamples, 0.95), 'ms');

  // Searches end to end (HTTP, token check, search, paging, JSON); the engine alone is in search.bench.ts.
  const queries = [
    'email:jo*',
    'identities.connection:"google-oauth2"',
    'app_metadata.plan.tier:"gold"',
    'logins_count:[10 TO *] AND email_verified:true',
  ];
  // One warm-up pass: the first search of a snapshot builds its columns (search.first.* in search.bench.ts).
  for (const query of queries)
    await (await fetch(`${emulator.url}/api/v2/users?q=${encodeURIComponent(query)}`, { headers })).arrayBuffer();
  const searchSamples: number[] = [];
  for (let run = 0; run < LIST_RUNS; run += 1) {
    const q = encodeURIComponent(queries[run % queries.length] as string);
    const at = performance.now();
    const response = await fetch(`${emulator.url}/api/v2/users?q=${q}&per_page=50&include_totals=true`, { headers });
    await response.arrayBuffer();
    searchSamples.push(performance.now() - at);
  }
  print('http-search.p50.100k', percentile(searchSamples, 0.5), 'ms');
  print('http-search.p95.100k', percentile(searchSamples, 0.95), 'ms');

  started = performance.now();
  const created = await fetch(`${emulator.url}/api/v2/jobs/users-exports`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      format: 'json',
      fields: [
        { name: 'user_id' },
        { name: 'email' },
        { name: 'name' },
        { name: 'identities' },
        { name: 'app_metadata' },
        { name: 'user_metadata' },
        { name: 'updated_at' },
      ],
    }),
  });
  const { id } = (await created.json()) as { id: string };
  let job: { status: string; location?: string } = { status: 'pending' };
  while (job.status !== 'completed') {
    if (job.status === 'failed') throw new Error('the export failed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    job = (await (await fetch(`${emulator.url}/api/v2/jobs/${id}`, { headers })).json()) as typeof job;
  }
  const file = Buffer.from(await (await fetch(job.location as string)).arrayBuffer());
  const exportMs = performance.now() - started;
  const lines = gunzipSync(file).toString('utf8').trimEnd().split('\n').length;
  if (lines !== USERS) throw new Error(`the export has ${lines} lines, expected ${USERS}`);
  print('export.100k', exportMs, 'ms');
  print('export.file.100k', file.length / 1e6, 'MB');
} finally {
  await emulator.stop();
}
