// The `sort` parameter as the API answers it: the rules are common/query's (shared with the
// offline cache); a refusal becomes the 400 QueryError the server sends.
import type { User } from '../../common/auth0.ts';
import * as query from '../../common/query/index.ts';
import { QueryError } from './query-error.ts';

export type { SortSpec } from '../../common/query/index.ts';

export function parseSort(sort: string): query.SortSpec {
  return refusalsAsQueryErrors(() => query.parseSort(sort));
}

export function sortUsers(users: readonly User[], sort: string | query.SortSpec): User[] {
  return refusalsAsQueryErrors(() => query.sortUsers(users, sort));
}

function refusalsAsQueryErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof query.SortError) throw new QueryError(error.message);
    throw error;
  }
}
