// A process killed with SIGKILL at a random point of a full sync must leave a consistent cache:
// the previous data, intact, until the new data has been committed (then the new data), and a
// file that passes SQLite's integrity check, every time.
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteUserCacheStore } from '../../../main/cache/index.ts';
import { silentLogger } from '../../../main/log.ts';
import { integrityOf, makeUsers, temporaryCacheDirectory } from './cache-files.ts';

const TENANT = 'ten_killedingest0000';
const RUNS = 20;
const PREVIOUS_USERS = 500;
const NEW_USERS = 3000;
const CHILD = join(import.meta.dirname, 'ingest-child.ts');
const ROOT = join(import.meta.dirname, '..', '..', '..');

let directory: string;

beforeAll(async () => {
  directory = temporaryCacheDirectory('cache-kill');
  const store = new SqliteUserCacheStore({ directory, log: silentLogger });
  const ingest = store.open(TENANT).beginFullSync();
  ingest.add(makeUsers('old', PREVIOUS_USERS));
  await ingest.commit('2026-01-01T00:00:00.000Z');
  store.dispose();
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/**
 * Runs the child and kills it when it prints its `killAt`-th line (the lines are: one per batch,
 * then `committing`, then `committed`). Resolves with the lines seen before the kill.
 */
function ingestAndKill(killAt: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', CHILD, directory, TENANT], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const seen: string[] = [];
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      seen.push(line);
      if (seen.length === killAt) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child failed (${code}): ${errors}`));
      else resolve(seen);
    });
  });
}

describe('SIGKILL during a full sync', () => {
  it(`leaves a consistent cache, ${RUNS} runs at random points`, async () => {
    const batches = NEW_USERS / 100;
    let newDataSeen = 0;
    for (let run = 0; run < RUNS; run++) {
      // Any batch, the start of the commit, or (rarely) after it; one run in four inside the commit.
      const killAt = run % 4 === 3 ? batches + 1 : 1 + Math.floor(Math.random() * (batches + 2));
      const seen = await ingestAndKill(killAt);
      const committed = seen.includes('committed');
      const store = new SqliteUserCacheStore({ directory, log: silentLogger });
      const cache = store.open(TENANT);
      const state = cache.state();
      expect(state.recovered, `run ${run}`).toBeUndefined();
      const isPrevious = state.userCount === PREVIOUS_USERS && cache.get('auth0|old000499') !== undefined;
      const isNew = state.userCount === NEW_USERS && cache.get('auth0|new002999') !== undefined;
      if (!seen.includes('committing')) expect(isPrevious, `run ${run}, killed at line ${killAt}`).toBe(true);
      else if (committed) expect(isNew, `run ${run}`).toBe(true);
      else expect(isPrevious || isNew, `run ${run}, killed during the commit`).toBe(true);
      if (isNew) newDataSeen++;
      // The data is whole: the search index agrees with the users.
      const everyone = cache.search({ q: '*:*', page: 0, perPage: 1 }).total;
      const byEmail = cache.search({ q: 'email:*@example.com', page: 0, perPage: 1 }).total;
      expect([everyone, byEmail]).toEqual([state.userCount, state.userCount]);
      // Opening the cache cleared what the killed sync left half-built (its staged and scratch files).
      expect(
        readdirSync(directory).filter((name) => name.includes('.next')),
        `run ${run}`,
      ).toEqual([]);
      store.dispose();
      expect(integrityOf(store.pathOf(TENANT)), `run ${run}`).toBe('ok');
      if (isNew) {
        // Put the previous data back for the next run.
        const again = new SqliteUserCacheStore({ directory, log: silentLogger });
        const ingest = again.open(TENANT).beginFullSync();
        ingest.add(makeUsers('old', PREVIOUS_USERS));
        await ingest.commit('2026-01-01T00:00:00.000Z');
        again.dispose();
      }
    }
    expect(newDataSeen).toBeLessThan(RUNS);
  }, 600_000);
});
