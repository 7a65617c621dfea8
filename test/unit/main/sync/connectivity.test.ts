// Connectivity: a request with no answer takes the tenant offline at once; probes follow with a
// doubling back-off until one gets an answer; every change is pushed.
import { describe, expect, it } from 'vitest';
import type { ConnectivityChange } from '../../../../common/sync.ts';
import { AppError } from '../../../../main/errors.ts';
import { silentLogger } from '../../../../main/log.ts';
import { Connectivity, isUnreachable, MAX_PROBE_MS, probeDelayMs } from '../../../../main/sync/connectivity.ts';
import { FakeClock } from '../fakes.ts';

const tenantId = 'ten_AAAAAAAAAAAAAAAA';

function setup(probeResults: boolean[]) {
  const clock = new FakeClock();
  const changes: ConnectivityChange[] = [];
  let probes = 0;
  let workOffline = false;
  let back: () => void = () => undefined;
  const reachable = new Promise<void>((resolve) => (back = resolve));
  const connectivity = new Connectivity({
    clock,
    random: () => 0.5,
    probe: async () => probeResults[probes++] ?? false,
    workOffline: () => workOffline,
    emit: (change) => {
      changes.push(change);
      if (change.reachable && changes.length > 1) back();
    },
    log: silentLogger,
  });
  return {
    clock,
    changes,
    connectivity,
    reachable,
    probes: () => probes,
    setWorkOffline: (value: boolean) => (workOffline = value),
  };
}

describe('connectivity', () => {
  it('goes offline on a network failure and probes with back-off until the tenant answers', async () => {
    const { clock, changes, connectivity, reachable, probes } = setup([false, false, false, true]);
    connectivity.reportFailure(tenantId, new AppError('network', 'Roster could not reach x (ECONNREFUSED).'));
    expect(connectivity.isOnline(tenantId)).toBe(false);
    expect(changes[0]).toMatchObject({ tenantId, online: false, reachable: false, workOffline: false });
    await reachable;
    expect(probes()).toBe(4);
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect(changes.at(-1)).toEqual({ tenantId, online: true, reachable: true, workOffline: false });
    expect(connectivity.isOnline(tenantId)).toBe(true);
  });

  it('reports once while offline, however many requests fail', () => {
    const { changes, connectivity } = setup([]);
    for (let index = 0; index < 5; index += 1) connectivity.reportFailure(tenantId, new AppError('network', 'x'));
    expect(changes).toHaveLength(1);
    connectivity.dispose();
  });

  it('a request that gets through brings the tenant back at once and stops the probes', async () => {
    const { clock, changes, connectivity } = setup([]);
    connectivity.reportFailure(tenantId, new AppError('timeout', 'slow'));
    connectivity.reportReachable(tenantId);
    const sleepsAfter = clock.sleeps.length;
    await new Promise((resolve) => setImmediate(resolve));
    expect(changes.map((change) => change.online)).toEqual([false, true]);
    expect(clock.sleeps.length).toBeLessThanOrEqual(sleepsAfter + 1);
  });

  it('"Work offline" is offline while reachable', () => {
    const { connectivity, setWorkOffline } = setup([]);
    setWorkOffline(true);
    expect(connectivity.isReachable(tenantId)).toBe(true);
    expect(connectivity.isOnline(tenantId)).toBe(false);
    expect(connectivity.offlineReason(tenantId, 'Acme')).toBe('You chose to work offline with Acme');
  });

  it('caps the back-off at a minute, with jitter', () => {
    expect(probeDelayMs(0, () => 0)).toBe(800);
    expect(probeDelayMs(0, () => 1)).toBe(1200);
    expect(probeDelayMs(20, () => 0.5)).toBe(MAX_PROBE_MS);
  });

  it('only failures without an answer count', () => {
    expect(isUnreachable(new AppError('network', 'x'))).toBe(true);
    expect(isUnreachable(new AppError('timeout', 'x'))).toBe(true);
    expect(isUnreachable(new AppError('api_error', 'x', { status: 503 }))).toBe(false);
    expect(isUnreachable(new Error('x'))).toBe(false);
  });
});
