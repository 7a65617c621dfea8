import type { Identity, Metadata, User } from '../../common/auth0.ts';
import { OPERATIONS } from '../generated/oas-operations.ts';
import { ManagementError } from '../http/api-error.ts';
import { describeViolation, findViolation, typeOf, type JsonSchema } from '../http/schema.ts';
import type { TenantStore } from '../state/store.ts';
import type { ConnectionRecord } from '../state/types.ts';
import { checkMetadata, patchedMetadata } from './metadata-rules.ts';
import { checkPassword } from './password-policy.ts';

const SCHEMA = OPERATIONS.find((operation) => operation.operationId === 'patch_users_by_id')?.body as JsonSchema;
const ALLOWED = new Set(Object.keys(SCHEMA.properties ?? {}));
const FORBIDDEN_PAIRS: [string, string][] = [
  ['password', 'email'],
  ['password', 'email_verified'],
  ['username', 'email'],
  ['username', 'email_verified'],
  ['username', 'password'],
];
const SYNCED_ATTRIBUTES = ['name', 'nickname', 'picture', 'given_name', 'family_name'];
const ROOT_ATTRIBUTES = [...SYNCED_ATTRIBUTES, 'blocked', 'email_verified', 'phone_verified'];
/** Attributes of the targeted identity: of the root profile for the primary, of profileData for a secondary. */
const IDENTITY_ATTRIBUTES = ['email', 'email_verified', 'phone_number', 'phone_verified', 'username'];

function invalid(message: string, errorCode = 'invalid_body'): ManagementError {
  return new ManagementError(400, message, errorCode);
}

/** Checks the body's shape: read-only and unknown properties are refused (REC; the OAS says additionalProperties: true). */
function checkShape(body: unknown): Record<string, unknown> {
  if (typeOf(body) !== 'object')
    throw invalid(`Payload validation error: 'Expected type object but found type ${typeOf(body)}'.`);
  const patch = body as Record<string, unknown>;
  const extra = Object.keys(patch).filter((key) => !ALLOWED.has(key));
  if (extra.length > 0) {
    throw invalid(
      `Payload validation error: 'Additional properties not allowed: ${extra.join(',')}' (consider storing them in ` +
        'app_metadata or user_metadata. See "Users Metadata" in https://auth0.com/docs/api/v2/changes for more details).',
    );
  }
  const violation = findViolation(SCHEMA, patch);
  if (violation) throw invalid(describeViolation('Payload', violation));
  for (const [first, second] of FORBIDDEN_PAIRS) {
    if (patch[first] !== undefined && patch[second] !== undefined) {
      throw invalid(`Cannot update ${first} and ${second} simultaneously`);
    }
  }
  return patch;
}

/** Auth0's refusal for users whose connection syncs root attributes at each login (FACTS.md). */
function checkProfileSync(connection: ConnectionRecord, patch: Record<string, unknown>): void {
  const isUpstream =
    connection.strategy !== 'auth0' && connection.strategy !== 'email' && connection.strategy !== 'sms';
  const sync = connection.options.set_user_root_attributes ?? 'on_each_login';
  if (!isUpstream || sync !== 'on_each_login') return;
  const blocked = SYNCED_ATTRIBUTES.filter((key) => patch[key] !== undefined).sort();
  if (blocked.length === 0) return;
  throw invalid(
    `The following user attributes cannot be updated: ${blocked.join(', ')}. The connection (${connection.name}) must ` +
      'either be a database connection (using the Auth0 store), a passwordless connection (email or sms) or has disabled ' +
      "'Sync user profile attributes at each login'. For more information, see " +
      'https://auth0.com/docs/dashboard/guides/connections/configure-connection-sync',
    'operation_not_supported',
  );
}

function targetIdentity(
  store: TenantStore,
  user: User,
  connectionName: unknown,
): { identity: Identity; index: number; connection: ConnectionRecord } {
  const identities = user.identities ?? [];
  const index =
    connectionName === undefined ? 0 : identities.findIndex((identity) => identity.connection === connectionName);
  const identity = identities[index];
  const connection = identity ? store.connectionByName(identity.connection) : undefined;
  if (!identity || !connection) {
    // Wording not documented; the likeliest refusal for a connection the user has no identity in.
    throw invalid(`The user does not have an identity in the connection ${String(connectionName)}`);
  }
  return { identity, index, connection };
}

function checkIdentityChanges(
  store: TenantStore,
  user: User,
  connection: ConnectionRecord,
  patch: Record<string, unknown>,
): void {
  const strategy = connection.strategy;
  if (typeof patch.email === 'string') {
    // FACTS.md: `email` cannot change for non-database users. Wording of the refusal is ours.
    if (strategy !== 'auth0') {
      throw invalid(
        `The email of a user from the ${connection.name} connection cannot be changed: only database users can change it`,
        'operation_not_supported',
      );
    }
    const owner = store.findByEmailInConnection(connection.name, patch.email);
    if (owner && owner.user_id !== user.user_id) throw invalid('The specified new email already exists');
  }
  if (patch.username !== undefined && connection.options.requires_username !== true) {
    throw invalid('Cannot set username for connection without requires_username');
  }
  if (typeof patch.username === 'string') {
    const owner = store.findByUsernameInConnection(connection.name, patch.username);
    if (owner && owner.user_id !== user.user_id) throw invalid('The specified new username already exists');
  }
  if (patch.password !== undefined) {
    if (strategy !== 'auth0')
      throw invalid('Cannot update password for non-database connections', 'operation_not_supported');
    if (typeof patch.password === 'string') checkPassword(connection, patch.password);
  }
  if (patch.phone_number !== undefined && strategy !== 'sms' && strategy !== 'auth0') {
    throw invalid(
      `The phone number of a user from the ${connection.name} connection cannot be changed`,
      'operation_not_supported',
    );
  }
}

function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value === null) delete target[key];
  else if (value !== undefined)
    target[key] = key === 'email' && typeof value === 'string' ? value.toLowerCase() : value;
}

/** PATCH /users/{id}: applies every rule of FACTS.md and returns the new user (the stored one is replaced). */
export function patchUser(store: TenantStore, user: User, body: unknown, now: Date): User {
  const patch = checkShape(body);
  const primary = targetIdentity(store, user, undefined);
  const target = targetIdentity(store, user, patch.connection);
  checkProfileSync(primary.connection, patch);
  checkIdentityChanges(store, user, target.connection, patch);
  if (patch.user_metadata) checkMetadata('user_metadata', patch.user_metadata as Metadata);
  if (patch.app_metadata) checkMetadata('app_metadata', patch.app_metadata as Metadata);

  const next: User = { ...user };
  const emailChanges = typeof patch.email === 'string' && patch.email.toLowerCase() !== user.email;
  if (target.index === 0) {
    for (const key of IDENTITY_ATTRIBUTES) assign(next, key, patch[key]);
    // A new email is unverified unless the same request says otherwise (Auth0 docs, "Update email").
    if (emailChanges && patch.email_verified === undefined) next.email_verified = false;
  } else {
    const profileData: Metadata = { ...target.identity.profileData };
    for (const key of IDENTITY_ATTRIBUTES) assign(profileData, key, patch[key]);
    const identities = [...(user.identities ?? [])];
    identities[target.index] = { ...target.identity, profileData };
    next.identities = identities;
  }
  for (const key of ROOT_ATTRIBUTES) {
    if (target.index !== 0 && IDENTITY_ATTRIBUTES.includes(key)) continue;
    assign(next, key, patch[key]);
  }
  for (const kind of ['user_metadata', 'app_metadata'] as const) {
    if (patch[kind] === undefined) continue;
    const merged = patchedMetadata(kind, user[kind], patch[kind] as Metadata);
    if (merged) next[kind] = merged;
    else delete next[kind];
  }
  if (typeof patch.password === 'string') next.last_password_reset = now.toISOString();
  next.updated_at = now.toISOString();
  store.putUser(next);
  return next;
}
