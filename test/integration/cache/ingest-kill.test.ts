// A process killed with SIGKILL at a random point of a full sync must leave a consistent cache:
// the previous data, intact, until the new data has been committed (then the new data, whose
// postings are built again on the next open when the kill came before they were), and a file
// that passes SQLite's integrity check, every time.
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
  const cache = store.open(TENANT);
  const ingest = cache.beginFullSync();
  ingest.add(makeUsers('old', PREVIOUS_USERS));
  await ingest.commit('2026-01-01T00:00:00.000Z');
  await cache.whenIdle();
  store.dispose();
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/**
 * Runs the child and kills it when it prints its `killAt`-th line (the lines are: one per batch,
 * then `committing`, `committed`, one `indexing` per step of the posting build, and `indexed`).
 * Resolves with the lines seen before the kill.
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
    let builtAgain = 0;
    for (let run = 0; run < RUNS; run++) {
      // Any batch, the start of the commit, or after it; one run in four inside the commit, and
      // one in four during the posting build (its steps come after the two lines of the commit).
      const killAt =
        run % 4 === 3
          ? batches + 1
          : run % 4 === 1
            ? batches + 3 + Math.floor(Math.random() * 12)
            : 1 + Math.floor(Math.random() * (batches + 2));
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
      // The data is whole: searches agree with the users, before the postings are (built again) and after.
      const counts = () => [
        cache.search({ q: '*:*', page: 0, perPage: 1 }).total,
        cache.search({ q: 'email:*@example.com', page: 0, perPage: 1 }).total,
        cache.search({ q: 'app_metadata.plan.tier:gold', page: 0, perPage: 1 }).total,
      ];
      const gold = Math.floor((state.userCount + 1) / 3);
      expect(counts(), `run ${run}`).toEqual([state.userCount, state.userCount, gold]);
      if (state.indexing !== null) {
        expect(committed && !seen.includes('indexed'), `run ${run}`).toBe(true);
        builtAgain++;
      }
      await cache.whenIdle();
      expect(cache.state().indexing, `run ${run}`).toBeNull();
      expect(counts(), `run ${run}`).toEqual([state.userCount, state.userCount, gold]);
      // Opening the cache cleared what the killed sync left half-built (its staged and scratch files).
      expect(
        readdirSync(directory).filter((name) => name.includes('.next') || name.includes('scratch')),
        `run ${run}`,
      ).toEqual([]);
      store.dispose();
      expect(integrityOf(store.pathOf(TENANT)), `run ${run}`).toBe('ok');
      if (isNew) {
        // Put the previous data back for the next run.
        const again = new SqliteUserCacheStore({ directory, log: silentLogger });
        const previous = again.open(TENANT);
        const ingest = previous.beginFullSync();
        ingest.add(makeUsers('old', PREVIOUS_USERS));
        await ingest.commit('2026-01-01T00:00:00.000Z');
        await previous.whenIdle();
        again.dispose();
      }
    }
    expect(newDataSeen).toBeLessThan(RUNS);
    // At least one kill fell inside the posting build, whose next open built it again.
    expect(builtAgain).toBeGreaterThan(0);
  }, 600_000);
});
