import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../main/log.ts';
import { createServices } from '../../../../main/services.ts';
import { DEMO_DATA_FILE, type StartDemoEmulator } from '../../../../main/tenants/demo-tenant.ts';
import { FakeHttp, FakeKeychain, jsonResponse } from '../fakes.ts';

let dir: string;
let keychain: FakeKeychain;
let starts: Parameters<StartDemoEmulator>[0][];
let stopped: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-demo-'));
  keychain = new FakeKeychain();
  starts = [];
  stopped = 0;
});

const startDemo: StartDemoEmulator = async (options) => {
  starts.push(options);
  const port = 40_000 + starts.length;
  return {
    url: `http://127.0.0.1:${port}`,
    domain: `localhost:${port}`,
    clientId: 'demoClient',
    clientSecret: `demo-secret-${starts.length}`,
    stop: async () => {
      stopped += 1;
    },
  };
};

function services() {
  return createServices({
    userDataDir: dir,
    keychain,
    keychainService: 'Roster (unit)',
    log: silentLogger,
    emit: () => undefined,
    http: new FakeHttp(() => jsonResponse(500, {})),
    startDemoEmulator: startDemo,
  });
}

describe('the demo tenant', () => {
  it('is created on first run, selected, backed by the emulator, its secret in the keychain', async () => {
    const app = await services();
    await app.demoReady();
    const { tenants, selectedId } = app.tenants.list();
    expect(tenants).toEqual([
      expect.objectContaining({
        kind: 'demo',
        apiBaseUrl: 'http://127.0.0.1:40001',
        domain: 'localhost:40001',
        secretStorage: 'keychain',
      }),
    ]);
    expect(selectedId).toBe(tenants[0]?.id);
    expect(starts).toEqual([
      {
        port: 0,
        users: 3000,
        seed: expect.any(Number),
        persistTo: join(dir, DEMO_DATA_FILE),
        domain: 'demo.roster.local',
      },
    ]);
    expect(keychain.entry(`Roster (unit)/${tenants[0]?.id}`)?.secret).toBe('demo-secret-1');
    await app.dispose();
    expect(stopped).toBe(1);
  });

  it('keeps its id across restarts and takes the new port and secret each time', async () => {
    const first = await services();
    await first.demoReady();
    const id = first.tenants.list().tenants[0]?.id;
    await first.dispose();
    const second = await services();
    await second.demoReady();
    expect(second.tenants.list().tenants).toEqual([
      expect.objectContaining({ id, apiBaseUrl: 'http://127.0.0.1:40002' }),
    ]);
    expect(keychain.entry(`Roster (unit)/${id}`)?.secret).toBe('demo-secret-2');
    await second.dispose();
  });

  it('keeps its secret in memory when there is no keychain, and says so', async () => {
    keychain.failWith = new Error('Could not connect: No such file or directory');
    const app = await services();
    await app.demoReady();
    expect(app.tenants.list().tenants).toEqual([expect.objectContaining({ kind: 'demo', secretStorage: 'memory' })]);
    await app.dispose();
  });

  it('stays gone once the user removes it', async () => {
    const first = await services();
    await first.demoReady();
    await first.tenants.remove(first.tenants.list().tenants[0]?.id ?? '');
    await first.dispose();
    const second = await services();
    await second.demoReady();
    expect(second.tenants.list().tenants).toEqual([]);
    expect(starts).toHaveLength(1);
    await second.dispose();
  });
});
