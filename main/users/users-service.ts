// The users channels, online or offline (issue 8). Every read goes by one rule (read-rule.ts):
// online, writing what it read through to the tenant's cache, or from the cache. Writes go only
// online, and what they return replaces (or removes) the cached user; offline they are refused
// with `offline`, never queued. Reads the cache does not hold (roles, logs ...): online-reads.ts.
import { projectUser, type Identity, type Job, type Role, type User } from '../../common/auth0.ts';
import type { ReadOrigin, UserWithOrigin, UsersListPage } from '../../common/sync.ts';
import type {
  CreateUserBody,
  GetUserArgs,
  ListUsersArgs,
  PasswordChangeTicket,
  PasswordChangeTicketArgs,
  UnlinkIdentityArgs,
  UpdateUserBody,
} from '../../common/users.ts';
import type { FieldChange, HistoryAction } from '../../common/history.ts';
import type { ManagementApi } from '../auth0/management-api.ts';
import { CacheQueryError, type UserCache, type UserCacheStore } from '../cache/types.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { isUnreachable, type Connectivity } from '../sync/connectivity.ts';
import { callOnline, offlineReason, type ApiAccess } from '../sync/online-call.ts';
import { describeUpdate } from '../history/change-record.ts';
import type { ChangeRecorder } from '../history/history-service.ts';
import {
  describeRoleChange,
  heldRoles,
  intendedRoles,
  namesOfRoles,
  rolesOf,
  type RoleAction,
} from '../history/role-change.ts';
import { PatchCheck } from './patch-check.ts';
import { describeCreate, recordFailure, recordSuccess, type Recorded } from './write-record.ts';
import { beyondApi, chooseReadSource, DEFAULT_PER_PAGE } from './read-rule.ts';

interface UserRef {
  tenantId: string;
  userId: string;
}

export interface UsersServiceDeps {
  access: ApiAccess;
  caches: UserCacheStore;
  connectivity: Connectivity;
  log: Logger;
  /** The change history (main/history): every write is recorded, with its outcome. */
  history?: ChangeRecorder;
  now?: () => number;
}

export class UsersService {
  readonly #deps: UsersServiceDeps;
  readonly #patchCheck: PatchCheck;

  constructor(deps: UsersServiceDeps) {
    this.#deps = deps;
    this.#patchCheck = new PatchCheck(deps.now);
  }

  async list({ tenantId, prefer, ...query }: ListUsersArgs, signal?: AbortSignal): Promise<UsersListPage> {
    const cache = this.#cache(tenantId);
    const beyond = beyondApi(query);
    const { connectivity } = this.#deps;
    // "Ask Auth0 again" tries a tenant that did not answer lately at once, not at the next probe.
    const retry = prefer === 'api' && !connectivity.worksOffline(tenantId);
    const source = chooseReadSource({
      online: retry || connectivity.isOnline(tenantId),
      beyondApi: beyond !== null,
      cacheComplete: cache.state().complete,
      preferCache: prefer === 'cache',
    });
    if (source === 'api') {
      if (beyond) {
        throw new AppError(
          'invalid_argument',
          `${beyond}. Sync this tenant (Sync) to page and sort past that offline.`,
        );
      }
      try {
        const page = await this.#online(tenantId, (api) => api.listUsers(query, signal));
        // Only whole users replace cached ones: a `fields` projection would drop attributes.
        if (query.fields === undefined) this.#writeThrough(cache, () => cache.upsert(page.users));
        return { ...page, ...this.#apiOrigin(cache) };
      } catch (error) {
        if (!isUnreachable(error) || !hasData(cache)) throw error;
        // The tenant just went away: this answer, and the next ones, come from the cache.
      }
    }
    return this.#listFromCache(tenantId, cache, query);
  }

  async get({ tenantId, userId, ...query }: GetUserArgs, signal?: AbortSignal): Promise<UserWithOrigin> {
    const cache = this.#cache(tenantId);
    if (this.#deps.connectivity.isOnline(tenantId)) {
      try {
        const user = await this.#online(tenantId, (api) => api.getUser(userId, query, signal));
        if (query.fields === undefined) this.#writeThrough(cache, () => cache.upsert([user]));
        return { ...user, origin: this.#apiOrigin(cache) };
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found')
          this.#writeThrough(cache, () => cache.remove(userId));
        if (!isUnreachable(error) || !hasData(cache)) throw error;
      }
    }
    const user = cache.get(userId);
    if (!user) {
      throw new AppError(
        'not_found',
        `${this.#offlineReason(tenantId)}, and this user is not in the offline cache${cache.state().complete ? ' (it may have been deleted before the last sync)' : ''}.`,
      );
    }
    return { ...projectUser(user, query.fields, query.include_fields), origin: cacheOrigin(cache) };
  }

  create(tenantId: string, user: CreateUserBody, signal?: AbortSignal): Promise<User> {
    return this.#write(tenantId, 'create a user', async (api, cache) => {
      const changes = describeCreate(user);
      const label = user.email ?? user.phone_number ?? user.username;
      try {
        const created = await api.createUser(user, signal);
        this.#writeThrough(cache, () => cache.upsert([created]));
        recordSuccess(
          this.#deps.history,
          tenantId,
          created.user_id,
          { action: 'create', userLabel: label },
          changes,
          created.updated_at,
        );
        return created;
      } catch (error) {
        recordFailure(
          this.#deps.history,
          tenantId,
          '(not created)',
          { action: 'create', userLabel: label },
          changes,
          error,
        );
        throw error;
      }
    });
  }

  /** PATCH after Auth0's rules (refused before sending), recorded with the values before and after. */
  update(
    ref: UserRef,
    changes: UpdateUserBody,
    signal?: AbortSignal,
    options: { undoOf?: string } = {},
  ): Promise<User> {
    const recorded: Recorded = options.undoOf ? { action: 'undo', undoOf: options.undoOf } : { action: 'update' };
    return this.#patch(ref, changes, recorded, 'change a user', signal);
  }

  delete(ref: UserRef, signal?: AbortSignal): Promise<void> {
    return this.#write(ref.tenantId, 'delete a user', async (api, cache) => {
      const known = cache.get(ref.userId);
      const recorded: Recorded = { action: 'delete', userLabel: known?.email ?? known?.name };
      try {
        await api.deleteUser(ref.userId, signal);
      } catch (error) {
        recordFailure(this.#deps.history, ref.tenantId, ref.userId, recorded, [], error);
        throw error;
      }
      this.#writeThrough(cache, () => cache.remove(ref.userId));
      recordSuccess(this.#deps.history, ref.tenantId, ref.userId, recorded, []);
    });
  }

  /** The administrator's block (`blocked`), not a brute-force block. */
  setBlocked(ref: UserRef, blocked: boolean, signal?: AbortSignal): Promise<User> {
    const action = blocked ? 'block' : 'unblock';
    return this.#patch(ref, { blocked }, { action }, `${action} a user`, signal);
  }

  clearBruteForceBlocks(ref: UserRef, signal?: AbortSignal): Promise<void> {
    return this.#recordedAction(ref, 'clear-brute-force-blocks', [], 'clear brute-force blocks', (api) =>
      api.clearBruteForceBlocks(ref.userId, signal),
    );
  }

  assignRoles(ref: UserRef, roleIds: string[], signal?: AbortSignal): Promise<void> {
    return this.#roleChange(ref, 'assign-roles', roleIds, 'assign roles', signal);
  }

  removeRoles(ref: UserRef, roleIds: string[], signal?: AbortSignal): Promise<void> {
    return this.#roleChange(ref, 'remove-roles', roleIds, 'remove roles', signal);
  }

  /** Recorded by role name, with the roles held before and after (main/history/role-change.ts). */
  #roleChange(ref: UserRef, action: RoleAction, roleIds: string[], what: string, signal?: AbortSignal): Promise<void> {
    return this.#write(ref.tenantId, what, async (api, cache) => {
      const known = cache.get(ref.userId);
      const recorded: Recorded = { action, userLabel: known?.email ?? known?.name };
      const before = await heldRoles(api, ref.userId, signal);
      // Names of roles the user does not hold yet: asked only when needed, never failing the write.
      const named = async () =>
        action === 'assign-roles' && roleIds.some((id) => !before?.some((role) => role.id === id))
          ? namesOfRoles(api, roleIds)
          : new Map<string, string>();
      const describe = async (after: Role[] | undefined) => {
        const names = await named();
        const changed = { action, roles: rolesOf(roleIds, before, names) };
        return describeRoleChange(before, after ?? (before && intendedRoles(before, roleIds, action, names)), changed);
      };
      try {
        if (action === 'assign-roles') await api.assignRoles(ref.userId, roleIds, signal);
        else await api.removeRoles(ref.userId, roleIds, signal);
      } catch (error) {
        recordFailure(this.#deps.history, ref.tenantId, ref.userId, recorded, [await describe(undefined)], error);
        throw error;
      }
      // The write took effect: what Auth0 holds now is the true after, read even if the call is cancelled.
      const after = before ? await heldRoles(api, ref.userId).catch(() => undefined) : undefined;
      recordSuccess(this.#deps.history, ref.tenantId, ref.userId, recorded, [await describe(after)]);
    });
  }

  /** The secondary identity becomes a user of its own again (Auth0 docs, "Unlink user accounts"). */
  unlinkIdentity({ provider, identityUserId, ...ref }: UnlinkIdentityArgs, signal?: AbortSignal): Promise<Identity[]> {
    const changes: FieldChange[] = [{ field: 'identities', before: `${provider}|${identityUserId}` }];
    return this.#recordedAction(ref, 'unlink-identity', changes, 'unlink an identity', (api) =>
      api.unlinkIdentity(ref.userId, provider, identityUserId, signal),
    );
  }

  sendVerificationEmail(ref: UserRef, signal?: AbortSignal): Promise<Job> {
    return this.#recordedAction(ref, 'send-verification-email', [], 'send a verification email', (api) =>
      api.sendVerificationEmail(ref.userId, signal),
    );
  }

  passwordChangeTicket(
    { tenantId, userId, ...options }: PasswordChangeTicketArgs,
    signal?: AbortSignal,
  ): Promise<PasswordChangeTicket> {
    // The ticket link lets its holder set the password: it is never recorded.
    return this.#recordedAction(
      { tenantId, userId },
      'password-change-ticket',
      [],
      'create a password-change ticket',
      (api) => api.createPasswordChangeTicket({ user_id: userId, ...options }, signal),
    );
  }

  async #patch(
    ref: UserRef,
    body: UpdateUserBody,
    recorded: Recorded,
    what: string,
    signal?: AbortSignal,
  ): Promise<User> {
    this.#patchCheck.refuseWithoutUser(body);
    return this.#write(ref.tenantId, what, async (api, cache) => {
      const before = await api.getUser(ref.userId, {}, signal);
      await this.#patchCheck.refuse(api, ref.tenantId, before, body, signal);
      const label = { ...recorded, userLabel: before.email ?? before.name };
      try {
        const updated = await api.updateUser(ref.userId, body, signal);
        this.#writeThrough(cache, () => cache.upsert([updated]));
        recordSuccess(
          this.#deps.history,
          ref.tenantId,
          ref.userId,
          label,
          describeUpdate(before, updated, body),
          updated.updated_at,
        );
        return updated;
      } catch (error) {
        recordFailure(
          this.#deps.history,
          ref.tenantId,
          ref.userId,
          label,
          describeUpdate(before, undefined, body),
          error,
        );
        throw error;
      }
    });
  }

  async #recordedAction<T>(
    ref: UserRef,
    action: HistoryAction,
    changes: FieldChange[],
    what: string,
    call: (api: ManagementApi) => Promise<T>,
  ): Promise<T> {
    return this.#write(ref.tenantId, what, async (api, cache) => {
      const known = cache.get(ref.userId);
      const recorded: Recorded = { action, userLabel: known?.email ?? known?.name };
      try {
        const value = await call(api);
        recordSuccess(this.#deps.history, ref.tenantId, ref.userId, recorded, changes);
        return value;
      } catch (error) {
        recordFailure(this.#deps.history, ref.tenantId, ref.userId, recorded, changes, error);
        throw error;
      }
    });
  }

  #listFromCache(tenantId: string, cache: UserCache, query: Omit<ListUsersArgs, 'tenantId'>): UsersListPage {
    if (!hasData(cache)) {
      throw new AppError(
        'offline',
        `${this.#offlineReason(tenantId)}, and nothing of this tenant is cached yet. Sync it while online to work offline.`,
      );
    }
    try {
      const result = cache.search({
        page: query.page ?? 0,
        perPage: query.per_page || DEFAULT_PER_PAGE,
        ...(query.q?.trim() ? { q: query.q } : {}),
        ...(query.sort ? { sort: query.sort } : {}),
        ...(query.fields ? { fields: query.fields, includeFields: query.include_fields ?? true } : {}),
      });
      return { ...result, length: result.users.length, ...cacheOrigin(cache) };
    } catch (error) {
      if (error instanceof CacheQueryError) throw new AppError('invalid_argument', error.message);
      throw error;
    }
  }

  /** A write needs the tenant: offline it is refused in words, and nothing is kept to send later. */
  async #write<T>(
    tenantId: string,
    what: string,
    call: (api: ManagementApi, cache: UserCache) => Promise<T>,
  ): Promise<T> {
    const reason = this.#deps.connectivity.isOnline(tenantId) ? null : this.#offlineReason(tenantId);
    if (reason) {
      throw new AppError(
        'offline',
        `${reason}, so Roster cannot ${what} now. Nothing was changed and nothing is queued: go online and try again.`,
      );
    }
    const cache = this.#cache(tenantId);
    return this.#online(tenantId, (api) => call(api, cache));
  }

  #online<T>(tenantId: string, call: (api: ManagementApi) => Promise<T>): Promise<T> {
    return callOnline(this.#deps.access, this.#deps.connectivity, tenantId, call);
  }

  #offlineReason(tenantId: string): string {
    return offlineReason(this.#deps.access, this.#deps.connectivity, tenantId);
  }

  #cache(tenantId: string): UserCache {
    if (this.#deps.access.nameOf(tenantId) === undefined) {
      throw new AppError('not_found', 'There is no such tenant. It may have been removed.');
    }
    return this.#deps.caches.open(tenantId);
  }

  /** The cache follows the API; a cache that cannot be written never fails the admin's call. */
  #writeThrough(cache: UserCache, write: () => void): void {
    try {
      write();
    } catch (error) {
      this.#deps.log.error('write-through to the cache failed', { tenantId: cache.tenantId, error });
    }
  }

  #apiOrigin(cache: UserCache): ReadOrigin {
    const state = cache.state();
    return { source: 'api', syncedAt: state.syncedAt, complete: true, cachedUsers: state.userCount };
  }
}

function cacheOrigin(cache: UserCache): ReadOrigin {
  const state = cache.state();
  return { source: 'cache', syncedAt: state.syncedAt, complete: state.complete, cachedUsers: state.userCount };
}

function hasData(cache: UserCache): boolean {
  const state = cache.state();
  return state.complete || state.userCount > 0;
}
