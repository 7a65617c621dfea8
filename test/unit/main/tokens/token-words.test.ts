// The shared rules of common/tokens.ts: times in words, the pasted-token argument, and which
// claims the current profile contradicts.
import { describe, expect, it } from 'vitest';
import {
  compareProfile,
  describeDuration,
  inspectTokenArgs,
  relativeTime,
  rolesClaim,
} from '../../../../common/tokens.ts';

describe('times in words', () => {
  it('uses the largest unit that fits, rounded down', () => {
    expect(describeDuration(3 * 3_600_000 + 59 * 60_000)).toBe('3 h');
    expect(describeDuration(12 * 60_000 + 5000)).toBe('12 min');
    expect(describeDuration(45_000)).toBe('45 s');
    expect(describeDuration(86_400_000)).toBe('1 day');
    expect(describeDuration(3 * 86_400_000)).toBe('3 days');
    expect(describeDuration(300)).toBe('0 s');
  });

  it('says in or ago', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(relativeTime(now + 3 * 3_600_000, now)).toBe('in 3 h');
    expect(relativeTime(now - 2 * 86_400_000, now)).toBe('2 days ago');
    expect(relativeTime(now + 200, now)).toBe('now');
  });
});

describe('inspectTokenArgs', () => {
  it('drops a Bearer prefix and spaces, refuses control characters and an empty token', () => {
    const tenantId = 'ten_AAAAAAAAAAAAAAAA';
    expect(inspectTokenArgs.parse({ tenantId, token: '  Bearer a.b.c \n' }).token).toBe('a.b.c');
    expect(inspectTokenArgs.safeParse({ tenantId, token: 'a.b\u0000.c' }).success).toBe(false);
    expect(inspectTokenArgs.safeParse({ tenantId, token: '   ' }).success).toBe(false);
    expect(inspectTokenArgs.safeParse({ tenantId, token: 'x'.repeat(16_385) }).success).toBe(false);
  });
});

describe('compareProfile', () => {
  it('reports only claims both sides have, and compares updated_at as instants', () => {
    const claims = { email: 'a@x.com', name: 'A', updated_at: '2026-01-01T00:00:00.000Z', nickname: 'a' };
    expect(compareProfile(claims, { email: 'a@x.com', name: 'A', updated_at: '2026-01-01T00:00:00Z' })).toEqual([]);
    expect(compareProfile(claims, { email: 'b@x.com', name: 'A' })).toEqual([
      { field: 'email', inToken: 'a@x.com', now: 'b@x.com' },
    ]);
  });

  it('compares a namespaced roles claim with the roles now, in any order', () => {
    const claims = { 'https://acme.com/roles': ['b', 'a'] };
    expect(rolesClaim(claims)).toEqual({ key: 'https://acme.com/roles', roles: ['b', 'a'] });
    expect(compareProfile(claims, {}, ['a', 'b'])).toEqual([]);
    expect(compareProfile(claims, {}, ['a'])).toEqual([
      { field: 'https://acme.com/roles', inToken: ['a', 'b'], now: ['a'] },
    ]);
  });
});
