import { json, type Reply } from './types.ts';

export interface Paged<T> {
  items: T[];
  start: number;
  limit: number;
  total: number;
}

/** Offset paging as Auth0's list endpoints do it: `page` is 0-based, `per_page` defaults to 50. */
export function pageOf<T>(items: readonly T[], query: Record<string, unknown>, defaultPerPage = 50): Paged<T> {
  const page = typeof query.page === 'number' ? query.page : 0;
  const limit = typeof query.per_page === 'number' ? query.per_page : defaultPerPage;
  const start = page * limit;
  return { items: items.slice(start, start + limit), start, limit, total: items.length };
}

/**
 * A list answer: a bare array, or with `include_totals` `{ [key]: items, start, limit, total }`
 * (roles, permissions and connections carry no `length`: FACTS.md, Around a user).
 */
export function listResponse<T>(key: string, items: readonly T[], query: Record<string, unknown>): Reply {
  const paged = pageOf(items, query);
  if (query.include_totals !== true) return json(200, paged.items);
  return json(200, { [key]: paged.items, start: paged.start, limit: paged.limit, total: paged.total });
}
