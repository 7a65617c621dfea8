import type { User } from '../../common/auth0.ts';
import { analyzeQuery, profileReader, sortRows, type Query } from '../../common/query/index.ts';
import { compileQuery, type CompileOptions, type UserPredicate } from '../../common/query/index.ts';
import { parseSort } from './sort.ts';
import { QueryError } from './query-error.ts';
import { indexOf } from './user-index.ts';

export interface SearchOptions extends CompileOptions {
  /** `field:1` or `field:-1`. */
  sort?: string;
}

/**
 * GET /api/v2/users' `q` and `sort` over a tenant's users: the matching users, sorted, not yet
 * paged. A missing or blank `q` lists every user; without `sort` the input order is kept (the
 * emulator's stable "primary order"). Throws QueryError for what Auth0 answers with 400.
 *
 * Pass the same array again for the next search (the store's snapshot): columns built for one
 * search serve the next ones. The array must not be changed in place after a search.
 */
export function searchUsers(users: readonly User[], q: string | undefined, options: SearchOptions = {}): User[] {
  const sort = options.sort === undefined || options.sort === '' ? null : parseSort(options.sort);
  const index = indexOf(users);
  let rows: number[];
  if (q === undefined || q.trim() === '') rows = users.map((_, row) => row);
  else {
    const matches = index.compile(checkedQuery(q), options);
    rows = [];
    for (let row = 0; row < users.length; row++) if (matches(row)) rows.push(row);
  }
  if (sort) sortRows(rows, index.column(profileReader(sort.field, options)), sort.direction);
  return rows.map((row) => users[row] as User);
}

/** Parses, checks and compiles `q` for one user at a time; throws QueryError when Auth0 would refuse it. */
export function compileSearch(q: string, options: CompileOptions = {}): UserPredicate {
  return compileQuery(checkedQuery(q), options);
}

function checkedQuery(q: string): Query {
  const analysis = analyzeQuery(q);
  if (!analysis.ok) throw new QueryError(analysis.error.message, analysis.error.position);
  return analysis.query;
}
