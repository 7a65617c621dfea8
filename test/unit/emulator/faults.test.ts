import { describe, expect, it } from 'vitest';
import { checkFaults, DEFAULT_SEARCH_TIME_LIMIT_MS, FaultInjector } from '../../../emulator/faults.ts';

describe('FaultInjector', () => {
  it('fails the next N requests, then follows the rates', () => {
    const faults = new FaultInjector({ failNext: 2, errorStatus: 500 }, () => 0.99);
    expect([faults.decide('/api/v2/users'), faults.decide('/api/v2/users'), faults.decide('/api/v2/users')]).toEqual([
      { kind: 'error', status: 500 },
      { kind: 'error', status: 500 },
      { kind: 'none' },
    ]);
  });

  it('draws errors and resets from its random source and honours the path prefix', () => {
    const faults = new FaultInjector({ errorRate: 0.5, resetRate: 0.2, pathPrefix: '/api/v2/users' }, () => 0.1);
    expect(faults.decide('/api/v2/users/x')).toEqual({ kind: 'reset' });
    expect(faults.decide('/oauth/token')).toEqual({ kind: 'none' });
    faults.set({ errorRate: 0.5 });
    expect(faults.decide('/oauth/token')).toEqual({ kind: 'error', status: 503 });
  });

  it('applies latency to matching paths and defaults the search limit to 2 s', () => {
    const faults = new FaultInjector({ latencyMs: 30, pathPrefix: '/api' });
    expect(faults.latencyFor('/api/v2/users')).toBe(30);
    expect(faults.latencyFor('/userinfo')).toBe(0);
    expect(faults.searchTimeLimitMs).toBe(DEFAULT_SEARCH_TIME_LIMIT_MS);
  });

  it('checks faults coming from the control endpoint', () => {
    expect(checkFaults({ latencyMs: 10, errorRate: 0.5, errorStatus: 500 })).toBeNull();
    expect(checkFaults({ errorRate: 2 })).toMatch(/errorRate/);
    expect(checkFaults({ errorStatus: 404 })).toMatch(/errorStatus/);
    expect(checkFaults({ surprise: 1 })).toMatch(/unknown fault/);
    expect(checkFaults([])).toMatch(/object/);
  });
});
