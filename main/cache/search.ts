// One search over the cache: the query's row ids (query-sql.ts), counted, sorted and paged, then
// the page's users read back as Auth0 returned them. No 1000 cap: any page of any query.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { User } from '../../common/auth0.ts';
import { analyzeQuery, parseCacheSort, SortError, type CacheSortSpec, type Query } from '../../common/query/index.ts';
import { PROFILE_FIELD_IDS } from './postings.ts';
import { compileQuerySql, type FieldCatalog, type SqlParam } from './query-sql.ts';
import { CacheQueryError, type CacheSearchArgs, type CacheSearchResult } from './types.ts';

export class CacheSearcher {
  #db: DatabaseSync;
  #catalog: FieldCatalog;
  #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, catalog: FieldCatalog) {
    this.#db = db;
    this.#catalog = catalog;
  }

  search(args: CacheSearchArgs): CacheSearchResult {
    const { page, perPage } = args;
    if (!Number.isInteger(page) || page < 0) throw new RangeError('page must be a whole number from 0');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 1000) throw new RangeError('perPage must be 1 to 1000');
    const query = parseQueryText(args.q);
    const sort = parseSortText(args.sort);
    const matching = query
      ? compileQuerySql(query, this.#catalog, args.q as string)
      : { sql: 'SELECT rid FROM users', params: [] };
    const start = page * perPage;
    const total = this.#count(matching.sql, matching.params);
    const rids =
      start >= total
        ? []
        : sort
          ? this.#sortedPage(matching.sql, matching.params, sort, start, perPage)
          : this.#page(matching.sql, matching.params, start, perPage);
    const users = this.#documents(rids).map((user) => project(user, args.fields, args.includeFields));
    return { users, total, start, limit: perPage };
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

  #count(sql: string, params: SqlParam[]): number {
    const row = this.#statement(`SELECT count(*) AS n FROM (${sql})`).get(...params) as { n: number };
    return Number(row.n);
  }

  #page(sql: string, params: SqlParam[], start: number, limit: number): number[] {
    const rows = this.#statement(`SELECT rid FROM (${sql}) ORDER BY rid LIMIT ? OFFSET ?`).all(
      ...params,
      limit,
      start,
    ) as { rid: number }[];
    return rows.map((row) => row.rid);
  }

  /**
   * Walks the sort field's postings in value order (ascending: a user's first posting is its
   * smallest value; descending: its largest, as common/query's sortKey), keeping matching users
   * once each; ties in input order; then the matching users without the field, in input order.
   */
  #sortedPage(sql: string, params: SqlParam[], sort: CacheSortSpec, start: number, limit: number): number[] {
    const field = this.#sortFieldId(sort);
    const wanted = start + limit;
    const ordered: number[] = [];
    const seen = new Set<number>();
    if (field !== undefined) {
      const direction = sort.direction === 1 ? 'ASC' : 'DESC';
      const walk = this.#statement(
        `SELECT p.rid AS rid, p.v AS v FROM postings p WHERE p.f = ? AND p.rid IN (${sql}) ORDER BY p.v ${direction}`,
      );
      walk.setReturnArrays(true);
      let group: number[] = [];
      let groupValue: unknown = undefined;
      const flush = () => {
        group.sort((a, b) => a - b);
        for (const rid of group) ordered.push(rid);
        group = [];
      };
      for (const row of walk.iterate(field, ...params) as Iterable<[number, unknown]>) {
        const [rid, value] = row;
        if (!sameValue(value, groupValue)) {
          flush();
          if (ordered.length >= wanted) break;
          groupValue = value;
        }
        if (seen.has(rid)) continue;
        seen.add(rid);
        group.push(rid);
      }
      if (ordered.length < wanted) flush();
    }
    if (ordered.length < wanted) {
      const rest = this.#statement(
        `SELECT rid FROM (${sql}) WHERE rid NOT IN (SELECT rid FROM postings WHERE f = ?) ORDER BY rid LIMIT ?`,
      ).all(...params, field ?? -1, wanted - ordered.length) as { rid: number }[];
      for (const row of rest) ordered.push(row.rid);
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

function sameValue(left: unknown, right: unknown): boolean {
  if (left instanceof Uint8Array && right instanceof Uint8Array) return left[0] === right[0];
  return left === right;
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

/** GET /api/v2/users' `fields` and `include_fields`: keep (or drop) the named top-level attributes. */
function project(user: User, fields: string[] | undefined, include = true): User {
  if (!fields || fields.length === 0) return user;
  const wanted = new Set(fields);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(user)) {
    if (wanted.has(key) === include) out[key] = value;
  }
  return out as unknown as User;
}
