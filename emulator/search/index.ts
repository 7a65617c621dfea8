// The emulator's user search: evaluates the shared query language (common/query) over users.
export { compileQuery, type CompileOptions, type UserPredicate } from '../../common/query/index.ts';
export { QueryError } from './query-error.ts';
export { compileSearch, searchUsers, type SearchOptions } from './search-users.ts';
export { parseSort, sortUsers, type SortSpec } from './sort.ts';
