import { describe, expect, it } from 'vitest';
import { CredentialStore } from '../../../../main/tenants/credential-store.ts';
import { keychainServiceName } from '../../../../main/tenants/keychain.ts';
import { FakeKeychain } from '../fakes.ts';

const ACME = { origin: 'https://acme.auth0.com', audience: 'https://acme.auth0.com/api/v2/' };

describe('CredentialStore', () => {
  it('keeps one entry per tenant id under its service name, with the origin it is bound to, and deletes it', async () => {
    const keychain = new FakeKeychain();
    const store = new CredentialStore(keychain, 'Roster (test)');
    await store.set('ten_AAAAAAAAAAAAAAAA', 's3cret', ACME);
    expect([...keychain.entries]).toEqual([
      ['Roster (test)/ten_AAAAAAAAAAAAAAAA', JSON.stringify({ v: 1, secret: 's3cret', ...ACME })],
    ]);
    const secret = await store.get('ten_AAAAAAAAAAAAAAAA');
    expect(secret?.binding).toEqual(ACME);
    expect(secret?.revealFor('https://acme.auth0.com/oauth/token', ACME.audience)).toBe('s3cret');
    await store.delete('ten_AAAAAAAAAAAAAAAA');
    expect(keychain.entries.size).toBe(0);
    await expect(store.require('ten_AAAAAAAAAAAAAAAA', 'Acme')).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it('turns a keychain failure into keychain_unavailable, with what to install', async () => {
    const keychain = new FakeKeychain();
    keychain.failWith = new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
    const store = new CredentialStore(keychain, 'Roster (test)');
    const error = await store.set('ten_AAAAAAAAAAAAAAAA', 's3cret', ACME).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'keychain_unavailable' });
    expect((error as Error).message).toContain('gnome-keyring');
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('keeps the demo secret in memory only when there is no keychain, and says so', async () => {
    const keychain = new FakeKeychain();
    keychain.failWith = new Error('Could not connect: No such file or directory');
    const store = new CredentialStore(keychain, 'Roster (test)');
    expect(await store.setOrKeepInMemory('ten_DDDDDDDDDDDDDDDD', 'demo-secret', ACME)).toBe('memory');
    expect(store.storageOf('ten_DDDDDDDDDDDDDDDD')).toBe('memory');
    expect((await store.get('ten_DDDDDDDDDDDDDDDD'))?.sameValueAs('demo-secret')).toBe(true);
    await store.delete('ten_DDDDDDDDDDDDDDDD');
    expect(store.storageOf('ten_DDDDDDDDDDDDDDDD')).toBe('keychain');
  });

  it('binds an entry stored before bindings existed to the given address, once, and rewrites it', async () => {
    const keychain = new FakeKeychain();
    keychain.entries.set('Roster (test)/ten_AAAAAAAAAAAAAAAA', 'legacy-secret');
    const store = new CredentialStore(keychain, 'Roster (test)');
    expect(await store.get('ten_AAAAAAAAAAAAAAAA')).toBeNull();
    expect((await store.get('ten_AAAAAAAAAAAAAAAA', ACME))?.binding).toEqual(ACME);
    const moved = { origin: 'https://evil.example', audience: 'https://evil.example/api/v2/' };
    expect((await store.get('ten_AAAAAAAAAAAAAAAA', moved))?.binding).toEqual(ACME);
  });

  it('treats an entry it cannot read as missing, and says to enter the secret again', async () => {
    const keychain = new FakeKeychain();
    keychain.entries.set('Roster (test)/ten_AAAAAAAAAAAAAAAA', '{"v":1,"secret":"x"}');
    const store = new CredentialStore(keychain, 'Roster (test)');
    await expect(store.require('ten_AAAAAAAAAAAAAAAA', 'Acme', ACME)).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
  });

  it('names the keychain service after the build, and lets tests choose their own', () => {
    expect(keychainServiceName(true, undefined)).toBe('Roster');
    expect(keychainServiceName(false, undefined)).toBe('Roster (development)');
    expect(keychainServiceName(false, 'Roster test 42')).toBe('Roster test 42');
    expect(keychainServiceName(true, 'Roster test 42')).toBe('Roster');
  });
});
