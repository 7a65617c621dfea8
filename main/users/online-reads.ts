// The reads the offline cache does not hold (issue 8): roles, permissions, logs, MFA enrollments,
// organizations, brute-force blocks and connections. Each needs the tenant: offline it is refused
// with `offline`, saying why, and nothing is sent.
import type { BruteForceBlock, Connection, Enrollment } from '../../common/auth0.ts';
import type {
  ListRolesArgs,
  LogsPage,
  OrganizationsPage,
  PagedUserArgs,
  PermissionsPage,
  RolesPage,
  UserLogsArgs,
} from '../../common/users.ts';
import type { ManagementApi } from '../auth0/management-api.ts';
import { AppError } from '../errors.ts';
import type { Connectivity } from '../sync/connectivity.ts';
import { callOnline, offlineReason, type ApiAccess } from '../sync/online-call.ts';

export interface OnlineReadsDeps {
  access: ApiAccess;
  connectivity: Connectivity;
}

export class OnlineReads {
  readonly #deps: OnlineReadsDeps;

  constructor(deps: OnlineReadsDeps) {
    this.#deps = deps;
  }

  bruteForceBlocks(
    { tenantId, userId }: { tenantId: string; userId: string },
    signal?: AbortSignal,
  ): Promise<BruteForceBlock[]> {
    return this.#call(tenantId, 'Brute-force blocks', (api) => api.getBruteForceBlocks(userId, signal));
  }

  roles({ tenantId, userId, ...paging }: PagedUserArgs, signal?: AbortSignal): Promise<RolesPage> {
    return this.#call(tenantId, 'Roles', (api) => api.getUserRoles(userId, paging, signal));
  }

  tenantRoles({ tenantId, ...query }: ListRolesArgs, signal?: AbortSignal): Promise<RolesPage> {
    return this.#call(tenantId, 'Roles', (api) => api.listRoles(query, signal));
  }

  permissions({ tenantId, userId, ...paging }: PagedUserArgs, signal?: AbortSignal): Promise<PermissionsPage> {
    return this.#call(tenantId, 'Permissions', (api) => api.getUserPermissions(userId, paging, signal));
  }

  enrollments({ tenantId, userId }: { tenantId: string; userId: string }, signal?: AbortSignal): Promise<Enrollment[]> {
    return this.#call(tenantId, 'MFA enrollments', (api) => api.getEnrollments(userId, signal));
  }

  organizations({ tenantId, userId, ...paging }: PagedUserArgs, signal?: AbortSignal): Promise<OrganizationsPage> {
    return this.#call(tenantId, 'Organizations', (api) => api.getUserOrganizations(userId, paging, signal));
  }

  logs({ tenantId, userId, ...query }: UserLogsArgs, signal?: AbortSignal): Promise<LogsPage> {
    return this.#call(tenantId, 'Log events', (api) => api.getUserLogs(userId, query, signal));
  }

  connections(tenantId: string, signal?: AbortSignal): Promise<Connection[]> {
    return this.#call(tenantId, 'Connections', (api) => api.listConnections(signal));
  }

  #call<T>(tenantId: string, what: string, call: (api: ManagementApi) => Promise<T>): Promise<T> {
    const { access, connectivity } = this.#deps;
    if (!connectivity.isOnline(tenantId)) {
      const reason = offlineReason(access, connectivity, tenantId);
      return Promise.reject(new AppError('offline', `${reason}. ${what} are not kept offline; they need the tenant.`));
    }
    return callOnline(access, connectivity, tenantId, call);
  }
}
