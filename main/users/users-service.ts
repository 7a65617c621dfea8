// The users channels, online: each call goes to the tenant's Management API. The offline cache
// and write-through belong to main/cache and main/sync; this service is where they plug in.
import type { BruteForceBlock, Connection, Job, User, UsersPage } from '../../common/auth0.ts';
import type {
  CreateUserBody,
  GetUserArgs,
  ListRolesArgs,
  ListUsersArgs,
  LogsPage,
  PagedUserArgs,
  PasswordChangeTicket,
  PasswordChangeTicketArgs,
  PermissionsPage,
  RolesPage,
  UpdateUserBody,
  UserLogsArgs,
} from '../../common/users.ts';
import type { TenantService } from '../tenants/tenant-service.ts';

interface UserRef {
  tenantId: string;
  userId: string;
}

export class UsersService {
  readonly #tenants: TenantService;

  constructor(tenants: TenantService) {
    this.#tenants = tenants;
  }

  list({ tenantId, ...query }: ListUsersArgs, signal?: AbortSignal): Promise<UsersPage> {
    return this.#tenants.withApi(tenantId, (api) => api.listUsers(query, signal));
  }

  get({ tenantId, userId, ...query }: GetUserArgs, signal?: AbortSignal): Promise<User> {
    return this.#tenants.withApi(tenantId, (api) => api.getUser(userId, query, signal));
  }

  create(tenantId: string, user: CreateUserBody, signal?: AbortSignal): Promise<User> {
    return this.#tenants.withApi(tenantId, (api) => api.createUser(user, signal));
  }

  update({ tenantId, userId }: UserRef, changes: UpdateUserBody, signal?: AbortSignal): Promise<User> {
    return this.#tenants.withApi(tenantId, (api) => api.updateUser(userId, changes, signal));
  }

  delete({ tenantId, userId }: UserRef, signal?: AbortSignal): Promise<void> {
    return this.#tenants.withApi(tenantId, (api) => api.deleteUser(userId, signal));
  }

  /** The administrator's block (`blocked`), not a brute-force block. */
  setBlocked({ tenantId, userId }: UserRef, blocked: boolean, signal?: AbortSignal): Promise<User> {
    return this.#tenants.withApi(tenantId, (api) => api.updateUser(userId, { blocked }, signal));
  }

  bruteForceBlocks({ tenantId, userId }: UserRef, signal?: AbortSignal): Promise<BruteForceBlock[]> {
    return this.#tenants.withApi(tenantId, (api) => api.getBruteForceBlocks(userId, signal));
  }

  clearBruteForceBlocks({ tenantId, userId }: UserRef, signal?: AbortSignal): Promise<void> {
    return this.#tenants.withApi(tenantId, (api) => api.clearBruteForceBlocks(userId, signal));
  }

  roles({ tenantId, userId, ...paging }: PagedUserArgs, signal?: AbortSignal): Promise<RolesPage> {
    return this.#tenants.withApi(tenantId, (api) => api.getUserRoles(userId, paging, signal));
  }

  assignRoles({ tenantId, userId }: UserRef, roleIds: string[], signal?: AbortSignal): Promise<void> {
    return this.#tenants.withApi(tenantId, (api) => api.assignRoles(userId, roleIds, signal));
  }

  removeRoles({ tenantId, userId }: UserRef, roleIds: string[], signal?: AbortSignal): Promise<void> {
    return this.#tenants.withApi(tenantId, (api) => api.removeRoles(userId, roleIds, signal));
  }

  tenantRoles({ tenantId, ...query }: ListRolesArgs, signal?: AbortSignal): Promise<RolesPage> {
    return this.#tenants.withApi(tenantId, (api) => api.listRoles(query, signal));
  }

  permissions({ tenantId, userId, ...paging }: PagedUserArgs, signal?: AbortSignal): Promise<PermissionsPage> {
    return this.#tenants.withApi(tenantId, (api) => api.getUserPermissions(userId, paging, signal));
  }

  logs({ tenantId, userId, ...query }: UserLogsArgs, signal?: AbortSignal): Promise<LogsPage> {
    return this.#tenants.withApi(tenantId, (api) => api.getUserLogs(userId, query, signal));
  }

  sendVerificationEmail({ tenantId, userId }: UserRef, signal?: AbortSignal): Promise<Job> {
    return this.#tenants.withApi(tenantId, (api) => api.sendVerificationEmail(userId, signal));
  }

  passwordChangeTicket(
    { tenantId, userId, ...options }: PasswordChangeTicketArgs,
    signal?: AbortSignal,
  ): Promise<PasswordChangeTicket> {
    return this.#tenants.withApi(tenantId, (api) =>
      api.createPasswordChangeTicket({ user_id: userId, ...options }, signal),
    );
  }

  connections(tenantId: string, signal?: AbortSignal): Promise<Connection[]> {
    return this.#tenants.withApi(tenantId, (api) => api.listConnections(signal));
  }
}
