// The Auth0 user-search (v3, Lucene-like) language, shared by every process: parse -> tree ->
// checks. Pure TypeScript: no Node and no DOM.
export type * from './ast.ts';
export { analyzeQuery, type QueryAnalysis, type QueryErrorInfo } from './analyze.ts';
export { checkQuery, checkWildcardLiterals, WILDCARD_MIN_LITERALS } from './check.ts';
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
