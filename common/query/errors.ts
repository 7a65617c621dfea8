import type { Span } from './ast.ts';

/**
 * A query that cannot be parsed. `position` is the 0-based offset of the offending character; when
 * something is missing at the end of the query it is the length of the text.
 */
export class QuerySyntaxError extends Error {
  override name = 'QuerySyntaxError';
  position: number;
  /** Offset just past the offending text, when it is longer than one character. */
  end: number;

  constructor(message: string, position: number, end: number = position + 1) {
    super(message);
    this.position = position;
    this.end = Math.max(end, position);
  }
}

/**
 * A query that parses but that Auth0 refuses (`error`, the API answers 400) or that very likely does
 * not do what its author meant (`warning`, the API runs it).
 */
export interface QueryProblem extends Span {
  severity: 'error' | 'warning';
  message: string;
}
