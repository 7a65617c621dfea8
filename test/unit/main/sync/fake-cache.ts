// An in-memory UserCache (main/cache/types.ts) for unit tests of sync and the users service:
// users by id, the state the interface reports, and a record of what was asked. Its search
// knows no query language (the real one is tested against node:sqlite): it lists every user,
// sorted by a root field or a metadata path.
import type { User } from '../../../../common/auth0.ts';
import { cancelledError } from '../../../../main/auth0/cancellation.ts';
import type {
  CacheSearchArgs,
  CacheSearchResult,
  CacheState,
  FullSyncIngest,
  UserCache,
  UserCacheStore,
} from '../../../../main/cache/types.ts';

export class FakeUserCache implements UserCache {
  readonly tenantId: string;
  users = new Map<string, User>();
  syncedAt: string | null = null;
  fullSyncAt: string | null = null;
  complete = false;
  readonly searches: CacheSearchArgs[] = [];
  readonly upserts: User[][] = [];
  /** What the last full sync added, until commit or abort. */
  staged: User[] | null = null;
  aborted = 0;
  closed = false;

  constructor(tenantId: string, users: User[] = []) {
    this.tenantId = tenantId;
    for (const user of users) this.users.set(user.user_id, user);
  }

  state(): CacheState {
    return {
      userCount: this.users.size,
      fullSyncAt: this.fullSyncAt,
      syncedAt: this.syncedAt,
      complete: this.complete,
      indexing: null,
    };
  }

  search(args: CacheSearchArgs): CacheSearchResult {
    this.searches.push(args);
    let users = [...this.users.values()];
    if (args.sort) {
      const [path = '', direction] = args.sort.split(':');
      const key = (user: User) =>
        path.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], user);
      users = users.sort(
        (a, b) => String(key(a) ?? '\uffff').localeCompare(String(key(b) ?? '\uffff')) * (direction === '-1' ? -1 : 1),
      );
    }
    const start = args.page * args.perPage;
    return { users: users.slice(start, start + args.perPage), total: users.length, start, limit: args.perPage };
  }

  /** The leaf paths of the users' metadata objects (arrays walked through), sorted. */
  metadataPaths(): string[] {
    const paths = new Set<string>();
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value)) for (const item of value) walk(item, path);
      else if (value !== null && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
      } else if (value !== null && value !== undefined) paths.add(path);
    };
    for (const user of this.users.values()) {
      walk(user.app_metadata, 'app_metadata');
      walk(user.user_metadata, 'user_metadata');
    }
    return [...paths].filter((path) => path.includes('.')).sort();
  }

  get(userId: string): User | undefined {
    return this.users.get(userId);
  }

  upsert(users: readonly User[]): void {
    this.upserts.push([...users]);
    for (const user of users) this.users.set(user.user_id, user);
  }

  remove(userId: string): void {
    this.users.delete(userId);
  }

  recordIncrementalSync(syncedAt: string): void {
    this.syncedAt = syncedAt;
  }

  beginFullSync(): FullSyncIngest {
    this.staged = [];
    return {
      add: (users) => {
        if (!this.staged) throw new Error('ingest already finished');
        this.staged.push(...users);
      },
      addLines: (lines) => {
        if (!this.staged) throw new Error('ingest already finished');
        this.staged.push(...lines.map((line) => JSON.parse(Buffer.from(line).toString('utf8')) as User));
      },
      commit: async (syncedAt, options = {}) => {
        if (!this.staged) throw new Error('ingest already finished');
        // As the real cache: the sort runs in steps after turns of the event loop, which a cancel
        // stops, and each step is reported.
        for (let step = 1; step <= 2; step++) {
          await Promise.resolve();
          if (options.signal?.aborted) throw cancelledError();
          options.onProgress?.(step, 2);
        }
        this.users = new Map(this.staged.map((user) => [user.user_id, user]));
        this.staged = null;
        this.syncedAt = this.fullSyncAt = syncedAt;
        this.complete = true;
      },
      abort: () => {
        this.staged = null;
        this.aborted += 1;
      },
    };
  }

  close(): void {
    this.closed = true;
  }
}

export class FakeUserCacheStore implements UserCacheStore {
  readonly caches = new Map<string, FakeUserCache>();
  readonly forgotten: string[] = [];

  open(tenantId: string): FakeUserCache {
    let cache = this.caches.get(tenantId);
    if (!cache) this.caches.set(tenantId, (cache = new FakeUserCache(tenantId)));
    return cache;
  }

  forget(tenantId: string): void {
    this.forgotten.push(tenantId);
    this.caches.delete(tenantId);
  }

  dispose(): void {
    for (const cache of this.caches.values()) cache.close();
  }
}

let sequence = 0;
/** A user as the API returns one, with a fresh id. */
export function makeUser(overrides: Partial<User> = {}): User {
  sequence += 1;
  const hex = sequence.toString(16).padStart(24, '0');
  return {
    user_id: `auth0|${hex}`,
    email: `user${sequence}@example.com`,
    name: `User ${sequence}`,
    created_at: '2024-01-01T00:00:00.000Z',
    updated_at: '2024-06-01T00:00:00.000Z',
    identities: [{ connection: 'Username-Password-Authentication', user_id: hex, provider: 'auth0', isSocial: false }],
    ...overrides,
  };
}
