// The column index carries values over from the previous snapshot for unchanged user objects; a
// changed, added or removed user must never be answered from the old columns.
import { describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { searchUsers } from '../../../emulator/search/index.ts';
import { alignRows } from '../../../emulator/search/user-index.ts';
import { FIXTURE_USERS } from '../query/users.fixture.ts';

const jane = FIXTURE_USERS.jane as User;
const john = FIXTURE_USERS.john as User;
const maria = FIXTURE_USERS.maria as User;
const alex = FIXTURE_USERS.alex as User;

describe('alignRows', () => {
  const a = { user_id: 'a' };
  const b = { user_id: 'b' };
  const c = { user_id: 'c' };
  const d = { user_id: 'd' };
  const b2 = { user_id: 'b' };

  it.each<[string, User[], User[], number[]]>([
    ['the same users', [a, b, c], [a, b, c], [0, 1, 2]],
    ['one replaced in place', [a, b2, c], [a, b, c], [0, -1, 2]],
    ['one removed', [a, c], [a, b, c], [0, 2]],
    ['one inserted', [a, d, b, c], [a, b, c], [0, -1, 1, 2]],
    ['one appended', [a, b, c, d], [a, b, c], [0, 1, 2, -1]],
    ['unrelated arrays', [d, b2], [a, b, c], [-1, -1]],
  ])('%s', (_, next, previous, expected) => {
    expect([...alignRows(next, previous)]).toEqual(expected);
  });
});

describe('searching successive snapshots', () => {
  it('sees every write, whatever the previous snapshot had indexed', () => {
    const first: User[] = [jane, john, maria];
    expect(searchUsers(first, 'name:"jane smith" OR email:john*').map((user) => user.user_id)).toEqual([
      jane.user_id,
      john.user_id,
    ]);

    const renamed = { ...jane, name: 'Jane Doe', email: 'jane.doe@example.com' };
    const second: User[] = [renamed, john, maria];
    expect(searchUsers(second, 'name:"jane smith"')).toEqual([]);
    expect(searchUsers(second, 'name:"jane doe" email:jane.doe*')).toEqual([renamed]);

    const third: User[] = [renamed, maria, alex];
    expect(searchUsers(third, 'email:john*')).toEqual([]);
    expect(searchUsers(third, 'email:a*', { sort: 'email:1' })).toEqual([alex]);
    expect(searchUsers(third, 'name:*garcía')).toEqual([maria]);

    const fourth: User[] = [john, renamed, maria, alex];
    expect(searchUsers(fourth, 'email:j*', { sort: 'email:1' })).toEqual([renamed, john]);
    expect(searchUsers(first, 'name:"jane smith"')).toEqual([jane]);
  });
});
