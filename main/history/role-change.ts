// How a role assignment or removal is recorded (issue 18): by role name, with the roles the user
// held before and holds after, read from Auth0 around the write. An entry that said
// `roles: (absent) → ["rol_…"]` told the admin neither which role nor what the user kept.
// Reading the roles is best effort: a write never fails because its record could not be read.
import type { Role } from '../../common/auth0.ts';
import type { FieldChange } from '../../common/history.ts';
import type { ManagementApi } from '../auth0/management-api.ts';
import { AppError } from '../errors.ts';

/** Auth0 pages a user's roles by 100 at most; 10 pages cover any real user. */
const PER_PAGE = 100;
const MAX_PAGES = 10;

export type RoleAction = 'assign-roles' | 'remove-roles';

/** The user's roles now, or undefined when they cannot be read (a missing read:roles scope). */
export async function heldRoles(api: ManagementApi, userId: string, signal?: AbortSignal): Promise<Role[] | undefined> {
  try {
    const roles: Role[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await api.getUserRoles(userId, { page, per_page: PER_PAGE }, signal);
      roles.push(...answer.roles);
      if (answer.roles.length < PER_PAGE || (answer.total !== undefined && roles.length >= answer.total)) break;
    }
    return roles;
  } catch (error) {
    if (error instanceof AppError && error.code === 'cancelled') throw error;
    return undefined;
  }
}

/** The names of the tenant's roles among `roleIds` (for a failed assignment, which held nothing new). */
export async function namesOfRoles(
  api: ManagementApi,
  roleIds: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  try {
    for (let page = 0; page < MAX_PAGES && names.size < roleIds.length; page += 1) {
      const answer = await api.listRoles({ page, per_page: PER_PAGE }, signal);
      for (const role of answer.roles) if (roleIds.includes(role.id)) names.set(role.id, role.name);
      if (answer.roles.length < PER_PAGE) break;
    }
  } catch {
    // Unnamed roles are recorded by id.
  }
  return names;
}

/** What the user would hold had the write gone through: `before` with the roles added or taken away. */
export function intendedRoles(
  before: readonly Role[],
  roleIds: readonly string[],
  action: RoleAction,
  names: ReadonlyMap<string, string>,
): Role[] {
  if (action === 'remove-roles') return before.filter((role) => !roleIds.includes(role.id));
  const added = roleIds
    .filter((id) => !before.some((role) => role.id === id))
    .map((id) => ({ id, name: names.get(id) ?? id }));
  return [...before, ...added];
}

/**
 * The recorded change: role names, sorted, before and after. When the user's roles could not be
 * read, only what was assigned or removed is known, and it is recorded as that, not as `after`.
 */
export function describeRoleChange(
  before: readonly Role[] | undefined,
  after: readonly Role[] | undefined,
  changed: { action: RoleAction; roles: readonly Role[] },
): FieldChange {
  if (!before || !after) {
    const field = changed.action === 'assign-roles' ? 'roles assigned' : 'roles removed';
    return { field, after: sortedNames(changed.roles) };
  }
  return { field: 'roles', before: sortedNames(before), after: sortedNames(after) };
}

/** The roles named by `roleIds`, by name where known (held before, or the tenant's list). */
export function rolesOf(
  roleIds: readonly string[],
  before: readonly Role[] | undefined,
  names: ReadonlyMap<string, string>,
): Role[] {
  return roleIds.map((id) => ({ id, name: before?.find((role) => role.id === id)?.name ?? names.get(id) ?? id }));
}

function sortedNames(roles: readonly Role[]): string[] {
  return roles.map((role) => role.name).sort((left, right) => left.localeCompare(right));
}
