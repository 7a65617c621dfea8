// Turns a parsed query into a predicate over users, with Auth0 v3 semantics: whole-value matches,
// case rules per field, flattened arrays, Lucene's boolean clauses. It compiles any tree; refusing
// queries Auth0 would refuse is searchUsers' job (via checkQuery).
import type { User } from '../../common/auth0.ts';
import type { FieldQuery, FieldRef, Query } from '../../common/query/index.ts';
import { BARE_TERM_FIELDS, resolveField } from '../../common/query/index.ts';
import { isIndexed, metadataExists, metadataScan, profileScan, type ScanOptions, type ValueScan } from './value-scans.ts';
import { rangeTest, termTest, wildcardTest, type ValueKind } from './value-tests.ts';

export type UserPredicate = (user: User) => boolean;
export type CompileOptions = ScanOptions;

export function compileQuery(query: Query, options: CompileOptions = {}): UserPredicate {
  return compileNode(query, null, options);
}

function compileNode(query: Query, inherited: FieldRef | null, options: CompileOptions): UserPredicate {
  switch (query.kind) {
    case 'all':
      return () => true;
    case 'group':
      return compileNode(query.query, query.field ?? inherited, options);
    case 'bool': {
      const compile = (occur: string) =>
        query.clauses.filter((clause) => clause.occur === occur).map((clause) => compileNode(clause.query, inherited, options));
      return boolPredicate(compile('must'), compile('should'), compile('mustNot'));
    }
    default:
      return compileLeaf(query, query.field ?? inherited, options);
  }
}

/**
 * Every `must` clause, no `mustNot` clause, and one `should` clause when there is no `must`. With
 * only `mustNot` clauses, everyone else matches (Elasticsearch adds a match-all to such queries).
 */
function boolPredicate(must: UserPredicate[], should: UserPredicate[], mustNot: UserPredicate[]): UserPredicate {
  const needsShould = must.length === 0 && should.length > 0;
  return (user) => {
    for (const predicate of must) if (!predicate(user)) return false;
    for (const predicate of mustNot) if (predicate(user)) return false;
    if (!needsShould) return true;
    for (const predicate of should) if (predicate(user)) return true;
    return false;
  };
}

interface FieldAccess {
  scan: ValueScan;
  kind: ValueKind;
  caseInsensitive: boolean;
}

function compileLeaf(node: FieldQuery, field: FieldRef | null, options: CompileOptions): UserPredicate {
  if (node.kind === 'exists') return compileExists(node.field, options);
  const accesses = field ? fieldAccess(field, options) : bareAccess(options);
  const predicates = accesses.map(({ scan, kind, caseInsensitive }): UserPredicate => {
    const test =
      node.kind === 'term'
        ? termTest(kind, caseInsensitive, node.value)
        : node.kind === 'wildcard'
          ? wildcardTest(kind, caseInsensitive, node.segments)
          : rangeTest(kind, caseInsensitive, node.lower, node.upper);
    return (user) => scan(user, test);
  });
  if (predicates.length === 1) return predicates[0] as UserPredicate;
  return (user) => predicates.some((predicate) => predicate(user));
}

/** A field that Auth0 does not index (unknown, or `picture`) holds no values: nothing matches. */
function fieldAccess(field: FieldRef, options: CompileOptions): FieldAccess[] {
  const resolved = resolveField(field.name);
  if (resolved.type === 'profile') {
    const { rule } = resolved;
    return [{ scan: profileScan(rule, options), kind: rule.kind, caseInsensitive: rule.caseInsensitive }];
  }
  if (resolved.type === 'metadata' && resolved.path.length > 0) {
    return [{ scan: metadataScan(resolved.root, resolved.path), kind: 'metadata', caseInsensitive: false }];
  }
  return [];
}

function bareAccess(options: CompileOptions): FieldAccess[] {
  return BARE_TERM_FIELDS.map((rule) => ({ scan: profileScan(rule, options), kind: rule.kind, caseInsensitive: rule.caseInsensitive }));
}

function compileExists(field: FieldRef, options: CompileOptions): UserPredicate {
  const resolved = resolveField(field.name);
  if (resolved.type === 'metadata') return metadataExists(resolved.root, resolved.path);
  if (resolved.type !== 'profile') return () => false;
  const scan = profileScan(resolved.rule, options);
  return (user) => scan(user, isIndexed);
}
