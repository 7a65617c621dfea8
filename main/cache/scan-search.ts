// Searching the cache before its index is built: a full sync swaps its new copy in as soon as the
// users are stored, and the postings are built in the background (posting-build.ts). Until then a
// search reads every cached user and tests it with common/query's evaluator, the one the emulator
// answers with, so the answers are the same as the index's, only slower (a few tenths of a second
// at 100k users). Sorted as the index sorts (sort-orders.ts): numbers, then text by code point
// (SQLite's UTF-8 order), then false and true; users without the field last; ties by row id.
import type { DatabaseSync } from 'node:sqlite';
import {
  compileQuery,
  fieldReaders,
  parseBooleanValue,
  parseNumberValue,
  profileReader,
  resolveField,
  sortRows,
  type CacheSortSpec,
  type FieldReader,
  type FieldRef,
  type Indexed,
  type Query,
  type Scalar,
} from '../../common/query/index.ts';

/** Users read from SQLite at a time: bounded memory, whatever the size of the tenant. */
const ROWS_PER_READ = 2000;

/** The row ids of every cached user `query` matches (every user when null), in `sort`'s order. */
export function scanMatches(db: DatabaseSync, query: Query | null, sort: CacheSortSpec | null): number[] {
  if (query === null && sort === null) {
    return (db.prepare('SELECT rid FROM users ORDER BY rid').all() as { rid: number }[]).map((row) => row.rid);
  }
  const matches = query ? compileQuery(query) : () => true;
  const reader = sort ? sortReader(sort) : null;
  const rids: number[] = [];
  const values: Indexed[] = [];
  const filter = query ? textFilter(query, null) : null;
  const read = db.prepare(
    `SELECT rid, doc FROM users WHERE rid > ?${filter ? ` AND (${filter.sql} OR ${NOT_PLAIN})` : ''} ORDER BY rid LIMIT ?`,
  );
  for (let after = 0; ;) {
    const rows = read.all(after, ...(filter?.params ?? []), ROWS_PER_READ) as { rid: number; doc: string }[];
    for (const row of rows) {
      const user = JSON.parse(row.doc);
      if (!matches(user)) continue;
      rids.push(row.rid);
      if (reader) values.push(reader.read(user));
    }
    if (rows.length < ROWS_PER_READ) break;
    after = (rows[rows.length - 1] as { rid: number }).rid;
  }
  if (!reader || !sort) return rids;
  // Positions in rid order, so that a tie falls back to the row id's order.
  const order = sortRows(
    rids.map((_, position) => position),
    values,
    sort.direction,
    compareStored,
  );
  return order.map((position) => rids[position] as number);
}

/**
 * The text every user `query` matches holds in its JSON, as SQL over `doc`, so that SQLite skips
 * the others before JavaScript parses them (a few times faster for a term or a wildcard with
 * letters); null when the query gives none. Each literal is a term's value or a wildcard's longest
 * segment on a text field (metadata included): printable ASCII with a letter that JSON writes as
 * it is (no quote, backslash or slash), and no number or boolean, which a value could spell
 * otherwise. It is compared ignoring the case of ASCII letters, which only widens a case-sensitive
 * match; the users whose JSON has a character beyond ASCII (which JavaScript may lower-case into
 * ASCII, as the Kelvin sign into `k`) or a `\u` escape are always read (NOT_PLAIN). `AND` needs
 * every clause's text, `OR` one of them; `NOT`, ranges and `_exists_` give none.
 */
function textFilter(node: Query, field: FieldRef | null): { sql: string; params: string[] } | null {
  switch (node.kind) {
    case 'group':
      return textFilter(node.query, node.field ?? field);
    case 'bool': {
      const of = (occur: string) =>
        node.clauses.filter((clause) => clause.occur === occur).map((clause) => textFilter(clause.query, field));
      const must = of('must').filter((part) => part !== null);
      if (must.length > 0) return joinFilters(must, 'AND');
      const should = of('should');
      if (should.length === 0 || should.some((part) => part === null)) return null;
      return joinFilters(should as { sql: string; params: string[] }[], 'OR');
    }
    case 'term':
    case 'wildcard': {
      const own = node.field ?? field;
      if (own !== null) {
        const resolved = resolveField(own.name);
        const text = resolved.type === 'metadata' || (resolved.type === 'profile' && resolved.rule.kind === 'text');
        if (!text) return null;
      }
      const literal =
        node.kind === 'term'
          ? node.value
          : node.segments.reduce((best, part) => (part.length > best.length ? part : best));
      const plain = PLAIN_LITERAL.test(literal) && !ESCAPABLE.test(literal);
      if (!plain || parseNumberValue(literal) !== null || parseBooleanValue(literal) !== null) {
        return null;
      }
      // LIKE ignores the case of ASCII letters (and only theirs), in C.
      return { sql: `doc LIKE ? ESCAPE '\\'`, params: [`%${literal.replace(/[%_]/g, '\\$&')}%`] };
    }
    default:
      return null;
  }
}

/** At least two printable ASCII characters, one a letter, none that JSON may escape. */
const PLAIN_LITERAL = /^(?=.*[A-Za-z])[\x20-\x7e]{2,}$/;
const ESCAPABLE = /["\\/]/;
/** JSON with a character beyond ASCII, or an escape: always read. */
const NOT_PLAIN = `length(doc) <> octet_length(doc) OR instr(doc, '\\u') > 0`;

function joinFilters(
  parts: { sql: string; params: string[] }[],
  operator: 'AND' | 'OR',
): { sql: string; params: string[] } {
  if (parts.length === 1) return parts[0] as { sql: string; params: string[] };
  return {
    sql: `(${parts.map((part) => part.sql).join(` ${operator} `)})`,
    params: parts.flatMap((part) => part.params),
  };
}

function sortReader(sort: CacheSortSpec): FieldReader {
  if (sort.target.type === 'profile') return profileReader(sort.target.field, {});
  const field = { name: sort.name, path: sort.name.split('.'), start: 0, end: sort.name.length };
  return fieldReaders(field, {})[0] as FieldReader;
}

const TYPE_RANK: Record<string, number> = { number: 0, string: 1, boolean: 2 };

/** SQLite's order of the stored values (postings.ts): numbers, text by code point, false, true. */
export function compareStored(left: Scalar, right: Scalar): number {
  const rank = (TYPE_RANK[typeof left] as number) - (TYPE_RANK[typeof right] as number);
  if (rank !== 0) return rank;
  if (typeof left === 'string') return compareCodePoints(left, right as string);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Text by code point, which is UTF-8's byte order (SQLite's) and differs from JavaScript's UTF-16
 * order where a character beyond U+FFFF (a surrogate pair) meets one from U+E000 to U+FFFF.
 */
export function compareCodePoints(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    let a = left.charCodeAt(index);
    let b = right.charCodeAt(index);
    if (a === b) continue;
    // Surrogates (D800-DFFF) stand for code points above FFFF: move them above E000-FFFF.
    if (a >= 0xd800 && b >= 0xd800) {
      a = a >= 0xe000 ? a - 0x800 : a + 0x2000;
      b = b >= 0xe000 ? b - 0x800 : b + 0x2000;
    }
    return a - b;
  }
  return left.length - right.length;
}
