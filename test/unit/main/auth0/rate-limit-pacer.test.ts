import { describe, expect, it } from 'vitest';
import { RateLimitPacer } from '../../../../main/auth0/rate-limit-pacer.ts';
import { FakeClock, fixedRandom } from '../fakes.ts';

function limits(clock: FakeClock, remaining: number, resetInSeconds: number, limit = 10) {
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(Math.floor(clock.now() / 1000) + resetInSeconds),
  };
}

describe('RateLimitPacer', () => {
  it('sends one request alone until the first answer tells it the limit', async () => {
    const clock = new FakeClock();
    const pacer = new RateLimitPacer(clock, fixedRandom());
    const release = await pacer.acquire();
    let secondStarted = false;
    const second = pacer.acquire().then((releaseSecond) => {
      secondStarted = true;
      return releaseSecond;
    });
    await Promise.resolve();
    expect(secondStarted).toBe(false);
    pacer.observe(limits(clock, 5, 1));
    release();
    (await second)();
    expect(secondStarted).toBe(true);
  });

  it('holds requests back once the bucket is empty and lets them go when it refills', async () => {
    const clock = new FakeClock(Date.parse('2025-01-01T00:00:00Z'));
    const pacer = new RateLimitPacer(clock, fixedRandom());
    (await pacer.acquire())();
    pacer.observe(limits(clock, 2, 2, 3));
    (await pacer.acquire())();
    (await pacer.acquire())();
    expect(clock.sleeps).toEqual([]);
    (await pacer.acquire())();
    expect(clock.sleeps).toEqual([2000]);
    // After the refill the whole bucket (x-ratelimit-limit) is there again.
    (await pacer.acquire())();
    (await pacer.acquire())();
    expect(clock.sleeps).toEqual([2000]);
  });

  it('counts requests still under way against the remaining figure', async () => {
    const clock = new FakeClock();
    const pacer = new RateLimitPacer(clock, fixedRandom());
    (await pacer.acquire())();
    pacer.observe(limits(clock, 10, 1));
    const underWay = await Promise.all(Array.from({ length: 4 }, () => pacer.acquire()));
    pacer.observe(limits(clock, 4, 1));
    underWay[0]?.();
    // 4 remaining, 3 others still under way: one slot left before waiting for the reset.
    (await pacer.acquire())();
    expect(clock.sleeps).toEqual([]);
    (await pacer.acquire())();
    expect(clock.sleeps).toEqual([1000]);
  });

  it('stops waiting when the call is cancelled', async () => {
    const clock = new FakeClock();
    const pacer = new RateLimitPacer(clock, fixedRandom());
    await pacer.acquire();
    const controller = new AbortController();
    const waiting = pacer.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' });
  });
});
