// Table tests of Auth0's PATCH rules (common/patch-rules.ts, common/field-rules.ts) over
// connection kinds and fields: the same tables the emulator, main and the renderer obey.
import { describe, expect, it } from 'vitest';
import type { User } from '../../../common/auth0.ts';
import { fieldAvailability, identityPatch, type EditableRootField } from '../../../common/field-rules.ts';
import {
  connectionFactsOf,
  connectionKind,
  findPatchProblem,
  FORBIDDEN_PAIRS,
  syncsProfileAtLogin,
  type ConnectionFacts,
} from '../../../common/patch-rules.ts';

const CONNECTIONS: Record<string, ConnectionFacts> = {
  db: { name: 'db', strategy: 'auth0' },
  'db-usernames': { name: 'db-usernames', strategy: 'auth0', requiresUsername: true },
  email: { name: 'email', strategy: 'email' },
  sms: { name: 'sms', strategy: 'sms' },
  'google-oauth2': { name: 'google-oauth2', strategy: 'google-oauth2' },
  'github-no-sync': { name: 'github-no-sync', strategy: 'github', profileSync: 'on_first_login' },
  'corp-saml': { name: 'corp-saml', strategy: 'samlp', profileSync: 'on_each_login' },
  'corp-oidc': { name: 'corp-oidc', strategy: 'oidc', profileSync: 'never_on_login' },
};
const connectionOf = (name: string): ConnectionFacts | undefined => CONNECTIONS[name];

function userOn(...connections: string[]): User {
  return {
    user_id: `x|1`,
    identities: connections.map((connection, index) => ({
      connection,
      provider: CONNECTIONS[connection]?.strategy ?? connection,
      user_id: String(index),
      isSocial: connectionKind(CONNECTIONS[connection]?.strategy ?? '') === 'social',
    })),
  };
}

describe('connection kinds and profile sync', () => {
  it.each([
    ['auth0', 'database'],
    ['email', 'passwordless'],
    ['sms', 'passwordless'],
    ['google-oauth2', 'social'],
    ['github', 'social'],
    ['samlp', 'enterprise'],
    ['waad', 'enterprise'],
    ['oidc', 'enterprise'],
  ])('%s is a %s connection', (strategy, kind) => {
    expect(connectionKind(strategy)).toBe(kind);
  });

  it.each([
    ['db', false],
    ['email', false],
    ['sms', false],
    ['google-oauth2', true], // Auth0's default: sync at each login
    ['github-no-sync', false],
    ['corp-saml', true],
    ['corp-oidc', false],
  ])('%s syncs the profile at each login: %s', (name, syncs) => {
    expect(syncsProfileAtLogin(CONNECTIONS[name] as ConnectionFacts)).toBe(syncs);
  });

  it('reads the facts from a Management API connection', () => {
    expect(
      connectionFactsOf({
        name: 'p',
        strategy: 'auth0',
        options: { requires_username: true, set_user_root_attributes: 'on_first_login' },
      }),
    ).toEqual({ name: 'p', strategy: 'auth0', requiresUsername: true, profileSync: 'on_first_login' });
    expect(
      connectionFactsOf({ name: 'g', strategy: 'google-oauth2', options: { set_user_root_attributes: 'bogus' } }),
    ).toEqual({
      name: 'g',
      strategy: 'google-oauth2',
    });
  });
});

describe('findPatchProblem', () => {
  it.each(FORBIDDEN_PAIRS.map(([first, second]) => [first, second]))('refuses %s with %s', (first, second) => {
    const problem = findPatchProblem({ [first]: 'x', [second]: 'y' }, userOn('db-usernames'), connectionOf);
    expect(problem).toMatchObject({
      code: 'forbidden_pair',
      auth0Message: `Cannot update ${first} and ${second} simultaneously`,
    });
  });

  // [connection, body, expected code or null]
  const table: [string, Record<string, unknown>, string | null][] = [
    ['db', { name: 'A', given_name: 'B', family_name: 'C', nickname: 'D', picture: 'https://x/p.png' }, null],
    ['email', { name: 'A' }, null],
    ['sms', { family_name: 'A' }, null],
    ['google-oauth2', { name: 'A' }, 'profile_sync'],
    ['google-oauth2', { given_name: 'A' }, 'profile_sync'],
    ['google-oauth2', { blocked: true, app_metadata: { a: 1 } }, null],
    ['github-no-sync', { name: 'A' }, null],
    ['corp-saml', { picture: 'https://x/p.png' }, 'profile_sync'],
    ['corp-oidc', { nickname: 'A' }, null],
    ['db', { email: 'a@b.c' }, null],
    ['email', { email: 'a@b.c' }, 'email_not_database'],
    ['google-oauth2', { email: 'a@b.c' }, 'email_not_database'],
    ['corp-saml', { email: 'a@b.c' }, 'email_not_database'],
    ['db', { email: null }, null],
    ['db', { password: 'secret-123' }, null],
    ['sms', { password: 'secret-123' }, 'password_not_database'],
    ['google-oauth2', { password: 'secret-123' }, 'password_not_database'],
    ['db', { username: 'ada' }, 'username_not_required'],
    ['db-usernames', { username: 'ada' }, null],
    ['db', { phone_number: '+33123456789' }, null],
    ['sms', { phone_number: '+33123456789' }, null],
    ['corp-saml', { phone_number: '+33123456789' }, 'phone_not_supported'],
    ['google-oauth2', { email_verified: true, phone_verified: true }, null],
  ];
  it.each(table)('%s with %j: %s', (connection, body, code) => {
    const problem = findPatchProblem(body, userOn(connection), connectionOf);
    expect(problem?.code ?? null).toBe(code);
  });

  it('names the synced fields in Auth0’s words and in the administrator’s', () => {
    const problem = findPatchProblem({ name: 'A', family_name: 'B' }, userOn('google-oauth2'), connectionOf);
    expect(problem?.auth0ErrorCode).toBe('operation_not_supported');
    expect(problem?.auth0Message).toMatch(
      /^The following user attributes cannot be updated: family_name, name\. The connection \(google-oauth2\)/,
    );
    expect(problem?.message).toContain('google-oauth2 overwrites family_name, name at each login');
  });

  it('judges identity fields against the identity the body targets with `connection`', () => {
    const user = userOn('google-oauth2', 'db');
    expect(findPatchProblem({ email: 'a@b.c' }, user, connectionOf)?.code).toBe('email_not_database');
    expect(findPatchProblem({ email: 'a@b.c', connection: 'db' }, user, connectionOf)).toBeNull();
    expect(findPatchProblem({ email: 'a@b.c', connection: 'sms' }, user, connectionOf)?.code).toBe('unknown_identity');
  });

  it('checks only what it can when the connection is unknown', () => {
    expect(findPatchProblem({ name: 'A' }, userOn('unknown'), () => undefined)).toBeNull();
    expect(findPatchProblem({ password: 'a', email: 'b' }, userOn('unknown'), () => undefined)?.code).toBe(
      'forbidden_pair',
    );
  });
});

describe('fieldAvailability', () => {
  const editable = (connection: string, known = true): EditableRootField[] => {
    const fields = fieldAvailability(userOn(connection), known ? connectionOf : () => undefined);
    return (Object.keys(fields) as EditableRootField[]).filter((field) => fields[field].editable).sort();
  };
  const always = ['blocked', 'email_verified', 'phone_verified'];
  const names = ['family_name', 'given_name', 'name', 'nickname', 'picture'];

  it.each([
    ['db', [...always, ...names, 'email', 'password', 'phone_number']],
    ['db-usernames', [...always, ...names, 'email', 'password', 'phone_number', 'username']],
    ['email', [...always, ...names]],
    ['sms', [...always, ...names, 'phone_number']],
    ['google-oauth2', always],
    ['github-no-sync', [...always, ...names]],
    ['corp-saml', always],
    ['corp-oidc', [...always, ...names]],
  ])('%s: %j are editable', (connection, fields) => {
    expect(editable(connection)).toEqual([...fields].sort());
  });

  it('gives the reason beside a disabled field, naming the connection', () => {
    const fields = fieldAvailability(userOn('google-oauth2'), connectionOf);
    expect(fields.name.reason).toBe(
      'google-oauth2 overwrites name at each login unless the connection\'s profile sync ("Sync user profile attributes at each login") is off.',
    );
    expect(fields.email.reason).toMatch(
      /Only database users can change their email; google-oauth2 is a social connection/,
    );
    expect(fields.password.reason).toMatch(/only database users have a password/);
  });

  it('assumes Auth0’s default sync for an upstream connection it cannot read, and says so', () => {
    const fields = fieldAvailability(userOn('google-oauth2'), () => undefined);
    expect(fields.name).toMatchObject({ editable: false });
    expect(fields.name.reason).toMatch(/assumes Auth0’s default/);
    expect(editable('db', false)).toContain('name');
  });

  it('judges a secondary identity by its own connection', () => {
    const fields = fieldAvailability(userOn('google-oauth2', 'db'), connectionOf, 1);
    expect(fields.email.editable).toBe(true);
    expect(fields.name.editable).toBe(false); // root attributes follow the primary's sync
  });
});

describe('identityPatch', () => {
  it('adds the secondary identity’s connection, and nothing for the primary', () => {
    const user = userOn('db', 'sms');
    expect(identityPatch(user, 0, { email: 'a@b.c' })).toEqual({ email: 'a@b.c' });
    expect(identityPatch(user, 1, { phone_number: '+331' })).toEqual({ phone_number: '+331', connection: 'sms' });
  });
});
