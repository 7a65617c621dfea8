// A smoke test of the OS keychain through keytar, against whatever Secret Service runs (CI
// starts gnome-keyring in a private D-Bus session). It uses a service name of its own.
import keytar from 'keytar';
import { afterAll, describe, expect, it } from 'vitest';
import { keychainUnavailable } from '../../support/environment.ts';

const service = `Roster keychain smoke test ${process.pid}`;
const account = 'smoke';

function unavailable(): string | null {
  if (process.platform !== 'linux' || process.env.DBUS_SESSION_BUS_ADDRESS) return null;
  const reason =
    'no D-Bus session, so no Secret Service (run inside dbus-run-session with gnome-keyring, as .ci/run does)';
  if (process.env.CI === 'true') throw new Error(`The keychain smoke test cannot run under CI: ${reason}.`);
  console.warn(`Skipping the keychain smoke test: ${reason}.`);
  return reason;
}

describe.skipIf(unavailable())('keychain (keytar)', () => {
  afterAll(() => keytar.deletePassword(service, account));

  it('stores, reads, lists and deletes a secret', async () => {
    const secret = `s3cret-${Math.random().toString(36).slice(2)}-ünïcode`;
    await keytar.setPassword(service, account, secret);
    expect(await keytar.getPassword(service, account)).toBe(secret);
    expect(await keytar.findCredentials(service)).toEqual([{ account, password: secret }]);
    expect(await keytar.deletePassword(service, account)).toBe(true);
    expect(await keytar.getPassword(service, account)).toBeNull();
    expect(await keytar.deletePassword(service, account)).toBe(false);
  });
});
