// The one rule that decides where a read is answered (issue 8): online when the tenant is
// reachable and the admin has not chosen "Work offline"; from the cache otherwise, or when the
// query is beyond what the API can answer and the cache holds the whole tenant.
import { PROFILE_FIELDS } from '../../common/query/index.ts';

/** FACTS.md: a search pages through its first 1000 results only. */
export const API_RESULT_CAP = 1000;
export const DEFAULT_PER_PAGE = 50;

/** Why Auth0 cannot answer this list query, or null when it can. */
export function beyondApi(query: {
  page?: number | undefined;
  per_page?: number | undefined;
  sort?: string | undefined;
}): string | null {
  const page = query.page ?? 0;
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  if ((page + 1) * perPage > API_RESULT_CAP) {
    return 'Auth0 answers only the first 1,000 results of a search';
  }
  if (query.sort !== undefined) {
    const field = query.sort.replace(/:-?1$/, '');
    // FACTS.md: `sort` is not offered on metadata; common/query knows which profile fields sort.
    if (!PROFILE_FIELDS.get(field)?.sortable) return `Auth0 cannot sort users by ${field}`;
  }
  return null;
}

export type ReadSource = 'api' | 'cache';

export function chooseReadSource(input: {
  online: boolean;
  beyondApi: boolean;
  cacheComplete: boolean;
  preferCache?: boolean;
}): ReadSource {
  if (!input.online) return 'cache';
  // The list asks for the cache when it holds the whole tenant: every row, any sort, no cap.
  if (input.preferCache && input.cacheComplete) return 'cache';
  if (input.beyondApi && input.cacheComplete) return 'cache';
  return 'api';
}
