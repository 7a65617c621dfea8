// The two Authentication API endpoints a pasted token may be sent to, and nowhere else: the
// tenant's own GET /userinfo and legacy POST /tokeninfo, at the tenant's origin (FACTS.md,
// Token). No retries: /userinfo is limited per user (burst 10, then 5 a minute), and a refusal
// is an answer to explain, not a failure to repeat.
import type { AddressReach } from '../../common/address-policy.ts';
import type { TokeninfoAnswer } from '../../common/tokens.ts';
import { failureError } from '../auth0/api-errors.ts';
import { headerValue, HttpFailure, type HttpClient, type HttpResponse } from '../auth0/http-client.ts';
import { withoutIdpTokens } from '../auth0/management-api.ts';
import { serverRetryAfterMs } from '../auth0/retry-delays.ts';
import { AppError } from '../errors.ts';

const TIMEOUT_MS = 15_000;

export type UserinfoAnswer =
  { status: 'ok'; claims: Record<string, unknown> } | { status: 'failed'; message: string; httpStatus: number };

/** `Bearer realm="Users", error="invalid_token", error_description="The token has expired"` (RFC 6750 3). */
export function parseWwwAuthenticate(value: string | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!value) return fields;
  for (const match of value.matchAll(/([A-Za-z_]+)="((?:[^"\\]|\\.)*)"/g)) {
    fields[(match[1] ?? '').toLowerCase()] = (match[2] ?? '').replace(/\\(.)/g, '$1').slice(0, 500);
  }
  return fields;
}

/** A 401 from /userinfo in words, from its WWW-Authenticate header (its body is a bare "Unauthorized"). */
export function explainUserinfoRefusal(response: HttpResponse, now: number): string {
  if (response.status === 401) {
    const challenge = parseWwwAuthenticate(headerValue(response.headers, 'www-authenticate'));
    const code = challenge.error;
    const said = [code, challenge.error_description].filter(Boolean).join(': ');
    const why =
      code === 'insufficient_scope'
        ? 'The token lacks a scope /userinfo needs (openid).'
        : code === 'invalid_token'
          ? 'The tenant no longer accepts this token: it expired, was issued for another audience, or its signing key was revoked.'
          : 'The tenant did not say why.';
    return `The tenant refused the token at /userinfo (401${said ? ` ${said}` : ''}). ${why}`;
  }
  if (response.status === 429) {
    const wait = serverRetryAfterMs(response.headers, now);
    const when = wait === undefined ? 'in a minute' : `in ${Math.ceil(wait / 1000)} s`;
    return `The tenant's /userinfo limit for this user was reached (burst 10, then 5 a minute). Try again ${when}.`;
  }
  return `The tenant answered /userinfo with ${response.status}; no profile to show.`;
}

export class TenantEndpoints {
  readonly #http: HttpClient;
  readonly #origin: string;
  readonly #host: string;
  readonly #reach: AddressReach;

  /**
   * `origin`: `https://{domain}`, or the tenant's API base URL (a custom domain, the emulator);
   * `reach`: where that tenant may lead (common/address-policy.ts).
   */
  constructor(http: HttpClient, origin: string, reach: AddressReach) {
    this.#http = http;
    this.#origin = origin;
    this.#reach = reach;
    this.#host = new URL(origin).host;
  }

  async userinfo(accessToken: string, now: number, signal?: AbortSignal): Promise<UserinfoAnswer> {
    const response = await this.#send(
      { method: 'GET', path: '/userinfo', headers: { authorization: `Bearer ${accessToken}` } },
      signal,
    );
    if (response.status === 200) {
      const claims = parseObject(response.body);
      if (claims) return { status: 'ok', claims };
      return {
        status: 'failed',
        message: `${this.#host} answered /userinfo with something that is not JSON.`,
        httpStatus: 200,
      };
    }
    return { status: 'failed', message: explainUserinfoRefusal(response, now), httpStatus: response.status };
  }

  /** Legacy: Auth0 disables it on tenants on the OIDC-conformant pipeline, which answer 404. */
  async tokeninfo(idToken: string, signal?: AbortSignal): Promise<TokeninfoAnswer> {
    const response = await this.#send({ method: 'POST', path: '/tokeninfo', json: { id_token: idToken } }, signal);
    const body = parseObject(response.body);
    if (response.status === 200 && body) {
      const profile = typeof body.user_id === 'string' ? withoutIdpTokens({ ...body, user_id: body.user_id }) : body;
      return { status: 'ok', profile };
    }
    const said = [body?.error, body?.error_description].filter((item) => typeof item === 'string').join(': ');
    const detail = said ? ` (${said})` : '';
    const message =
      response.status === 404
        ? 'This tenant no longer has /tokeninfo (404). Auth0 disabled the legacy endpoint on tenants that use the OIDC-conformant pipeline, which all newer tenants do: use /userinfo with an access token instead.'
        : response.status === 401
          ? `The tenant refused the ID token at /tokeninfo (401${detail}): it checks signature and expiry, and the token failed one of them.`
          : response.status === 429
            ? `The tenant's /tokeninfo rate limit was reached (429${detail}). Try again in a minute.`
            : `The tenant answered /tokeninfo with ${response.status}${detail}.`;
    return { status: 'failed', message, httpStatus: response.status };
  }

  async #send(
    request: {
      method: 'GET' | 'POST';
      path: '/userinfo' | '/tokeninfo';
      headers?: Record<string, string>;
      json?: unknown;
    },
    signal: AbortSignal | undefined,
  ): Promise<HttpResponse> {
    // The token goes to this tenant's origin and these two paths only (DESIGN.md: a token is bound
    // to the origin it belongs to). The URL is built here from the origin, never taken from input.
    const url = new URL(`${this.#origin}${request.path}`);
    if (url.origin !== new URL(this.#origin).origin)
      throw new AppError('internal', 'Refusing to send a token elsewhere.');
    try {
      return await this.#http.send({
        method: request.method,
        url: url.toString(),
        headers: { accept: 'application/json', ...request.headers },
        ...(request.json === undefined ? {} : { json: request.json }),
        timeoutMs: TIMEOUT_MS,
        reach: this.#reach,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (error instanceof HttpFailure) throw failureError(error, this.#host);
      throw error;
    }
  }
}

function parseObject(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
