// What a token's scopes allow, so the UI offers only what will not fail with 403. Each rule
// takes the "any of" scope lists of the Management API's OpenAPI document (security section
// of each operation in ../shared/auth0/management-api.users.oas.json).
import type { Capabilities } from '../../common/tenant.ts';

function anyOf(scopes: ReadonlySet<string>, ...wanted: string[]): boolean {
  return wanted.some((scope) => scopes.has(scope));
}

export function capabilitiesFromScopes(granted: readonly string[]): Capabilities {
  const scopes = new Set(granted);
  return {
    readUsers: anyOf(scopes, 'read:users'),
    createUsers: anyOf(scopes, 'create:users'),
    updateUsers: anyOf(scopes, 'update:users'),
    deleteUsers: anyOf(scopes, 'delete:users'),
    // GET /roles needs read:roles; a user's own roles also accept read:users.
    readRoles: anyOf(scopes, 'read:roles'),
    // POST and DELETE /users/{id}/roles: update:users, or create:/delete:role_members.
    assignRoles:
      anyOf(scopes, 'update:users') || (scopes.has('create:role_members') && scopes.has('delete:role_members')),
    readLogs: anyOf(scopes, 'read:logs', 'read:logs_users'),
    readConnections: anyOf(scopes, 'read:connections'),
    // POST /tickets/password-change.
    tickets: anyOf(scopes, 'create:user_tickets'),
    // POST /jobs/users-exports (the full sync) needs read:users; GET /jobs/{id} too.
    jobs: anyOf(scopes, 'read:users'),
  };
}
