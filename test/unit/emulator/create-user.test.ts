import { beforeEach, describe, expect, it } from 'vitest';
import { ManagementError } from '../../../emulator/http/api-error.ts';
import { seedTenant } from '../../../emulator/seed/index.ts';
import type { TenantStore } from '../../../emulator/state/store.ts';
import { createUser, type CreateUserBody } from '../../../emulator/users/create-user.ts';

let store: TenantStore;
const now = new Date('2026-03-04T05:06:07.089Z');

function refusal(body: CreateUserBody): ManagementError {
  try {
    createUser(store, body, now);
  } catch (error) {
    if (error instanceof ManagementError) return error;
    throw error;
  }
  throw new Error('the user was created');
}

beforeEach(() => {
  store = seedTenant(30, 2);
});

describe('createUser', () => {
  it('applies Auth0 defaults and leaves never-set attributes absent', () => {
    const user = createUser(
      store,
      { connection: 'Username-Password-Authentication', email: 'Grace.Hopper@Example.com', password: 'C0bol-Rules!' },
      now,
    );
    expect(user.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/);
    expect(user).toMatchObject({
      email: 'grace.hopper@example.com',
      email_verified: false,
      name: 'grace.hopper@example.com',
      nickname: 'grace.hopper',
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      identities: [
        {
          connection: 'Username-Password-Authentication',
          user_id: user.user_id.slice(6),
          provider: 'auth0',
          isSocial: false,
        },
      ],
    });
    expect(user.picture).toMatch(/^https:\/\/s\.gravatar\.com\/avatar\/[0-9a-f]{32}\?/);
    for (const absent of [
      'logins_count',
      'last_login',
      'last_ip',
      'user_metadata',
      'app_metadata',
      'blocked',
      'username',
    ])
      expect(user).not.toHaveProperty(absent);
  });

  it('uses a given user_id after the provider prefix', () => {
    expect(
      createUser(
        store,
        {
          connection: 'Username-Password-Authentication',
          email: 'a@example.com',
          password: 'C0bol-Rules!',
          user_id: 'abc123',
        },
        now,
      ).user_id,
    ).toBe('auth0|abc123');
  });

  it('creates passwordless users', () => {
    expect(createUser(store, { connection: 'email', email: 'otp@example.com' }, now).user_id).toMatch(/^email\|/);
    const sms = createUser(store, { connection: 'sms', phone_number: '+15550000001' }, now);
    expect(sms).toMatchObject({ phone_number: '+15550000001', phone_verified: false, name: '+15550000001' });
  });

  it('follows the connection rules', () => {
    expect(refusal({ connection: 'nope', email: 'a@b.co' }).message).toBe('The connection does not exist.');
    expect(refusal({ connection: 'google-oauth2', email: 'a@b.co' }).errorCode).toBe('operation_not_supported');
    expect(refusal({ connection: 'Username-Password-Authentication', email: 'a@b.co' }).message).toBe(
      "Payload validation error: 'Missing required property: password'.",
    );
    expect(refusal({ connection: 'partners-db', email: 'a@b.co', password: 'Str0ngPassw0rd' }).message).toBe(
      "Payload validation error: 'Missing required property: username'.",
    );
    expect(refusal({ connection: 'sms' }).message).toBe(
      "Payload validation error: 'Missing required property: phone_number'.",
    );
    expect(refusal({ connection: 'Username-Password-Authentication', email: 'a@b.co', password: 'weak' }).message).toBe(
      'PasswordStrengthError: Password is too weak',
    );
    expect(
      refusal({ connection: 'Username-Password-Authentication', email: 'a@b.co', password: `Aa1!${'x'.repeat(70)}` })
        .message,
    ).toBe('PasswordStrengthError: Password is too long');
  });

  it('answers 409 for an email or username already in the connection', () => {
    createUser(
      store,
      { connection: 'partners-db', email: 'dup@example.com', username: 'dupe', password: 'Str0ngPassw0rd' },
      now,
    );
    expect(
      refusal({ connection: 'partners-db', email: 'DUP@example.com', username: 'other', password: 'Str0ngPassw0rd' })
        .status,
    ).toBe(409);
    expect(
      refusal({ connection: 'partners-db', email: 'x@example.com', username: 'DUPE', password: 'Str0ngPassw0rd' })
        .status,
    ).toBe(409);
    // The same email in another connection is another user.
    expect(createUser(store, { connection: 'email', email: 'dup@example.com' }, now).email).toBe('dup@example.com');
  });
});
