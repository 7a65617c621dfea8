// The shapes the Auth0 Management API returns (../shared/auth0/FACTS.md, Profile attributes),
// shared by the emulator (which produces them), main (which fetches them) and the renderer.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Metadata = { [key: string]: JsonValue };

/**
 * The root attributes of Auth0's normalized user profile (FACTS.md, Profile attributes), metadata
 * aside: what a users export holds when no fields are named.
 */
export const NORMALIZED_PROFILE_FIELDS = [
  'user_id',
  'email',
  'email_verified',
  'username',
  'phone_number',
  'phone_verified',
  'name',
  'given_name',
  'family_name',
  'nickname',
  'picture',
  'identities',
  'created_at',
  'updated_at',
  'last_login',
  'last_ip',
  'logins_count',
  'blocked',
  'multifactor',
  'last_password_reset',
] as const;

export interface Identity {
  connection: string;
  user_id: string;
  provider: string;
  isSocial: boolean;
  /** Only on secondary (linked) identities. */
  profileData?: Metadata;
  access_token?: string;
  refresh_token?: string;
}

/** A user as the API returns it. Attributes never set are absent, not null. */
export interface User {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  username?: string;
  phone_number?: string;
  phone_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  nickname?: string;
  picture?: string;
  identities?: Identity[];
  app_metadata?: Metadata;
  user_metadata?: Metadata;
  created_at?: string;
  updated_at?: string;
  last_login?: string;
  last_ip?: string;
  logins_count?: number;
  blocked?: boolean;
  multifactor?: string[];
  last_password_reset?: string;
  [extra: string]: unknown;
}

/** `GET /users?include_totals=true` */
export interface UsersPage {
  start: number;
  limit: number;
  length: number;
  total: number;
  users: User[];
}

export interface Role {
  id: string;
  name: string;
  description?: string;
}

/** GET /users/{id}/enrollments: a Guardian MFA enrollment (OAS: get_enrollments). */
export interface Enrollment {
  id: string;
  status?: string;
  type?: string;
  name?: string;
  identifier?: string;
  phone_number?: string;
  auth_method?: string;
  enrolled_at?: string;
  last_auth?: string;
}

/** An organization the user is a member of (GET /users/{id}/organizations). */
export interface Organization {
  id: string;
  name: string;
  display_name?: string;
}

export interface Permission {
  permission_name: string;
  description?: string;
  resource_server_name: string;
  resource_server_identifier: string;
  sources?: { source_id: string; source_name: string; source_type: 'DIRECT' | 'ROLE' }[];
}

export interface LogEvent {
  log_id: string;
  date: string;
  type: string;
  description?: string;
  client_id?: string;
  client_name?: string;
  connection?: string;
  connection_id?: string;
  ip?: string;
  user_agent?: string;
  user_id?: string;
  user_name?: string;
  details?: Metadata;
  [extra: string]: unknown;
}

export interface Connection {
  id: string;
  name: string;
  strategy: string;
  display_name?: string;
  enabled_clients?: string[];
  is_domain_connection?: boolean;
  options?: Metadata;
  realms?: string[];
}

export interface BruteForceBlock {
  identifier: string;
  ip?: string;
  connection?: string;
}

export interface Job {
  id: string;
  type: 'users_export' | 'users_import' | 'verification_email';
  status: 'pending' | 'processing' | 'completed' | 'failed';
  created_at: string;
  connection_id?: string;
  connection?: string;
  format?: 'json' | 'csv';
  limit?: number;
  fields?: { name: string; export_as?: string }[];
  location?: string;
  percentage_done?: number;
  time_left_seconds?: number;
  summary?: { failed: number; updated: number; inserted: number; total: number };
}

/** The error body of the Management API. */
export interface ManagementErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errorCode?: string;
}

/** The error body of the Authentication API (/oauth/token). */
export interface AuthenticationErrorBody {
  error: string;
  error_description: string;
}

/**
 * GET /users' and GET /users/{id}'s `fields` and `include_fields` on a user held locally (the
 * offline cache): keep (or, with `include` false, drop) the named top-level attributes; no fields
 * (or an empty list) means every attribute, as Auth0 says of an empty `fields`.
 */
export function projectUser(user: User, fields: readonly string[] | undefined, include = true): User {
  if (!fields || fields.length === 0) return user;
  const wanted = new Set(fields);
  return Object.fromEntries(Object.entries(user).filter(([key]) => wanted.has(key) === include)) as unknown as User;
}
