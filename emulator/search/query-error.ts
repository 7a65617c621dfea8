/**
 * A `q` or `sort` that Auth0 would refuse. The server answers it as 400 `invalid_query_string`:
 * FACTS.md documents that code for bad query parameters, but not the body Auth0 sends for a query
 * with a syntax error, so the message is ours (plain words, with the 0-based position when known).
 */
export class QueryError extends Error {
  override name = 'QueryError';
  readonly statusCode = 400;
  readonly errorCode = 'invalid_query_string';
  /** 0-based offset in `q` of the problem, when it is about `q`. */
  readonly position: number | undefined;

  constructor(message: string, position?: number) {
    super(message);
    this.position = position;
  }
}
