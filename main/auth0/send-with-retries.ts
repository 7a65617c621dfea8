// One request with the retries of FACTS.md: a 429 is always safe to repeat (it was not
// processed) and waits for Retry-After or x-ratelimit-reset; 408, 5xx and network failures are
// repeated only for idempotent requests (GET, DELETE, the token request), never for a POST or
// PATCH that may already have taken effect.
import type { AddressReach } from '../../common/address-policy.ts';
import type { Logger } from '../log.ts';
import { failureError } from './api-errors.ts';
import type { Clock } from './clock.ts';
import { HttpFailure, type HttpClient, type HttpRequest, type HttpResponse } from './http-client.ts';
import { INTERNAL_ADDRESS } from './outbound-address.ts';
import type { RateLimitPacer } from './rate-limit-pacer.ts';
import { backoffDelayMs, rateLimitDelayMs } from './retry-delays.ts';

export interface RetryPolicy {
  /** 429s in a row before giving up; each wait is capped at 60 s. */
  maxRateLimitRetries: number;
  /** 408 / 5xx / network retries of an idempotent request (the node SDK retries twice). */
  maxFailureRetries: number;
  backoffBaseMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRateLimitRetries: 10, maxFailureRetries: 2, backoffBaseMs: 1000 };

export interface SendContext {
  http: HttpClient;
  clock: Clock;
  random: () => number;
  policy: RetryPolicy;
  log: Logger;
  /** Named in error messages ("Roster could not reach acme.auth0.com"). */
  host: string;
  pacer?: RateLimitPacer;
  /** Where the tenant may lead (common/address-policy.ts): every request goes through that policy. */
  reach: AddressReach;
  /** True when `host` is the API base URL the admin typed, so that errors blame that setting. */
  fromApiBaseUrl?: boolean;
}

/** Connection failures that say no server is there to answer (as opposed to a reset or a time-out). */
const HOST_DOWN: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

export async function sendWithRetries(
  context: SendContext,
  request: Omit<HttpRequest, 'reach'>,
  options: { idempotent: boolean; signal?: AbortSignal },
): Promise<HttpResponse> {
  const { http, clock, random, policy, log, pacer } = context;
  const { idempotent, signal } = options;
  const path = new URL(request.url).pathname;
  let rateLimitRetries = 0;
  let failureRetries = 0;
  for (;;) {
    const release = pacer ? await pacer.acquire(signal) : undefined;
    let outcome: HttpResponse | HttpFailure;
    try {
      outcome = await http.send({ ...request, signal, reach: context.reach });
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      outcome = error;
    } finally {
      release?.();
    }

    if (outcome instanceof HttpFailure) {
      // An oversized answer would be as large the next time. A host that refused the connection or
      // a name that does not resolve is down, not busy: waiting 1 s and 2 s to hear it again only
      // delays the cached answer (2.3 s, issue 18); the connectivity probes notice its return.
      const final =
        outcome.kind === 'cancelled' ||
        outcome.kind === 'too_large' ||
        outcome.kind === 'refused' ||
        outcome.detail === INTERNAL_ADDRESS ||
        HOST_DOWN.has(outcome.detail);
      if (final || !idempotent || failureRetries >= policy.maxFailureRetries) {
        throw failureError(outcome, context.host, context.fromApiBaseUrl === true);
      }
      const delayMs = backoffDelayMs(failureRetries++, random, policy.backoffBaseMs);
      log.info('request failed; retrying', { method: request.method, path, failure: outcome.kind, delayMs });
      await clock.sleep(delayMs, signal);
      continue;
    }

    pacer?.observe(outcome.headers);
    const status = outcome.status;
    if (status === 429 && rateLimitRetries < policy.maxRateLimitRetries) {
      const delayMs = rateLimitDelayMs(outcome, clock.now(), random, rateLimitRetries++);
      log.info('rate limited; waiting', { method: request.method, path, delayMs });
      await clock.sleep(delayMs, signal);
      continue;
    }
    if ((status === 408 || status >= 500) && idempotent && failureRetries < policy.maxFailureRetries) {
      const delayMs = backoffDelayMs(failureRetries++, random, policy.backoffBaseMs);
      log.info('server error; retrying', { method: request.method, path, status, delayMs });
      await clock.sleep(delayMs, signal);
      continue;
    }
    log.debug('request', { method: request.method, path, status });
    return outcome;
  }
}
