// Keeps heavy use under a tenant's rate limit instead of bouncing off it (FACTS.md, Rate
// limits): every answer carries x-ratelimit-limit / -remaining / -reset, so requests are held
// back once the bucket is empty and released when it refills.
import { headerValue, type HttpResponse } from './http-client.ts';
import { throwIfCancelled } from './cancellation.ts';
import type { Clock } from './clock.ts';
import { MAX_RATE_LIMIT_WAIT_MS } from './retry-delays.ts';

const WAKE_JITTER_MS = 100;

export class RateLimitPacer {
  readonly #clock: Clock;
  readonly #random: () => number;
  #limit: number | undefined;
  /** Our own estimate: the server's last figure, less what we sent since. Unknown until the first answer. */
  #remaining: number | undefined;
  #resetAt = 0;
  #inFlight = 0;
  #waiters: (() => void)[] = [];

  constructor(clock: Clock, random: () => number = Math.random) {
    this.#clock = clock;
    this.#random = random;
  }

  /** Waits for a slot in the bucket; call the returned function once the answer is in. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      const now = this.#clock.now();
      if (this.#remaining !== undefined && now >= this.#resetAt) this.#remaining = this.#limit;
      if (this.#remaining === undefined) {
        // Before the first answer we know nothing: send one request alone and learn the limit
        // from it, rather than letting a burst of callers find it with a wave of 429s.
        if (this.#inFlight === 0) return this.#take();
        await this.#nextChange(signal);
        throwIfCancelled(signal);
      } else if (this.#remaining > 0) {
        this.#remaining -= 1;
        return this.#take();
      } else {
        await this.#clock.sleep(this.#resetAt - now + Math.floor(this.#random() * WAKE_JITTER_MS), signal);
      }
    }
  }

  /** Reads the rate-limit headers of an answer (429s included). */
  observe(headers: HttpResponse['headers']): void {
    const limit = integerHeader(headers, 'x-ratelimit-limit');
    const remaining = integerHeader(headers, 'x-ratelimit-remaining');
    const reset = integerHeader(headers, 'x-ratelimit-reset');
    if (remaining === undefined || reset === undefined) return;
    if (limit !== undefined) this.#limit = limit;
    // A reset announced far away waits no longer than a 429 would (60 s, as the SDKs cap it).
    this.#resetAt = Math.min(reset * 1000, this.#clock.now() + MAX_RATE_LIMIT_WAIT_MS);
    // Requests still under way may not be counted in this figure yet: assume they will be.
    const othersInFlight = Math.max(0, this.#inFlight - 1);
    this.#remaining = Math.max(0, remaining - othersInFlight);
    this.#wake();
  }

  dispose(): void {
    this.#wake();
  }

  #take(): () => void {
    this.#inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight -= 1;
      this.#wake();
    };
  }

  #nextChange(signal: AbortSignal | undefined): Promise<void> {
    throwIfCancelled(signal);
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.#waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

function integerHeader(headers: HttpResponse['headers'], name: string): number | undefined {
  const value = headerValue(headers, name)?.trim();
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}
