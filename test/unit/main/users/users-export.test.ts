// Exporting the list: every match from the cache, up to 1,000 online, the columns shown, CSV
// quoted as RFC 4180 with formulas defused, nothing written when the admin cancels.
import { describe, expect, it, vi } from 'vitest';
import type { User } from '../../../../common/auth0.ts';
import type { UsersListPage } from '../../../../common/sync.ts';
import { csvCell, exportUsers, toCsv, toJson } from '../../../../main/users/users-export.ts';

function people(count: number): User[] {
  return Array.from({ length: count }, (_, index) => ({
    user_id: `auth0|${index}`,
    email: `u${index}@example.com`,
    identities: [{ connection: 'db', provider: 'auth0', user_id: String(index), isSocial: false }],
    app_metadata: { plan: { tier: index % 2 ? 'gold' : 'free' } },
    created_at: '2024-01-01T00:00:00.000Z',
    updated_at: '2024-01-01T00:00:00.000Z',
  })) as User[];
}

function lister(all: User[], source: 'api' | 'cache') {
  return vi.fn(async ({ page, per_page }: { page: number; per_page: number }): Promise<UsersListPage> => {
    const users = all.slice(page * per_page, (page + 1) * per_page);
    return {
      start: page * per_page,
      limit: per_page,
      length: users.length,
      total: all.length,
      users,
      source,
      syncedAt: null,
      complete: true,
      cachedUsers: 0,
    };
  });
}

const ARGS = {
  tenantId: 'ten_1',
  format: 'csv' as const,
  columns: ['user_id', 'connection', 'app_metadata.plan.tier'],
};

describe('users export', () => {
  it('writes every match from the cache, with progress', async () => {
    const write = vi.fn(async (_path: string, _data: string) => undefined);
    const progress = vi.fn();
    const list = lister(people(2500), 'cache');
    const result = await exportUsers({ list, choosePath: async () => '/tmp/out.csv', write, progress }, ARGS);
    expect(result).toEqual({ path: '/tmp/out.csv', users: 2500, total: 2500, source: 'cache' });
    expect(list).toHaveBeenCalledTimes(25);
    expect(progress).toHaveBeenLastCalledWith(2500, 2500);
    const csv = write.mock.calls[0]?.[1] ?? '';
    expect(csv.split('\r\n')[0]).toBe('user_id,connection,app_metadata.plan.tier');
    expect(csv.split('\r\n')[2]).toBe('auth0|1,db,gold');
    expect(csv.trimEnd().split('\r\n')).toHaveLength(2501);
  });

  it('stops at Auth0’s 1,000 online and says how many matched', async () => {
    const write = vi.fn(async (_path: string, _data: string) => undefined);
    const list = lister(people(2500), 'api');
    const result = await exportUsers(
      { list, choosePath: async () => '/tmp/out.csv', write, progress: () => undefined },
      ARGS,
    );
    expect(result).toMatchObject({ users: 1000, total: 2500, source: 'api' });
    expect(list).toHaveBeenCalledTimes(10);
    expect(list.mock.calls.every(([args]) => (args.page + 1) * args.per_page <= 1000)).toBe(true);
  });

  it('writes nothing when the save dialog is cancelled', async () => {
    const write = vi.fn(async (_path: string, _data: string) => undefined);
    const list = lister(people(10), 'cache');
    const result = await exportUsers({ list, choosePath: async () => null, write, progress: () => undefined }, ARGS);
    expect(result.path).toBeNull();
    expect(list).not.toHaveBeenCalled();
    expect(write).not.toHaveBeenCalled();
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['\n=1+1', `"'\n=1+1"`],
    ['\nplain', `"'\nplain"`],
    [' =1+1', "' =1+1"],
    ['   +1', "'   +1"],
    [' -1', "' -1"],
    [' @x', "' @x"],
    [' ＝1', "' ＝1"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
    [' plain', ' plain'],
    ['a=1', 'a=1'],
    ['plain ＝', 'plain ＝'],
  ])('defuses the formula start of %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1')).toBe("'-1");
    expect(toCsv(people(1), ['email', 'app_metadata'])).toBe(
      'email,app_metadata\r\nu0@example.com,"{""plan"":{""tier"":""free""}}"\r\n',
    );
  });

  it('writes JSON objects with the columns shown', () => {
    expect(JSON.parse(toJson(people(1), ['user_id', 'status', 'app_metadata.plan.tier', 'nickname']))).toEqual([
      { user_id: 'auth0|0', status: 'unverified', 'app_metadata.plan.tier': 'free', nickname: null },
    ]);
  });
});
