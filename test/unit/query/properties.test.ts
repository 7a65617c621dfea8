import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoolClause, FieldRef, Query } from '../../../common/query/index.ts';
import { analyzeQuery, formatQuery, parseQuery, QuerySyntaxError } from '../../../common/query/index.ts';

// Characters that mean something to the tokenizer, plus ordinary ones.
const QUERY_CHARS = [...'aZ0 ."\\*:()[]{}+-!?~^/&|@é\t', 'AND', 'OR', 'NOT', 'TO', '&&', '||', '_exists_:'];
const queryText = fc.array(fc.constantFrom(...QUERY_CHARS), { maxLength: 30 }).map((parts) => parts.join(''));

/** The tree without source offsets or derived roles: what two spellings of one query share. */
function shape(query: Query): unknown {
  return JSON.parse(
    JSON.stringify(query, (key, value: unknown) =>
      key === 'start' || key === 'end' || key === 'occur' || key === 'valueStart' ? undefined : value,
    ),
  );
}

function checkSpans(query: Query, outer: { start: number; end: number }): void {
  expect(query.start).toBeGreaterThanOrEqual(outer.start);
  expect(query.end).toBeLessThanOrEqual(outer.end);
  expect(query.start).toBeLessThan(query.end);
  if (query.kind === 'group') checkSpans(query.query, query);
  if (query.kind === 'bool') for (const clause of query.clauses) checkSpans(clause.query, clause);
}

describe('parser properties', () => {
  it('throws nothing but QuerySyntaxError, at a position inside the text', () => {
    fc.assert(
      fc.property(queryText, (text) => {
        try {
          parseQuery(text);
        } catch (error) {
          expect(error).toBeInstanceOf(QuerySyntaxError);
          const { position } = error as QuerySyntaxError;
          expect(position).toBeGreaterThanOrEqual(0);
          expect(position).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws from analyzeQuery', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => void analyzeQuery(text)),
      { numRuns: 1000 },
    );
  });

  it('gives every node a span inside its parent', () => {
    fc.assert(
      fc.property(queryText, (text) => {
        let query: Query;
        try {
          query = parseQuery(text);
        } catch {
          return;
        }
        checkSpans(query, { start: 0, end: text.length });
      }),
      { numRuns: 3000 },
    );
  });

  it('parses its own formatting back to the same tree', () => {
    fc.assert(
      fc.property(queryText, (text) => {
        let query: Query;
        try {
          query = parseQuery(text);
        } catch {
          return;
        }
        const formatted = formatQuery(query);
        expect(shape(parseQuery(formatted))).toEqual(shape(query));
        expect(formatQuery(parseQuery(formatted))).toBe(formatted);
      }),
      { numRuns: 3000 },
    );
  });
});

// Trees built directly, so that the printer meets values no typed query would produce.
const VALUE_CHARS = [...'aZ0 ."\\*:()[]{}+-!?~^/&|@é', 'AND', 'OR', 'NOT', 'TO', '&&', '||'];
const value = (minLength: number) =>
  fc.array(fc.constantFrom(...VALUE_CHARS), { minLength, maxLength: 6 }).map((parts) => parts.join(''));
const fieldName = fc.constantFrom('email', 'app_metadata.plan.tier', 'weird field', 'x*y', 'TO', '_id');
const span = { start: 0, end: 0 };
const fieldRef = fieldName.map((name): FieldRef => ({ name, path: name.split('.'), ...span }));
const optionalField = fc.option(fieldRef, { nil: null });

const leaf: fc.Arbitrary<Query> = fc.oneof(
  fc.record({ field: optionalField, quoted: fc.boolean(), value: value(0) }).map(({ field, quoted, value }): Query => ({
    kind: 'term',
    field,
    quoted: quoted || value === '',
    value,
    ...span,
  })),
  fc
    .record({ field: optionalField, segments: fc.array(value(0), { minLength: 2, maxLength: 3 }) })
    .map(({ field, segments }): Query => ({ kind: 'wildcard', field, segments, ...span })),
  fc
    .record({ field: fieldRef, lower: fc.option(value(0), { nil: null }), upper: fc.option(value(0), { nil: null }) })
    .chain(({ field, lower, upper }) =>
      fc
        .tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean())
        .map(([lowerInclusive, upperInclusive, lowerQuoted, upperQuoted]): Query => ({
          kind: 'range',
          field,
          lower: {
            value: lower,
            inclusive: lowerInclusive,
            quoted: lower !== null && (lowerQuoted || lower === ''),
            ...span,
          },
          upper: {
            value: upper,
            inclusive: upperInclusive,
            quoted: upper !== null && (upperQuoted || upper === ''),
            ...span,
          },
          ...span,
        })),
    ),
  fieldRef.map((field): Query => ({ kind: 'exists', field, ...span })),
  fc.constant<Query>({ kind: 'all', ...span }),
);

const tree = fc.letrec<{ query: Query; clauseQuery: Query }>((tie) => ({
  query: fc.oneof({ depthSize: 'small' }, leaf, tie('clauseQuery'), bool(tie('clauseQuery'))),
  clauseQuery: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc
      .record({ field: optionalField, query: tie('query') })
      .map(({ field, query }): Query => ({ kind: 'group', field, query, ...span })),
  ),
})).query;

function bool(clauseQuery: fc.Arbitrary<Query>): fc.Arbitrary<Query> {
  const clause = fc.record({
    conjunction: fc.constantFrom<BoolClause['conjunction']>('AND', 'OR', null),
    modifier: fc.constantFrom<BoolClause['modifier']>('+', '-', 'NOT', null),
    query: clauseQuery,
  });
  return fc.array(clause, { minLength: 1, maxLength: 4 }).map((clauses): Query => {
    const resolved = clauses.map((item, index) => ({
      ...item,
      // The first clause has no operator before it; a lone clause needs a modifier to stay a bool.
      conjunction: index === 0 ? null : item.conjunction,
      modifier: clauses.length === 1 ? (item.modifier ?? 'NOT') : item.modifier,
      occur: 'should' as const,
      ...span,
    }));
    return { kind: 'bool', clauses: resolved, ...span };
  });
}

describe('printer properties', () => {
  it('prints any tree as text that parses back to it', () => {
    fc.assert(
      fc.property(tree, (query) => {
        expect(shape(parseQuery(formatQuery(query)))).toEqual(shape(query));
      }),
      { numRuns: 2000 },
    );
  });
});
