// The one sentence about a tenant's reach and cache that every place shows: the sync bar's badge
// and summary, the list's caption and its partial-answer banner, the profile's origin line and the
// sidebar's health dot (issue 18). One function, so that no two places can tell two stories (a
// badge saying "nothing cached" beside "369 users cached").
import type { ReadOrigin } from '../../../common/sync.ts';

/** What the cache holds: a full copy (a full sync committed), users seen while browsing, or none. */
export interface CacheFacts {
  complete: boolean;
  userCount: number;
  syncedAt: string | null;
}

/**
 * online: reads go to Auth0. offline: the host did not answer. working-offline: the admin chose
 * it. failing: the host answers, but with errors (credentials refused, a failed connection test).
 */
export type Reach = 'online' | 'offline' | 'working-offline' | 'failing';

export type CacheKind = 'full' | 'partial' | 'empty';

export interface Health {
  reach: Reach;
  cache: CacheKind;
  /** "Online", "Offline", "Working offline", "Failing". */
  reachWords: string;
  /** The cache's state as a phrase that can start a sentence. */
  cacheWords: string;
  /** Both: what the sidebar's tooltip and the status line say. */
  sentence: string;
  /** A few words for the sidebar's line: "Offline · partial cache". */
  short: string;
}

const CACHE_SHORT: Record<CacheKind, string> = { full: 'synced', partial: 'partial cache', empty: 'not synced' };

const REACH_WORDS: Record<Reach, string> = {
  online: 'Online',
  offline: 'Offline',
  'working-offline': 'Working offline',
  failing: 'Failing',
};

export function cacheKind(cache: CacheFacts): CacheKind {
  if (cache.complete) return 'full';
  return cache.userCount > 0 ? 'partial' : 'empty';
}

/** When, in the admin's locale. */
export function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

/** The cache's state in words: complete and when, partial (only users seen while browsing), or empty. */
export function describeCache(cache: CacheFacts): string {
  const users = `${cache.userCount.toLocaleString()} ${cache.userCount === 1 ? 'user' : 'users'}`;
  const synced = cache.syncedAt ? `last synced ${when(cache.syncedAt)}` : 'never synced';
  switch (cacheKind(cache)) {
    case 'full':
      return `${users} cached · synced fully ${cache.syncedAt ? when(cache.syncedAt) : ''}`.trimEnd();
    case 'partial':
      return `Partial cache: only the ${users} seen while browsing · ${synced}`;
    case 'empty':
      return `Nothing cached · ${synced}`;
  }
}

export function describeTenant(reach: Reach, cache: CacheFacts): Health {
  const reachWords = REACH_WORDS[reach];
  const cacheWords = describeCache(cache);
  const kind = cacheKind(cache);
  return {
    reach,
    cache: kind,
    reachWords,
    cacheWords,
    sentence: `${reachWords} · ${cacheWords}`,
    short: `${reachWords} · ${CACHE_SHORT[kind]}`,
  };
}

/** The reach of a tenant from main's status and what the window saw fail. */
export function reachOf(
  status: { online: boolean; reachable: boolean; workOffline: boolean },
  failing: boolean,
): Reach {
  if (status.workOffline) return 'working-offline';
  if (!status.reachable) return 'offline';
  return failing ? 'failing' : 'online';
}

/** Where an answer came from, for the list's caption and the profile: Auth0, or the cache and its state. */
export function describeOrigin(origin: ReadOrigin): string {
  if (origin.source === 'api') return 'from Auth0';
  return `from the offline cache (${lowerFirst(describeCache(cacheOf(origin)))})`;
}

/** An answer from a cache that holds only the users seen while browsing: Auth0 may hold more. */
export function isPartial(origin: ReadOrigin): boolean {
  return origin.source === 'cache' && !origin.complete;
}

export function cacheOf(origin: ReadOrigin): CacheFacts {
  return { complete: origin.complete, userCount: origin.cachedUsers, syncedAt: origin.syncedAt };
}

export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
