import { describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { parseSort, QueryError, searchUsers, sortUsers } from '../../../emulator/search/index.ts';
import { FIXTURE_USERS, type FixtureName } from './users.fixture.ts';

const users: User[] = Object.values(FIXTURE_USERS);
const nameOf = new Map<User, string>(Object.entries(FIXTURE_USERS).map(([name, user]) => [user as User, name]));
const names = (list: readonly User[]) => list.map((user) => nameOf.get(user) as FixtureName);

describe('sort', () => {
  it('orders numbers descending with users missing the field last', () => {
    expect(names(sortUsers(users, 'logins_count:-1'))).toEqual([
      'maria',
      'goldcase',
      'orders',
      'teresa',
      'alex',
      'jane',
      'sam',
      'blocked',
      'octocat',
      'phone',
      'john',
      'partner',
      // No logins_count: last, in input order, in both directions.
      'pat',
      'shadow',
      'custom',
      'scores',
      'conan',
    ]);
    expect(names(sortUsers(users, 'logins_count:1')).slice(-5)).toEqual(['pat', 'shadow', 'custom', 'scores', 'conan']);
  });

  it('orders dates by time and case-insensitive fields by their lower-cased value', () => {
    expect(names(sortUsers(users, 'last_login:1')).slice(0, 9)).toEqual([
      'jane',
      'john',
      'maria',
      'octocat',
      'alex',
      'blocked',
      'sam',
      'phone',
      'teresa',
    ]);
    // Maria.Garcia@Gmail.com sorts among the m's, not before every lower-case address.
    expect(names(sortUsers(users, 'email:1'))).toEqual([
      'shadow',
      'alex',
      'blocked',
      'orders',
      'conan',
      'custom',
      'goldcase',
      'jane',
      'partner',
      'john',
      'maria',
      'octocat',
      'pat',
      'sam',
      'scores',
      'teresa',
      'phone',
    ]);
  });

  it('keeps the input order for ties', () => {
    const verifiedFirst = names(sortUsers(users, 'email_verified:-1'));
    const verified = names(users.filter((user) => user.email_verified === true));
    expect(verifiedFirst.slice(0, verified.length)).toEqual(verified);
  });

  it('is applied by searchUsers after the query, and a blank q lists everyone', () => {
    expect(names(searchUsers(users, 'email.domain:example.com', { sort: 'created_at:-1' }))).toEqual([
      'conan',
      'goldcase',
      'blocked',
      'john',
      'jane',
    ]);
    expect(searchUsers(users, '  ', { sort: 'user_id:1' })).toHaveLength(users.length);
    expect(searchUsers(users, undefined)).toEqual(users);
  });

  it.each([
    ['created_at', /String does not match pattern .* on property sort/],
    ['created_at:2', /String does not match pattern/],
    ['created_at:asc', /String does not match pattern/],
    ['app_metadata.plan.tier:1', /Sorting by app_metadata or user_metadata is not supported/],
    ['user_metadata:1', /Sorting by app_metadata or user_metadata is not supported/],
    ['picture:1', /Cannot sort by picture/],
    ['identities.connection:1', /Cannot sort by identities.connection/],
  ])('refuses sort=%s with a 400', (sort, message) => {
    expect(() => parseSort(sort)).toThrow(QueryError);
    expect(() => searchUsers(users, undefined, { sort })).toThrow(message);
  });
});
