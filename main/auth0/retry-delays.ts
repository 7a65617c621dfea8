// How long to wait before trying again (FACTS.md, Rate limits): Retry-After first, then
// x-ratelimit-reset (UNIX seconds), capped at 60 s as the official SDKs do; otherwise
// exponential back-off from 1 s. Jitter keeps many waiting callers from waking at once.
import { headerValue, type HttpResponse } from './http-client.ts';

export const MAX_RATE_LIMIT_WAIT_MS = 60_000;
const RESET_JITTER_MS = 500;

/** Milliseconds until the server says a retry can succeed, or undefined when it does not say. */
export function serverRetryAfterMs(headers: HttpResponse['headers'], now: number): number | undefined {
  const retryAfter = headerValue(headers, 'retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headerValue(headers, 'x-ratelimit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}

/**
 * The wait before retrying a 429. The reset header has one-second precision, so a positive
 * jitter lands the retry after the refill rather than just before it.
 */
export function rateLimitDelayMs(
  response: HttpResponse,
  now: number,
  random: () => number,
  retryIndex: number,
): number {
  const told = serverRetryAfterMs(response.headers, now);
  const base = told ?? backoffDelayMs(retryIndex, random);
  return Math.min(base, MAX_RATE_LIMIT_WAIT_MS) + Math.floor(random() * RESET_JITTER_MS);
}

/** Exponential back-off from `baseMs`, with half of it random ("equal jitter"). */
export function backoffDelayMs(retryIndex: number, random: () => number, baseMs = 1000, maxMs = 16_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** retryIndex);
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}
