// The syntax tree of an Auth0 user-search (v3, Lucene-like) query. Every node carries the
// 0-based [start, end) offsets of its source text, so the renderer can highlight any part of it.
//
// The tree keeps the query as written (operators, parentheses, quoting) so it can be printed back
// (format.ts) and explained; the meaning of each boolean clause is already resolved in `occur`
// (see parser.ts for how Lucene turns AND / OR / NOT / + / - into it).

export interface Span {
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** A field name as written before `:` (`email`, `identities.connection`, `app_metadata.plan.tier`). */
export interface FieldRef extends Span {
  name: string;
  /** `name` split on `.`. */
  path: string[];
}

/**
 * `field:value`, `field:"a phrase"` or a bare `value`. Matches a whole value: `user_id:auth0` does
 * not match `auth0|123` (Auth0 v3 does not tokenize fields). `field` is null for a bare term or one
 * inside `field:( ... )`: the enclosing group supplies the field then (see `effectiveField`).
 */
export interface TermQuery extends Span {
  kind: 'term';
  field: FieldRef | null;
  /** The value with escapes resolved and quotes removed. */
  value: string;
  /** Written in double quotes (a `*` inside quotes is a plain character). */
  quoted: boolean;
  /** Where the value itself starts (after `field:`): a value's problems point there. */
  valueStart?: number;
}

/**
 * A term with at least one unescaped `*`. `segments` are the literal parts between the stars:
 * `jo*` is ['jo', ''], `*usa` is ['', 'usa'], `a*b*c` is ['a', 'b', 'c'], a lone `*` is ['', ''].
 */
export interface WildcardQuery extends Span {
  kind: 'wildcard';
  field: FieldRef | null;
  segments: string[];
  /** Where the pattern itself starts (after `field:`): a wildcard's problems point there. */
  valueStart?: number;
}

export interface RangeBound extends Span {
  /** null for an open end (`*`). */
  value: string | null;
  inclusive: boolean;
  quoted: boolean;
}

/** `field:[a TO b]`, `{a TO b}`, mixed `[a TO b}`, `*` as an open end. */
export interface RangeQuery extends Span {
  kind: 'range';
  field: FieldRef | null;
  lower: RangeBound;
  upper: RangeBound;
}

/** `_exists_:field`: the user has an indexed value at (or under) that field. */
export interface ExistsQuery extends Span {
  kind: 'exists';
  field: FieldRef;
}

/** `*:*`: every user. */
export interface MatchAllQuery extends Span {
  kind: 'all';
}

/** `( ... )` or `field:( ... )`; the field becomes the default for the terms inside. */
export interface GroupQuery extends Span {
  kind: 'group';
  field: FieldRef | null;
  query: Query;
}

/**
 * Lucene's boolean clause roles. A user matches a bool query when every `must` clause matches,
 * no `mustNot` clause matches and, if there is no `must` clause, at least one `should` clause
 * matches. With only `mustNot` clauses every other user matches (Elasticsearch adds a match-all,
 * which is why a pure negative query such as `NOT blocked:true` works on Auth0).
 */
export type Occur = 'must' | 'should' | 'mustNot';

export interface BoolClause extends Span {
  occur: Occur;
  /** The operator written before this clause; null for the first clause and for adjacency. */
  conjunction: 'AND' | 'OR' | null;
  /** `+`, `-` or `NOT` (also written `!`) written before the clause. */
  modifier: '+' | '-' | 'NOT' | null;
  query: Query;
}

/** Two or more clauses, or a single clause with a modifier (`NOT x`, `-x`, `+x`). */
export interface BoolQuery extends Span {
  kind: 'bool';
  clauses: BoolClause[];
}

export type Query = TermQuery | WildcardQuery | RangeQuery | ExistsQuery | MatchAllQuery | GroupQuery | BoolQuery;

/** Leaf nodes: the ones that look at a field's values. */
export type FieldQuery = TermQuery | WildcardQuery | RangeQuery | ExistsQuery;
