import type { User } from '../../common/auth0.ts';
import type { EmulatorContext } from '../context.ts';
import { ManagementError, userNotFound } from '../http/api-error.ts';
import { json, noContent, type RequestContext, type Route } from '../http/types.ts';
import { hasScope } from '../management.ts';
import { QueryError, searchUsers } from '../search/index.ts';
import { createUser, type CreateUserBody } from '../users/create-user.ts';
import { patchUser } from '../users/patch-user.ts';
import { projectionOf, projectUser } from '../users/projection.ts';

/** FACTS.md: at most 1000 results per query; a page reaching past record 1000 is refused. */
const MAX_RESULTS = 1000;

function projectionFor(context: RequestContext) {
  return projectionOf(context.query, hasScope(context, 'read:user_idp_tokens'));
}

export function requireUser(emulator: EmulatorContext, id: string | undefined): User {
  const user = id === undefined ? undefined : emulator.store.getUser(id);
  if (!user) throw userNotFound();
  return user;
}

function listUsers(emulator: EmulatorContext, context: RequestContext) {
  const query = context.query;
  const page = (query.page as number | undefined) ?? 0;
  const perPage = (query.per_page as number | undefined) ?? 50;
  if (query.search_engine !== undefined && query.search_engine !== 'v3') {
    // Only v3 is usable (FACTS.md); v1 and v2 were retired. The wording of the refusal is the likeliest.
    throw new ManagementError(
      400,
      `The search_engine ${String(query.search_engine)} is no longer available. Use search_engine=v3.`,
      'invalid_query_string',
    );
  }
  if ((page + 1) * perPage > MAX_RESULTS) {
    throw new ManagementError(
      400,
      'You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation',
      'invalid_paging',
    );
  }
  // `connection` only filtered with the retired v1 engine; v3 ignores it (FACTS.md).
  const q = typeof query.q === 'string' && query.q.trim() !== '' ? query.q : undefined;
  const sort = typeof query.sort === 'string' && query.sort !== '' ? query.sort : undefined;
  const started = performance.now();
  let matches: readonly User[];
  try {
    // A plain list is the store's snapshot in creation order: no need to run the search engine over it.
    matches =
      q === undefined && sort === undefined
        ? emulator.store.users()
        : searchUsers(emulator.store.users(), q, sort ? { sort } : {});
  } catch (error) {
    if (error instanceof QueryError) throw new ManagementError(400, error.message, 'invalid_query_string');
    throw error;
  }
  if (q !== undefined && performance.now() - started >= emulator.faults.searchTimeLimitMs) {
    throw new ManagementError(
      503,
      'The query exceeded the timeout. Please try refining your search criteria. See https://auth0.com/docs/best-practices/search-best-practices.',
    );
  }
  const projection = projectionFor(context);
  const users = matches.slice(page * perPage, (page + 1) * perPage).map((user) => projectUser(user, projection));
  if (query.include_totals !== true) return json(200, users);
  return json(200, { start: page * perPage, limit: perPage, length: users.length, users, total: matches.length });
}

export function userRoutes(emulator: EmulatorContext): Route[] {
  const management = { kind: 'management' as const };
  return [
    {
      ...management,
      method: 'GET',
      path: '/users',
      operationId: 'get_users',
      handler: (context) => listUsers(emulator, context),
    },
    {
      ...management,
      method: 'GET',
      path: '/users/{id}',
      operationId: 'get_users_by_id',
      handler: (context) => json(200, projectUser(requireUser(emulator, context.params.id), projectionFor(context))),
    },
    {
      ...management,
      method: 'POST',
      path: '/users',
      operationId: 'post_users',
      handler: (context) =>
        json(
          201,
          projectUser(createUser(emulator.store, context.body as CreateUserBody, new Date()), projectionFor(context)),
        ),
    },
    {
      ...management,
      method: 'PATCH',
      path: '/users/{id}',
      operationId: 'patch_users_by_id',
      ownBodyValidation: true,
      handler: (context) => {
        const user = requireUser(emulator, context.params.id);
        return json(
          200,
          projectUser(patchUser(emulator.store, user, context.body ?? {}, new Date()), projectionFor(context)),
        );
      },
    },
    {
      ...management,
      method: 'DELETE',
      path: '/users/{id}',
      operationId: 'delete_users_by_id',
      // 204 again for a user that no longer exists (FACTS.md).
      handler: (context) => {
        emulator.store.deleteUser(context.params.id as string);
        return noContent();
      },
    },
    {
      ...management,
      method: 'GET',
      path: '/users-by-email',
      operationId: 'get_users-by-email',
      handler: (context) => {
        const projection = projectionFor(context);
        return json(
          200,
          emulator.store.usersByEmail(context.query.email as string).map((user) => projectUser(user, projection)),
        );
      },
    },
  ];
}
