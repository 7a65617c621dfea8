// The profile's reads that the offline cache does not hold (roles, permissions, log events,
// organizations, MFA enrollments: main/users/online-reads.ts). Offline they are unknown, not
// empty: a tab says "not cached" rather than "No roles." (issue 18).
import type { ErrorInfo } from '../../../common/result.ts';

/** The read did not reach the tenant (offline, or no answer): what it asked for is unknown. */
export function notReached(error: ErrorInfo | null): boolean {
  return error !== null && (error.code === 'offline' || error.code === 'network' || error.code === 'timeout');
}

/** "Roles are not cached: …", for a tab whose data needs the tenant. */
export function notCachedWords(what: string): string {
  return `${what} are not cached offline: they show once the tenant is back online.`;
}
