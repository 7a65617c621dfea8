// The Auth0 user-search (v3, Lucene-like) language, shared by every process: parse -> tree ->
// checks. Pure TypeScript: no Node and no DOM.
export type * from './ast.ts';
export { analyzeQuery, type QueryAnalysis, type QueryErrorInfo } from './analyze.ts';
export { checkQuery, checkWildcardCount, checkWildcardLiterals, WILDCARD_MIN_LITERALS } from './check.ts';
export { QuerySyntaxError, type QueryProblem } from './errors.ts';
export {
  BARE_TERM_FIELDS,
  PROFILE_FIELDS,
  UNSEARCHABLE_FIELDS,
  resolveField,
  type FieldKind,
  type MetadataRoot,
  type ProfileField,
  type ResolvedField,
} from './fields.ts';
export { formatQuery } from './format.ts';
export { parseQuery } from './parser.ts';
export { tokenize, type Token } from './tokenizer.ts';
export { dateRangeInterval, parseBooleanValue, parseDatePeriod, parseNumberValue, type DatePeriod } from './values.ts';
export { effectiveField, walkQuery, type QueryVisitor } from './walk.ts';
export {
  collectScalars,
  existsReader,
  fieldReaders,
  hasIndexedValue,
  profileReader,
  someAtPath,
  type FieldReader,
  type Indexed,
  type ReaderOptions,
  type Scalar,
} from './field-readers.ts';
export {
  compileQuery,
  compileTree,
  matchesIndexed,
  type CompileOptions,
  type LeafCompiler,
  type LeafMatcher,
  type UserPredicate,
} from './evaluate.ts';
export { rangeTest, termTest, wildcardTest, type ValueKind, type ValueTest } from './value-tests.ts';
export { MAX_WILDCARDS_PER_TERM, wildcardMatcher, type WildcardMatcher } from './wildcard.ts';
export { MAX_GROUP_DEPTH } from './parser.ts';
export {
  compareScalars,
  parseCacheSort,
  parseSort,
  sortKey,
  sortRows,
  sortUsers,
  SortError,
  type CacheSortSpec,
  type CacheSortTarget,
  type ScalarOrder,
  type SortSpec,
} from './sort.ts';
