import type { Query } from './ast.ts';
import { checkQuery } from './check.ts';
import { QuerySyntaxError, type QueryProblem } from './errors.ts';
import { parseQuery } from './parser.ts';

export interface QueryErrorInfo {
  message: string;
  /** 0-based offset where the problem starts. */
  position: number;
  /** Offset just past the problem, when it spans more than one character. */
  end?: number;
}

export type QueryAnalysis =
  { ok: true; query: Query; warnings: QueryProblem[] } | { ok: false; error: QueryErrorInfo; warnings: QueryProblem[] };

/**
 * Parses and checks a query the way Auth0 would judge it before running it: the first syntax error
 * or rule error (the API's 400), else the tree plus any warnings.
 */
export function analyzeQuery(text: string): QueryAnalysis {
  let query: Query;
  try {
    query = parseQuery(text);
  } catch (caught) {
    if (!(caught instanceof QuerySyntaxError)) throw caught;
    return { ok: false, error: { message: caught.message, position: caught.position, end: caught.end }, warnings: [] };
  }
  const problems = checkQuery(query);
  const warnings = problems.filter((problem) => problem.severity === 'warning');
  const first = problems.find((problem) => problem.severity === 'error');
  if (first) return { ok: false, error: { message: first.message, position: first.start, end: first.end }, warnings };
  return { ok: true, query, warnings };
}
