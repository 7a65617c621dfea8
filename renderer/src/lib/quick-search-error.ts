// Where a quick search's mistake is (issue 18): plain words are sent as a query the admin never
// typed, so a rule that query breaks is blamed on the word that broke it (`jane *ab`: the second
// word, at character 6), not on the whole text at character 1.
import { analyzeQuery } from '../../../common/query/index.ts';
import { toAuth0Query } from './quick-search.ts';

export interface TypedProblem {
  message: string;
  position: number;
  end?: number;
}

/** The error at the first word whose own query Auth0 would refuse; the whole text when none alone does. */
export function quickSearchProblem(text: string, error: TypedProblem): TypedProblem {
  for (const match of text.matchAll(/\S+/g)) {
    const analysis = analyzeQuery(toAuth0Query(match[0]));
    if (!analysis.ok) return { ...error, position: match.index, end: match.index + match[0].length };
  }
  return { ...error, position: 0, end: Math.max(1, text.length) };
}
