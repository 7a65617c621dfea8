// Time as an interface (STYLE 6), so token expiry, rate-limit waits and back-off are tested
// without waiting.
import { setTimeout as delay } from 'node:timers/promises';
import { cancelledError, throwIfCancelled } from './cancellation.ts';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with a `cancelled` AppError as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    throwIfCancelled(signal);
    try {
      await delay(ms, undefined, signal ? { signal } : undefined);
    } catch (error) {
      if (signal?.aborted) throw cancelledError();
      throw error;
    }
  },
};
