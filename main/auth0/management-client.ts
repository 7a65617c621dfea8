// The Management API transport: bearer token, pacing, retries (send-with-retries.ts), one
// token refresh after a 401, errors normalized (api-errors.ts). The endpoints are in
// management-api.ts.
import { AppError } from '../errors.ts';
import type { AccessToken, TokenSource } from './access-token.ts';
import { managementError } from './api-errors.ts';
import type { HttpMethod } from './http-client.ts';
import { RateLimitPacer } from './rate-limit-pacer.ts';
import { sendWithRetries, type SendContext } from './send-with-retries.ts';

export type QueryValue = string | number | boolean | undefined;

export interface ApiRequest {
  method: HttpMethod;
  /** Below /api/v2, starting with `/`; ids inside it already URL-encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ManagementClientOptions {
  /** Its `pacer` is ignored: the client keeps one per rate-limit bucket. */
  send: SendContext;
  /** `https://{domain}`, a custom domain, or the emulator's URL. */
  baseUrl: string;
  /** `https://{domain}/api/v2/`: a token is sent only where it is bound to this audience. */
  audience: string;
  tokens: TokenSource;
  timeoutMs?: number;
}

/**
 * Auth0 counts limits per endpoint, and the published ones per class (read users, write users,
 * delete users, everything else: FACTS.md, Rate limits). Headers of one bucket say nothing
 * about another, so each gets its own pacer: reads, writes, and deletes of one resource, per
 * top-level path.
 */
export function rateLimitBucketOf(method: HttpMethod, path: string): string {
  const [, resource = '', id, ...below] = path.split('?')[0]?.split('/') ?? [];
  const kind =
    method === 'GET' ? 'read' : method === 'DELETE' && id !== undefined && below.length === 0 ? 'delete' : 'write';
  return `${kind} ${resource}`;
}

export class ManagementClient {
  readonly #options: ManagementClientOptions;
  readonly #pacers = new Map<string, RateLimitPacer>();

  constructor(options: ManagementClientOptions) {
    this.#options = options;
  }

  get tokens(): TokenSource {
    return this.#options.tokens;
  }

  dispose(): void {
    for (const pacer of this.#pacers.values()) pacer.dispose();
    this.#pacers.clear();
    this.#options.tokens.dispose();
  }

  /** Sends one request and parses its JSON answer; 204 gives undefined. */
  async request<T>(request: ApiRequest): Promise<T> {
    const { tokens, send } = this.#options;
    let token = await tokens.getToken(request.signal);
    let response = await this.#send(request, token);
    if (response.status === 401) {
      // The token may have been revoked or the tenant's signing key rotated: one fresh token,
      // one more try, and a 401 after that is the answer.
      tokens.invalidate(token);
      token = await tokens.getToken(request.signal);
      response = await this.#send(request, token);
    }
    if (response.status >= 300) throw managementError(response, send.clock.now());
    if (response.status === 204 || response.body.length === 0) return undefined as T;
    try {
      return JSON.parse(response.body) as T;
    } catch {
      throw new AppError('api_error', `${send.host} answered with something that is not JSON.`, {
        status: response.status,
      });
    }
  }

  #send(request: ApiRequest, token: AccessToken) {
    const url = new URL(`${this.#options.baseUrl}/api/v2${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    // Retrying a POST or PATCH after a 5xx could apply it twice (FACTS.md, Rate limits).
    const idempotent = request.method === 'GET' || request.method === 'DELETE';
    const bucket = rateLimitBucketOf(request.method, request.path);
    let pacer = this.#pacers.get(bucket);
    if (!pacer)
      this.#pacers.set(bucket, (pacer = new RateLimitPacer(this.#options.send.clock, this.#options.send.random)));
    return sendWithRetries(
      { ...this.#options.send, pacer },
      {
        method: request.method,
        url: url.toString(),
        headers: {
          authorization: `Bearer ${token.secret.revealFor(url.toString(), this.#options.audience)}`,
          accept: 'application/json',
        },
        ...(request.body === undefined ? {} : { json: request.body }),
        timeoutMs: this.#options.timeoutMs ?? 30_000,
      },
      { idempotent, ...(request.signal ? { signal: request.signal } : {}) },
    );
  }
}
