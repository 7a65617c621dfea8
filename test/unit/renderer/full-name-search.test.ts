// The full-name search (issue 18): two words typed as the list shows a name find that person, in
// any case, pinned first, with every other match after it and the count honest. `users:list` is
// answered here through common/query (the rules the emulator and the cache evaluate with), in the
// list's sort, as main would page it.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { compileQuery, parseQuery } from '../../../common/query/index.ts';
import type { Result } from '../../../common/result.ts';
import type { UsersListPage } from '../../../common/sync.ts';
import { switchTenant } from '../../../renderer/src/lib/tenant-scope.svelte.ts';
import { users } from '../../../renderer/src/lib/users.svelte.ts';
import { bridge, makeUsers } from './fake-bridge.ts';

/** Made oldest first: the list's default sort (newest first) puts the exact person last. */
const people: User[] = [
  { user_id: 'auth0|exact', name: 'Webster Brakus', email: 'webster.b@example.com' },
  {
    user_id: 'auth0|split',
    name: 'w.brakus@example.com',
    given_name: 'Webster',
    family_name: 'Brakus',
    email: 'w.brakus@example.com',
  },
  ...makeUsers(150).map((user, index) => ({ ...user, name: index % 2 ? `Webster Brakus-${index}` : user.name })),
  { user_id: 'auth0|reversed', name: 'Brakus Webster', given_name: 'Brakus', family_name: 'Webster' },
].map((user, index) => ({ ...user, created_at: new Date(Date.UTC(2020, 0, 1) + index * 60_000).toISOString() }));

function serveSearch(): void {
  bridge.handle('users:list', (args): Result<UsersListPage> => {
    const matches = args.q ? people.filter(compileQuery(parseQuery(args.q))) : people;
    const sorted = [...matches].sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
    const page = args.page ?? 0;
    const perPage = args.per_page ?? 50;
    const slice = sorted.slice(page * perPage, (page + 1) * perPage);
    return {
      ok: true,
      value: {
        start: page * perPage,
        limit: perPage,
        length: slice.length,
        total: sorted.length,
        users: slice,
        source: 'api',
        syncedAt: null,
        complete: true,
        cachedUsers: 0,
      },
    };
  });
}

beforeEach(() => {
  bridge.reset();
  serveSearch();
  switchTenant(null);
});

describe('a full name typed in the search box', () => {
  it.each(['Webster Brakus', 'webster brakus', 'WEBSTER BRAKUS'])(
    'finds “%s”, the exact people first',
    async (typed) => {
      switchTenant('ten_fullname');
      await vi.waitFor(() => expect(users.answer).not.toBeNull());
      expect(await users.search(typed)).toBe(true);
      const answer = users.answer!;
      // Exactly the name, or given + family name: pinned above the newest-first rest.
      expect([users.rowAt(0)?.user_id, users.rowAt(1)?.user_id].sort()).toEqual(['auth0|exact', 'auth0|split']);
      // 75 "Webster Brakus-N" (the start of the name) and "Brakus Webster" (each word) follow.
      expect(answer.total).toBe(2 + 75 + 1);
      expect(users.rowCount).toBe(78);
      expect(users.rowAt(2)?.user_id).toBe('auth0|reversed');
      expect(users.rowAt(3)?.name).toMatch(/^Webster Brakus-\d+$/);
    },
  );

  it('pages the rest after the pinned rows: every match once, none lost', async () => {
    switchTenant('ten_fullname');
    await vi.waitFor(() => expect(users.answer).not.toBeNull());
    await users.search('webster brakus');
    users.ensureRows(0, 77);
    await vi.waitFor(() => expect(users.rowAt(77)).toBeDefined());
    const ids = Array.from({ length: 78 }, (_, index) => users.rowAt(index)?.user_id);
    expect(new Set(ids).size).toBe(78);
    expect(users.rowAt(78)).toBeUndefined();
    const copied = await users.usersAt([[0, 77]]);
    expect(copied.ok && copied.value.map((user) => user.user_id)).toEqual(ids);
  });

  it('one word is the start of a given or family name too', async () => {
    switchTenant('ten_fullname');
    await vi.waitFor(() => expect(users.answer).not.toBeNull());
    await users.search('brakus');
    // "Brakus Webster" by name, "w.brakus@…" by family name; "Webster Brakus" has no family name.
    expect(users.answer?.total).toBe(2);
    expect(users.answer?.pinned).toEqual([]);
  });
});
