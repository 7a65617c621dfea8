import type { User } from '../../common/auth0.ts';
import { analyzeQuery } from '../../common/query/index.ts';
import { compileQuery, type CompileOptions, type UserPredicate } from './compile.ts';
import { QueryError } from './query-error.ts';
import { parseSort, sortUsers } from './sort.ts';

export interface SearchOptions extends CompileOptions {
  /** `field:1` or `field:-1`. */
  sort?: string;
}

/**
 * GET /api/v2/users' `q` and `sort` over a tenant's users: the matching users, sorted, not yet
 * paged. A missing or blank `q` lists every user; without `sort` the input order is kept (the
 * emulator's stable "primary order"). Throws QueryError for what Auth0 answers with 400.
 */
export function searchUsers(users: readonly User[], q: string | undefined, options: SearchOptions = {}): User[] {
  const sort = options.sort === undefined || options.sort === '' ? null : parseSort(options.sort);
  const matches = q === undefined || q.trim() === '' ? users.slice() : users.filter(compileSearch(q, options));
  return sort ? sortUsers(matches, sort) : matches;
}

/** Parses, checks and compiles `q`; throws QueryError when Auth0 would refuse it. */
export function compileSearch(q: string, options: CompileOptions = {}): UserPredicate {
  const analysis = analyzeQuery(q);
  if (!analysis.ok) throw new QueryError(analysis.error.message, analysis.error.position);
  return compileQuery(analysis.query, options);
}
