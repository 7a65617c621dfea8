// Typed functions for the Management API endpoints Roster uses (FACTS.md: Single users,
// Around a user, Export jobs). Ids go into paths through pathSegment, so `auth0|x` becomes
// `auth0%7Cx` and nothing in an id (`..` included) can reach another path.
import type { BruteForceBlock, Connection, Enrollment, Identity, Job, User, UsersPage } from '../../common/auth0.ts';
import type {
  CreateUserBody,
  GetUserArgs,
  ListRolesArgs,
  ListUsersArgs,
  LogsPage,
  OrganizationsPage,
  PasswordChangeTicket,
  PermissionsPage,
  RolesPage,
  UpdateUserBody,
} from '../../common/users.ts';
import type { ManagementClient } from './management-client.ts';
import { pathSegment } from './path-segment.ts';

const IDP_TOKEN_KEYS = new Set(['access_token', 'refresh_token', 'access_token_secret']);
type Paging = { page?: number | undefined; per_page?: number | undefined };
const DEFAULT_PER_PAGE = 50;

/**
 * IdP access and refresh tokens appear in identities when the application holds
 * read:user_idp_tokens. They are the user's secrets, not Roster's business: they stop here.
 */
export function withoutIdpTokens(user: User): User {
  if (!Array.isArray(user.identities)) return user;
  const identities = user.identities.map(
    (identity) => Object.fromEntries(Object.entries(identity).filter(([key]) => !IDP_TOKEN_KEYS.has(key))) as Identity,
  );
  return { ...user, identities };
}

const user = (path: string, userId: string) => `/users/${pathSegment(userId)}${path}`;

/** What the window shows of a connection; never `options` (it holds the IdP's client secret). */
const CONNECTION_FIELDS = [
  'id',
  'name',
  'strategy',
  'display_name',
  'is_domain_connection',
  'realms',
  'enabled_clients',
] as const;

function withListedFieldsOnly(connection: Connection): Connection {
  const kept = CONNECTION_FIELDS.filter((field) => connection[field] !== undefined).map((field) => [
    field,
    connection[field],
  ]);
  return Object.fromEntries(kept) as unknown as Connection;
}

export class ManagementApi {
  readonly #client: ManagementClient;

  constructor(client: ManagementClient) {
    this.#client = client;
  }

  /** GET /users with totals, so every answer has the same shape. */
  async listUsers(args: Omit<ListUsersArgs, 'tenantId'>, signal?: AbortSignal): Promise<UsersPage> {
    const page = await this.#client.request<UsersPage>({
      method: 'GET',
      path: '/users',
      query: {
        q: args.q,
        // FACTS.md: only v3 is usable; v1 and v2 are gone.
        search_engine: args.q === undefined ? undefined : 'v3',
        page: args.page ?? 0,
        per_page: args.per_page ?? DEFAULT_PER_PAGE,
        sort: args.sort,
        fields: args.fields?.join(','),
        include_fields: args.fields ? (args.include_fields ?? true) : undefined,
        include_totals: true,
      },
      signal,
    });
    return { ...page, users: page.users.map(withoutIdpTokens) };
  }

  async getUser(
    userId: string,
    args: Pick<GetUserArgs, 'fields' | 'include_fields'>,
    signal?: AbortSignal,
  ): Promise<User> {
    const query = {
      fields: args.fields?.join(','),
      include_fields: args.fields ? (args.include_fields ?? true) : undefined,
    };
    return withoutIdpTokens(await this.#client.request<User>({ method: 'GET', path: user('', userId), query, signal }));
  }

  async createUser(body: CreateUserBody, signal?: AbortSignal): Promise<User> {
    return withoutIdpTokens(await this.#client.request<User>({ method: 'POST', path: '/users', body, signal }));
  }

  async updateUser(userId: string, body: UpdateUserBody, signal?: AbortSignal): Promise<User> {
    return withoutIdpTokens(
      await this.#client.request<User>({ method: 'PATCH', path: user('', userId), body, signal }),
    );
  }

  async deleteUser(userId: string, signal?: AbortSignal): Promise<void> {
    await this.#client.request({ method: 'DELETE', path: user('', userId), signal });
  }

  /** Brute-force blocks, separate from the admin block (`blocked`). */
  async getBruteForceBlocks(userId: string, signal?: AbortSignal): Promise<BruteForceBlock[]> {
    const path = `/user-blocks/${pathSegment(userId)}`;
    const answer = await this.#client.request<{ blocked_for?: BruteForceBlock[] }>({ method: 'GET', path, signal });
    return answer.blocked_for ?? [];
  }

  async clearBruteForceBlocks(userId: string, signal?: AbortSignal): Promise<void> {
    await this.#client.request({ method: 'DELETE', path: `/user-blocks/${pathSegment(userId)}`, signal });
  }

  async getUserRoles(userId: string, paging: Paging, signal?: AbortSignal): Promise<RolesPage> {
    const query = { page: paging.page ?? 0, per_page: paging.per_page ?? DEFAULT_PER_PAGE, include_totals: true };
    return this.#client.request<RolesPage>({ method: 'GET', path: user('/roles', userId), query, signal });
  }

  async assignRoles(userId: string, roleIds: string[], signal?: AbortSignal): Promise<void> {
    await this.#client.request({ method: 'POST', path: user('/roles', userId), body: { roles: roleIds }, signal });
  }

  async removeRoles(userId: string, roleIds: string[], signal?: AbortSignal): Promise<void> {
    await this.#client.request({ method: 'DELETE', path: user('/roles', userId), body: { roles: roleIds }, signal });
  }

  /** DELETE /users/{id}/identities/{provider}/{user_id} 200 with the identities that remain (FACTS.md). */
  async unlinkIdentity(
    userId: string,
    provider: string,
    identityUserId: string,
    signal?: AbortSignal,
  ): Promise<Identity[]> {
    const path = user(`/identities/${pathSegment(provider)}/${pathSegment(identityUserId)}`, userId);
    return this.#client.request<Identity[]>({ method: 'DELETE', path, signal });
  }

  async listRoles(args: Omit<ListRolesArgs, 'tenantId'>, signal?: AbortSignal): Promise<RolesPage> {
    const query = {
      page: args.page ?? 0,
      per_page: args.per_page ?? DEFAULT_PER_PAGE,
      name_filter: args.name_filter,
      include_totals: true,
    };
    return this.#client.request<RolesPage>({ method: 'GET', path: '/roles', query, signal });
  }

  async getEnrollments(userId: string, signal?: AbortSignal): Promise<Enrollment[]> {
    return this.#client.request<Enrollment[]>({ method: 'GET', path: user('/enrollments', userId), signal });
  }

  async getUserOrganizations(userId: string, paging: Paging, signal?: AbortSignal): Promise<OrganizationsPage> {
    const query = { page: paging.page ?? 0, per_page: paging.per_page ?? DEFAULT_PER_PAGE, include_totals: true };
    return this.#client.request<OrganizationsPage>({
      method: 'GET',
      path: user('/organizations', userId),
      query,
      signal,
    });
  }

  async getUserPermissions(userId: string, paging: Paging, signal?: AbortSignal): Promise<PermissionsPage> {
    const query = { page: paging.page ?? 0, per_page: paging.per_page ?? DEFAULT_PER_PAGE, include_totals: true };
    return this.#client.request<PermissionsPage>({ method: 'GET', path: user('/permissions', userId), query, signal });
  }

  async getUserLogs(
    userId: string,
    args: Paging & { sort?: string | undefined },
    signal?: AbortSignal,
  ): Promise<LogsPage> {
    const query = {
      page: args.page ?? 0,
      per_page: args.per_page ?? DEFAULT_PER_PAGE,
      sort: args.sort ?? 'date:-1',
      include_totals: true,
    };
    return this.#client.request<LogsPage>({ method: 'GET', path: user('/logs', userId), query, signal });
  }

  async sendVerificationEmail(userId: string, signal?: AbortSignal): Promise<Job> {
    return this.#client.request<Job>({
      method: 'POST',
      path: '/jobs/verification-email',
      body: { user_id: userId },
      signal,
    });
  }

  async createPasswordChangeTicket(
    body: { user_id: string; result_url?: string; ttl_sec?: number; mark_email_as_verified?: boolean },
    signal?: AbortSignal,
  ): Promise<PasswordChangeTicket> {
    const answer = await this.#client.request<PasswordChangeTicket>({
      method: 'POST',
      path: '/tickets/password-change',
      body,
      signal,
    });
    return { ticket: answer.ticket };
  }

  /**
   * Every connection, without `options`: a social or enterprise connection's options hold its
   * client secret, which the renderer has no use for. `fields` asks the server to leave them out;
   * each answer is also cut down to those fields here, so a server (or proxy) that ignores
   * `fields` still leaks nothing to the window.
   */
  async listConnections(signal?: AbortSignal): Promise<Connection[]> {
    const connections: Connection[] = [];
    for (let page = 0; page < 50; page += 1) {
      const batch = await this.#client.request<Connection[]>({
        method: 'GET',
        path: '/connections',
        query: { page, per_page: 100, fields: CONNECTION_FIELDS.join(','), include_fields: true },
        signal,
      });
      connections.push(...batch.map(withListedFieldsOnly));
      if (batch.length < 100) break;
    }
    return connections;
  }

  /** POST /jobs/users-exports answers 200, not 201 (FACTS.md, Export jobs). */
  async exportUsers(
    body: {
      connection_id?: string;
      format: 'json' | 'csv';
      limit?: number;
      fields?: { name: string; export_as?: string }[];
    },
    signal?: AbortSignal,
  ): Promise<Job> {
    return this.#client.request<Job>({ method: 'POST', path: '/jobs/users-exports', body, signal });
  }

  async getJob(jobId: string, signal?: AbortSignal): Promise<Job> {
    return this.#client.request<Job>({ method: 'GET', path: `/jobs/${pathSegment(jobId)}`, signal });
  }
}
