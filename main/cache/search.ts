// One search over the cache: the query's row ids (query-sql.ts), counted, sorted and paged, then
// the page's users read back as Auth0 returned them. No 1000 cap: any page of any query. While a
// full sync's new copy is still being indexed, the same answers come from a scan (scan-search.ts).
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { projectUser, type User } from '../../common/auth0.ts';
import { analyzeQuery, parseCacheSort, SortError, type CacheSortSpec, type Query } from '../../common/query/index.ts';
import { PROFILE_FIELD_IDS } from './postings.ts';
import { MatchSets } from './match-sets.ts';
import { SortOrders } from './sort-orders.ts';
import { compileQueryPlan, EVERYONE_PLAN, type FieldCatalog } from './query-sql.ts';
import { scanMatches } from './scan-search.ts';
import type { RowSet } from './row-set.ts';
import { CacheQueryError, type CacheSearchArgs, type CacheSearchResult } from './types.ts';

/** Scans kept: a few pages' worth of memory (0.8 MB for an answer of 100k users). */
const KEPT_SCANS = 4;

export class CacheSearcher {
  #db: DatabaseSync;
  #catalog: FieldCatalog;
  #statements = new Map<string, StatementSync>();
  #sets: MatchSets;
  #orders: SortOrders;
  #indexed: () => boolean;
  /** The last few scans' rows, by query and sort: paging through one answer scans once. */
  #scans = new Map<string, number[]>();

  /** `indexed`: whether the postings are complete (posting-build.ts); until then searches scan. */
  constructor(db: DatabaseSync, catalog: FieldCatalog, indexed: () => boolean = () => true) {
    this.#db = db;
    this.#catalog = catalog;
    this.#indexed = indexed;
    this.#sets = new MatchSets(db, (sql) => this.#statement(sql));
    this.#orders = new SortOrders(db, (field) => catalog.isMultiValued(field));
  }

  /** Every write to the cache calls this: the kept row sets and sort orders no longer hold. */
  invalidate(): void {
    this.#sets.invalidate();
    this.#orders.invalidate();
    this.#scans.clear();
  }

  search(args: CacheSearchArgs): CacheSearchResult {
    const { page, perPage } = args;
    if (!Number.isInteger(page) || page < 0) throw new RangeError('page must be a whole number from 0');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 1000) throw new RangeError('perPage must be 1 to 1000');
    const query = parseQueryText(args.q);
    const sort = parseSortText(args.sort);
    if (!this.#indexed()) return this.#scan(args, query, sort);
    const plan = query ? compileQueryPlan(query, this.#catalog, args.q as string) : EVERYONE_PLAN;
    const matches = this.#sets.of(plan);
    const start = page * perPage;
    const total = matches.count();
    const rids =
      start >= total ? [] : sort ? this.#sortedPage(matches, sort, start, perPage) : matches.ascending(start, perPage);
    const users = this.#documents(rids).map((user) => projectUser(user, args.fields, args.includeFields));
    return { users, total, start, limit: perPage };
  }

  #scan(args: CacheSearchArgs, query: Query | null, sort: CacheSortSpec | null): CacheSearchResult {
    // Compiled only for its refusals (organization_id), so that a query is refused alike before
    // and after the index is built; with no trigram tables, so that none is started meanwhile.
    if (query) {
      const catalog = this.#catalog;
      const withoutTrigrams: FieldCatalog = {
        metadataId: (path) => catalog.metadataId(path),
        metadataIdsUnder: (path) => catalog.metadataIdsUnder(path),
        isMultiValued: (id) => catalog.isMultiValued(id),
      };
      compileQueryPlan(query, withoutTrigrams, args.q as string);
    }
    const { page, perPage } = args;
    const key = `${args.q ?? ''}\u0000${args.sort ?? ''}`;
    let rids = this.#scans.get(key);
    if (rids) this.#scans.delete(key);
    else rids = scanMatches(this.#db, query, sort);
    // Most recently used last: the oldest is dropped first.
    this.#scans.set(key, rids);
    if (this.#scans.size > KEPT_SCANS) this.#scans.delete(this.#scans.keys().next().value as string);
    const start = page * perPage;
    const users = this.#documents(rids.slice(start, start + perPage)).map((user) =>
      projectUser(user, args.fields, args.includeFields),
    );
    return { users, total: rids.length, start, limit: perPage };
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      try {
        statement = this.#db.prepare(sql);
      } catch (error) {
        // SQLite caps the terms of one compound select (500): a query of that many clauses.
        if (
          error instanceof Error &&
          /too many terms|too many columns|Expression tree is too large/.test(error.message)
        ) {
          throw new CacheQueryError(
            'unsupported_query',
            'This query has too many terms to search offline: split it into smaller searches',
          );
        }
        throw error;
      }
      if (this.#statements.size > 200) this.#statements.clear();
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Text sorts in SQLite's order, by UTF-8 bytes, which is also how Elasticsearch (and so Auth0)
   * orders keyword values; it differs from JavaScript's UTF-16 order (the emulator's) only between
   * characters beyond U+FFFF and those from U+E000 to U+FFFF.
   *
   * The matching users holding the sort field in its order (sort-orders.ts), then those without
   * it, in input order.
   */
  #sortedPage(matches: RowSet, sort: CacheSortSpec, start: number, limit: number): number[] {
    const field = this.#sortFieldId(sort);
    const wanted = start + limit;
    const ordered = field === undefined ? [] : this.#orders.firstMatches(field, sort.direction === 1, matches, wanted);
    if (ordered.length < wanted) {
      const without = field === undefined ? matches : matches.andNot(this.#sets.rows(fieldRows(field), []));
      for (const rid of without.ascending(0, wanted - ordered.length)) ordered.push(rid);
    }
    return ordered.slice(start, wanted);
  }

  #sortFieldId(sort: CacheSortSpec): number | undefined {
    if (sort.target.type === 'profile') return PROFILE_FIELD_IDS.get(sort.target.field.name);
    return this.#catalog.metadataId(sort.name);
  }

  #documents(rids: readonly number[]): User[] {
    if (rids.length === 0) return [];
    const rows = this.#statement(`SELECT rid, doc FROM users WHERE rid IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(rids),
    ) as { rid: number; doc: string }[];
    const byRid = new Map(rows.map((row) => [row.rid, row.doc]));
    return rids.map((rid) => JSON.parse(byRid.get(rid) as string) as User);
  }
}

function fieldRows(field: number): string {
  return `SELECT rid FROM postings WHERE f = ${field}`;
}

function parseQueryText(q: string | undefined): Query | null {
  if (q === undefined || q.trim() === '') return null;
  const analysis = analyzeQuery(q);
  if (!analysis.ok) {
    const { message, position, end } = analysis.error;
    throw new CacheQueryError('invalid_query', message, { start: position, end: end ?? position + 1 });
  }
  return analysis.query;
}

function parseSortText(sort: string | undefined): CacheSortSpec | null {
  if (sort === undefined || sort === '') return null;
  try {
    return parseCacheSort(sort);
  } catch (error) {
    if (error instanceof SortError) throw new CacheQueryError('invalid_query', error.message);
    throw error;
  }
}
