import * as fs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TenantProfile } from '../../../../common/tenant.ts';
import { TENANTS_FILE, TenantStore } from '../../../../main/tenants/tenant-store.ts';

const profile = (id: string, name = 'Acme'): TenantProfile => ({
  id,
  name,
  domain: 'acme.eu.auth0.com',
  authMode: 'client_credentials',
  clientId: 'abcDEF123',
  color: '#635dff',
  production: false,
  kind: 'standard',
  createdAt: '2025-01-01T00:00:00.000Z',
});
const A = 'ten_AAAAAAAAAAAAAAAA';
const B = 'ten_BBBBBBBBBBBBBBBB';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-store-'));
});

async function reload() {
  const store = new TenantStore(dir);
  await store.load();
  return store;
}

describe('TenantStore', () => {
  it('starts empty when there is no file, and keeps profiles and the selection across reloads', async () => {
    const store = await reload();
    expect(store.list()).toEqual([]);
    await store.put(profile(A));
    await store.put(profile(B, 'Beta'));
    await store.select(B);
    await store.put({ ...profile(A), name: 'Acme EU' });
    const again = await reload();
    expect(again.list().map((tenant) => tenant.name)).toEqual(['Acme EU', 'Beta']);
    expect(again.selectedId).toBe(B);
    expect(again.notices).toEqual([]);
  });

  it('writes through a temporary file and leaves only tenants.json behind', async () => {
    const store = await reload();
    await Promise.all([store.put(profile(A)), store.put(profile(B)), store.select(A)]);
    expect(await readdir(dir)).toEqual([TENANTS_FILE]);
    const file = JSON.parse(await readFile(join(dir, TENANTS_FILE), 'utf8'));
    expect(file).toMatchObject({ version: 1, selectedId: A });
    expect(file.tenants).toHaveLength(2);
  });

  it('keeps the old file whole when the rename fails, and reports the failure in words', async () => {
    const store = await reload();
    await store.put(profile(A));
    const before = await readFile(join(dir, TENANTS_FILE), 'utf8');
    const failing = new TenantStore(dir, {
      ...fs,
      rename: async () => {
        throw Object.assign(new Error('EIO'), { code: 'EIO' });
      },
    });
    await failing.load();
    await expect(failing.put(profile(B))).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('could not save'),
    });
    expect(failing.list().map((tenant) => tenant.id)).toEqual([A]);
    expect(await readFile(join(dir, TENANTS_FILE), 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual([TENANTS_FILE]);
  });

  it('sets a file that is not JSON aside, reports it, and starts empty', async () => {
    await writeFile(join(dir, TENANTS_FILE), '{"version":1,"tenants":[{"id":');
    const store = await reload();
    expect(store.list()).toEqual([]);
    expect(store.notices).toEqual([expect.stringContaining('damaged and has been set aside')]);
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^tenants\.json\.damaged-/);
    await store.put(profile(A));
    expect((await reload()).list()).toHaveLength(1);
  });

  it('leaves out one damaged record, keeps the others, and keeps a copy of the original', async () => {
    const good = profile(A);
    const bad = { ...profile(B), id: '../../etc', domain: 42 };
    await writeFile(join(dir, TENANTS_FILE), JSON.stringify({ version: 1, tenants: [good, bad, good], selectedId: B }));
    const store = await reload();
    expect(store.list()).toEqual([good]);
    expect(store.selectedId).toBeNull();
    expect(store.notices).toEqual([expect.stringContaining('2 tenant profiles were damaged and left out')]);
    expect((await readdir(dir)).some((file) => file.startsWith('tenants.json.damaged-'))).toBe(true);
  });

  it('remembers that the demo tenant was removed', async () => {
    const store = await reload();
    await store.put({ ...profile(A), kind: 'demo' });
    await store.remove(A);
    const again = await reload();
    expect(again.demoDismissed).toBe(true);
    expect(again.list()).toEqual([]);
  });

  it('refuses to write a profile that it could not read back', async () => {
    const store = await reload();
    expect(() => store.put({ ...profile(A), domain: 'not a domain' })).toThrow();
    expect(await readdir(dir)).toEqual([]);
  });
});
