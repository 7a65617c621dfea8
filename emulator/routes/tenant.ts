import { randomBytes } from 'node:crypto';
import type { EmulatorContext } from '../context.ts';
import { ManagementError } from '../http/api-error.ts';
import { listResponse } from '../http/paging.ts';
import { json, type Route } from '../http/types.ts';
import type { ConnectionRecord } from '../state/types.ts';

function roleView(role: { id: string; name: string; description?: string }) {
  return { id: role.id, name: role.name, ...(role.description !== undefined ? { description: role.description } : {}) };
}

/** REC (TestConnectionManager_List): Auth0 answers these whatever `fields` asks for. */
const ALWAYS_SHOWN_CONNECTION_FIELDS = new Set(['is_domain_connection']);

/**
 * A connection as the API shows it, in lists too (REC: TestUserManager_Link lists it with its
 * `enabled_clients`, the ids of the clients that may use it). Auth0 shows `options` only to tokens with
 * read:connections_options, a scope the OAS subset does not list; the emulator always shows them so
 * clients can read requires_username and the sync setting.
 */
function connectionView(
  connection: ConnectionRecord,
  enabledClients: string[],
  fields: Set<string> | null,
  include: boolean,
) {
  const view: Record<string, unknown> = { ...connection, enabled_clients: enabledClients };
  if (!fields) return view;
  return Object.fromEntries(
    Object.entries(view).filter(([key]) => ALWAYS_SHOWN_CONNECTION_FIELDS.has(key) || fields.has(key) === include),
  );
}

/** Every client of the tenant may use every connection. */
function enabledClientsOf(emulator: EmulatorContext): string[] {
  return emulator.store.meta.clients.map((client) => client.client_id);
}

function fieldsOf(query: Record<string, unknown>): Set<string> | null {
  const names = typeof query.fields === 'string' ? query.fields.split(',').filter(Boolean) : [];
  return names.length > 0 ? new Set(names) : null;
}

export function tenantRoutes(emulator: EmulatorContext): Route[] {
  const kind = 'management' as const;
  const store = emulator.store;
  return [
    {
      kind,
      method: 'GET',
      path: '/roles',
      operationId: 'get_roles',
      handler: (context) => {
        const filter = typeof context.query.name_filter === 'string' ? context.query.name_filter.toLowerCase() : '';
        const roles = store
          .roles()
          .filter((role) => role.name.toLowerCase().includes(filter))
          .map(roleView);
        return listResponse('roles', roles, context.query);
      },
    },
    {
      kind,
      method: 'GET',
      path: '/roles/{id}',
      operationId: 'get_roles_by_id',
      handler: (context) => {
        const role = store.getRole(context.params.id ?? '');
        if (!role) throw new ManagementError(404, 'The role does not exist.', 'inexistent_role');
        return json(200, roleView(role));
      },
    },
    {
      kind,
      method: 'POST',
      path: '/roles',
      operationId: 'post_roles',
      handler: (context) => {
        const body = context.body as { name: string; description?: string };
        if (store.roles().some((role) => role.name === body.name))
          throw new ManagementError(409, 'Role already exists', 'role_conflict');
        const role = {
          id: `rol_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16)}`,
          name: body.name,
          ...(body.description !== undefined ? { description: body.description } : {}),
          permissions: [],
        };
        store.putRole(role);
        // The OAS documents 200 for role creation.
        return json(200, roleView(role));
      },
    },
    {
      kind,
      method: 'GET',
      path: '/connections',
      operationId: 'get_connections',
      handler: (context) => {
        const strategies = Array.isArray(context.query.strategy) ? (context.query.strategy as string[]) : null;
        const name = typeof context.query.name === 'string' ? context.query.name : null;
        const fields = fieldsOf(context.query);
        const include = context.query.include_fields !== false;
        const clients = enabledClientsOf(emulator);
        const matching = store.meta.connections
          .filter(
            (connection) =>
              (!strategies || strategies.includes(connection.strategy)) && (!name || connection.name === name),
          )
          .map((connection) => connectionView(connection, clients, fields, include));
        return listResponse('connections', matching, context.query);
      },
    },
    {
      kind,
      method: 'GET',
      path: '/connections/{id}',
      operationId: 'get_connections_by_id',
      handler: (context) => {
        const connection = store.connectionById(context.params.id ?? '');
        if (!connection) throw new ManagementError(404, 'The connection does not exist', 'inexistent_connection');
        return json(
          200,
          connectionView(
            connection,
            enabledClientsOf(emulator),
            fieldsOf(context.query),
            context.query.include_fields !== false,
          ),
        );
      },
    },
  ];
}
