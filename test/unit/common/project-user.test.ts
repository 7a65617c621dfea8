// `fields` and `include_fields` on a user held locally, as Auth0 applies them to GET /users.
import { describe, expect, it } from 'vitest';
import { projectUser, type User } from '../../../common/auth0.ts';

const user = {
  user_id: 'auth0|1',
  email: 'a@example.com',
  name: 'A',
  app_metadata: { plan: 'gold' },
} as unknown as User;

describe('projectUser', () => {
  it('keeps only the named top-level attributes', () => {
    expect(projectUser(user, ['user_id', 'app_metadata', 'missing'])).toEqual({
      user_id: 'auth0|1',
      app_metadata: { plan: 'gold' },
    });
  });

  it('drops the named attributes with include_fields false', () => {
    expect(projectUser(user, ['email', 'app_metadata'], false)).toEqual({ user_id: 'auth0|1', name: 'A' });
  });

  it('returns every attribute when no field is named, as Auth0 does for an empty list', () => {
    expect(projectUser(user, undefined)).toBe(user);
    expect(projectUser(user, [])).toBe(user);
    expect(projectUser(user, [], false)).toBe(user);
  });
});
