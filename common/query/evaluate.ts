// Turns a parsed query into a predicate with Auth0 v3 semantics: whole-value matches, case rules
// per field, flattened arrays, Lucene's boolean clauses. It compiles any tree; refusing what Auth0
// refuses is the caller's job (via analyzeQuery). The tree logic is written once and runs over
// single users (compileQuery: the emulator's answers, and the offline cache's while its index is
// being built) or row numbers of a column index (emulator/search/user-index.ts).
import type { User } from '../auth0.ts';
import type { FieldQuery, FieldRef, Query } from './ast.ts';
import { existsReader, fieldReaders, type FieldReader, type Indexed, type ReaderOptions } from './field-readers.ts';
import { rangeTest, termTest, wildcardTest, type ValueTest } from './value-tests.ts';

export type UserPredicate = (user: User) => boolean;
export type CompileOptions = ReaderOptions;

/** A leaf to check: each reader's values against its test; the leaf matches when one matches. */
export interface LeafMatcher {
  reader: FieldReader;
  test: ValueTest;
  /**
   * Text that every string the test accepts starts with (as the reader folds it), or null. An index
   * uses it to skip rows cheaply; the test still decides.
   */
  prefix: string | null;
}

export type LeafCompiler<Row> = (matchers: LeafMatcher[]) => (row: Row) => boolean;

export function compileQuery(query: Query, options: CompileOptions = {}): UserPredicate {
  return compileTree<User>(query, options, (matchers) => {
    return (user) => matchers.some(({ reader, test }) => matchesIndexed(reader.read(user), test));
  });
}

export function compileTree<Row>(
  query: Query,
  options: CompileOptions,
  leaf: LeafCompiler<Row>,
): (row: Row) => boolean {
  const compileNode = (node: Query, inherited: FieldRef | null): ((row: Row) => boolean) => {
    switch (node.kind) {
      case 'all':
        return () => true;
      case 'group':
        return compileNode(node.query, node.field ?? inherited);
      case 'bool': {
        const clauses = (occur: string) =>
          node.clauses.filter((clause) => clause.occur === occur).map((clause) => compileNode(clause.query, inherited));
        return boolPredicate(clauses('must'), clauses('should'), clauses('mustNot'));
      }
      default: {
        const matchers = leafMatchers(node, node.field ?? inherited, options);
        return matchers.length === 0 ? () => false : leaf(matchers);
      }
    }
  };
  return compileNode(query, null);
}

/**
 * Every `must` clause, no `mustNot` clause, and one `should` clause when there is no `must`. With
 * only `mustNot` clauses, everyone else matches (Elasticsearch adds a match-all to such queries).
 */
function boolPredicate<Row>(
  must: ((row: Row) => boolean)[],
  should: ((row: Row) => boolean)[],
  mustNot: ((row: Row) => boolean)[],
): (row: Row) => boolean {
  const needsShould = must.length === 0 && should.length > 0;
  return (row) => {
    for (const predicate of must) if (!predicate(row)) return false;
    for (const predicate of mustNot) if (predicate(row)) return false;
    if (!needsShould) return true;
    for (const predicate of should) if (predicate(row)) return true;
    return false;
  };
}

const anyValue: ValueTest = () => true;

/** A field Auth0 does not index (unknown, or `picture`) has no readers: the leaf matches no one. */
function leafMatchers(node: FieldQuery, field: FieldRef | null, options: CompileOptions): LeafMatcher[] {
  if (node.kind === 'exists') {
    const reader = existsReader(node.field, options);
    return reader ? [{ reader, test: anyValue, prefix: null }] : [];
  }
  return fieldReaders(field, options).map((reader) => {
    const { kind, caseInsensitive } = reader;
    const test =
      node.kind === 'term'
        ? termTest(kind, caseInsensitive, node.value)
        : node.kind === 'wildcard'
          ? wildcardTest(kind, caseInsensitive, node.segments)
          : rangeTest(kind, caseInsensitive, node.lower, node.upper);
    return { reader, test, prefix: literalPrefix(node, reader) };
  });
}

function literalPrefix(node: FieldQuery, reader: FieldReader): string | null {
  if (reader.kind !== 'text' && reader.kind !== 'metadata') return null;
  const prefix = node.kind === 'term' ? node.value : node.kind === 'wildcard' ? (node.segments[0] as string) : '';
  if (prefix === '') return null;
  return reader.caseInsensitive ? prefix.toLowerCase() : prefix;
}

export function matchesIndexed(value: Indexed, test: ValueTest): boolean {
  if (value === undefined) return false;
  if (!Array.isArray(value)) return test(value);
  for (const element of value) if (test(element)) return true;
  return false;
}
