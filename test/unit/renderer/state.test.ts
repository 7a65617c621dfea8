// The renderer's state classes: one rule resets them on a tenant switch, and switching back
// restores the query, sort, connection filter, selection and scroll position.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { capabilities } from '../../../renderer/src/lib/capabilities.svelte.ts';
import { isQuickSearch, toAuth0Query, withConnection } from '../../../renderer/src/lib/quick-search.ts';
import { selection } from '../../../renderer/src/lib/selection.svelte.ts';
import { forgetTenant, switchTenant } from '../../../renderer/src/lib/tenant-scope.svelte.ts';
import { DEFAULT_SORT, SLOW_MS, users } from '../../../renderer/src/lib/users.svelte.ts';
import { bridge, makeUsers, serveUsers } from './fake-bridge.ts';

const everyone = makeUsers(250);

beforeEach(() => {
  bridge.reset();
  serveUsers(everyone);
  bridge.handle('tenants:capabilities', () => ({
    ok: true,
    value: {
      scopes: ['read:users'],
      capabilities: {
        readUsers: true,
        createUsers: false,
        updateUsers: false,
        deleteUsers: false,
        readRoles: false,
        assignRoles: false,
        readLogs: false,
        readConnections: false,
        tickets: false,
        jobs: true,
      },
    },
  }));
  switchTenant(null);
});

describe('tenant switch', () => {
  it('restores the query, sort, selection and scroll position of the tenant switched back to', async () => {
    switchTenant('ten_one');
    await vi.waitFor(() => expect(users.answer?.total).toBe(250));
    await users.search('user1');
    await users.sortBy('email:1');
    selection.only(3);
    selection.extendTo(7);
    selection.toggle(5);
    selection.scrollTop = 720;

    switchTenant('ten_two');
    expect(users.draft).toBe('');
    expect(users.sort).toBe(DEFAULT_SORT);
    expect(selection.ranges).toEqual([]);
    expect(selection.count).toBe(0);
    expect(selection.scrollTop).toBe(0);
    await vi.waitFor(() => expect(users.answer).not.toBeNull());

    bridge.calls = [];
    switchTenant('ten_one');
    expect(users.draft).toBe('user1');
    expect(users.sort).toBe('email:1');
    expect(selection.ranges).toEqual([
      [3, 4],
      [6, 7],
    ]);
    expect(selection.focus).toBe(5);
    expect(selection.scrollTop).toBe(720);
    await vi.waitFor(() => expect(users.answer).not.toBeNull());
    const [asked] = bridge.callsOf('users:list');
    expect(asked).toMatchObject({ tenantId: 'ten_one', sort: 'email:1', page: 0, per_page: 100 });
    expect(asked?.q).toContain('email:user1*');
    // The restored answer keeps its place: the selection survives the reload.
    expect(selection.count).toBe(4);
  });

  it('a removed tenant is not restored', async () => {
    switchTenant('ten_gone');
    await users.search('blocked:true');
    switchTenant('ten_other');
    forgetTenant('ten_gone');
    switchTenant('ten_gone');
    expect(users.draft).toBe('');
  });

  it('stops "loading" when the last tenant goes away mid-load', () => {
    bridge.handle('users:list', () => new Promise(() => undefined));
    switchTenant('ten_slow');
    expect(users.loading).toBe(true);
    switchTenant(null);
    expect(users.loading).toBe(false);
    expect(users.answer).toBeNull();
  });
});

describe('one answer at a time', () => {
  it('does not dim the rows for an answer quicker than SLOW_MS', async () => {
    switchTenant('ten_quick');
    await vi.waitFor(() => expect(users.answer?.total).toBe(250));
    vi.useFakeTimers();
    try {
      const pending = users.search('user7');
      expect(users.loading).toBe(true);
      await pending;
      vi.advanceTimersByTime(SLOW_MS * 3);
      expect([users.loading, users.slow, users.stale, users.showsLoading]).toEqual([false, false, false, false]);
      // A slow one is said at SLOW_MS, not before.
      bridge.handle('users:list', () => new Promise(() => undefined));
      void users.search('user8');
      vi.advanceTimersByTime(SLOW_MS - 1);
      expect(users.stale).toBe(false);
      vi.advanceTimersByTime(1);
      expect(users.stale).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the old rows as stale while the next answer loads, then replaces them', async () => {
    switchTenant('ten_stale');
    await vi.waitFor(() => expect(users.answer?.total).toBe(250));
    let release: () => void = () => undefined;
    bridge.handle(
      'users:list',
      () =>
        new Promise((resolve) => {
          release = () =>
            resolve({
              ok: true,
              value: {
                start: 0,
                limit: 100,
                length: 1,
                total: 1,
                users: everyone.slice(7, 8),
                source: 'cache',
                syncedAt: null,
                complete: true,
                cachedUsers: 0,
              },
            });
        }),
    );
    const pending = users.search('user7');
    // Said once the answer is slow: a quicker one would only flicker.
    expect(users.loading).toBe(true);
    expect(users.stale).toBe(false);
    await vi.waitFor(() => expect(users.stale).toBe(true));
    expect(users.showsLoading).toBe(true);
    expect(users.answer?.text).toBe('');
    release();
    await pending;
    expect(users.stale).toBe(false);
    expect(users.answer).toMatchObject({ text: 'user7', total: 1 });
  });

  it('a failed search shows no old rows under the new query, and a retry asks again', async () => {
    switchTenant('ten_fail');
    await vi.waitFor(() => expect(users.answer?.total).toBe(250));
    bridge.handle('users:list', () => ({
      ok: false,
      error: { code: 'api_error', status: 503, message: 'The query exceeded the timeout.' },
    }));
    expect(await users.search('email:*@example.com')).toBe(false);
    expect(users.answer).toBeNull();
    expect(users.error?.message).toContain('timeout');
    serveUsers(everyone);
    expect(await users.refresh()).toBe(true);
    expect(users.answer?.text).toBe('email:*@example.com');
  });

  it('a malformed query is refused with its position and sends nothing', async () => {
    switchTenant('ten_bad');
    await vi.waitFor(() => expect(users.answer).not.toBeNull());
    bridge.calls = [];
    expect(await users.search('email:(jane')).toBe(false);
    expect(users.queryError?.position).toBeGreaterThanOrEqual(6);
    expect(bridge.callsOf('users:list')).toEqual([]);
  });

  it('blames a quick search Auth0 would refuse on what was typed', async () => {
    switchTenant('ten_quick');
    await vi.waitFor(() => expect(users.answer).not.toBeNull());
    expect(await users.search('*a')).toBe(false);
    expect(users.queryError).toMatchObject({ position: 0, end: 2 });
    expect(users.queryError?.message).toMatch(/3/);
  });

  it('fetches only the windows asked for, once each', async () => {
    switchTenant('ten_windows');
    await vi.waitFor(() => expect(users.answer).not.toBeNull());
    bridge.calls = [];
    users.ensureRows(150, 260);
    users.ensureRows(150, 260);
    await vi.waitFor(() => expect(users.rowAt(249)?.user_id).toBe(everyone[249]?.user_id));
    expect(bridge.callsOf('users:list').map((args) => args.page)).toEqual([1, 2]);
  });
});

describe('window size', () => {
  it('asks for windows of 25 once the cache answers, and finds every row by its window', async () => {
    switchTenant('ten_one');
    await vi.waitFor(() => expect(users.answer?.source).toBe('cache'));
    expect(users.answer?.size).toBe(100);
    await users.search('');
    expect(users.answer?.size).toBe(25);
    expect(bridge.callsOf('users:list').at(-1)).toMatchObject({ page: 0, per_page: 25 });
    users.ensureRows(120, 130);
    await vi.waitFor(() => expect(users.rowAt(130)).toBeDefined());
    expect(bridge.callsOf('users:list').at(-1)).toMatchObject({ page: 5, per_page: 25 });
    expect([users.rowAt(0), users.rowAt(24), users.rowAt(120), users.rowAt(130)].map((user) => user?.user_id)).toEqual(
      [everyone[0], everyone[24], everyone[120], everyone[130]].map((user) => user?.user_id),
    );
  });

  it('copies rows not loaded in pages of 100, whatever the window size', async () => {
    switchTenant('ten_copy_pages');
    await vi.waitFor(() => expect(users.answer?.source).toBe('cache'));
    await users.search('');
    expect(users.answer?.size).toBe(25);
    users.ensureRows(100, 124);
    await vi.waitFor(() => expect(users.rowAt(124)).toBeDefined());
    bridge.calls = [];
    const result = await users.usersAt([[0, 249]]);
    expect(result.ok && result.value.map((user) => user.user_id)).toEqual(everyone.map((user) => user.user_id));
    // Page 0 holds rows 25-99, not loaded; page 1 too (125-199); page 2 is rows 200-249.
    expect(bridge.callsOf('users:list').map((args) => [args.page, args.per_page])).toEqual([
      [0, 100],
      [1, 100],
      [2, 100],
    ]);
    expect(bridge.callsOf('users:list').every((args) => args.fields?.includes('user_id'))).toBe(true);
  });

  it('keeps windows of 100 while the API answers (fewer rate-limited requests)', async () => {
    serveUsers(everyone, 'api');
    switchTenant('ten_one');
    await vi.waitFor(() => expect(users.answer?.source).toBe('api'));
    await users.search('');
    expect(users.answer?.size).toBe(100);
    expect(bridge.callsOf('users:list').at(-1)).toMatchObject({ per_page: 100 });
  });
});

describe('what the rows hold', () => {
  it('once the cache answers, rows hold what the columns show; a column added later is fetched in place', async () => {
    switchTenant('ten_fields');
    await vi.waitFor(() => expect(users.answer?.source).toBe('cache'));
    // The first answer of a tenant is asked before anyone knows where it comes from: whole users.
    expect(bridge.callsOf('users:list').at(-1)?.fields).toBeUndefined();
    await users.search('');
    const asked = bridge.callsOf('users:list').at(-1);
    expect(asked).toMatchObject({ include_fields: true });
    expect(asked?.fields).toEqual(expect.arrayContaining(['user_id', 'email', 'identities', 'blocked', 'picture']));
    expect(asked?.fields).not.toContain('app_metadata');
    expect(users.rowAt(1)).not.toHaveProperty('app_metadata');
    expect(users.rowAt(1)?.email).toBe(everyone[1]?.email);

    users.ensureRows(60, 70);
    await vi.waitFor(() => expect(users.rowAt(70)).toBeDefined());
    expect(bridge.callsOf('users:list').at(-1)?.fields).toEqual(asked?.fields);

    selection.columns = [...selection.columns, { key: 'app_metadata.plan', width: 120 }];
    users.columnsChanged(selection.columns);
    await vi.waitFor(() => expect(users.rowAt(1)?.app_metadata).toEqual({ plan: 'gold' }));
    expect(bridge.callsOf('users:list').at(-1)?.fields).toContain('app_metadata');

    // A column whose attribute the rows already hold asks for nothing.
    const calls = bridge.callsOf('users:list').length;
    selection.columns = [...selection.columns, { key: 'app_metadata.other', width: 120 }];
    users.columnsChanged(selection.columns);
    expect(bridge.callsOf('users:list')).toHaveLength(calls);
  });

  it('asks for whole users while the API answers, so that they are written through to the cache', async () => {
    serveUsers(everyone, 'api');
    switchTenant('ten_fields_api');
    await vi.waitFor(() => expect(users.answer?.source).toBe('api'));
    await users.search('');
    expect(bridge.callsOf('users:list').every((args) => args.fields === undefined)).toBe(true);
    expect(users.rowAt(1)?.app_metadata).toEqual({ plan: 'gold' });
  });
});

describe('the users at selected rows', () => {
  it('fetches the windows not loaded, a few at a time, and gives the users in row order', async () => {
    switchTenant('ten_rows');
    await vi.waitFor(() => expect(users.answer?.total).toBe(250));
    // Main answers windows only when the test lets it: how many are asked for at once shows.
    const waiting: (() => void)[] = [];
    let peak = 0;
    let open = 0;
    bridge.handle('users:list', (args) => {
      open += 1;
      peak = Math.max(peak, open);
      const page = args.page ?? 0;
      const slice = everyone.slice(page * 100, (page + 1) * 100);
      return new Promise((resolve) =>
        waiting.push(() => {
          open -= 1;
          resolve({
            ok: true,
            value: {
              start: page * 100,
              limit: 100,
              length: slice.length,
              total: 250,
              users: slice,
              source: 'cache',
              syncedAt: null,
              complete: true,
              cachedUsers: 0,
            },
          });
        }),
      );
    });
    bridge.calls = [];
    const progress: [number, number][] = [];
    const pending = users.usersAt(
      [
        [5, 6],
        [120, 121],
        [248, 260],
      ],
      { onProgress: (done, windows) => progress.push([done, windows]) },
    );
    // Window 0 came with the answer; windows 1 and 2 are asked for together.
    await vi.waitFor(() => expect(waiting).toHaveLength(2));
    expect(bridge.callsOf('users:list').map((args) => args.page)).toEqual([1, 2]);
    for (const release of waiting.splice(0)) release();
    const result = await pending;
    expect(result.ok && result.value.map((user) => user.user_id)).toEqual(
      [5, 6, 120, 121, 248, 249].map((index) => everyone[index]?.user_id),
    );
    expect(peak).toBe(2);
    expect(progress).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
    // Fetched for the copy only: the list's own windows stay as they were.
    expect(users.rowAt(120)).toBeUndefined();
  });

  it('asks for at most four windows at once', async () => {
    const many = makeUsers(2000);
    serveUsers(many);
    switchTenant('ten_rows_many');
    await vi.waitFor(() => expect(users.answer?.total).toBe(2000));
    let peak = 0;
    let open = 0;
    bridge.handle('users:list', async (args) => {
      open += 1;
      peak = Math.max(peak, open);
      // Answer after the calls already asked have all been made (a microtask, not a timer).
      await Promise.resolve();
      open -= 1;
      const page = args.page ?? 0;
      const slice = many.slice(page * 100, (page + 1) * 100);
      return {
        ok: true,
        value: {
          start: page * 100,
          limit: 100,
          length: slice.length,
          total: 2000,
          users: slice,
          source: 'cache',
          syncedAt: null,
          complete: true,
          cachedUsers: 0,
        },
      };
    });
    bridge.calls = [];
    const result = await users.usersAt([[0, 1999]]);
    expect(result.ok && result.value.length).toBe(2000);
    expect(result.ok && result.value.map((user) => user.user_id)).toEqual(many.map((user) => user.user_id));
    expect(bridge.callsOf('users:list')).toHaveLength(19);
    expect(peak).toBe(4);
  });

  it('stops when the answer changes, or when cancelled, and says why', async () => {
    switchTenant('ten_rows_cancel');
    await vi.waitFor(() => expect(users.answer?.total).toBe(250));
    bridge.handle('users:list', () => new Promise(() => undefined));
    const copying = users.usersAt([[0, 249]]);
    serveUsers(everyone);
    await users.sortBy('email:1');
    expect(await copying).toMatchObject({ ok: false, error: { code: 'cancelled' } });

    bridge.handle('users:list', () => new Promise(() => undefined));
    const controller = new AbortController();
    const cancelled = users.usersAt([[0, 249]], { signal: controller.signal });
    controller.abort();
    expect(await cancelled).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(bridge.cancelled.length).toBeGreaterThan(0);
  });

  it('reports a window that failed', async () => {
    switchTenant('ten_rows_fail');
    await vi.waitFor(() => expect(users.answer?.total).toBe(250));
    bridge.handle('users:list', () => ({
      ok: false,
      error: { code: 'network', message: 'The tenant cannot be reached.' },
    }));
    expect(await users.usersAt([[0, 249]])).toEqual({
      ok: false,
      error: { code: 'network', message: 'The tenant cannot be reached.' },
    });
  });
});

describe('capabilities', () => {
  it('are asked for when a tenant opens and name a missing scope', async () => {
    switchTenant('ten_caps');
    await vi.waitFor(() => expect(capabilities.of('ten_caps')?.readUsers).toBe(true));
    expect(capabilities.scopes('ten_caps')).toEqual(['read:users']);
    expect(capabilities.missingScope('ten_caps', 'read:users')).toBeNull();
    expect(capabilities.missingScope('ten_caps', 'update:users')).toMatch(/lacks the update:users scope/);
    expect(bridge.callsOf('tenants:capabilities')).toEqual([{ id: 'ten_caps' }]);
  });
});

describe('quick search', () => {
  it('turns one plain word into a prefix search of the identifying fields', () => {
    expect(isQuickSearch('jane doe')).toBe(true);
    expect(toAuth0Query('jane')).toBe(
      '(email:jane* OR name:jane* OR given_name:jane* OR family_name:jane* OR nickname:jane* OR username:jane*)',
    );
  });

  it('leaves Auth0 syntax as written and adds the connection filter', () => {
    expect(isQuickSearch('email:jane*')).toBe(false);
    expect(toAuth0Query('a AND b')).toBe('a AND b');
    expect(withConnection('blocked:true', 'github')).toBe('(blocked:true) AND identities.connection:"github"');
    expect(withConnection('', 'Username-Password-Authentication')).toBe(
      'identities.connection:"Username-Password-Authentication"',
    );
  });
});
