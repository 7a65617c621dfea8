import type { IncomingHttpHeaders } from 'node:http';
import type { AccessClaims } from '../auth/tokens.ts';

export interface RequestContext {
  method: string;
  /** Path without the `/api/v2` prefix for Management routes. */
  path: string;
  url: URL;
  params: Record<string, string>;
  /** Query parameters, coerced to the types the OAS declares (for Management routes). */
  query: Record<string, unknown>;
  searchParams: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  rawBody: Buffer;
  remoteAddress: string;
  /** Claims of the verified bearer token on Management routes. */
  token?: AccessClaims;
}

export interface Reply {
  status: number;
  /** JSON-serialised unless `raw` is given. */
  body?: unknown;
  raw?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (context: RequestContext) => Reply | Promise<Reply>;

export type RouteKind = 'management' | 'authentication' | 'control' | 'download';

export interface Route {
  kind: RouteKind;
  method: string;
  /** OAS-style template, e.g. `/users/{id}`. */
  path: string;
  handler: Handler;
  /** Management routes: the OAS operation that gives scopes, query and body schemas. */
  operationId?: string;
  /** Management routes that check their body themselves (PATCH /users, whose OAS schema is too loose). */
  ownBodyValidation?: boolean;
  /** Management routes where Auth0 ignores query parameters the operation does not declare (the jobs routes). */
  ignoreUnknownQuery?: boolean;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

/** Auth0's JSON type; REC: it also labels bodiless 204 answers with it. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function noContent(): Reply {
  return { status: 204, contentType: JSON_CONTENT_TYPE };
}
