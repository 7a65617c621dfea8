// The shared search-language table (search-language.table.ts) through the emulator's evaluator.
import { describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { parseQuery } from '../../../common/query/index.ts';
import { compileQuery, compileSearch, QueryError, searchUsers } from '../../../emulator/search/index.ts';
import { REFUSED_QUERIES, SEARCH_LANGUAGE_TABLE } from './search-language.table.ts';
import { FIXTURE_USERS, type FixtureName } from './users.fixture.ts';

const users: User[] = Object.values(FIXTURE_USERS);
const nameOf = new Map<User, FixtureName>(
  Object.entries(FIXTURE_USERS).map(([name, user]) => [user as User, name as FixtureName]),
);

/** Searches through the column index (searchUsers) and user by user (compileQuery); both must agree. */
function find(q: string): FixtureName[] {
  const indexed = searchUsers(users, q).map((user) => nameOf.get(user) as FixtureName);
  const oneByOne = users.filter(compileQuery(parseQuery(q))).map((user) => nameOf.get(user) as FixtureName);
  expect(oneByOne).toEqual(indexed);
  return indexed;
}

describe('Auth0 v3 search language over the fixture tenant', () => {
  for (const [topic, rows] of Object.entries(SEARCH_LANGUAGE_TABLE)) {
    describe(topic, () => {
      it.each(rows)('%s', (query, expected) => {
        expect(find(query).sort()).toEqual([...expected].sort());
      });
    });
  }
});

describe('queries Auth0 refuses with 400 invalid_query_string', () => {
  it.each(REFUSED_QUERIES)('%s', (query, position, message) => {
    let caught: unknown;
    try {
      searchUsers(users, query);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QueryError);
    const error = caught as QueryError;
    expect(error.message).toMatch(message);
    expect(error.position).toBe(position);
    expect(error.statusCode).toBe(400);
    expect(error.errorCode).toBe('invalid_query_string');
  });
});

describe('organization_id', () => {
  const memberships = new Map<User, string[]>([
    [FIXTURE_USERS.jane, ['org_acme', 'org_beta']],
    [FIXTURE_USERS.alex, ['org_acme']],
  ]);
  const organizationIds = (user: User) => memberships.get(user) ?? [];

  it('matches the memberships the caller supplies', () => {
    const found = searchUsers(users, 'organization_id:org_acme', { organizationIds });
    expect(found.map((user) => nameOf.get(user))).toEqual(['jane', 'alex']);
    expect(searchUsers(users, 'organization_id:org_beta AND _exists_:organization_id', { organizationIds })).toEqual([
      FIXTURE_USERS.jane,
    ]);
  });

  it('matches no one without them', () => {
    expect(searchUsers(users, 'organization_id:org_acme')).toEqual([]);
  });
});

describe('compileSearch', () => {
  it('checks a query once and then tests single users', () => {
    const isBlocked = compileSearch('blocked:true');
    expect(users.filter(isBlocked)).toEqual([FIXTURE_USERS.blocked]);
    expect(() => compileSearch('name:*sa')).toThrow(QueryError);
  });
});
