// Tenants against the real emulator and a real Secret Service (gnome-keyring): what is stored
// where, and what survives a restart of main's services.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../../emulator/index.ts';
import { silentLogger } from '../../../main/log.ts';
import { createServices, type ServicesOptions } from '../../../main/services.ts';
import type { Keychain } from '../../../main/tenants/keychain.ts';
import { recordingHttp, requireSecretService, temporaryDirectory, uniqueKeychainService } from './support.ts';

let emulator: EmulatorHandle;
let keychain: Keychain;
const keychainService = uniqueKeychainService();

beforeAll(async () => {
  keychain = await requireSecretService(keychainService);
  emulator = await startEmulator({ users: 200, seed: 7 });
});
afterAll(async () => {
  await emulator?.stop();
});

async function options(userDataDir: string): Promise<ServicesOptions> {
  return {
    userDataDir,
    keychain,
    keychainService,
    log: silentLogger,
    emit: () => undefined,
    http: recordingHttp().http,
  };
}

const emulatorTenant = (secret = emulator.clientSecret) => ({
  name: 'Emulator',
  domain: emulator.domain,
  apiBaseUrl: emulator.url,
  auth: { mode: 'client_credentials' as const, clientId: emulator.clientId, clientSecret: secret },
});

describe('tenants with the real keychain and the emulator', () => {
  it('brings the tenant and its secret back after a restart of the services', async () => {
    const userData = await temporaryDirectory('roster-int-tenants-');
    const first = await createServices(await options(userData));
    const added = await first.tenants.add(emulatorTenant());
    expect(added.connection?.scopes).toContain('read:users');
    expect(added.connection?.capabilities).toMatchObject({ readUsers: true, updateUsers: true });
    await first.dispose();

    const second = await createServices(await options(userData));
    expect(second.tenants.list()).toMatchObject({
      selectedId: added.tenant.id,
      tenants: [{ id: added.tenant.id, name: 'Emulator' }],
    });
    // The keychain holds the secret with the origin and audience it was entered for.
    expect(JSON.parse((await keychain.getPassword(keychainService, added.tenant.id)) ?? '{}')).toEqual({
      v: 1,
      secret: emulator.clientSecret,
      origin: emulator.url,
      audience: `https://${emulator.domain}/api/v2/`,
    });
    const page = await second.users.list({ tenantId: added.tenant.id, per_page: 5 });
    expect(page).toMatchObject({ start: 0, limit: 5, length: 5, total: 200 });

    // The secret is in the keychain and nowhere in userData, the offline cache included.
    const files = (await readdir(userData, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    for (const entry of files) {
      expect(await readFile(join(entry.parentPath, entry.name), 'latin1')).not.toContain(emulator.clientSecret);
    }
    await second.tenants.remove(added.tenant.id);
    expect(await keychain.getPassword(keychainService, added.tenant.id)).toBeNull();
    await second.dispose();
  });

  it('answers a wrong secret with invalid_credentials in words, and keeps nothing', async () => {
    const userData = await temporaryDirectory('roster-int-wrong-');
    const services = await createServices(await options(userData));
    const error = await services.tenants.add(emulatorTenant('not-the-secret')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'invalid_credentials',
      status: 401,
      auth0ErrorCode: 'access_denied',
      message: expect.stringContaining('The tenant refused this client ID and client secret (401 access_denied)'),
    });
    expect(services.tenants.list().tenants).toEqual([]);
    expect(await readdir(userData)).toEqual([]);
    await services.dispose();
  });

  it('runs the demo tenant on the in-process emulator, and keeps its data across restarts', async () => {
    const userData = await temporaryDirectory('roster-int-demo-');
    const demoOptions = async () => ({
      ...(await options(userData)),
      startDemoEmulator: (settings: { port: number; seed: number; persistTo: string }) =>
        startEmulator({ ...settings, users: 300 }),
    });
    const first = await createServices(await demoOptions());
    await first.demoReady();
    const [demo] = first.tenants.list().tenants;
    expect(demo).toMatchObject({
      kind: 'demo',
      secretStorage: 'keychain',
      apiBaseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    const id = demo?.id ?? '';
    const [someone] = (await first.users.list({ tenantId: id, per_page: 1 })).users;
    await first.users.update(
      { tenantId: id, userId: someone?.user_id ?? '' },
      { user_metadata: { roster_test: 'kept' } },
    );
    await first.dispose();

    const second = await createServices(await demoOptions());
    await second.demoReady();
    const user = await second.users.get({ tenantId: id, userId: someone?.user_id ?? '' });
    expect(user.user_metadata).toMatchObject({ roster_test: 'kept' });
    await second.tenants.remove(id);
    await second.dispose();
  });
});
