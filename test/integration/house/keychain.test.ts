// A smoke test of the OS keychain through keytar, against whatever Secret Service runs (CI
// starts gnome-keyring in a private D-Bus session). It uses a service name of its own.
import keytar from 'keytar';
import { afterAll, describe, expect, it } from 'vitest';
import { keychainUnavailable } from '../../support/environment.ts';

const service = `Roster keychain smoke test ${process.pid}`;
const account = 'smoke';

// Skipped only without a Secret Service, with a printed reason; under CI=true that is a failure.
describe.skipIf(keychainUnavailable('the keychain smoke test'))('keychain (keytar)', () => {
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
