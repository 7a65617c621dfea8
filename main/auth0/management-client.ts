// The Management API transport: bearer token, pacing, retries (send-with-retries.ts), one
// token refresh after a 401, errors normalized (api-errors.ts). The endpoints are in
// management-api.ts.
import { AppError } from '../errors.ts';
import type { TokenSource } from './access-token.ts';
import { managementError } from './api-errors.ts';
import type { HttpMethod } from './http-client.ts';
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
  send: SendContext;
  /** `https://{domain}`, a custom domain, or the emulator's URL. */
  baseUrl: string;
  tokens: TokenSource;
  timeoutMs?: number;
}

export class ManagementClient {
  readonly #options: ManagementClientOptions;

  constructor(options: ManagementClientOptions) {
    this.#options = options;
  }

  get tokens(): TokenSource {
    return this.#options.tokens;
  }

  /** Sends one request and parses its JSON answer; 204 gives undefined. */
  async request<T>(request: ApiRequest): Promise<T> {
    const { tokens, send } = this.#options;
    let token = await tokens.getToken(request.signal);
    let response = await this.#send(request, token.value);
    if (response.status === 401) {
      // The token may have been revoked or the tenant's signing key rotated: one fresh token,
      // one more try, and a 401 after that is the answer.
      tokens.invalidate(token.value);
      token = await tokens.getToken(request.signal);
      response = await this.#send(request, token.value);
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

  #send(request: ApiRequest, accessToken: string) {
    const url = new URL(`${this.#options.baseUrl}/api/v2${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    // Retrying a POST or PATCH after a 5xx could apply it twice (FACTS.md, Rate limits).
    const idempotent = request.method === 'GET' || request.method === 'DELETE';
    return sendWithRetries(
      this.#options.send,
      {
        method: request.method,
        url: url.toString(),
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        ...(request.body === undefined ? {} : { json: request.body }),
        timeoutMs: this.#options.timeoutMs ?? 30_000,
      },
      { idempotent, ...(request.signal ? { signal: request.signal } : {}) },
    );
  }
}
