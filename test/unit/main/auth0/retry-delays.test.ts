import { describe, expect, it } from 'vitest';
import { backoffDelayMs, rateLimitDelayMs, serverRetryAfterMs } from '../../../../main/auth0/retry-delays.ts';
import { capabilitiesFromScopes } from '../../../../main/auth0/capabilities.ts';

const now = Date.parse('2025-01-01T00:00:00Z');
const answer = (headers: Record<string, string>) => ({ status: 429, headers, body: '' });

describe('retry delays (FACTS.md, Rate limits)', () => {
  it('prefers Retry-After, in seconds or as an HTTP date', () => {
    expect(serverRetryAfterMs({ 'retry-after': '7', 'x-ratelimit-reset': String(now / 1000 + 30) }, now)).toBe(7000);
    expect(serverRetryAfterMs({ 'retry-after': new Date(now + 4000).toUTCString() }, now)).toBe(4000);
  });

  it('falls back to x-ratelimit-reset (UNIX seconds), then to nothing', () => {
    expect(serverRetryAfterMs({ 'x-ratelimit-reset': String(now / 1000 + 12) }, now)).toBe(12_000);
    expect(serverRetryAfterMs({ 'x-ratelimit-reset': String(now / 1000 - 5) }, now)).toBe(0);
    expect(serverRetryAfterMs({}, now)).toBeUndefined();
  });

  it('caps a 429 wait at 60 s and adds up to half a second of jitter', () => {
    expect(rateLimitDelayMs(answer({ 'retry-after': '600' }), now, () => 0, 0)).toBe(60_000);
    expect(rateLimitDelayMs(answer({ 'retry-after': '2' }), now, () => 0.999, 0)).toBe(2499);
    expect(rateLimitDelayMs(answer({}), now, () => 0, 2)).toBe(2000);
  });

  it('backs off exponentially from 1 s with jitter in the upper half', () => {
    expect([0, 1, 2, 3].map((index) => backoffDelayMs(index, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((index) => backoffDelayMs(index, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelayMs(10, () => 1)).toBe(16_000);
  });
});

describe('capabilitiesFromScopes', () => {
  it('maps scopes to what the UI may offer', () => {
    expect(capabilitiesFromScopes(['read:users', 'read:roles', 'read:logs_users', 'create:user_tickets'])).toEqual({
      readUsers: true,
      createUsers: false,
      updateUsers: false,
      deleteUsers: false,
      readRoles: true,
      assignRoles: false,
      readLogs: true,
      readConnections: false,
      tickets: true,
      jobs: true,
    });
    const writer = capabilitiesFromScopes(['create:users', 'update:users', 'delete:users', 'read:connections']);
    expect(writer).toMatchObject({
      createUsers: true,
      updateUsers: true,
      deleteUsers: true,
      assignRoles: true,
      readUsers: false,
    });
    expect(capabilitiesFromScopes([])).toEqual(Object.fromEntries(Object.keys(writer).map((key) => [key, false])));
  });
});
