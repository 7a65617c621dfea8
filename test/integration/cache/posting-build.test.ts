// The postings of a full sync's copy, built in the background after the swap (posting-build.ts),
// against files on disk: writes made at any stage of the build are kept, a build interrupted by a
// close or a failure starts again on the next open, and every answer, before and after, is the
// emulator's answer over the same users.
import { mkdirSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { searchUsers } from '../../../emulator/search/index.ts';
import { SqliteUserCacheStore, type SqliteUserCache } from '../../../main/cache/index.ts';
import { postingScratchPath } from '../../../main/cache/posting-build.ts';
import type { Logger } from '../../../main/log.ts';
import { silentLogger } from '../../../main/log.ts';
import { integrityOf, makeUsers, temporaryCacheDirectory } from './cache-files.ts';

const TENANT = 'ten_postingbuild0001';
const QUERIES = [
  'email:new1*',
  'name:"Written During The Build"',
  'app_metadata.plan.tier:gold',
  'app_metadata.roles:admin',
  'email:*7@example.com',
  'name:*user*',
  'logins_count:[10 TO 20] AND NOT email_verified:false',
  'identities.connection:"Username-Password-Authentication"',
  '_exists_:app_metadata.added',
  'created_at:[2020-01-03 TO 2020-01-05]',
];

let directory: string;
let store: SqliteUserCacheStore;
/** The build's steps, run by the test. */
let steps: (() => void)[];

function openStore(log: Logger = silentLogger): SqliteUserCache {
  store?.dispose();
  store = new SqliteUserCacheStore({
    directory,
    log,
    postingBuild: {
      // Small slices, so that the build takes many steps at 300 users.
      sliceMs: 0,
      usersPerRead: 10,
      schedule: (step) => {
        steps.push(step);
        return () => {
          if (steps.includes(step)) steps.splice(steps.indexOf(step), 1);
        };
      },
    },
  });
  return store.open(TENANT);
}

function runSteps(count = Infinity): number {
  let run = 0;
  for (; run < count && steps.length > 0; run++) (steps.shift() as () => void)();
  return run;
}

beforeEach(() => {
  directory = temporaryCacheDirectory('cache-posting-build');
  steps = [];
});

afterEach(() => {
  store?.dispose();
  rmSync(directory, { recursive: true, force: true });
});

async function syncedCache(users: User[]): Promise<SqliteUserCache> {
  const cache = openStore();
  const ingest = cache.beginFullSync();
  ingest.add(users);
  await ingest.commit('2026-02-01T00:00:00.000Z');
  return cache;
}

/** Every query answers as the emulator does over `users`: the same users, sorted alike. */
function expectEmulatorAnswers(cache: SqliteUserCache, users: readonly User[]): void {
  for (const q of QUERIES) {
    const expected = searchUsers(users, q)
      .map((user) => user.user_id)
      .sort();
    const got = cache
      .search({ q, page: 0, perPage: 1000 })
      .users.map((user) => user.user_id)
      .sort();
    expect(got, q).toEqual(expected);
  }
  const sorted = cache.search({ q: 'app_metadata.plan.tier:gold', sort: 'email:-1', page: 0, perPage: 20 });
  const expected = searchUsers(users, 'app_metadata.plan.tier:gold', { sort: 'email:-1' }).slice(0, 20);
  expect(sorted.users.map((user) => user.user_id)).toEqual(expected.map((user) => user.user_id));
}

const renamed = (user: User, name: string): User => ({
  ...user,
  name,
  app_metadata: { ...user.app_metadata, added: 1 },
});

describe('the background build of a synced copy', () => {
  it('keeps every write made while it stages, loads or finishes, and answers alike throughout', async () => {
    let users = makeUsers('new', 300);
    const cache = await syncedCache(users);
    const write = (user: User) => {
      cache.upsert([user]);
      users = [...users.filter((other) => other.user_id !== user.user_id), user];
    };
    const remove = (userId: string) => {
      cache.remove(userId);
      users = users.filter((user) => user.user_id !== userId);
    };
    let last = cache.state().indexing as number;
    expect(last).toBe(0);
    // Before the build reaches them: the first and the last user.
    write(renamed(users[0] as User, 'Written During The Build'));
    write(renamed(users[299] as User, 'Written During The Build'));
    expectEmulatorAnswers(cache, users);
    // While it stages: users already staged, and a new one.
    while ((cache.state().indexing as number) < 0.2) {
      expect(runSteps(1)).toBe(1);
      const now = cache.state().indexing as number;
      expect(now).toBeGreaterThanOrEqual(last);
      last = now;
    }
    write(renamed(users.find((user) => user.user_id === 'auth0|new000001') as User, 'Written During The Build'));
    remove('auth0|new000002');
    write({ ...(makeUsers('late', 1)[0] as User), name: 'Written During The Build' });
    expectEmulatorAnswers(cache, users);
    // While it loads field by field.
    while ((cache.state().indexing as number) < 0.7) expect(runSteps(1)).toBe(1);
    write(renamed(users.find((user) => user.user_id === 'auth0|new000150') as User, 'Written During The Build'));
    remove('auth0|new000003');
    expectEmulatorAnswers(cache, users);
    runSteps();
    expect(cache.state()).toMatchObject({ indexing: null, userCount: 299 });
    expectEmulatorAnswers(cache, users);
    // The same answers after reopening the file, from the postings alone.
    const reopened = openStore();
    expect(reopened.state().indexing).toBeNull();
    expect(steps).toEqual([]);
    expectEmulatorAnswers(reopened, users);
    store.dispose();
    expect(integrityOf(store.pathOf(TENANT))).toBe('ok');
  });

  it('starts again on the next open when a close interrupts it, and ends exact', async () => {
    let users = makeUsers('new', 300);
    const cache = await syncedCache(users);
    runSteps(40);
    const written = renamed(users[10] as User, 'Written During The Build');
    cache.upsert([written]);
    users = users.map((user) => (user.user_id === written.user_id ? written : user));
    store.dispose();
    expect(steps).toEqual([]);
    const reopened = openStore();
    expect(reopened.state().indexing).toBe(0);
    expectEmulatorAnswers(reopened, users);
    runSteps();
    expect(reopened.state().indexing).toBeNull();
    expectEmulatorAnswers(reopened, users);
  });

  it('answers by the scan when the build cannot start, and builds on the next open', async () => {
    const users = makeUsers('new', 120);
    await syncedCache(users);
    store.dispose();
    // A directory where the build's scratch file goes: it cannot be made.
    mkdirSync(postingScratchPath(store.pathOf(TENANT)));
    const warnings: string[] = [];
    const cache = openStore({ ...silentLogger, warn: (message) => warnings.push(message) });
    expect(warnings.join('\n')).toMatch(/could not start building the offline index/);
    expect(cache.state().indexing).toBe(0);
    expect(cache.state().indexFailed).toMatch(/could not be built.*same answers.*built again the next time/);
    expectEmulatorAnswers(cache, users);
    store.dispose();
    rmSync(postingScratchPath(store.pathOf(TENANT)), { recursive: true });
    const next = openStore();
    expect(next.state().indexFailed).toBeUndefined();
    runSteps();
    expect(next.state().indexing).toBeNull();
    expectEmulatorAnswers(next, users);
  });
});
