import type { Permission } from '../../common/auth0.ts';
import type { EmulatorContext } from '../context.ts';
import { ManagementError } from '../http/api-error.ts';
import { listResponse } from '../http/paging.ts';
import { json, noContent, type Route } from '../http/types.ts';
import type { PermissionRef } from '../state/types.ts';
import { requireUser } from './users.ts';

function samePermission(left: PermissionRef, right: PermissionRef): boolean {
  return (
    left.permission_name === right.permission_name &&
    left.resource_server_identifier === right.resource_server_identifier
  );
}

/** Direct permissions and those the user's roles bring, each with its sources (DIRECT or ROLE). */
function effectivePermissions(emulator: EmulatorContext, userId: string): Permission[] {
  const relations = emulator.store.relations(userId);
  const found: Permission[] = [];
  const add = (ref: PermissionRef, source: NonNullable<Permission['sources']>[number]) => {
    const existing = found.find((permission) => samePermission(permission, ref));
    if (existing) {
      existing.sources?.push(source);
      return;
    }
    const server = emulator.store.meta.resourceServers.find(
      (candidate) => candidate.identifier === ref.resource_server_identifier,
    );
    const scope = server?.scopes.find((candidate) => candidate.value === ref.permission_name);
    found.push({
      permission_name: ref.permission_name,
      ...(scope ? { description: scope.description } : {}),
      resource_server_name: server?.name ?? ref.resource_server_identifier,
      resource_server_identifier: ref.resource_server_identifier,
      sources: [source],
    });
  };
  for (const ref of relations.permissions ?? []) add(ref, { source_id: '', source_name: '', source_type: 'DIRECT' });
  for (const roleId of relations.roles ?? []) {
    const role = emulator.store.getRole(roleId);
    for (const ref of role?.permissions ?? [])
      add(ref, { source_id: roleId, source_name: role?.name ?? '', source_type: 'ROLE' });
  }
  return found;
}

function checkPermissionsExist(emulator: EmulatorContext, refs: PermissionRef[]): void {
  for (const ref of refs) {
    const server = emulator.store.meta.resourceServers.find(
      (candidate) => candidate.identifier === ref.resource_server_identifier,
    );
    if (!server?.scopes.some((scope) => scope.value === ref.permission_name)) {
      // Wording not documented; the likeliest refusal for a permission the API does not define.
      throw new ManagementError(
        400,
        `Permission ${ref.permission_name} does not exist on resource server ${ref.resource_server_identifier}.`,
        'invalid_body',
      );
    }
  }
}

export function userRoleRoutes(emulator: EmulatorContext): Route[] {
  const kind = 'management' as const;
  const store = emulator.store;
  return [
    {
      kind,
      method: 'GET',
      path: '/users/{id}/roles',
      operationId: 'get_user_roles',
      handler: (context) => {
        const user = requireUser(emulator, context.params.id);
        const roles = (store.relations(user.user_id).roles ?? [])
          .map((id) => store.getRole(id))
          .filter((role) => role !== undefined)
          .map(({ id, name, description }) => ({ id, name, ...(description !== undefined ? { description } : {}) }));
        // With totals: {roles, start, limit, total}; there is no `length` here (FACTS.md).
        return listResponse('roles', roles, context.query);
      },
    },
    {
      kind,
      method: 'POST',
      path: '/users/{id}/roles',
      operationId: 'post_user_roles',
      handler: (context) => {
        const user = requireUser(emulator, context.params.id);
        const wanted = (context.body as { roles: string[] }).roles;
        const unknown = wanted.filter((id) => !store.getRole(id));
        if (unknown.length > 0)
          throw new ManagementError(404, `The role does not exist: ${unknown.join(', ')}`, 'inexistent_role');
        const relations = store.relations(user.user_id);
        store.setRelations(user.user_id, {
          ...relations,
          roles: Array.from(new Set([...(relations.roles ?? []), ...wanted])),
        });
        return noContent();
      },
    },
    {
      kind,
      method: 'DELETE',
      path: '/users/{id}/roles',
      operationId: 'delete_user_roles',
      handler: (context) => {
        const user = requireUser(emulator, context.params.id);
        const removed = new Set((context.body as { roles: string[] }).roles);
        const relations = store.relations(user.user_id);
        store.setRelations(user.user_id, {
          ...relations,
          roles: (relations.roles ?? []).filter((id) => !removed.has(id)),
        });
        return noContent();
      },
    },
    {
      kind,
      method: 'GET',
      path: '/users/{id}/permissions',
      operationId: 'get_permissions',
      handler: (context) => {
        const user = requireUser(emulator, context.params.id);
        return listResponse('permissions', effectivePermissions(emulator, user.user_id), context.query);
      },
    },
    {
      kind,
      method: 'POST',
      path: '/users/{id}/permissions',
      operationId: 'post_permissions',
      handler: (context) => {
        const user = requireUser(emulator, context.params.id);
        const added = (context.body as { permissions: PermissionRef[] }).permissions;
        checkPermissionsExist(emulator, added);
        const relations = store.relations(user.user_id);
        const current = relations.permissions ?? [];
        const fresh = added.filter(
          (ref, index) =>
            !current.some((old) => samePermission(old, ref)) &&
            added.findIndex((other) => samePermission(other, ref)) === index,
        );
        const refs = fresh.map(({ permission_name, resource_server_identifier }) => ({
          permission_name,
          resource_server_identifier,
        }));
        store.setRelations(user.user_id, { ...relations, permissions: [...current, ...refs] });
        // FACTS.md: 201 with an empty object.
        return json(201, {});
      },
    },
    {
      kind,
      method: 'DELETE',
      path: '/users/{id}/permissions',
      operationId: 'delete_permissions',
      handler: (context) => {
        const user = requireUser(emulator, context.params.id);
        const removed = (context.body as { permissions: PermissionRef[] }).permissions;
        const relations = store.relations(user.user_id);
        const permissions = (relations.permissions ?? []).filter(
          (ref) => !removed.some((gone) => samePermission(gone, ref)),
        );
        store.setRelations(user.user_id, { ...relations, permissions });
        return noContent();
      },
    },
  ];
}
