import type { BruteForceBlock, LogEvent, User } from '../../common/auth0.ts';
import type { EmulatorContext } from '../context.ts';
import { ManagementError } from '../http/api-error.ts';
import { listResponse, pageOf } from '../http/paging.ts';
import { json, noContent, type Route } from '../http/types.ts';
import { hashString, Random } from '../seed/random.ts';
import { primaryConnection } from '../state/store.ts';
import { userLogEvents } from '../users/log-events.ts';
import { requireUser } from './users.ts';

/**
 * Events only from what happened to the user: seeded users have their seeded history; users created through
 * the API, an import or an unlink have none, since the emulator has no logins to record (ISSUE 12; REC:
 * TestUserManager_GetUserLogs answers `[]` for a user just created).
 */
function logsOf(emulator: EmulatorContext, user: User): LogEvent[] {
  const relations = emulator.store.relations(user.user_id);
  if (relations.origin !== undefined) return [];
  const connectionName = primaryConnection(user);
  const connection = connectionName === undefined ? undefined : emulator.store.connectionByName(connectionName);
  const blocked = (relations.blocks ?? []).length > 0;
  return userLogEvents(user, connection, emulator.domain, blocked, Date.now());
}

function sortLogs(events: LogEvent[], sort: unknown): LogEvent[] {
  const match = typeof sort === 'string' ? /^(\w+):(1|-1)$/.exec(sort) : null;
  if (typeof sort === 'string' && !match) {
    throw new ManagementError(
      400,
      `Query validation error: 'Invalid sort: ${sort}' on property sort.`,
      'invalid_query_string',
    );
  }
  const field = match?.[1] ?? 'date';
  const direction = match?.[2] === '1' ? 1 : -1;
  return [...events].sort((left, right) => {
    const a = String(left[field] ?? '');
    const b = String(right[field] ?? '');
    return a === b ? 0 : (a < b ? -1 : 1) * direction;
  });
}

/** Users whose email, username or phone number is the identifier (GET/DELETE /user-blocks?identifier=). */
function usersByIdentifier(emulator: EmulatorContext, identifier: string): User[] {
  const byEmail = emulator.store.usersByEmail(identifier);
  if (byEmail.length > 0) return byEmail;
  return emulator.store.users().filter((user) => user.username === identifier || user.phone_number === identifier);
}

function blocksOf(emulator: EmulatorContext, users: User[]): BruteForceBlock[] {
  return users.flatMap((user) => emulator.store.relations(user.user_id).blocks ?? []);
}

function clearBlocks(emulator: EmulatorContext, users: User[]): void {
  for (const user of users) {
    const relations = emulator.store.relations(user.user_id);
    if (relations.blocks) emulator.store.setRelations(user.user_id, { ...relations, blocks: [] });
  }
}

/** Guardian enrollments for users with MFA, derived from the user id like their logs. */
function enrollmentsOf(user: User): object[] {
  if (!user.multifactor?.length) return [];
  const random = new Random(hashString(`enrollment:${user.user_id}`));
  const enrolledAt = user.created_at ?? new Date().toISOString();
  return [
    {
      id: `push|dev_${random.alphanumeric(16)}`,
      status: 'confirmed',
      type: 'pn',
      name: random.pick(['iPhone 15', 'Pixel 8', 'iPad Air']),
      identifier: random.hex(32),
      auth_method: 'guardian',
      enrolled_at: enrolledAt,
      last_auth: user.last_login ?? enrolledAt,
    },
  ];
}

export function userActivityRoutes(emulator: EmulatorContext): Route[] {
  const kind = 'management' as const;
  return [
    {
      kind,
      method: 'GET',
      path: '/users/{id}/logs',
      operationId: 'get_logs_by_user',
      handler: (context) => {
        // The OAS lists no 404 here: an unknown user simply has no events.
        const user = emulator.store.getUser(context.params.id ?? '');
        const events = sortLogs(user ? logsOf(emulator, user) : [], context.query.sort);
        // OAS: "Paging is disabled if parameter not sent": without per_page every event is one page from 0.
        const paged =
          context.query.per_page === undefined
            ? { items: events, start: 0, limit: events.length, total: events.length }
            : pageOf(events, context.query);
        if (context.query.include_totals !== true) return json(200, paged.items);
        return json(200, {
          start: paged.start,
          limit: paged.limit,
          length: paged.items.length,
          total: paged.total,
          logs: paged.items,
        });
      },
    },
    {
      kind,
      method: 'GET',
      path: '/user-blocks/{id}',
      operationId: 'get_user-blocks_by_id',
      handler: (context) => json(200, { blocked_for: blocksOf(emulator, [requireUser(emulator, context.params.id)]) }),
    },
    {
      kind,
      method: 'DELETE',
      path: '/user-blocks/{id}',
      operationId: 'delete_user-blocks_by_id',
      handler: (context) => {
        clearBlocks(emulator, [requireUser(emulator, context.params.id)]);
        return noContent();
      },
    },
    {
      kind,
      method: 'GET',
      path: '/user-blocks',
      operationId: 'get_user-blocks',
      handler: (context) =>
        json(200, { blocked_for: blocksOf(emulator, usersByIdentifier(emulator, context.query.identifier as string)) }),
    },
    {
      kind,
      method: 'DELETE',
      path: '/user-blocks',
      operationId: 'delete_user-blocks',
      handler: (context) => {
        clearBlocks(emulator, usersByIdentifier(emulator, context.query.identifier as string));
        return noContent();
      },
    },
    {
      kind,
      method: 'GET',
      path: '/users/{id}/enrollments',
      operationId: 'get_enrollments',
      handler: (context) => json(200, enrollmentsOf(requireUser(emulator, context.params.id))),
    },
    {
      kind,
      method: 'GET',
      path: '/users/{id}/organizations',
      operationId: 'get_user_organizations',
      handler: (context) => {
        requireUser(emulator, context.params.id);
        // The demo tenant has no organizations; the envelope still says where the page starts.
        return listResponse('organizations', [], context.query);
      },
    },
  ];
}
