// The user profile (issue 10): the user opened from the list, the tenant's connections (for the
// rules that enable a field), saves with conflict detection and the one-click actions. A save
// reads the user again first; if updated_at moved since it was loaded, nothing is sent and the
// conflict (the server's changes beside the admin's) waits for reload, merge or overwrite.
import type { Identity, User } from '../../../common/auth0.ts';
import { connectionFactsOf, type ConnectionFacts } from '../../../common/patch-rules.ts';
import type { ErrorInfo } from '../../../common/result.ts';
import type { ReadOrigin, UserWithOrigin } from '../../../common/sync.ts';
import type { UpdateUserBody } from '../../../common/users.ts';
import { call } from './api.ts';
import { Notice } from './notice.svelte.ts';
import { bodyFields, userDifferences, type Difference } from './profile-diff.ts';
import { sync } from './sync.svelte.ts';
import { tenantScoped } from './tenant-scope.svelte.ts';

export type ProfileTab = 'details' | 'attributes' | 'metadata' | 'roles' | 'permissions' | 'logs' | 'raw';

export interface Conflict {
  server: User;
  serverChanges: Difference[];
  /** The fields the admin's save changes. */
  mine: string[];
  body: UpdateUserBody;
  /** The body that makes the server hold exactly the admin's draft (overwriting their changes). */
  overwrite: UpdateUserBody | null;
}

export class ProfileState {
  tenantId = $state<string | null>(null);
  user = $state.raw<UserWithOrigin | null>(null);
  loading = $state(false);
  error = $state<ErrorInfo | null>(null);
  tab = $state<ProfileTab>('details');
  /**
   * The last action's outcome in words: the profile's one notice, for this user and this tab only
   * (a "Saved." on Edit attributes is gone on Metadata; another user or tenant never sees it).
   */
  readonly notice = new Notice(() => [this.tenantId, this.user?.user_id, this.tab], 'action-notice');
  actionError = $state<ErrorInfo | null>(null);
  busy = $state(false);
  conflict = $state.raw<Conflict | null>(null);
  /** The tenant's connections by name; null until known (or when read:connections is missing). */
  connections = $state.raw<Record<string, ConnectionFacts> | null>(null);
  /** The last password-change ticket link, shown once to copy; never stored. */
  ticket = $state<string | null>(null);
  /** The editors holding unsaved changes, by name (issue 18: leaving asks before a draft is lost). */
  drafts = $state<Record<string, boolean>>({});
  /** Told after every change that reached Auth0 (the list and the Changes panel refresh). */
  onchanged: () => void = () => undefined;

  /** The profile without `origin`, as Auth0 returned it. */
  profile = $derived.by((): User | null => {
    if (!this.user) return null;
    const { origin: _origin, ...profile } = this.user;
    return profile;
  });

  /**
   * Why nothing can be changed now, or null: the tenant is offline (or the admin works offline),
   * or this user was read from the cache. Every write is disabled with this reason instead of
   * failing after a click; nothing is queued (main refuses offline writes with `offline`).
   */
  offline = $derived.by((): string | null => {
    if (!this.user) return null;
    const status = sync.status?.tenantId === this.tenantId ? sync.status : null;
    if (this.user.origin.source !== 'cache' && (status?.online ?? true)) return null;
    return status?.workOffline
      ? 'Offline: you chose to work offline with this tenant. Changes need it online; nothing is queued to send later.'
      : 'Offline: the tenant does not answer. Changes need it online; nothing is queued to send later. Roster goes back online as soon as it answers.';
  });

  reset(_tenantId: string | null): void {
    this.close();
    this.connections = null;
  }

  connectionOf = (name: string): ConnectionFacts | undefined => this.connections?.[name];

  /** Whether an editor holds changes that leaving the profile would lose. */
  get hasDraft(): boolean {
    return Object.values(this.drafts).some(Boolean);
  }

  async open(tenantId: string, userId: string, options: { keepTab?: boolean } = {}): Promise<void> {
    const switched = tenantId !== this.tenantId;
    const tab = options.keepTab ? this.tab : 'details';
    this.tenantId = tenantId;
    this.loading = true;
    this.error = null;
    this.notice.clear();
    this.actionError = null;
    this.conflict = null;
    this.ticket = null;
    this.tab = tab;
    if (switched || !this.connections) void this.#loadConnections(tenantId);
    const result = await call('users:get', { tenantId, userId });
    if (tenantId !== this.tenantId) return;
    this.loading = false;
    if (result.ok) this.user = result.value;
    else this.error = result.error;
  }

  close(): void {
    this.drafts = {};
    this.tenantId = null;
    this.user = null;
    this.error = null;
    this.notice.clear();
    this.actionError = null;
    this.conflict = null;
    this.ticket = null;
  }

  async reload(): Promise<void> {
    if (this.tenantId && this.user) await this.open(this.tenantId, this.user.user_id);
  }

  /** Back online, or synced: a user shown from the cache is asked of the tenant again, on the same tab. */
  async refreshFromTenant(): Promise<void> {
    if (this.tenantId && this.user?.origin.source === 'cache' && !this.busy)
      await this.open(this.tenantId, this.user.user_id, { keepTab: true });
  }

  /**
   * Saves after the conflict check. `rebase` gives, for a newer server user, the body that makes
   * it hold the admin's whole draft (used by "overwrite"). Returns whether Auth0 took the change.
   */
  async save(body: UpdateUserBody, rebase?: (server: User) => UpdateUserBody | null): Promise<boolean> {
    const tenantId = this.tenantId;
    const loaded = this.profile;
    if (!tenantId || !loaded) return false;
    this.#begin();
    const fresh = await call('users:get', { tenantId, userId: loaded.user_id });
    if (!fresh.ok) return this.#fail(fresh.error);
    const { origin: _origin, ...server } = fresh.value;
    if (fresh.value.origin.source === 'api' && server.updated_at !== loaded.updated_at) {
      this.conflict = {
        server,
        serverChanges: userDifferences(loaded, server),
        mine: bodyFields(body),
        body,
        overwrite: rebase ? rebase(server) : body,
      };
      this.busy = false;
      return false;
    }
    return this.#send(tenantId, loaded.user_id, body);
  }

  /** The admin's answer to a conflict. */
  async resolve(choice: 'reload' | 'merge' | 'overwrite' | 'cancel'): Promise<boolean> {
    const conflict = this.conflict;
    const tenantId = this.tenantId;
    if (!conflict || !tenantId) return false;
    this.conflict = null;
    if (choice === 'cancel') return false;
    this.user = {
      ...conflict.server,
      origin: { ...this.#origin(), source: 'api', complete: true },
    };
    if (choice === 'reload') {
      this.notice.show('Reloaded the user as Auth0 holds it now; your edit was set aside.');
      return false;
    }
    // Merge sends only the admin's changed keys on top of the server's version; overwrite sends the whole draft.
    const body = choice === 'merge' ? conflict.body : (conflict.overwrite ?? conflict.body);
    this.#begin();
    return this.#send(tenantId, conflict.server.user_id, body);
  }

  setBlocked(blocked: boolean): Promise<boolean> {
    return this.#act(blocked ? 'users:block' : 'users:unblock', blocked ? 'Blocked.' : 'Unblocked.', true);
  }

  sendVerificationEmail(): Promise<boolean> {
    return this.#act(
      'users:send-verification-email',
      'A verification email is on its way (Auth0 sends it in a job).',
      false,
    );
  }

  clearBruteForceBlocks(): Promise<boolean> {
    return this.#act(
      'users:clear-brute-force-blocks',
      'Brute-force blocks cleared: the user can sign in from those addresses again.',
      false,
    );
  }

  async passwordChangeTicket(): Promise<boolean> {
    const ref = this.#ref();
    if (!ref) return false;
    this.#begin();
    const result = await call('users:password-change-ticket', ref);
    if (!result.ok) return this.#fail(result.error);
    this.busy = false;
    this.ticket = result.value.ticket;
    this.notice.show('Password-change ticket created. Copy the link and send it to the user; it works for five days.');
    this.onchanged();
    return true;
  }

  /** Unlinks a linked identity; the profile is read again to show what remains. */
  async unlink(identity: Identity): Promise<boolean> {
    const ref = this.#ref();
    if (!ref) return false;
    this.#begin();
    const result = await call('users:unlink-identity', {
      ...ref,
      provider: identity.provider,
      identityUserId: identity.user_id,
    });
    if (!result.ok) return this.#fail(result.error);
    this.busy = false;
    this.onchanged();
    await this.reload();
    this.notice.show(`Unlinked ${identity.connection}: it is a user of its own again.`);
    return true;
  }

  async remove(): Promise<boolean> {
    const ref = this.#ref();
    if (!ref) return false;
    this.#begin();
    const result = await call('users:delete', ref);
    if (!result.ok) return this.#fail(result.error);
    this.busy = false;
    this.onchanged();
    this.close();
    return true;
  }

  async #send(tenantId: string, userId: string, body: UpdateUserBody): Promise<boolean> {
    const result = await call('users:update', { tenantId, userId, changes: body });
    if (!result.ok) return this.#fail(result.error);
    this.busy = false;
    this.user = {
      ...result.value,
      origin: { ...this.#origin(), source: 'api', complete: true },
    };
    this.notice.show('Saved.');
    this.onchanged();
    return true;
  }

  async #act(
    channel: 'users:block' | 'users:unblock' | 'users:send-verification-email' | 'users:clear-brute-force-blocks',
    done: string,
    returnsUser: boolean,
  ): Promise<boolean> {
    const ref = this.#ref();
    if (!ref) return false;
    this.#begin();
    const result = await call(channel, ref);
    if (!result.ok) return this.#fail(result.error);
    this.busy = false;
    if (returnsUser && result.value && typeof result.value === 'object' && 'user_id' in result.value) {
      this.user = {
        ...(result.value as User),
        origin: { ...this.#origin(), source: 'api', complete: true },
      };
    }
    this.notice.show(done);
    this.onchanged();
    return true;
  }

  /** What the loaded user's answer said of the cache (an answer from Auth0 after a write keeps it). */
  #origin(): ReadOrigin {
    return this.user?.origin ?? { source: 'api', syncedAt: null, complete: true, cachedUsers: 0 };
  }

  #ref(): { tenantId: string; userId: string } | null {
    return this.tenantId && this.user ? { tenantId: this.tenantId, userId: this.user.user_id } : null;
  }

  #begin(): void {
    this.busy = true;
    this.notice.clear();
    this.actionError = null;
  }

  #fail(error: ErrorInfo): false {
    this.busy = false;
    this.actionError = error;
    return false;
  }

  async #loadConnections(tenantId: string): Promise<void> {
    const result = await call('connections:list', { tenantId });
    if (tenantId !== this.tenantId) return;
    this.connections = result.ok
      ? Object.fromEntries(result.value.map((connection) => [connection.name, connectionFactsOf(connection)]))
      : null;
  }
}

export const profile = tenantScoped(new ProfileState());
