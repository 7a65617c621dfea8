import type { BruteForceBlock, Connection, Metadata, Role } from '../../common/auth0.ts';

/** How a connection treats root profile attributes at login (Auth0 connection option `set_user_root_attributes`). */
export type RootAttributeSync = 'on_each_login' | 'on_first_login' | 'never_on_login';

export interface ConnectionRecord extends Connection {
  options: Metadata & { set_user_root_attributes?: RootAttributeSync; requires_username?: boolean };
}

export interface PermissionRef {
  permission_name: string;
  resource_server_identifier: string;
}

export interface RoleRecord extends Role {
  permissions: PermissionRef[];
}

export interface ResourceServer {
  identifier: string;
  name: string;
  scopes: { value: string; description: string }[];
}

export interface EmulatorClient {
  client_id: string;
  client_secret: string;
  name: string;
  grant_types: string[];
  /** Scopes of the client grant on the Management API; null when the client has no grant. */
  management_scopes: string[] | null;
}

/** The tenant's data besides users, as persisted and seeded. */
export interface TenantMeta {
  seed: number;
  connections: ConnectionRecord[];
  resourceServers: ResourceServer[];
  roles: RoleRecord[];
  clients: EmulatorClient[];
}

/** A user's relations, kept beside the user so the user object stays exactly the API shape. */
export interface UserRelations {
  roles?: string[];
  permissions?: PermissionRef[];
  blocks?: BruteForceBlock[];
  /**
   * How a user came to exist when it was not seeded. Seeded users carry a sign-up and login history; a user
   * created through the API, an import or an unlink (the identity becoming a user again) has none (REC:
   * TestUserManager_GetUserLogs answers `[]`), so its log holds no invented events.
   */
  origin?: 'api' | 'import' | 'unlink';
}
