// The live file of a tenant's cache and what works on it: the metadata catalog, the trigram
// tables and their builder, the writer, the searcher, and, while a full sync's postings are not
// complete, their build (posting-build.ts). sqlite-cache.ts opens one on the file it holds, and
// again on the new file a full sync swaps in.
import type { DatabaseSync } from 'node:sqlite';
import type { Logger } from '../log.ts';
import { MetadataCatalog } from './catalog.ts';
import { isIndexPending, PostingBuild, type PostingBuildOptions } from './posting-build.ts';
import type { FieldCatalog } from './query-sql.ts';
import { CacheSearcher } from './search.ts';
import { TrigramBuilder, type TrigramBuildOptions } from './trigram-builder.ts';
import { tableName, TrigramIndexes } from './trigrams.ts';
import { LiveUserWriter } from './user-writer.ts';

export interface Live {
  db: DatabaseSync;
  catalog: MetadataCatalog;
  trigrams: TrigramIndexes;
  builder: TrigramBuilder;
  writer: LiveUserWriter;
  searcher: CacheSearcher;
  userCount: number;
  /** Whether the postings are complete; until then searches scan (scan-search.ts). */
  indexed: boolean;
  /** The build of the postings, while they are not complete (null when it could not start). */
  postings: PostingBuild | null;
  /** Row ids written by the transaction in progress (the posting build leaves them out). */
  written: number[];
}

export interface LiveOptions {
  tenantId: string;
  /** The live file's path (the posting build's scratch file goes beside it). */
  path: string;
  log: Logger;
  trigramBuild: TrigramBuildOptions;
  postingBuild: PostingBuildOptions;
}

export function openLive(db: DatabaseSync, options: LiveOptions): Live {
  const catalog = new MetadataCatalog(db);
  const trigrams = new TrigramIndexes(db, (message, error) =>
    options.log.warn(message, {
      tenantId: options.tenantId,
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  const builder = new TrigramBuilder(trigrams, options.log, options.tenantId, options.trigramBuild);
  const pending = isIndexPending(db);
  // Builds that closing the app (or a crash) interrupted carry on from where they stopped. None
  // can exist while the postings they read from are pending (no search asks for one then).
  if (!pending) builder.resume();
  const count = db.prepare('SELECT count(*) AS n FROM users').get() as { n: number };
  const written: number[] = [];
  const live: Live = {
    db,
    catalog,
    trigrams,
    builder,
    writer: new LiveUserWriter(db, catalog, trigrams, (rid) => written.push(rid)),
    searcher: new CacheSearcher(db, searchCatalog(catalog, builder), () => live.indexed),
    userCount: Number(count.n),
    indexed: !pending,
    postings: null,
    written,
  };
  if (pending) live.postings = startPostingBuild(live, options);
  return live;
}

function startPostingBuild(live: Live, options: LiveOptions): PostingBuild | null {
  try {
    return new PostingBuild({
      db: live.db,
      catalog: live.catalog,
      livePath: options.path,
      log: options.log,
      tenantId: options.tenantId,
      build: options.postingBuild,
      onDone: () => {
        live.indexed = true;
        live.postings = null;
        live.searcher.invalidate();
      },
    });
  } catch (error) {
    // Searches keep scanning (the same answers, slower); the next open tries again.
    options.log.warn('could not start building the offline index; searches scan the cached users', {
      tenantId: options.tenantId,
      error: error instanceof Error ? error.message : String(error),
    });
    return null;
  }
}

/** The catalog a search compiles with: the metadata paths, and the complete trigram tables. */
function searchCatalog(catalog: MetadataCatalog, builder: TrigramBuilder): FieldCatalog {
  return {
    metadataId: (path) => catalog.metadataId(path),
    metadataIdsUnder: (path) => catalog.metadataIdsUnder(path),
    isMultiValued: (id) => catalog.isMultiValued(id),
    // Until the table is complete (the first ask starts its build) the search scans the values.
    trigramTable: (id) => (builder.request(id) ? tableName(id) : null),
  };
}
