// The cache combines a query's clauses as in-memory row sets, keeps them between searches and
// walks a sort field's values, reading a value many users share through its row set. Its answers
// must stay the emulator's: compared here with emulator/search over the same users, through
// writes (which must drop every kept set) and on values shared by hundreds of users.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { sortRows, type Indexed } from '../../../common/query/index.ts';
import { searchUsers } from '../../../emulator/search/index.ts';
import { SqliteUserCacheStore, type UserCache } from '../../../main/cache/index.ts';
import { silentLogger } from '../../../main/log.ts';
import { temporaryCacheDirectory } from '../../integration/cache/cache-files.ts';

let directory: string;
let store: SqliteUserCacheStore;
let cache: UserCache;
/** The same users in the same order, as the emulator holds them. */
let model: User[];

const TAGS = ['alpha', 'beta', 'gamma', 'delta'];

function user(index: number): User {
  return {
    user_id: `auth0|s${String(index).padStart(5, '0')}`,
    email: `s${index}@example.com`,
    email_verified: index % 3 !== 0,
    blocked: index % 11 === 0,
    logins_count: index % 97,
    app_metadata: {
      tier: ['free', 'gold', 'platinum'][index % 3] as string,
      // Two tags for most users, so a user belongs to two large groups of the tag sort.
      tags: index % 5 === 0 ? [] : [TAGS[index % 4] as string, TAGS[(index * 7) % 4] as string],
      score: index % 13,
    },
  };
}

beforeEach(async () => {
  directory = temporaryCacheDirectory('match-sets');
  store = new SqliteUserCacheStore({ directory, log: silentLogger });
  cache = store.open('ten_matchsets0000000');
  model = Array.from({ length: 3000 }, (_, index) => user(index));
  const ingest = cache.beginFullSync();
  ingest.add(model);
  await ingest.commit('2026-01-01T00:00:00.000Z');
});

afterEach(() => {
  store.dispose();
  rmSync(directory, { recursive: true, force: true });
});

const QUERIES = [
  '*:*',
  'email_verified:true AND NOT blocked:true AND logins_count:[10 TO *]',
  '(app_metadata.tier:gold OR app_metadata.tier:platinum) AND email_verified:true',
  'blocked:true OR email_verified:false',
  'NOT app_metadata.tags:alpha',
  'app_metadata.tags:beta AND NOT (app_metadata.tier:free OR logins_count:[0 TO 40])',
  'logins_count:[20 TO 30] OR app_metadata.score:7',
];

function metadataKey(entry: User, path: 'tier' | 'tags' | 'score'): Indexed {
  const value = (entry.app_metadata as Record<string, unknown> | undefined)?.[path];
  if (Array.isArray(value)) return value.length === 0 ? undefined : (value as Indexed);
  return value as Indexed;
}

/** The emulator's answer: its matches, sorted as common/query sorts (users without the field last). */
function expected(q: string, sort?: { path: 'tier' | 'tags' | 'score'; direction: 1 | -1 }): string[] {
  const matches = searchUsers(model, q);
  if (!sort) return matches.map((entry) => entry.user_id);
  const keys = matches.map((entry) => metadataKey(entry, sort.path));
  return sortRows(
    matches.map((_, row) => row),
    keys,
    sort.direction,
  ).map((row) => (matches[row] as User).user_id);
}

function expectSameAsEmulator(): void {
  for (const q of QUERIES) {
    const all = expected(q);
    const first = cache.search({ q, page: 0, perPage: 100 });
    expect(first.total, q).toBe(all.length);
    expect(
      first.users.map((entry) => entry.user_id),
      q,
    ).toEqual(all.slice(0, 100));
    const later = cache.search({ q, page: 7, perPage: 50 });
    expect(
      later.users.map((entry) => entry.user_id),
      q,
    ).toEqual(all.slice(350, 400));
    for (const path of ['tier', 'tags', 'score'] as const) {
      for (const direction of [1, -1] as const) {
        const sorted = expected(q, { path, direction });
        for (const page of [0, 3]) {
          const got = cache.search({ q, sort: `app_metadata.${path}:${direction}`, page, perPage: 250 });
          expect(
            got.users.map((entry) => entry.user_id),
            `${q} by ${path} ${direction} page ${page}`,
          ).toEqual(sorted.slice(page * 250, page * 250 + 250));
        }
      }
    }
  }
}

describe('row sets against the emulator', () => {
  it('answers booleans, counts, pages and sorts on shared values as the emulator does', () => {
    expectSameAsEmulator();
  });

  it('answers the same after writes change users the kept sets hold', () => {
    expectSameAsEmulator();
    const changed = model.slice(0, 600).map((entry, index) => ({
      ...entry,
      blocked: !entry.blocked,
      logins_count: (index * 31) % 97,
      app_metadata: { tier: 'gold', tags: ['delta', 'alpha'], score: 12 - (index % 13) },
    }));
    cache.upsert(changed);
    // New arrays each time: the emulator keeps its index per array.
    model = [...changed, ...model.slice(600)];
    const added = Array.from({ length: 400 }, (_, index) => user(5000 + index));
    cache.upsert(added);
    model = [...model, ...added];
    for (const gone of model.filter((_, index) => index % 9 === 4).map((entry) => entry.user_id)) {
      cache.remove(gone);
    }
    model = model.filter((_, index) => index % 9 !== 4);
    expectSameAsEmulator();
  });
});
