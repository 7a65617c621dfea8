// The users service's one rule, with fakes: online answers with write-through, the cache when the
// tenant is unreachable or the admin works offline, the cache for what the API cannot answer,
// writes refused offline and never queued.
import { beforeEach, describe, expect, it } from 'vitest';
import type { User, UsersPage } from '../../../../common/auth0.ts';
import type { ConnectivityChange } from '../../../../common/sync.ts';
import type { ManagementApi } from '../../../../main/auth0/management-api.ts';
import { AppError } from '../../../../main/errors.ts';
import { silentLogger } from '../../../../main/log.ts';
import { Connectivity } from '../../../../main/sync/connectivity.ts';
import { OnlineReads } from '../../../../main/users/online-reads.ts';
import { UsersService } from '../../../../main/users/users-service.ts';
import { FakeClock } from '../fakes.ts';
import { FakeUserCacheStore, makeUser, type FakeUserCache } from '../sync/fake-cache.ts';

const tenantId = 'ten_AAAAAAAAAAAAAAAA';

class FakeApi {
  users = new Map<string, User>();
  calls: string[] = [];
  /** Every call fails with this, when set. */
  failWith: Error | null = null;

  #call<T>(name: string, answer: () => T): Promise<T> {
    this.calls.push(name);
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve(answer());
  }

  listUsers(): Promise<UsersPage> {
    return this.#call('listUsers', () => {
      const users = [...this.users.values()];
      return { start: 0, limit: 50, length: users.length, total: users.length, users };
    });
  }

  getUser(userId: string): Promise<User> {
    return this.#call('getUser', () => {
      const user = this.users.get(userId);
      if (!user) throw new AppError('not_found', 'The user does not exist.', { status: 404 });
      return user;
    });
  }

  updateUser(userId: string, changes: Partial<User>): Promise<User> {
    return this.#call('updateUser', () => {
      const user = { ...this.users.get(userId), ...changes } as User;
      this.users.set(userId, user);
      return user;
    });
  }

  listConnections(): Promise<unknown[]> {
    return this.#call('listConnections', () => []);
  }

  deleteUser(userId: string): Promise<void> {
    return this.#call('deleteUser', () => void this.users.delete(userId));
  }

  getUserRoles(): Promise<unknown> {
    return this.#call('getUserRoles', () => ({ roles: [], start: 0, limit: 50, total: 0 }));
  }
}

const networkError = () => new AppError('network', 'Roster could not reach tenant.example (ECONNREFUSED).');

let api: FakeApi;
let caches: FakeUserCacheStore;
let cache: FakeUserCache;
let workOffline: boolean;
let changes: ConnectivityChange[];
let probeAnswers: boolean;
let service: UsersService;
let reads: OnlineReads;
let connectivity: Connectivity;

beforeEach(() => {
  api = new FakeApi();
  caches = new FakeUserCacheStore();
  cache = caches.open(tenantId);
  workOffline = false;
  changes = [];
  probeAnswers = false;
  connectivity = new Connectivity({
    clock: new FakeClock(),
    random: () => 0.5,
    probe: async () => probeAnswers,
    workOffline: () => workOffline,
    emit: (change) => changes.push(change),
    log: silentLogger,
  });
  const access = {
    withApi: <T>(id: string, call: (api: ManagementApi) => Promise<T>) =>
      id === tenantId ? call(api as unknown as ManagementApi) : Promise.reject(new Error('tenant')),
    nameOf: (id: string) => (id === tenantId ? 'Acme' : undefined),
  };
  service = new UsersService({ access, caches, connectivity, log: silentLogger });
  reads = new OnlineReads({ access, connectivity });
});

function seedBoth(count: number): User[] {
  const users = Array.from({ length: count }, () => makeUser());
  for (const user of users) api.users.set(user.user_id, user);
  return users;
}

async function syncedCache(users: User[]): Promise<void> {
  const ingest = cache.beginFullSync();
  ingest.add(users);
  await ingest.commit('2025-01-01T00:00:00.000Z');
}

describe('reads online', () => {
  it('answers from the API and writes whole users through to the cache', async () => {
    const users = seedBoth(3);
    const page = await service.list({ tenantId });
    expect(page).toMatchObject({ source: 'api', complete: true, syncedAt: null, total: 3 });
    expect([...cache.users.keys()].sort()).toEqual(users.map((user) => user.user_id).sort());
  });

  it('does not write a `fields` projection through (it would drop attributes)', async () => {
    seedBoth(2);
    await service.list({ tenantId, fields: ['user_id'] });
    expect(cache.users.size).toBe(0);
  });

  it('removes a user the API no longer has when it is opened', async () => {
    const [user] = seedBoth(1) as [User];
    await syncedCache([user]);
    api.users.delete(user.user_id);
    await expect(service.get({ tenantId, userId: user.user_id })).rejects.toMatchObject({ code: 'not_found' });
    expect(cache.users.has(user.user_id)).toBe(false);
  });

  it('tells where a single user came from', async () => {
    const [user] = seedBoth(1) as [User];
    expect(await service.get({ tenantId, userId: user.user_id })).toMatchObject({
      user_id: user.user_id,
      origin: { source: 'api', complete: true },
    });
  });
});

describe('queries the API cannot answer', () => {
  it('pages past 1000 results from a complete cache, even online', async () => {
    await syncedCache(Array.from({ length: 1100 }, () => makeUser()));
    const page = await service.list({ tenantId, page: 10, per_page: 100 });
    expect(page).toMatchObject({ source: 'cache', complete: true, start: 1000, length: 100, total: 1100 });
    expect(api.calls).toEqual([]);
  });

  it('sorts by a metadata path from a complete cache', async () => {
    const gold = makeUser({ app_metadata: { plan: 'aaa-gold' } });
    await syncedCache([makeUser({ app_metadata: { plan: 'zzz' } }), gold]);
    const page = await service.list({ tenantId, sort: 'app_metadata.plan:1' });
    expect(page.source).toBe('cache');
    expect(page.users[0]?.user_id).toBe(gold.user_id);
    expect(cache.searches.at(-1)).toMatchObject({ sort: 'app_metadata.plan:1', page: 0, perPage: 50 });
  });

  it('says what to do when the cache is not complete', async () => {
    await expect(service.list({ tenantId, sort: 'app_metadata.plan:1' })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/cannot sort users by app_metadata\.plan.*Sync/),
    });
    expect(api.calls).toEqual([]);
  });
});

describe('offline', () => {
  it('reads from the cache when the admin works offline, and says as of when', async () => {
    await syncedCache(seedBoth(4));
    workOffline = true;
    const page = await service.list({ tenantId });
    expect(page).toMatchObject({ source: 'cache', syncedAt: '2025-01-01T00:00:00.000Z', complete: true, total: 4 });
    const [first] = [...cache.users.keys()];
    expect(await service.get({ tenantId, userId: first as string })).toMatchObject({ origin: { source: 'cache' } });
    expect(api.calls).toEqual([]);
  });

  it('falls back to the cache when a request gets no answer, and stays offline until a probe succeeds', async () => {
    await syncedCache(seedBoth(2));
    api.failWith = networkError();
    const page = await service.list({ tenantId });
    expect(page.source).toBe('cache');
    expect(changes[0]).toMatchObject({ tenantId, online: false, reachable: false });
    expect(changes[0]?.reason).toMatch(/ECONNREFUSED/);
    await service.list({ tenantId });
    expect(api.calls).toEqual(['listUsers']);
  });

  it('a partial answer says how many users the cache holds; “Ask Auth0 again” tries the tenant at once (issue 18)', async () => {
    const users = seedBoth(3);
    cache.upsert(users.slice(0, 2));
    api.failWith = networkError();
    const partial = await service.list({ tenantId });
    expect(partial).toMatchObject({ source: 'cache', complete: false, cachedUsers: 2, total: 2 });
    api.failWith = null;
    // Unreachable until a probe: a plain read stays with the cache, prefer 'api' asks the tenant now.
    expect((await service.list({ tenantId })).source).toBe('cache');
    const fresh = await service.list({ tenantId, prefer: 'api' });
    expect(fresh).toMatchObject({ source: 'api', complete: true, total: 3 });
    expect(connectivity.isOnline(tenantId)).toBe(true);
    // Never while the admin works offline.
    workOffline = true;
    expect((await service.list({ tenantId, prefer: 'api' })).source).toBe('cache');
  });

  it('refuses writes in words and sends nothing', async () => {
    const [user] = seedBoth(1) as [User];
    await syncedCache([user]);
    workOffline = true;
    const refusal = service.update({ tenantId, userId: user.user_id }, { name: 'New name' });
    await expect(refusal).rejects.toMatchObject({
      code: 'offline',
      message:
        'You chose to work offline with Acme, so Roster cannot change a user now. Nothing was changed and nothing is queued: go online and try again.',
    });
    await expect(service.setBlocked({ tenantId, userId: user.user_id }, true)).rejects.toMatchObject({
      code: 'offline',
    });
    await expect(service.delete({ tenantId, userId: user.user_id })).rejects.toMatchObject({ code: 'offline' });
    await expect(reads.roles({ tenantId, userId: user.user_id })).rejects.toMatchObject({
      code: 'offline',
      message: expect.stringMatching(/Roles are not kept offline/),
    });
    expect(api.calls).toEqual([]);
    expect(cache.users.get(user.user_id)?.name).toBe(user.name);
  });

  it('with nothing cached, says so instead of showing an empty list', async () => {
    workOffline = true;
    await expect(service.list({ tenantId })).rejects.toMatchObject({
      code: 'offline',
      message: expect.stringMatching(/nothing of this tenant is cached yet/),
    });
  });

  it('a user missing from the cache is not found, offline', async () => {
    await syncedCache([makeUser()]);
    workOffline = true;
    await expect(service.get({ tenantId, userId: 'auth0|nobody' })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/not in the offline cache/),
    });
  });
});

describe('writes online', () => {
  it('an update replaces the cached user and a delete removes it', async () => {
    const [user, other] = seedBoth(2) as [User, User];
    await syncedCache([user, other]);
    await service.update({ tenantId, userId: user.user_id }, { name: 'Renamed' });
    expect(cache.users.get(user.user_id)?.name).toBe('Renamed');
    await service.setBlocked({ tenantId, userId: other.user_id }, true);
    expect(cache.users.get(other.user_id)?.blocked).toBe(true);
    await service.delete({ tenantId, userId: user.user_id });
    expect(cache.users.has(user.user_id)).toBe(false);
  });

  it('a write that gets no answer fails (not queued) and takes the tenant offline', async () => {
    const [user] = seedBoth(1) as [User];
    api.failWith = networkError();
    await expect(service.update({ tenantId, userId: user.user_id }, { name: 'x' })).rejects.toMatchObject({
      code: 'network',
    });
    expect(connectivity.isOnline(tenantId)).toBe(false);
    api.failWith = null;
    await expect(service.update({ tenantId, userId: user.user_id }, { name: 'x' })).rejects.toMatchObject({
      code: 'offline',
    });
    // The user is read first (Auth0's rules and the change history need it); nothing was written.
    expect(api.calls).toEqual(['getUser']);
  });
});
