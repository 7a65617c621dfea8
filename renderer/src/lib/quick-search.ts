// What the search box sends: plain words become a quick search, anything with a field, an
// operator, quotes, brackets or parentheses is Auth0's v3 syntax as written.
//
// Auth0 indexes `name`, `given_name`, `family_name`, `nickname` and `email` as whole values,
// lower-cased (FACTS.md, search syntax): `name:brakus*` does not match "Webster Brakus", and a
// word-by-word prefix search cannot find a full name. So several words are also searched as the
// phrase they make (`name:webster\ brakus*`: the escaped space keeps it one value), and as a
// given name followed by a family name. One word is a prefix of any of the identifying fields.
import { tokenize } from '../../../common/query/index.ts';

/** The fields a quick search looks in: the Dashboard's four, and the given and family names. */
export const QUICK_SEARCH_FIELDS = ['email', 'name', 'given_name', 'family_name', 'nickname', 'username'] as const;

/** Fields whose whole value may hold several words (an email never holds a space). */
const PHRASE_FIELDS = ['name', 'nickname', 'username'] as const;

export interface QuickSearchPlan {
  /** The v3 query: every user the words find. */
  q: string;
  /**
   * For several words: the users whose full name is exactly the words (any case), shown first.
   * A subset of `q`. Null for one word, a word with `*`, or v3 syntax.
   */
  exact: string | null;
}

/** True when `text` is only plain words (no field, operator, quote, range or group). */
export function isQuickSearch(text: string): boolean {
  if (!text.trim()) return false;
  try {
    return tokenize(text).every((token) => token.kind === 'term' && !token.raw.includes('\\'));
  } catch {
    return false;
  }
}

/** What to ask Auth0 (or the cache) for what was typed. */
export function planSearch(text: string): QuickSearchPlan {
  const trimmed = text.trim();
  if (!isQuickSearch(trimmed)) return { q: trimmed, exact: null };
  const words = trimmed.split(/\s+/);
  const eachWord = words.map((word) => `(${fieldsStarting(QUICK_SEARCH_FIELDS, word)})`).join(' AND ');
  if (words.length === 1) return { q: eachWord, exact: null };
  const phrase = words.join('\\ ');
  const wholeName = [
    fieldsStarting(PHRASE_FIELDS, phrase),
    ...splits(words).map(([given, family]) => `(given_name:${given} AND family_name:${withStar(family)})`),
  ].join(' OR ');
  const q = `${wholeName} OR (${eachWord})`;
  if (words.some((word) => word.includes('*'))) return { q, exact: null };
  const exact = [
    `name:${phrase}`,
    ...splits(words).map(([given, family]) => `(given_name:${given} AND family_name:${family})`),
  ];
  return { q, exact: exact.join(' OR ') };
}

/** The v3 query for what was typed (planSearch's `q`). */
export function toAuth0Query(text: string): string {
  return planSearch(text).q;
}

/** The v3 query with the connection filter, if any (FACTS.md: `connection` works only with v1; filter with q). */
export function withConnection(query: string, connection: string | null): string {
  if (!connection) return query;
  const filter = `identities.connection:"${connection.replace(/(["\\])/g, '\\$1')}"`;
  return query ? `(${query}) AND ${filter}` : filter;
}

/** The query for everything `q` finds except what `exact` finds (exact matches are shown apart). */
export function without(query: string, exact: string): string {
  return `(${query}) AND NOT (${exact})`;
}

function withStar(value: string): string {
  return value.endsWith('*') ? value : `${value}*`;
}

function fieldsStarting(fields: readonly string[], value: string): string {
  const prefix = withStar(value);
  const clauses = fields.map((field) => `${field}:${prefix}`);
  // `username` is case-sensitive (FACTS.md); usernames are mostly lower case, so ask both ways.
  const lower = prefix.toLowerCase();
  if (fields.includes('username') && lower !== prefix) clauses.push(`username:${lower}`);
  return clauses.join(' OR ');
}

/** Every way to read the words as a given name then a family name ("Mary Ann Smith": two). */
function splits(words: readonly string[]): [string, string][] {
  return words.slice(1).map((_, index) => [words.slice(0, index + 1).join('\\ '), words.slice(index + 1).join('\\ ')]);
}
