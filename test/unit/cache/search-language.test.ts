// The shared search-language table (test/unit/query/search-language.table.ts) through the offline
// cache's SQL: the same rows the emulator's evaluator passes, over a real SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { CacheQueryError, SqliteUserCacheStore, type UserCache } from '../../../main/cache/index.ts';
import { silentLogger } from '../../../main/log.ts';
import { REFUSED_QUERIES, SEARCH_LANGUAGE_TABLE } from '../query/search-language.table.ts';
import { FIXTURE_USERS, type FixtureName } from '../query/users.fixture.ts';

const users: User[] = Object.values(FIXTURE_USERS);
const nameOf = new Map<string, FixtureName>(
  Object.entries(FIXTURE_USERS).map(([name, user]) => [user.user_id, name as FixtureName]),
);

let directory: string;
let store: SqliteUserCacheStore;
let cache: UserCache;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'roster-cache-table-'));
  store = new SqliteUserCacheStore({ directory, log: silentLogger });
  cache = store.open('ten_tabletest000000');
  const ingest = cache.beginFullSync();
  ingest.add(users.slice(0, 7));
  ingest.add(users.slice(7));
  await ingest.commit('2026-01-01T00:00:00.000Z');
});

afterAll(() => {
  store.dispose();
  rmSync(directory, { recursive: true, force: true });
});

function find(q: string): FixtureName[] {
  const result = cache.search({ q, page: 0, perPage: 1000 });
  expect(result.total).toBe(result.users.length);
  return result.users.map((user) => nameOf.get(user.user_id) as FixtureName);
}

describe('Auth0 v3 search language over the fixture tenant, offline', () => {
  for (const [topic, rows] of Object.entries(SEARCH_LANGUAGE_TABLE)) {
    describe(topic, () => {
      it.each(rows)('%s', (query, expected) => {
        expect(find(query).sort()).toEqual([...expected].sort());
      });
    });
  }
});

describe('queries Auth0 refuses are invalid_query offline', () => {
  it.each(REFUSED_QUERIES)('%s', (query, position, message) => {
    let caught: unknown;
    try {
      cache.search({ q: query, page: 0, perPage: 10 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CacheQueryError);
    const error = caught as CacheQueryError;
    expect(error.code).toBe('invalid_query');
    expect(error.message).toMatch(message);
    expect(error.position?.start).toBe(position);
  });
});

describe('what the cache cannot answer as Auth0 would', () => {
  it('refuses organization_id, which needs memberships the cache does not hold', () => {
    expect(() => cache.search({ q: 'organization_id:org_acme', page: 0, perPage: 10 })).toThrow(
      expect.objectContaining({ code: 'unsupported_query', position: { start: 0, end: 15 } }),
    );
    expect(() => cache.search({ q: 'jane OR _exists_:organization_id', page: 0, perPage: 10 })).toThrow(
      /organization memberships are not part of the cached users/,
    );
  });
});
