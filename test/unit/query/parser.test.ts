import { describe, expect, it } from 'vitest';
import type { BoolQuery, Query } from '../../../common/query/index.ts';
import { parseQuery } from '../../../common/query/index.ts';

const field = (name: string, start: number) => ({ name, path: name.split('.'), start, end: start + name.length });

describe('parseQuery: leaves', () => {
  it('reads field:term with spans for the node and its field', () => {
    expect(parseQuery('email:jane@example.com')).toEqual({
      kind: 'term',
      field: field('email', 0),
      value: 'jane@example.com',
      quoted: false,
      start: 0,
      end: 22,
      valueStart: 6,
    });
  });

  it('reads a bare term, and keeps + - | @ inside a term', () => {
    expect(parseQuery('  auth0|a-b+c@d  ')).toEqual({
      kind: 'term',
      field: null,
      value: 'auth0|a-b+c@d',
      quoted: false,
      start: 2,
      end: 15,
      valueStart: 2,
    });
  });

  it('reads quoted phrases, with \\" and \\\\ escapes and a literal *', () => {
    expect(parseQuery('name:"say \\"hi\\" \\\\ *"')).toEqual({
      kind: 'term',
      field: field('name', 0),
      value: 'say "hi" \\ *',
      quoted: true,
      start: 0,
      end: 22,
      valueStart: 5,
    });
  });

  it('resolves escapes in bare terms: \\  is a space, \\* a star', () => {
    expect(parseQuery('name:jane\\ smith\\*')).toMatchObject({ kind: 'term', value: 'jane smith*', end: 18 });
  });

  it('reads wildcards as literal segments between stars', () => {
    expect(parseQuery('name:jo*')).toMatchObject({
      kind: 'wildcard',
      segments: ['jo', ''],
      start: 0,
      end: 8,
      valueStart: 5,
    });
    expect(parseQuery('*usa')).toMatchObject({ kind: 'wildcard', field: null, segments: ['', 'usa'] });
    expect(parseQuery('a*b\\*c*')).toMatchObject({ kind: 'wildcard', segments: ['a', 'b*c', ''] });
    expect(parseQuery('email:*')).toMatchObject({ kind: 'wildcard', segments: ['', ''] });
  });

  it('reads dotted field paths', () => {
    expect(parseQuery('app_metadata.plan.tier:gold')).toMatchObject({
      field: { name: 'app_metadata.plan.tier', path: ['app_metadata', 'plan', 'tier'], start: 0, end: 22 },
    });
  });

  it('reads inclusive, exclusive, mixed and open ranges with spans for each bound', () => {
    expect(parseQuery('last_login:[2017-11 TO 2017-12}')).toEqual({
      kind: 'range',
      field: field('last_login', 0),
      lower: { value: '2017-11', inclusive: true, quoted: false, start: 12, end: 19 },
      upper: { value: '2017-12', inclusive: false, quoted: false, start: 23, end: 30 },
      start: 0,
      end: 31,
    });
    expect(parseQuery('logins_count:{100 TO *]')).toMatchObject({
      lower: { value: '100', inclusive: false },
      upper: { value: null, inclusive: true },
    });
  });

  it('reads range values with colons unquoted, and quoted ones', () => {
    expect(parseQuery('created_at:[2017-11-02T10:00:00Z TO "*"]')).toMatchObject({
      lower: { value: '2017-11-02T10:00:00Z', quoted: false },
      upper: { value: '*', quoted: true },
    });
  });

  it('reads _exists_:field and *:*', () => {
    expect(parseQuery('_exists_:app_metadata.plan')).toEqual({
      kind: 'exists',
      field: field('app_metadata.plan', 9),
      start: 0,
      end: 26,
    });
    expect(parseQuery('*:*')).toEqual({ kind: 'all', start: 0, end: 3 });
  });

  it('allows spaces around the colon, as Lucene does', () => {
    expect(parseQuery('email : jane')).toMatchObject({
      kind: 'term',
      field: { name: 'email' },
      value: 'jane',
      start: 0,
      end: 12,
    });
  });
});

describe('parseQuery: groups and boolean clauses', () => {
  it('reads field:( ... ) as a group whose field the terms inside inherit', () => {
    const query = parseQuery('email:(a OR b)');
    expect(query).toMatchObject({ kind: 'group', field: { name: 'email' }, start: 0, end: 14 });
    const inner = (query as Extract<Query, { kind: 'group' }>).query as BoolQuery;
    expect(inner.clauses.map((clause) => [clause.query.kind, (clause.query as { field: unknown }).field])).toEqual([
      ['term', null],
      ['term', null],
    ]);
  });

  it('keeps a single clause without modifier unwrapped, and wraps a negated one', () => {
    expect(parseQuery('(a)')).toMatchObject({ kind: 'group', query: { kind: 'term', value: 'a' } });
    expect(parseQuery('NOT a')).toMatchObject({
      kind: 'bool',
      clauses: [{ occur: 'mustNot', modifier: 'NOT', conjunction: null, start: 0, end: 5 }],
    });
  });

  // Lucene's rules with OR as the default operator (parser.ts, resolveOccurs).
  it.each([
    ['a b', ['should', 'should']],
    ['a OR b', ['should', 'should']],
    ['a AND b', ['must', 'must']],
    ['a AND b OR c', ['must', 'must', 'should']],
    ['a OR b AND c', ['should', 'must', 'must']],
    ['a NOT b', ['should', 'mustNot']],
    ['a AND NOT b', ['must', 'mustNot']],
    ['a OR NOT b', ['should', 'mustNot']],
    ['NOT a AND b', ['mustNot', 'must']],
    ['+a -b c', ['must', 'mustNot', 'should']],
    ['a && b || !c', ['must', 'must', 'mustNot']],
    ['a and b', ['should', 'should', 'should']],
  ])('%s', (text, occurs) => {
    const query = parseQuery(text) as BoolQuery;
    expect(query.kind).toBe('bool');
    expect(query.clauses.map((clause) => clause.occur)).toEqual(occurs);
  });

  it('records operators and modifiers as written, with clause spans covering the modifier', () => {
    const query = parseQuery('a AND -b OR +c') as BoolQuery;
    expect(
      query.clauses.map(({ conjunction, modifier, start, end }) => ({ conjunction, modifier, start, end })),
    ).toEqual([
      { conjunction: null, modifier: null, start: 0, end: 1 },
      { conjunction: 'AND', modifier: '-', start: 6, end: 8 },
      { conjunction: 'OR', modifier: '+', start: 12, end: 14 },
    ]);
    expect(query).toMatchObject({ start: 0, end: 14 });
  });

  it('treats lower-case operator words and escaped operators as terms', () => {
    expect(parseQuery('not')).toMatchObject({ kind: 'term', value: 'not' });
    expect(parseQuery('\\AND')).toMatchObject({ kind: 'term', value: 'AND' });
    expect(parseQuery('ANDROID')).toMatchObject({ kind: 'term', value: 'ANDROID' });
  });

  it('nests groups with their own spans', () => {
    const query = parseQuery('(a OR (b AND c)) d') as BoolQuery;
    expect(query.clauses[0]?.query).toMatchObject({ kind: 'group', start: 0, end: 16 });
    const inner = (query.clauses[0]?.query as Extract<Query, { kind: 'group' }>).query as BoolQuery;
    expect(inner.clauses[1]?.query).toMatchObject({ kind: 'group', start: 6, end: 15 });
  });
});
