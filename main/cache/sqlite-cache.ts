// One tenant's offline cache (UserCache) on a node:sqlite file. Reads never wait for a full sync:
// the sync builds its new file aside (full-sync.ts) and commit() swaps it in; its postings are then
// built in the background (posting-build.ts), searches scanning the users until they are.
import { renameSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import type { User } from '../../common/auth0.ts';
import type { Logger } from '../log.ts';
import { fsyncFile, openCacheFile } from './cache-file.ts';
import { cancelledError } from '../auth0/cancellation.ts';
import { StagedCache } from './full-sync.ts';
import { openLive, type Live } from './live-cache.ts';
import type { PostingBuildOptions } from './posting-build.ts';
import type { CacheSearchArgs, CacheSearchResult, CacheState, FullSyncIngest, UserCache } from './types.ts';
import type { TrigramBuildOptions } from './trigram-builder.ts';

/** Writes made while a full sync runs, applied again on top of the new data when it commits. */
type PendingWrite = { upsert: readonly User[] } | { remove: string };

export class SqliteUserCache implements UserCache {
  readonly tenantId: string;
  readonly path: string;
  #log: Logger;
  #now: () => number;
  #live: Live | null;
  #recovered: CacheState['recovered'];
  #ingest: { staged: StagedCache; writes: PendingWrite[] } | null = null;
  #onClose: () => void;
  #trigramBuild: TrigramBuildOptions;
  #postingBuild: PostingBuildOptions;

  constructor(options: {
    tenantId: string;
    path: string;
    log: Logger;
    now: () => number;
    onClose: () => void;
    trigramBuild?: TrigramBuildOptions;
    postingBuild?: PostingBuildOptions;
  }) {
    this.tenantId = options.tenantId;
    this.#trigramBuild = options.trigramBuild ?? {};
    this.#postingBuild = options.postingBuild ?? {};
    this.path = options.path;
    this.#log = options.log;
    this.#now = options.now;
    this.#onClose = options.onClose;
    const opened = openCacheFile(this.path, this.#now);
    if (opened.recovered) {
      this.#recovered = opened.recovered;
      this.#log.warn('offline cache set aside and started empty', {
        tenantId: this.tenantId,
        reason: opened.recovered.reason,
        setAsidePath: opened.recovered.setAsidePath,
      });
    }
    this.#live = this.#attach(opened.db);
  }

  #attach(db: DatabaseSync): Live {
    return openLive(db, {
      tenantId: this.tenantId,
      path: this.path,
      log: this.#log,
      trigramBuild: this.#trigramBuild,
      postingBuild: this.#postingBuild,
    });
  }

  #open(): Live {
    if (!this.#live) throw new Error(`The offline cache of ${this.tenantId} is closed`);
    return this.#live;
  }

  state(): CacheState {
    const live = this.#open();
    const meta = new Map(
      (live.db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((row) => [
        row.key,
        row.value,
      ]),
    );
    const state: CacheState = {
      userCount: live.userCount,
      fullSyncAt: meta.get('fullSyncAt') ?? null,
      syncedAt: meta.get('syncedAt') ?? null,
      complete: meta.get('complete') === 'true',
      indexing: live.indexed ? null : (live.postings?.progress() ?? 0),
    };
    if (this.#recovered) state.recovered = this.#recovered;
    if (!live.indexed && (live.postings === null || live.postings.failed)) {
      state.indexFailed =
        'The search index of the cached users could not be built (the log says why): searches read every ' +
        'cached user instead, with the same answers, more slowly. It is built again the next time this cache opens.';
    }
    return state;
  }

  /** Resolves once neither the postings nor a trigram table are being built (tests and the benchmark wait on it). */
  async whenIdle(): Promise<void> {
    await this.#live?.postings?.whenIdle();
    await this.#live?.builder.whenIdle();
  }

  metadataPaths(): string[] {
    const live = this.#open();
    // While the postings are built: the paths found so far.
    if (!live.indexed) return live.catalog.paths();
    // A path stays interned once its last holder is rewritten without it (until the next full
    // sync): offer only the paths some cached user still holds, one index probe each.
    const held = live.db.prepare('SELECT 1 FROM postings WHERE f = ? LIMIT 1');
    return live.catalog.paths().filter((path) => held.get(live.catalog.metadataId(path) as number) !== undefined);
  }

  search(args: CacheSearchArgs): CacheSearchResult {
    return this.#open().searcher.search(args);
  }

  get(userId: string): User | undefined {
    const row = this.#open().db.prepare('SELECT doc FROM users WHERE user_id = ?').get(userId) as
      { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as User) : undefined;
  }

  upsert(users: readonly User[]): void {
    if (users.length === 0) return;
    const live = this.#open();
    this.#transaction(live, () => {
      for (const user of users) live.userCount += live.writer.upsert(user);
    });
    this.#ingest?.writes.push({ upsert: users });
  }

  remove(userId: string): void {
    const live = this.#open();
    let removed = 0;
    this.#transaction(live, () => {
      removed = live.writer.remove(userId);
      live.userCount -= removed;
    });
    this.#ingest?.writes.push({ remove: userId });
    // secure_delete (cache-file.ts) zeroed the user's bytes in the pages this write made, but the
    // WAL's earlier frames still hold those pages as they were: copied into the file and the WAL
    // emptied, no trace is left. One connection, so nothing holds the checkpoint back.
    if (removed > 0) live.db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
  }

  recordIncrementalSync(syncedAt: string): void {
    const live = this.#open();
    live.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('syncedAt', ?)").run(syncedAt);
  }

  beginFullSync(): FullSyncIngest {
    this.#open();
    if (this.#ingest) throw new Error('A full sync of this cache is already running');
    const ingest = { staged: new StagedCache(this.path), writes: [] as PendingWrite[] };
    this.#ingest = ingest;
    let finished = false;
    let committing = false;
    const end = () => {
      finished = true;
      if (this.#ingest === ingest) this.#ingest = null;
    };
    return {
      add: (users) => {
        if (finished || committing) throw new Error('This full sync has already ended');
        ingest.staged.add(users);
      },
      addLines: (lines) => {
        if (finished || committing) throw new Error('This full sync has already ended');
        ingest.staged.addLines(lines);
      },
      commit: async (syncedAt, options = {}) => {
        if (finished || committing) throw new Error('This full sync has already ended');
        committing = true;
        // Writes made while the user_id index is built are still recorded (#ingest) and replayed
        // on the new data; an abort() or close() meanwhile stops before the swap.
        const stopped = () =>
          options.signal?.aborted ? cancelledError() : finished ? new Error('This full sync was aborted') : null;
        try {
          await ingest.staged.finish(
            { fullSyncAt: syncedAt, syncedAt, complete: 'true' },
            { stopped, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
          );
        } catch (error) {
          end();
          ingest.staged.discard();
          throw error;
        }
        if (finished) {
          // Aborted (or the cache closed) once the file was finished: nothing is swapped in.
          ingest.staged.discard();
          throw new Error('This full sync was aborted');
        }
        // Ended first: the writes replayed by the swap must not be recorded for replay again.
        // From here to the replay nothing awaits, so no write can fall between the two.
        end();
        try {
          this.#swapIn(ingest.staged, ingest.writes);
        } catch (error) {
          ingest.staged.discard();
          throw error;
        }
      },
      abort: () => {
        if (finished) return;
        end();
        ingest.staged.discard();
      },
    };
  }

  #swapIn(staged: StagedCache, writes: PendingWrite[]): void {
    fsyncFile(staged.path);
    // Closing the live connection checkpoints and removes its WAL, so no WAL of the old database
    // can be replayed into the new file after the rename. The new file starts with no trigram
    // tables: the old file's builds stop with it.
    const old = this.#open();
    old.builder.stop();
    old.postings?.stop();
    old.db.close();
    this.#live = null;
    let renamed = false;
    try {
      renameSync(staged.path, this.path);
      renamed = true;
      this.#recovered = undefined;
    } finally {
      // The new file after the rename; the previous one, untouched, if it failed.
      this.#live = this.#attach(openCacheFile(this.path, this.#now, renamed).db);
    }
    for (const write of writes) {
      if ('upsert' in write) this.upsert(write.upsert);
      else this.remove(write.remove);
    }
    this.#log.info('offline cache replaced by a full sync', { tenantId: this.tenantId, users: this.#live.userCount });
  }

  #transaction(live: Live, run: () => void): void {
    // The searcher's row sets are copies of the rows about to change (committed or rolled back).
    live.searcher.invalidate();
    live.written.length = 0;
    live.db.exec('BEGIN IMMEDIATE');
    try {
      run();
      live.db.exec('COMMIT');
      live.postings?.touched(live.written);
    } catch (error) {
      live.db.exec('ROLLBACK');
      live.searcher.invalidate();
      live.catalog.reload(live.db);
      live.trigrams.reload();
      const count = live.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number };
      live.userCount = Number(count.n);
      throw error;
    }
  }

  close(): void {
    if (this.#ingest) {
      this.#ingest.staged.discard();
      this.#ingest = null;
    }
    if (this.#live) {
      this.#live.builder.stop();
      this.#live.postings?.stop();
      this.#live.db.close();
      this.#live = null;
      this.#onClose();
    }
  }
}
