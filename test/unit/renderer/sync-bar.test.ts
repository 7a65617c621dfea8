// The sync bar after a full sync: the copy is in use while its search index is built in main's
// background; the bar shows how far the build is, asking main again until it is done.
import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../../common/sync.ts';
import SyncBar from '../../../renderer/src/components/SyncBar.svelte';
import { SyncState } from '../../../renderer/src/lib/sync.svelte.ts';
import { bridge } from './fake-bridge.ts';

const TENANT = 'ten_syncbar000000001';

function status(indexing: number | null): SyncStatus {
  return {
    tenantId: TENANT,
    online: true,
    reachable: true,
    workOffline: false,
    cache: {
      userCount: 100_000,
      complete: true,
      syncedAt: '2026-12-01T10:00:00.000Z',
      fullSyncAt: '2026-12-01T10:00:00.000Z',
      recovered: null,
      indexing,
      indexFailed: null,
    },
    stale: false,
    running: null,
    settings: { autoSyncAfterMinutes: 60, workOffline: false },
  };
}

beforeEach(() => {
  bridge.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the search index built after a full sync', () => {
  it('shows how far it is, follows it until it is built, then stops asking', async () => {
    const answers = [status(0.25), status(0.8), status(null)];
    bridge.handle('sync:status', () => ({ ok: true, value: answers.shift() ?? status(null) }));
    const sync = new SyncState();
    sync.reset(TENANT);
    render(SyncBar, { sync });
    await vi.waitFor(() =>
      expect(screen.getByTestId('index-progress').textContent).toMatch(/25% · searches are slower/),
    );
    expect(bridge.callsOf('sync:status')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(SyncState.INDEXING_POLL_MS);
    await vi.waitFor(() => expect(screen.getByTestId('index-progress').textContent).toMatch(/80%/));
    await vi.advanceTimersByTimeAsync(SyncState.INDEXING_POLL_MS);
    await vi.waitFor(() => expect(screen.queryByTestId('index-progress')).toBeNull());
    expect(screen.getByTestId('cache-summary').textContent).toMatch(/100,000 users cached/);
    // Built: no more asking.
    await vi.advanceTimersByTimeAsync(SyncState.INDEXING_POLL_MS * 5);
    expect(bridge.callsOf('sync:status')).toHaveLength(3);
  });

  it('says so when the build failed, and stops asking', async () => {
    const failed = 'The search index of the cached users could not be built (the log says why).';
    bridge.handle('sync:status', () => ({
      ok: true,
      value: { ...status(0.3), cache: { ...status(0.3).cache, indexFailed: failed } },
    }));
    const sync = new SyncState();
    sync.reset(TENANT);
    render(SyncBar, { sync });
    await vi.waitFor(() => expect(screen.getByTestId('index-failed').textContent).toBe(failed));
    expect(screen.queryByTestId('index-progress')).toBeNull();
    await vi.advanceTimersByTimeAsync(SyncState.INDEXING_POLL_MS * 3);
    expect(bridge.callsOf('sync:status')).toHaveLength(1);
  });

  it('stops following the build of a tenant switched away from', async () => {
    bridge.handle('sync:status', (args) => ({ ok: true, value: { ...status(0.5), tenantId: args.tenantId } }));
    const sync = new SyncState();
    sync.reset(TENANT);
    await vi.waitFor(() => expect(sync.status?.cache.indexing).toBe(0.5));
    sync.reset(null);
    await vi.advanceTimersByTimeAsync(SyncState.INDEXING_POLL_MS * 3);
    expect(bridge.callsOf('sync:status')).toHaveLength(1);
  });
});
