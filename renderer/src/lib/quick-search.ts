// What the search box sends: plain words become a Dashboard-style quick search (each word a
// prefix of the email, name, nickname or username); anything with a field, an operator, quotes,
// brackets or parentheses is Auth0's v3 syntax as written.
import { tokenize } from '../../../common/query/index.ts';

/** The fields the Auth0 Dashboard's user search looks in. */
export const QUICK_SEARCH_FIELDS = ['email', 'name', 'nickname', 'username'] as const;

/** True when `text` is only plain words (no field, operator, quote, range or group). */
export function isQuickSearch(text: string): boolean {
  if (!text.trim()) return false;
  try {
    return tokenize(text).every((token) => token.kind === 'term' && !token.raw.includes('\\'));
  } catch {
    return false;
  }
}

/** The v3 query for what was typed: plain words as a prefix search, anything else unchanged. */
export function toAuth0Query(text: string): string {
  const trimmed = text.trim();
  if (!isQuickSearch(trimmed)) return trimmed;
  const words = trimmed.split(/\s+/);
  const clauses = words.map((word) => {
    const prefix = word.endsWith('*') ? word : `${word}*`;
    return `(${QUICK_SEARCH_FIELDS.map((field) => `${field}:${prefix}`).join(' OR ')})`;
  });
  return clauses.join(' AND ');
}

/** The v3 query with the connection filter, if any (FACTS.md: `connection` works only with v1; filter with q). */
export function withConnection(query: string, connection: string | null): string {
  if (!connection) return query;
  const filter = `identities.connection:"${connection.replace(/(["\\])/g, '\\$1')}"`;
  return query ? `(${query}) AND ${filter}` : filter;
}
