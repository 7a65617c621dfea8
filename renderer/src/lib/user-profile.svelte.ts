// The user opened from the list: fetched by id (online, or from the offline cache), with where it
// came from, and the block / unblock action, which main refuses in words while offline.
import type { User } from '../../../common/auth0.ts';
import type { ErrorInfo } from '../../../common/result.ts';
import type { UserWithOrigin } from '../../../common/sync.ts';
import { call } from './api.ts';
import { tenantScoped } from './tenant-scope.svelte.ts';

export class UserProfileState {
  tenantId = $state<string | null>(null);
  user = $state.raw<UserWithOrigin | null>(null);
  loading = $state(false);
  error = $state<ErrorInfo | null>(null);
  /** The last action's refusal or failure, in words. */
  actionError = $state<ErrorInfo | null>(null);
  busy = $state(false);

  /** The profile without `origin`, as Auth0 returned it. */
  profile = $derived.by((): User | null => {
    if (!this.user) return null;
    const { origin: _origin, ...profile } = this.user;
    return profile;
  });

  async open(tenantId: string, userId: string): Promise<void> {
    this.tenantId = tenantId;
    this.loading = true;
    this.error = null;
    this.actionError = null;
    const result = await call('users:get', { tenantId, userId });
    if (tenantId !== this.tenantId) return;
    this.loading = false;
    if (result.ok) this.user = result.value;
    else this.error = result.error;
  }

  /** A tenant switch closes the profile; the list behind it keeps its place. */
  reset(): void {
    this.close();
  }

  close(): void {
    this.tenantId = null;
    this.user = null;
    this.error = null;
    this.actionError = null;
  }

  /** Blocks or unblocks; returns whether it happened. */
  async setBlocked(blocked: boolean): Promise<boolean> {
    const tenantId = this.tenantId;
    const userId = this.user?.user_id;
    if (!tenantId || !userId) return false;
    this.busy = true;
    this.actionError = null;
    const result = await call(blocked ? 'users:block' : 'users:unblock', { tenantId, userId });
    this.busy = false;
    if (!result.ok) {
      this.actionError = result.error;
      return false;
    }
    this.user = {
      ...result.value,
      origin: { source: 'api', syncedAt: this.user?.origin.syncedAt ?? null, complete: true },
    };
    return true;
  }
}

export const userProfile = tenantScoped(new UserProfileState());
