// The offline user cache's interface (issue 8): main/users and main/sync code against this;
// main/cache/sqlite-store.ts implements it on node:sqlite.
import type { User } from '../../common/auth0.ts';

export interface CacheSearchArgs {
  /** Auth0 v3 search syntax, parsed by common/query; absent or blank = every user. */
  q?: string;
  /** Auth0's `field:1` / `field:-1`, on any field including metadata paths
   *  (`app_metadata.plan:1`). Absent: Auth0's default order for the same query. */
  sort?: string;
  /** 0-based; no 1000 cap. */
  page: number;
  /** 1..1000 */
  perPage: number;
  fields?: string[];
  includeFields?: boolean;
}

export interface CacheSearchResult {
  users: User[];
  total: number;
  start: number;
  limit: number;
}

export type CacheQueryErrorCode = 'invalid_query' | 'unsupported_query';

/** Thrown by search(): `invalid_query` (the parser/checker's error, with position) or
 *  `unsupported_query` (SQL cannot answer exactly as Auth0 would: say which part). */
export class CacheQueryError extends Error {
  readonly code: CacheQueryErrorCode;
  readonly position?: { start: number; end: number };

  constructor(code: CacheQueryErrorCode, message: string, position?: { start: number; end: number }) {
    super(message);
    this.name = 'CacheQueryError';
    this.code = code;
    if (position) this.position = position;
  }
}

/** A line given to FullSyncIngest.addLines that is not a user: its index in the batch, and why. */
export class MalformedLineError extends Error {
  readonly index: number;
  readonly why: string;

  constructor(index: number, why: string) {
    super(`Line ${index} of the batch is not a user: ${why}`);
    this.name = 'MalformedLineError';
    this.index = index;
    this.why = why;
  }
}

export interface CacheState {
  userCount: number;
  /** ISO time the last full sync completed; null if never. */
  fullSyncAt: string | null;
  /** ISO time the cache was last brought up to date (full or incremental sync). */
  syncedAt: string | null;
  /** True once a full sync has completed (the cache holds the whole tenant as of syncedAt). */
  complete: boolean;
  /**
   * While a full sync's postings are being built (posting-build.ts): how far, 0 to 1; searches
   * give the same answers meanwhile, only slower. null once they are complete.
   */
  indexing: number | null;
  /** Set when that build failed or could not start: a sentence for the admin. */
  indexFailed?: string;
  /** Set when opening found a corrupt/truncated/foreign/empty/newer-version file, set it aside and
   *  started empty: a sentence for the admin, and where the old file went. */
  recovered?: { reason: string; setAsidePath: string };
}

/** A full sync in progress. The previous cache stays readable and unchanged until commit(). */
export interface FullSyncIngest {
  /** Adds one batch of users. */
  add(users: readonly User[]): void;
  /**
   * Adds one batch of an export's lines, each a user's JSON in UTF-8, stored as it is. Throws
   * MalformedLineError for the first line that is not a JSON object with a user_id; the ingest has
   * then failed, and only abort() is left.
   */
  addLines(lines: readonly Uint8Array[]): void;
  /**
   * Makes the new data the cache: users not added in this ingest are gone. Reads keep being
   * answered from the previous data until the swap; the new data's postings are built after it, in
   * the background (CacheState.indexing). `onProgress` hears the steps done of all. Rejects with
   * `cancelled` when `signal` aborts first, and when abort() is called meanwhile; either way the
   * previous cache stays as it was.
   */
  commit(
    syncedAt: string,
    options?: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
  ): Promise<void>;
  /** Drops what was added; the previous cache stays as it was. */
  abort(): void;
}

export interface UserCache {
  readonly tenantId: string;
  state(): CacheState;
  search(args: CacheSearchArgs): CacheSearchResult;
  get(userId: string): User | undefined;
  /** Write-through from online reads and writes: insert or replace whole users. */
  upsert(users: readonly User[]): void;
  remove(userId: string): void;
  /** After an incremental sync applied its upserts. */
  recordIncrementalSync(syncedAt: string): void;
  beginFullSync(): FullSyncIngest;
  /** The metadata paths the cached users hold (`app_metadata.plan.tier`), sorted. */
  metadataPaths(): string[];
  close(): void;
}

/** One per app: opens per-tenant caches (a file per tenant under `${userDataDir}/cache/`, 0600). */
export interface UserCacheStore {
  /** The same instance while open. */
  open(tenantId: string): UserCache;
  /** "Forget cached data" and tenant removal: closes and deletes the tenant's files. */
  forget(tenantId: string): void;
  dispose(): void;
}
// constructor: new SqliteUserCacheStore({ directory: string, log: Logger, clock?: Clock })
