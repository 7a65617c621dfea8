import { describe, expect, it } from 'vitest';
import { RateLimiter, rateClassOf } from '../../../emulator/rate-limit.ts';

function limiterAt(tier: ConstructorParameters<typeof RateLimiter>[0]) {
  let now = 1_700_000_000_000;
  const limiter = new RateLimiter(tier, () => now);
  return { limiter, advance: (ms: number) => (now += ms), now: () => now };
}

describe('RateLimiter', () => {
  it('gives the free tier a burst of 2 refilled at 2 per second', () => {
    const { limiter, advance } = limiterAt('free');
    expect([limiter.take('other').allowed, limiter.take('read_users').allowed, limiter.take('other').allowed]).toEqual([
      true,
      true,
      false,
    ]);
    advance(500);
    expect(limiter.take('other').allowed).toBe(true);
    expect(limiter.take('other').allowed).toBe(false);
  });

  it('keeps separate Essentials buckets per endpoint class with their published sizes', () => {
    const { limiter } = limiterAt('essentials');
    const sizes = (['read_users', 'write_users', 'delete_users', 'other'] as const).map(
      (rateClass) => limiter.take(rateClass).headers['x-ratelimit-limit'],
    );
    expect(sizes).toEqual(['40', '20', '20', '10']);
    for (let index = 0; index < 9; index += 1) limiter.take('other');
    expect(limiter.take('other').allowed).toBe(false);
    expect(limiter.take('read_users').allowed).toBe(true);
  });

  it('reports remaining tokens and the UNIX second the bucket is full again', () => {
    const { limiter, now } = limiterAt('enterprise');
    const decision = limiter.take('other');
    expect(decision.headers['x-ratelimit-limit']).toBe('50');
    expect(decision.headers['x-ratelimit-remaining']).toBe('49');
    // One token at 16/s takes 62.5 ms to come back.
    expect(Number(decision.headers['x-ratelimit-reset'])).toBe(Math.ceil((now() + 62.5) / 1000));
  });

  it('never runs dry on the unlimited tier', () => {
    const { limiter } = limiterAt('unlimited');
    for (let index = 0; index < 10_000; index += 1) expect(limiter.take('read_users').allowed).toBe(true);
  });

  it('classifies requests by endpoint', () => {
    expect(rateClassOf('GET', '/users')).toBe('read_users');
    expect(rateClassOf('GET', '/users-by-email')).toBe('read_users');
    expect(rateClassOf('PATCH', '/users/auth0%7C1')).toBe('write_users');
    expect(rateClassOf('POST', '/users/auth0%7C1/roles')).toBe('write_users');
    expect(rateClassOf('DELETE', '/users/auth0%7C1')).toBe('delete_users');
    expect(rateClassOf('GET', '/roles')).toBe('other');
  });
});
