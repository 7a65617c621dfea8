// The change history file on disk (a real temporary folder) and the pure pieces of undo.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../../common/auth0.ts';
import type { HistoryEntry } from '../../../../common/history.ts';
import { describeUpdate, driftSince, revertBody } from '../../../../main/history/change-record.ts';
import { newChangeId } from '../../../../main/history/history-service.ts';
import { HistoryStore } from '../../../../main/history/history-store.ts';
import { silentLogger } from '../../../../main/log.ts';

const tenantId = 'ten_AAAAAAAAAAAAAAAA';
let directory: string;

function entry(changes: HistoryEntry['changes'] = [{ field: 'name', before: 'a', after: 'b' }]): HistoryEntry {
  return {
    id: newChangeId(),
    at: new Date().toISOString(),
    tenantId,
    userId: 'auth0|1',
    action: 'update',
    changes,
    outcome: { ok: true },
  };
}

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'roster-history-'));
});

describe('HistoryStore', () => {
  it('appends one line per entry, readable only by this user, and lists newest first', () => {
    const store = new HistoryStore({ directory, log: silentLogger });
    const [first, second] = [entry(), entry()];
    store.append(first);
    store.append(second);
    const path = join(directory, `${tenantId}.jsonl`);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(new HistoryStore({ directory, log: silentLogger }).list(tenantId).map((item) => item.id)).toEqual([
      second.id,
      first.id,
    ]);
  });

  it('refuses to write a password value, and skips such a line when read', () => {
    const store = new HistoryStore({ directory, log: silentLogger });
    expect(() => store.append(entry([{ field: 'password', after: 'hunter2' }]))).toThrow(/password/);
    const leaked = { ...entry(), changes: [{ field: 'password', secret: true, after: 'hunter2' }] };
    writeFileSync(join(directory, `${tenantId}.jsonl`), `${JSON.stringify(leaked)}\n${JSON.stringify(entry())}\n`);
    expect(new HistoryStore({ directory, log: silentLogger }).list(tenantId)).toHaveLength(1);
  });

  it('keeps the newest entries past its bound', () => {
    const store = new HistoryStore({ directory, log: silentLogger, maxEntries: 3 });
    const entries = [entry(), entry(), entry(), entry(), entry()];
    for (const item of entries) store.append(item);
    const reread = new HistoryStore({ directory, log: silentLogger, maxEntries: 3 }).list(tenantId);
    expect(reread.map((item) => item.id)).toEqual(
      entries
        .slice(2)
        .reverse()
        .map((item) => item.id),
    );
  });

  it('refuses a path outside its folder', () => {
    const store = new HistoryStore({ directory, log: silentLogger });
    expect(() => store.list('../../etc')).toThrow();
  });
});

describe('undo pieces', () => {
  const before: User = { user_id: 'auth0|1', name: 'Ada', user_metadata: { theme: 'dark' } };
  const after: User = {
    user_id: 'auth0|1',
    name: 'Grace',
    blocked: true,
    user_metadata: { theme: 'light', lang: 'fr' },
  };

  it('reverts root attributes, booleans and metadata keys to what they were', () => {
    const changes = describeUpdate(before, after, {
      name: 'Grace',
      blocked: true,
      user_metadata: { theme: 'light', lang: 'fr' },
    });
    const recorded = { ...entry(changes) };
    expect(revertBody(recorded)).toEqual({ name: 'Ada', blocked: false, user_metadata: { theme: 'dark', lang: null } });
    expect(driftSince(recorded, after)).toEqual([]);
    expect(driftSince(recorded, { ...after, name: 'Other' })).toEqual([
      { field: 'name', before: 'Grace', after: 'Other' },
    ]);
  });

  it('records {} as every metadata key removed', () => {
    expect(describeUpdate(before, { ...after, user_metadata: {} }, { user_metadata: {} })).toEqual([
      { field: 'user_metadata.theme', before: 'dark' },
    ]);
  });
});
