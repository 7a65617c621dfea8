// SQL functions the cache's queries call (query-sql.ts), registered on every connection.
import type { DatabaseSync } from 'node:sqlite';
import { parseDatePeriod, wildcardMatcher, type WildcardMatcher } from '../../common/query/index.ts';
import { IS_DATE_FUNCTION, WILDCARD_FUNCTION } from './query-sql.ts';

export function registerFunctions(db: DatabaseSync): void {
  const matchers = new Map<string, WildcardMatcher>();
  db.function(WILDCARD_FUNCTION, { deterministic: true }, (segmentsJson, value) => {
    if (typeof value !== 'string' || typeof segmentsJson !== 'string') return 0;
    let matcher = matchers.get(segmentsJson);
    if (!matcher) {
      if (matchers.size > 100) matchers.clear();
      matcher = wildcardMatcher(JSON.parse(segmentsJson) as string[]);
      matchers.set(segmentsJson, matcher);
    }
    return matcher(value) ? 1 : 0;
  });
  db.function(IS_DATE_FUNCTION, { deterministic: true }, (value) =>
    typeof value === 'string' && parseDatePeriod(value) !== null ? 1 : 0,
  );
}
