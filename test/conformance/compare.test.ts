import { describe, expect, it } from 'vitest';
import { compareBodies, Substitutions } from './compare.ts';

const recordedUser = {
  created_at: '2023-01-25T19:00:26.539Z',
  email: 'chuck878@example.com',
  identities: [{ connection: 'Username-Password-Authentication', user_id: '63d17c4a9d503d76c056c160' }],
  user_id: 'auth0|63d17c4a9d503d76c056c160',
};

const emulatorUser = {
  created_at: '2026-12-01T11:00:00.000Z',
  email: 'chuck878@example.com',
  identities: [{ connection: 'partners-db', user_id: '0123456789abcdef01234567' }],
  user_id: 'auth0|0123456789abcdef01234567',
};

describe('compareBodies', () => {
  it('accepts ids and dates of the recorded format and learns them for later requests', () => {
    const substitutions = new Substitutions({ 'Username-Password-Authentication': 'partners-db' });
    expect(compareBodies(recordedUser, emulatorUser, substitutions)).toEqual([]);
    expect(substitutions.apply('/api/v2/users/auth0%7C63d17c4a9d503d76c056c160')).toBe(
      '/api/v2/users/auth0%7C0123456789abcdef01234567',
    );
  });

  it('holds a learnt id to its value afterwards', () => {
    const substitutions = new Substitutions({ 'Username-Password-Authentication': 'partners-db' });
    compareBodies(recordedUser, emulatorUser, substitutions);
    const other = { ...emulatorUser, user_id: 'auth0|ffffffffffffffffffffffff' };
    expect(compareBodies(recordedUser, other, substitutions)).toEqual([
      'user_id: expected "auth0|0123456789abcdef01234567", got "auth0|ffffffffffffffffffffffff"',
    ]);
  });

  it('reports missing and extra keys, other types, other values and other lengths', () => {
    const substitutions = new Substitutions();
    const { email: _email, ...withoutEmail } = emulatorUser;
    expect(compareBodies(recordedUser, { ...withoutEmail, picture: 'x' }, new Substitutions())).toEqual([
      'email: missing',
      'identities[].connection: expected "Username-Password-Authentication", got "partners-db"',
      'picture: not in the recording ("x")',
    ]);
    expect(compareBodies({ total: 1, users: [{}] }, { total: '1', users: [] }, substitutions)).toEqual([
      'total: expected number, got string "1"',
      'users: expected 1 items, got 0',
    ]);
    expect(compareBodies({ blocked: false }, { blocked: true }, substitutions)).toEqual([
      'blocked: expected false, got true',
    ]);
  });

  it('refuses a value of another format where the recording has an id', () => {
    expect(compareBodies({ id: 'job_9zpIFCI3DAnZieXY' }, { id: 'job-1' }, new Substitutions())).toEqual([
      'id: expected "job_9zpIFCI3DAnZieXY", got "job-1"',
    ]);
  });

  it('applies the tenant rules: any length, type only, keys of the seeded tenant', () => {
    const rules = {
      anyLength: ['connections'],
      typeOnly: ['connections[].options'],
      tenantKeys: ['connections[].display_name'],
      why: 'tenant configuration',
    };
    const recorded = { connections: [{ id: 'con_ftSSLHb0O7rcUGmF', options: { mfa: {} } }] };
    const replayed = {
      connections: [
        { id: 'con_AAAAAAAAAAAAAAAA', options: {}, display_name: 'A' },
        { id: 'con_BBBBBBBBBBBBBBBB', options: { x: 1 }, display_name: 'B' },
      ],
    };
    expect(compareBodies(recorded, replayed, new Substitutions(), rules)).toEqual([]);
    expect(
      compareBodies(recorded, { connections: [{ id: 'con_A', options: [] }] }, new Substitutions(), rules),
    ).toEqual([
      'connections[].id: expected "con_ftSSLHb0O7rcUGmF", got "con_A"',
      'connections[].options: expected object, got array []',
    ]);
  });
});
