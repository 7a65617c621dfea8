// Management API rate limits (FACTS.md, Rate limits): token buckets per subscription tier, with
// x-ratelimit-limit (bucket size), x-ratelimit-remaining and x-ratelimit-reset (UNIX seconds when the
// bucket is full again) on every response.

export type Tier = 'free' | 'essentials' | 'enterprise' | 'unlimited';
export const TIERS: Tier[] = ['free', 'essentials', 'enterprise', 'unlimited'];

/** Which bucket a request draws from. Only Essentials/Professional publish per-endpoint-class limits. */
export type RateClass = 'read_users' | 'write_users' | 'delete_users' | 'other';

interface BucketSpec {
  capacity: number;
  perSecond: number;
}

const PER_MINUTE = 1 / 60;

function bucketSpec(tier: Tier, rateClass: RateClass): { key: string; spec: BucketSpec } {
  switch (tier) {
    case 'free':
      return { key: 'global', spec: { capacity: 2, perSecond: 2 } };
    case 'enterprise':
      return { key: 'global', spec: { capacity: 50, perSecond: 16 } };
    case 'unlimited':
      // Not an Auth0 tier: a bucket too large to run dry, so tests see the headers but never a 429.
      return { key: 'global', spec: { capacity: 1_000_000, perSecond: 1_000_000 } };
    case 'essentials': {
      const specs: Record<RateClass, BucketSpec> = {
        read_users: { capacity: 40, perSecond: 500 * PER_MINUTE },
        write_users: { capacity: 20, perSecond: 200 * PER_MINUTE },
        delete_users: { capacity: 20, perSecond: 200 * PER_MINUTE },
        other: { capacity: 10, perSecond: 150 * PER_MINUTE },
      };
      return { key: rateClass, spec: specs[rateClass] };
    }
  }
}

/** Classifies a Management request (path without /api/v2). */
export function rateClassOf(method: string, path: string): RateClass {
  const aboutUsers = path === '/users' || path.startsWith('/users/') || path === '/users-by-email';
  if (!aboutUsers) return 'other';
  if (method === 'GET') return 'read_users';
  if (method === 'DELETE' && /^\/users\/[^/]+$/.test(path)) return 'delete_users';
  return 'write_users';
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  #tier: Tier;
  #buckets = new Map<string, { tokens: number; updatedMs: number }>();
  readonly #now: () => number;

  constructor(tier: Tier, now: () => number = Date.now) {
    this.#tier = tier;
    this.#now = now;
  }

  get tier(): Tier {
    return this.#tier;
  }

  setTier(tier: Tier): void {
    this.#tier = tier;
    this.#buckets.clear();
  }

  take(rateClass: RateClass): RateDecision {
    const { key, spec } = bucketSpec(this.#tier, rateClass);
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: spec.capacity, updatedMs: now };
    bucket.tokens = Math.min(spec.capacity, bucket.tokens + ((now - bucket.updatedMs) / 1000) * spec.perSecond);
    bucket.updatedMs = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.#buckets.set(key, bucket);
    const secondsToFull = (spec.capacity - bucket.tokens) / spec.perSecond;
    return {
      allowed,
      headers: {
        'x-ratelimit-limit': String(spec.capacity),
        'x-ratelimit-remaining': String(Math.floor(bucket.tokens)),
        'x-ratelimit-reset': String(Math.ceil((now + secondsToFull * 1000) / 1000)),
      },
    };
  }
}
