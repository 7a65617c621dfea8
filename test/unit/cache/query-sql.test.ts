// How a query becomes SQL: which table and index range each leaf reads, how clauses combine, and
// what the cache refuses. (What the SQL finds is tested against the shared table and the emulator.)
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../common/query/index.ts';
import { PROFILE_FIELD_IDS, reverseText } from '../../../main/cache/postings.ts';
import { compileQuerySql, prefixUpperBound, type FieldCatalog } from '../../../main/cache/query-sql.ts';
import { CacheQueryError } from '../../../main/cache/types.ts';

const paths = new Map([
  ['app_metadata.plan.tier', 1000],
  ['app_metadata.plan.seats', 1001],
  ['app_metadata.since', 1002],
  ['app_metadata.since#date', 1003],
  ['user_metadata.theme', 1004],
]);
const catalog: FieldCatalog = {
  metadataId: (path) => paths.get(path),
  metadataIdsUnder: (path) =>
    [...paths]
      .filter(([name]) => !name.endsWith('#date') && (name === path || name.startsWith(`${path}.`)))
      .map(([, id]) => id),
};
const id = (name: string) => PROFILE_FIELD_IDS.get(name) as number;
const sql = (q: string) => compileQuerySql(parseQuery(q), catalog, q);

describe('leaves', () => {
  it('matches a whole value, lower-cased on case-insensitive fields only', () => {
    expect(sql('email:JANE@X.COM')).toEqual({
      sql: `SELECT rid FROM postings WHERE f = ${id('email')} AND v = ?`,
      params: ['jane@x.com'],
    });
    expect(sql('user_id:Auth0|AbC').params).toEqual(['Auth0|AbC']);
  });

  it('reads typed values: numbers, booleans as one-byte blobs, dates as their period', () => {
    expect(sql('logins_count:5').params).toEqual([5]);
    expect(sql('blocked:true').params).toEqual([new Uint8Array([1])]);
    const day = sql('created_at:2017-11-02');
    expect(day.sql).toContain('v >= ? AND v < ?');
    expect(day.params).toEqual([Date.UTC(2017, 10, 2), Date.UTC(2017, 10, 3)]);
  });

  it('compares a metadata value as text, and as the number or boolean it spells', () => {
    expect(sql('app_metadata.plan.seats:10')).toEqual({
      sql: 'SELECT DISTINCT rid FROM postings WHERE f = 1001 AND v IN (?, ?)',
      params: ['10', 10],
    });
  });

  it('turns a prefix into an index range, a suffix into a range on the reversed text', () => {
    expect(sql('name:Jo*')).toEqual({
      sql: `SELECT rid FROM postings WHERE f = ${id('name')} AND v >= ? AND v < ?`,
      params: ['jo', 'jp'],
    });
    const suffix = sql('name:*SON');
    expect(suffix.sql).toMatch(/FROM reversed WHERE f = \d+ AND v >= \? AND v < \? AND roster_wildcard\(\?, v\)/);
    expect(suffix.params).toEqual(['nos', 'not', JSON.stringify(['nos', ''])]);
  });

  it('scans a field for an infix, and checks every candidate exactly', () => {
    const infix = sql('email:*smith*');
    expect(infix.sql).toContain("typeof(v) = 'text' AND instr(v, ?) > 0 AND roster_wildcard(?, v)");
    expect(infix.params).toEqual(['smith', JSON.stringify(['', 'smith', ''])]);
  });

  it('keeps placeholders in the order they appear', () => {
    const { sql: text, params } = sql('email:ja*om AND app_metadata.since:[2019 TO 2020}');
    expect((text.match(/\?/g) ?? []).length).toBe(params.length);
    expect(params[0]).toBe('ja');
  });

  it('gives metadata ranges numbers, dates (through the twin) and other text', () => {
    const range = sql('app_metadata.since:[2019 TO 2020}');
    expect(range.sql).toContain('f = 1002');
    expect(range.sql).toContain('f = 1003');
    expect(range.sql).toContain('NOT roster_is_date(v)');
    expect(range.params).toEqual([2019, 2020, Date.UTC(2019, 0, 1), Date.UTC(2020, 0, 1), '2019', '2020']);
  });

  it('finds no one for unknown fields and metadata paths no user has', () => {
    expect(sql('foo:bar').sql).toBe('SELECT rid FROM users WHERE 0');
    expect(sql('app_metadata.nothing:1').sql).toBe('SELECT rid FROM users WHERE 0');
  });

  it('_exists_ on a metadata object covers every path below it', () => {
    expect(sql('_exists_:app_metadata.plan').sql).toBe('SELECT DISTINCT rid FROM postings WHERE f IN (1000,1001)');
  });

  it('refuses organization_id, naming it', () => {
    expect(() => sql('name:x AND organization_id:org_1')).toThrow(CacheQueryError);
    try {
      sql('name:x AND organization_id:org_1');
    } catch (error) {
      expect(error).toMatchObject({ code: 'unsupported_query', position: { start: 11, end: 26 } });
    }
  });
});

describe('boolean clauses', () => {
  it('must is INTERSECT, mustNot is EXCEPT, should is UNION, a purely negative query starts from everyone', () => {
    expect(sql('blocked:true AND email_verified:true').sql).toMatch(
      /^SELECT rid FROM \(.*\) INTERSECT SELECT rid FROM \(.*\)$/,
    );
    expect(sql('blocked:true OR email_verified:true').sql).toMatch(/ UNION /);
    expect(sql('NOT blocked:true').sql).toMatch(/^SELECT rid FROM users EXCEPT SELECT rid FROM \(/);
    // Next to a must clause, should clauses are ignored (Lucene).
    expect(sql('blocked:true AND email_verified:true OR logins_count:5').params).toHaveLength(2);
  });

  it('runs on SQLite as written', () => {
    const db = new DatabaseSync(':memory:');
    db.exec(
      'CREATE TABLE users (rid INTEGER PRIMARY KEY); CREATE TABLE postings (f, v, rid); CREATE TABLE reversed (f, v, rid)',
    );
    db.function('roster_wildcard', { varargs: true }, () => 1);
    db.function('roster_is_date', { varargs: true }, () => 0);
    for (const q of [
      '(a OR b) AND NOT (c OR -d)',
      'name:(jane* OR *son) +blocked:false',
      'app_metadata.since:[2019 TO *]',
    ]) {
      const compiled = sql(q);
      expect(() => db.prepare(`SELECT count(*) FROM (${compiled.sql})`).get(...compiled.params), q).not.toThrow();
    }
  });
});

describe('prefixUpperBound', () => {
  it('is the next text after every text starting with the prefix', () => {
    expect(prefixUpperBound('jo')).toBe('jp');
    expect(prefixUpperBound('a\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('\u{10FFFF}')).toBeNull();
    expect(prefixUpperBound('a\uD7FF')).toBe('a\uE000');
  });

  it('reverses text by code point', () => {
    expect(reverseText('ab😀c')).toBe('c😀ba');
  });
});
