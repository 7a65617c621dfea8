// Every failure of a request to Auth0 becomes one AppError, `{ status, code, auth0ErrorCode,
// message, retryAfterMs }`, worded for the person at the keyboard (FACTS.md, Errors).
import { STATUS_CODES } from 'node:http';
import type { AuthenticationErrorBody, ManagementErrorBody } from '../../common/auth0.ts';
import { AppError } from '../errors.ts';
import { cancelledError } from './cancellation.ts';
import { failureAdvice, failureReason } from './failure-words.ts';
import type { HttpFailure, HttpResponse } from './http-client.ts';
import { INTERNAL_ADDRESS } from './outbound-address.ts';
import { serverRetryAfterMs } from './retry-delays.ts';

const SCOPES_HINT =
  'Grant it in the Auth0 Dashboard under Applications > APIs > Auth0 Management API > Machine To Machine Applications.';

/**
 * A request that got no answer. `host` is the address that failed; `fromApiBaseUrl` says it is
 * the tenant's API base URL, not its domain, so the advice points at the setting that holds it.
 */
export function failureError(failure: HttpFailure, host: string, fromApiBaseUrl = false): AppError {
  const named = fromApiBaseUrl ? `${host} (the tenant's API base URL)` : host;
  if (failure.kind === 'cancelled') return cancelledError();
  // The address policy (common/address-policy.ts): nothing was sent.
  if (failure.kind === 'refused') {
    return new AppError('invalid_argument', `Roster does not send requests there: ${failure.detail}`);
  }
  if (failure.detail === INTERNAL_ADDRESS) {
    return new AppError(
      'network',
      `${host} resolves to an address on this machine or a private network. Roster reaches such addresses only for a tenant whose API base URL is on this machine (a local emulator).`,
    );
  }
  if (failure.kind === 'too_large') {
    return new AppError(
      'api_error',
      `${named} sent an answer larger than Roster accepts (${failure.detail}); Roster stopped reading it. Check the tenant's domain and API base URL.`,
    );
  }
  if (failure.kind === 'timeout') {
    return new AppError(
      'timeout',
      `${named} did not answer in time: the request timed out. ${failureAdvice('ETIMEDOUT', fromApiBaseUrl)}`,
    );
  }
  return new AppError(
    'network',
    `Roster could not reach ${named}: ${failureReason(failure.detail)}. ${failureAdvice(failure.detail, fromApiBaseUrl)}`,
  );
}

function parseBody(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 1000) : undefined;
}

/**
 * Only an answer in Auth0's error shape is quoted to the admin. Anything else (a web server's
 * page, another service's JSON at a mistyped API base URL) is summarized by its status, so an
 * error message cannot be used to read what another service on the network answers.
 */
function managementShaped(body: Record<string, unknown>): Partial<ManagementErrorBody> {
  const shaped =
    typeof body.statusCode === 'number' && typeof body.error === 'string' && typeof body.message === 'string';
  return shaped ? (body as Partial<ManagementErrorBody>) : {};
}

function authenticationShaped(body: Record<string, unknown>): Partial<AuthenticationErrorBody> {
  const shaped =
    typeof body.error === 'string' &&
    /^[a-z_]{1,64}$/.test(body.error) &&
    (body.error_description === undefined || typeof body.error_description === 'string');
  return shaped ? (body as Partial<AuthenticationErrorBody>) : {};
}

/** An error answer of the Management API (`{statusCode, error, message, errorCode?}`). */
export function managementError(response: HttpResponse, now: number): AppError {
  const body = managementShaped(parseBody(response.body));
  const status = response.status;
  const reason = text(body.error) ?? STATUS_CODES[status] ?? 'Error';
  const message = text(body.message) ?? reason;
  const auth0ErrorCode = text(body.errorCode);
  const extra = { status, ...(auth0ErrorCode ? { auth0ErrorCode } : {}) };
  switch (true) {
    case status === 401:
      return new AppError('invalid_credentials', `The tenant refused Roster's access token (401: ${message}).`, extra);
    case status === 403 && auth0ErrorCode === 'insufficient_scope':
      return new AppError(
        'insufficient_scope',
        `The application lacks a permission for this. ${message}. ${SCOPES_HINT}`,
        extra,
      );
    case status === 404:
      return new AppError('not_found', message, extra);
    case status === 409:
      return new AppError('conflict', message, extra);
    case status === 429: {
      const retryAfterMs = serverRetryAfterMs(response.headers, now);
      const when = retryAfterMs === undefined ? 'in a moment' : `in ${Math.ceil(retryAfterMs / 1000)} s`;
      return new AppError('rate_limited', `The tenant's rate limit was reached (${message}). Try again ${when}.`, {
        ...extra,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    case status >= 500:
      return new AppError('api_error', `Auth0 could not answer (${status} ${reason}): ${message}`, extra);
    default:
      return new AppError('api_error', message, extra);
  }
}

/** An error answer of POST /oauth/token (`{error, error_description}`, FACTS.md, Token). */
export function tokenError(response: HttpResponse, host: string, now: number): AppError {
  const body = authenticationShaped(parseBody(response.body));
  const status = response.status;
  const auth0ErrorCode = text(body.error);
  const description = text(body.error_description) ?? STATUS_CODES[status] ?? 'Error';
  const extra = { status, ...(auth0ErrorCode ? { auth0ErrorCode } : {}) };
  const tag = `${status} ${auth0ErrorCode ?? description}`;
  if (status === 401) {
    // Auth0 answers an unknown client ID and a wrong secret alike (401 access_denied, FACTS.md):
    // the message cannot blame the secret alone.
    return new AppError(
      'invalid_credentials',
      `The tenant refused this client ID and client secret (${tag}): one of them is wrong. Copy both again from the Auth0 Dashboard, Applications > your application > Settings.`,
      extra,
    );
  }
  if (status === 403 && auth0ErrorCode === 'unauthorized_client') {
    return new AppError(
      'invalid_credentials',
      `The application may not use the Client Credentials grant (${tag}). Make it a Machine to Machine application, or enable that grant in its advanced settings.`,
      extra,
    );
  }
  if (status === 403) {
    return new AppError(
      'invalid_credentials',
      `The application is not authorized to call the Management API (${tag}: ${description}). Authorize it in the Auth0 Dashboard under Applications > APIs > Auth0 Management API > Machine To Machine Applications.`,
      extra,
    );
  }
  if (status === 404) {
    return new AppError('not_found', `There is no Auth0 tenant at ${host} (404). Check the domain.`, extra);
  }
  if (status === 429) {
    const retryAfterMs = serverRetryAfterMs(response.headers, now);
    return new AppError('rate_limited', `The tenant's token endpoint is rate limited (${tag}). Try again shortly.`, {
      ...extra,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  return new AppError('api_error', `The tenant did not issue a token (${tag}: ${description}).`, extra);
}
