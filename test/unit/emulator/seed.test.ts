import { describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { seedTenant } from '../../../emulator/seed/index.ts';

const store = seedTenant(3000, 42);
const users = store.users();
const byProvider = (provider: string) => users.filter((user) => user.user_id.startsWith(`${provider}|`));

describe('seedTenant', () => {
  it('is deterministic for a seed and different for another', () => {
    const again = seedTenant(3000, 42).users();
    expect(again.map((user) => user.user_id)).toEqual(users.map((user) => user.user_id));
    expect(JSON.stringify(again[1234])).toBe(JSON.stringify(users[1234]));
    expect(seedTenant(50, 43).users()[0]?.user_id).not.toBe(users[0]?.user_id);
  });

  it('uses Auth0 id formats for every connection kind', () => {
    expect(byProvider('auth0').every((user) => /^auth0\|[0-9a-f]{24}$/.test(user.user_id))).toBe(true);
    expect(byProvider('google-oauth2').every((user) => /^google-oauth2\|\d{21}$/.test(user.user_id))).toBe(true);
    expect(byProvider('github').every((user) => /^github\|\d+$/.test(user.user_id))).toBe(true);
    expect(byProvider('samlp').every((user) => /^samlp\|corp-saml\|[^|]+@acme-corp\.example$/.test(user.user_id))).toBe(
      true,
    );
    expect(byProvider('email').every((user) => /^email\|[0-9a-f]{24}$/.test(user.user_id))).toBe(true);
    expect(
      byProvider('sms').every(
        (user) => /^sms\|[0-9a-f]{24}$/.test(user.user_id) && /^\+\d+$/.test(user.phone_number ?? ''),
      ),
    ).toBe(true);
    for (const user of users)
      expect(user.user_id).toBe(`${user.identities?.[0]?.provider}|${user.identities?.[0]?.user_id}`);
  });

  it('has every connection of a realistic tenant', () => {
    const connections = new Set(users.map((user) => user.identities?.[0]?.connection));
    expect([...connections].sort()).toEqual([
      'Username-Password-Authentication',
      'corp-saml',
      'email',
      'github',
      'google-oauth2',
      'partners-db',
      'sms',
    ]);
    expect(
      users
        .filter((user) => user.identities?.[0]?.connection === 'partners-db')
        .every((user) => typeof user.username === 'string'),
    ).toBe(true);
    expect(store.meta.connections.every((connection) => /^con_[A-Za-z0-9]{16}$/.test(connection.id))).toBe(true);
  });

  it('leaves login attributes absent for users who never logged in', () => {
    const never = users.filter((user) => user.logins_count === undefined);
    expect(never.length).toBeGreaterThan(100);
    expect(never.every((user) => user.last_login === undefined && user.last_ip === undefined)).toBe(true);
    const active = users.filter((user) => user.logins_count !== undefined);
    expect(
      active.every(
        (user) =>
          (user.last_login as string) >= (user.created_at as string) &&
          (user.updated_at as string) >= (user.created_at as string),
      ),
    ).toBe(true);
  });

  it('mixes verified and unverified emails, blocked users, MFA, linked accounts and nested metadata with arrays', () => {
    expect(users.some((user) => user.email_verified === false)).toBe(true);
    expect(users.filter((user) => user.blocked === true).length).toBeGreaterThan(20);
    expect(users.some((user) => user.multifactor?.includes('guardian'))).toBe(true);
    const linked = users.filter((user) => (user.identities?.length ?? 0) > 1);
    expect(linked.length).toBeGreaterThan(20);
    expect(linked.every((user) => user.identities?.[1]?.profileData?.email !== undefined)).toBe(true);
    const withArrays = users.find(
      (user) =>
        Array.isArray(user.user_metadata?.favorite_colors) && typeof user.user_metadata?.preferences === 'object',
    );
    expect(withArrays).toBeDefined();
    expect(users.some((user) => Array.isArray(user.app_metadata?.roles))).toBe(true);
  });

  it('keeps creation order in created_at and gives emails unique within a connection', () => {
    const dates = users.map((user) => user.created_at as string);
    expect([...dates].sort()).toEqual(dates);
    const keys = users
      .filter((user) => user.email)
      .map((user: User) => `${user.identities?.[0]?.connection} ${user.email}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('assigns roles with permissions and some brute-force blocks', () => {
    const withRoles = users.filter((user) => (store.relations(user.user_id).roles?.length ?? 0) > 0);
    expect(withRoles.length).toBeGreaterThan(500);
    expect(store.roles().every((role) => /^rol_[A-Za-z0-9]{16}$/.test(role.id) && role.permissions.length > 0)).toBe(
      true,
    );
    expect(users.some((user) => (store.relations(user.user_id).blocks?.length ?? 0) > 0)).toBe(true);
  });

  it('has a full client and a read-only client', () => {
    const [full, readOnly] = store.meta.clients;
    expect(full?.management_scopes).toEqual(
      expect.arrayContaining(['read:users', 'update:users', 'delete:users', 'create:users']),
    );
    expect(readOnly?.management_scopes?.every((scope) => scope.startsWith('read:'))).toBe(true);
  });

  it('gives clients Auth0-shaped ids: 32 letters and digits', () => {
    for (const client of store.meta.clients) expect(client.client_id).toMatch(/^[A-Za-z0-9]{32}$/);
  });
});
