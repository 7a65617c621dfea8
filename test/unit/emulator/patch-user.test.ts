import { beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { ManagementError } from '../../../emulator/http/api-error.ts';
import { seedTenant } from '../../../emulator/seed/index.ts';
import type { TenantStore } from '../../../emulator/state/store.ts';
import { patchUser } from '../../../emulator/users/patch-user.ts';

let store: TenantStore;
const now = new Date('2026-01-02T03:04:05.678Z');

function userOf(connection: string, predicate: (user: User) => boolean = () => true): User {
  const user = store
    .users()
    .find((candidate) => candidate.identities?.[0]?.connection === connection && predicate(candidate));
  if (!user) throw new Error(`no ${connection} user`);
  return user;
}

function refusal(user: User, body: unknown): ManagementError {
  try {
    patchUser(store, user, body, now);
  } catch (error) {
    if (error instanceof ManagementError) return error;
    throw error;
  }
  throw new Error('the patch was accepted');
}

beforeEach(() => {
  store = seedTenant(400, 21);
});

describe('patchUser', () => {
  it('replaces root attributes, always moves updated_at and keeps the stored user immutable', () => {
    const user = userOf('Username-Password-Authentication');
    const next = patchUser(store, user, { name: 'Ada Lovelace', blocked: true }, now);
    expect(next).toMatchObject({ name: 'Ada Lovelace', blocked: true, updated_at: now.toISOString() });
    expect(store.getUser(user.user_id)).toBe(next);
    expect(user.name).not.toBe('Ada Lovelace');
    expect(patchUser(store, next, {}, new Date('2026-02-01T00:00:00.000Z')).updated_at).toBe(
      '2026-02-01T00:00:00.000Z',
    );
  });

  it('merges metadata one level deep and removes null keys', () => {
    const user = userOf('Username-Password-Authentication');
    const first = patchUser(
      store,
      user,
      { user_metadata: { profile: { a: 1, b: 2 }, keep: true }, app_metadata: {} },
      now,
    );
    const second = patchUser(store, first, { user_metadata: { profile: { a: 3 }, keep: null } }, now);
    expect(second.user_metadata?.profile).toEqual({ a: 3 });
    expect(second.user_metadata && 'keep' in second.user_metadata).toBe(false);
    expect(second.app_metadata).toBeUndefined();
  });

  it('sets last_password_reset on a password change and checks its strength', () => {
    const user = userOf('Username-Password-Authentication');
    expect(patchUser(store, user, { password: 'An0ther-Str0ng-One' }, now).last_password_reset).toBe(now.toISOString());
    expect(refusal(user, { password: 'short' }).message).toBe('PasswordStrengthError: Password is too weak');
  });

  it('lower-cases a new email and marks it unverified unless told otherwise', () => {
    const user = userOf('Username-Password-Authentication', (candidate) => candidate.email_verified === true);
    const next = patchUser(store, user, { email: 'New.Address@Example.com' }, now);
    expect(next).toMatchObject({ email: 'new.address@example.com', email_verified: false });
    expect(store.usersByEmail('new.address@example.com').map((found) => found.user_id)).toEqual([user.user_id]);
    expect(patchUser(store, next, { email: 'other@example.com', email_verified: true }, now).email_verified).toBe(true);
  });

  it.each([
    [{ password: 'Str0ng-Passw0rd!', email: 'a@b.co' }, 'Cannot update password and email simultaneously'],
    [
      { password: 'Str0ng-Passw0rd!', email_verified: true },
      'Cannot update password and email_verified simultaneously',
    ],
    [{ username: 'someone', email: 'a@b.co' }, 'Cannot update username and email simultaneously'],
    [{ username: 'someone', email_verified: true }, 'Cannot update username and email_verified simultaneously'],
    [{ username: 'someone', password: 'Str0ng-Passw0rd!' }, 'Cannot update username and password simultaneously'],
  ])('refuses the forbidden pair %j', (body, message) => {
    expect(refusal(userOf('partners-db'), body).message).toBe(message);
  });

  it('refuses read-only and unknown properties with Auth0 wording', () => {
    const error = refusal(userOf('Username-Password-Authentication'), {
      user_id: 'x',
      created_at: 'y',
      identities: [],
    });
    expect(error.status).toBe(400);
    expect(error.errorCode).toBe('invalid_body');
    expect(error.message).toMatch(
      /^Payload validation error: 'Additional properties not allowed: user_id,created_at,identities' \(consider storing them/,
    );
  });

  it('refuses profile attributes of users whose connection syncs at each login, listing them sorted', () => {
    const error = refusal(userOf('github'), { picture: 'https://example.com/a.png', nickname: 'x', name: 'Y' });
    expect(error.errorCode).toBe('operation_not_supported');
    expect(error.message).toMatch(
      /^The following user attributes cannot be updated: name, nickname, picture\. The connection \(github\)/,
    );
  });

  it('lets those attributes change when sync is off (the SAML connection) and for metadata of social users', () => {
    expect(patchUser(store, userOf('corp-saml'), { given_name: 'Changed' }, now).given_name).toBe('Changed');
    expect(
      patchUser(store, userOf('google-oauth2'), { app_metadata: { plan: 'gold' }, blocked: true }, now).blocked,
    ).toBe(true);
  });

  it('refuses an email change for non-database users and a username where none is required', () => {
    expect(refusal(userOf('google-oauth2'), { email: 'x@example.com' }).errorCode).toBe('operation_not_supported');
    expect(refusal(userOf('Username-Password-Authentication'), { username: 'nobody' }).message).toBe(
      'Cannot set username for connection without requires_username',
    );
  });

  it('refuses an email another user of the connection has', () => {
    const [first, second] = store
      .users()
      .filter((user) => user.identities?.[0]?.connection === 'Username-Password-Authentication');
    expect(refusal(first as User, { email: second?.email }).message).toBe('The specified new email already exists');
  });

  it('updates a secondary identity when `connection` names it', () => {
    const linked = store.users().find((user) => (user.identities?.length ?? 0) > 1);
    expect(linked).toBeDefined();
    const next = patchUser(store, linked as User, { connection: 'google-oauth2', email_verified: false }, now);
    expect(next.identities?.[1]?.profileData?.email_verified).toBe(false);
    expect(next.email_verified).toBe(linked?.email_verified);
  });

  it('removes root attributes set to null', () => {
    const user = userOf('Username-Password-Authentication', (candidate) => candidate.given_name !== undefined);
    expect('given_name' in patchUser(store, user, { given_name: null }, now)).toBe(false);
  });
});
