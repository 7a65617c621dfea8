// The app's offline caches: one SQLite file per tenant under `directory` (0700), each file 0600.
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../auth0/clock.ts';
import type { Logger } from '../log.ts';
import { removeWithSideFiles } from './cache-file.ts';
import { stagingPath } from './full-sync.ts';
import { postingScratchPath, type PostingBuildOptions } from './posting-build.ts';
import { SqliteUserCache } from './sqlite-cache.ts';
import type { TrigramBuildOptions } from './trigram-builder.ts';
import type { UserCacheStore } from './types.ts';

export interface SqliteUserCacheStoreOptions {
  directory: string;
  log: Logger;
  clock?: Pick<Clock, 'now'>;
  /** How trigram tables are built in the background (tests); defaults suit the app. */
  trigramBuild?: TrigramBuildOptions;
  /** How a full sync's postings are built in the background (tests); defaults suit the app. */
  postingBuild?: PostingBuildOptions;
}

// Tenant ids are `ten_` and 16 letters or digits (common/tenant.ts); anything else is refused
// rather than turned into a path.
const SAFE_TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class SqliteUserCacheStore implements UserCacheStore {
  readonly directory: string;
  #log: Logger;
  #now: () => number;
  #open = new Map<string, SqliteUserCache>();
  #trigramBuild: TrigramBuildOptions | undefined;
  #postingBuild: PostingBuildOptions | undefined;

  constructor(options: SqliteUserCacheStoreOptions) {
    this.directory = options.directory;
    this.#trigramBuild = options.trigramBuild;
    this.#postingBuild = options.postingBuild;
    this.#log = options.log;
    const clock = options.clock;
    this.#now = clock ? () => clock.now() : () => Date.now();
  }

  /** The file of a tenant's cache. */
  pathOf(tenantId: string): string {
    if (!SAFE_TENANT_ID.test(tenantId)) throw new Error(`Not a tenant id: ${JSON.stringify(tenantId)}`);
    return join(this.directory, `${tenantId}.sqlite`);
  }

  open(tenantId: string): SqliteUserCache {
    const existing = this.#open.get(tenantId);
    if (existing) return existing;
    const path = this.pathOf(tenantId);
    this.#ensureDirectory();
    // A full sync or an index build that a crash interrupted: their scratch files are of no use.
    // One that cannot be removed only stops the work that needs its name, which says so then.
    for (const leftover of scratchFiles(path)) {
      try {
        removeWithSideFiles(leftover);
      } catch (error) {
        this.#log.warn('could not remove a leftover scratch file of the offline cache', {
          tenantId,
          path: leftover,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    const cache = new SqliteUserCache({
      tenantId,
      path,
      log: this.#log,
      now: this.#now,
      trigramBuild: this.#trigramBuild,
      postingBuild: this.#postingBuild,
      onClose: () => {
        if (this.#open.get(tenantId) === cache) this.#open.delete(tenantId);
      },
    });
    this.#open.set(tenantId, cache);
    return cache;
  }

  forget(tenantId: string): void {
    const path = this.pathOf(tenantId);
    this.#open.get(tenantId)?.close();
    for (const file of [path, ...scratchFiles(path)]) removeWithSideFiles(file);
    // Files set aside by a recovery hold the same tenant's users.
    if (existsSync(this.directory)) {
      const prefix = `${tenantId}.sqlite.set-aside-`;
      for (const name of readdirSync(this.directory)) {
        if (name.startsWith(prefix)) rmSync(join(this.directory, name), { force: true });
      }
    }
    this.#log.info('offline cache forgotten', { tenantId });
  }

  dispose(): void {
    for (const cache of [...this.#open.values()]) cache.close();
    this.#open.clear();
  }

  #ensureDirectory(): void {
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    chmodSync(this.directory, 0o700);
  }
}

/** Files a full sync or an index build works in beside the cache (`.next.scratch`: older versions'). */
function scratchFiles(path: string): string[] {
  return [stagingPath(path), `${stagingPath(path)}.scratch`, postingScratchPath(path)];
}
