// The network as an interface (STYLE 6): the token provider and the Management API client
// speak HttpClient; the real one is got, unit tests pass fakes.
import got, { AbortError, RequestError, TimeoutError } from 'got';
import { outboundUrlProblem, type AddressReach } from '../../common/address-policy.ts';
import { lookupFor } from './outbound-address.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Larger answers are cut off with HttpFailure('too_large'); default DEFAULT_MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
  /**
   * Where the tenant this request is for may lead (common/address-policy.ts). `public`: a URL the
   * policy refuses is HttpFailure 'refused', and a name that resolves to an address that is not
   * public is HttpFailure 'network' `internal_address`; no request leaves either way.
   */
  reach: AddressReach;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type HttpFailureKind = 'network' | 'timeout' | 'cancelled' | 'too_large' | 'refused';

/**
 * The request got no HTTP answer. Carries only a kind and a short code (for 'refused', the
 * address policy's sentence): the library's own error holds the request options, Authorization
 * header included, and must not be logged.
 */
export class HttpFailure extends Error {
  readonly kind: HttpFailureKind;
  readonly detail: string;

  constructor(kind: HttpFailureKind, detail: string) {
    super(`${kind}: ${detail}`);
    this.name = 'HttpFailure';
    this.kind = kind;
    this.detail = detail;
  }
}

export interface HttpClient {
  /** Resolves with any HTTP status; rejects only with HttpFailure. */
  send(request: HttpRequest): Promise<HttpResponse>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * A single Management API answer is at most a page of 100 users with their metadata: far under
 * this. A larger body (a misbehaving server, a proxy's error page, a decompression bomb) is cut
 * off as it arrives, so memory stays bounded. Exports stream to disk instead (main/sync).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export function createGotHttpClient(userAgent = 'Roster'): HttpClient {
  // Retries are Roster's own (send-with-retries.ts follows FACTS.md exactly); HTTP errors are
  // answers to normalize, not exceptions; a redirect would carry the bearer token elsewhere.
  const client = got.extend({
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
    headers: { 'user-agent': userAgent },
  });
  return {
    async send(request) {
      const refused = outboundUrlProblem(request.url, request.reach);
      if (refused !== null) throw new HttpFailure('refused', refused);
      const dnsLookup = lookupFor(request.reach);
      const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      let tooLarge = false;
      const cutOff = new AbortController();
      const stop = () => {
        tooLarge = true;
        cutOff.abort();
      };
      const pending = client(request.url, {
        method: request.method,
        headers: request.headers,
        json: request.json,
        form: request.form,
        signal: request.signal ? AbortSignal.any([request.signal, cutOff.signal]) : cutOff.signal,
        timeout: { request: request.timeoutMs ?? DEFAULT_TIMEOUT_MS },
        ...(dnsLookup ? { dnsLookup } : {}),
      });
      // Counted as the body arrives, before it is buffered whole; `total` is the declared length.
      pending.on('downloadProgress', (progress: { transferred: number; total?: number }) => {
        if (!tooLarge && (progress.transferred > maxBytes || (progress.total ?? 0) > maxBytes)) stop();
      });
      try {
        const response = await pending;
        return { status: response.statusCode, headers: response.headers, body: response.body };
      } catch (error) {
        if (tooLarge) throw new HttpFailure('too_large', `over ${Math.round(maxBytes / 1024 / 1024)} MB`);
        throw toHttpFailure(error, request.signal);
      }
    },
  };
}

function toHttpFailure(error: unknown, signal: AbortSignal | undefined): HttpFailure {
  if (error instanceof AbortError || signal?.aborted) return new HttpFailure('cancelled', 'aborted');
  if (error instanceof TimeoutError) return new HttpFailure('timeout', error.code);
  if (error instanceof RequestError) return new HttpFailure('network', error.code);
  return new HttpFailure('network', 'unknown');
}

export function headerValue(headers: HttpResponse['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
