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
}

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
      // An oversized answer would be as large the next time.
      const final =
        outcome.kind === 'cancelled' ||
        outcome.kind === 'too_large' ||
        outcome.kind === 'refused' ||
        outcome.detail === INTERNAL_ADDRESS;
      if (final || !idempotent || failureRetries >= policy.maxFailureRetries) {
        // Internal addresses are allowed only for an API base URL the admin typed (tenant-connections.ts).
        throw failureError(outcome, context.host, context.allowInternalAddresses === true);
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
