// One Management API call for a tenant, with its outcome told to Connectivity: no answer marks
// the tenant unreachable (and starts the probes); any answer, even an error, proves it reachable.
import type { ManagementApi } from '../auth0/management-api.ts';
import { AppError } from '../errors.ts';
import type { Connectivity } from './connectivity.ts';
import { isUnreachable } from './connectivity.ts';

export interface ApiAccess {
  withApi<T>(tenantId: string, call: (api: ManagementApi) => Promise<T>): Promise<T>;
  /** The tenant's display name, for sentences; undefined once it is removed. */
  nameOf(tenantId: string): string | undefined;
}

/** Why the tenant is not online, as a sentence ("You chose to work offline with Acme"). */
export function offlineReason(access: ApiAccess, connectivity: Connectivity, tenantId: string): string {
  const name = access.nameOf(tenantId) ?? 'The tenant';
  return connectivity.offlineReason(tenantId, name) ?? `${name} cannot be reached`;
}

export async function callOnline<T>(
  access: ApiAccess,
  connectivity: Connectivity,
  tenantId: string,
  call: (api: ManagementApi) => Promise<T>,
): Promise<T> {
  try {
    const value = await access.withApi(tenantId, call);
    connectivity.reportReachable(tenantId);
    return value;
  } catch (error) {
    if (isUnreachable(error)) connectivity.reportFailure(tenantId, error);
    else if (error instanceof AppError && error.status !== undefined) connectivity.reportReachable(tenantId);
    throw error;
  }
}
