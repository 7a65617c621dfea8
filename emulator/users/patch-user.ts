import type { Identity, Metadata, User } from '../../common/auth0.ts';
import { patchedMetadata } from '../../common/metadata.ts';
import {
  connectionFactsOf,
  findForbiddenPair,
  findIdentityProblem,
  findProfileSyncProblem,
  IDENTITY_ATTRIBUTES,
  PROFILE_SYNCED_ATTRIBUTES,
  targetIdentityIndex,
  unknownIdentityProblem,
  type PatchProblem,
} from '../../common/patch-rules.ts';
import { OPERATIONS } from '../generated/oas-operations.ts';
import { ManagementError } from '../http/api-error.ts';
import { describeViolation, findViolation, typeOf, type JsonSchema } from '../http/schema.ts';
import type { TenantStore } from '../state/store.ts';
import type { ConnectionRecord } from '../state/types.ts';
import { checkMetadata } from './metadata-rules.ts';
import { checkPassword } from './password-policy.ts';

const SCHEMA = OPERATIONS.find((operation) => operation.operationId === 'patch_users_by_id')?.body as JsonSchema;
const ALLOWED = new Set(Object.keys(SCHEMA.properties ?? {}));
const ROOT_ATTRIBUTES = [...PROFILE_SYNCED_ATTRIBUTES, 'blocked', 'email_verified', 'phone_verified'];

function invalid(message: string, errorCode = 'invalid_body'): ManagementError {
  return new ManagementError(400, message, errorCode);
}

/** Auth0's answer to a broken rule of common/patch-rules.ts. */
function refuse(problem: PatchProblem | null): void {
  if (problem) throw invalid(problem.auth0Message, problem.auth0ErrorCode);
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
  refuse(findForbiddenPair(patch));
  return patch;
}

function targetIdentity(
  store: TenantStore,
  user: User,
  connectionName: unknown,
): { identity: Identity; index: number; connection: ConnectionRecord } {
  const index = targetIdentityIndex(user, connectionName);
  const identity = user.identities?.[index];
  const connection = identity ? store.connectionByName(identity.connection) : undefined;
  if (!identity || !connection) throw invalid(unknownIdentityProblem(connectionName).auth0Message);
  return { identity, index, connection };
}

/** The rules that need the tenant's users: unique email and username per connection, and the password policy. */
function checkAgainstStore(
  store: TenantStore,
  user: User,
  connection: ConnectionRecord,
  patch: Record<string, unknown>,
): void {
  if (typeof patch.email === 'string') {
    const owner = store.findByEmailInConnection(connection.name, patch.email);
    if (owner && owner.user_id !== user.user_id) throw invalid('The specified new email already exists');
  }
  if (typeof patch.username === 'string') {
    const owner = store.findByUsernameInConnection(connection.name, patch.username);
    if (owner && owner.user_id !== user.user_id) throw invalid('The specified new username already exists');
  }
  if (typeof patch.password === 'string') checkPassword(connection, patch.password);
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
  refuse(findProfileSyncProblem(connectionFactsOf(primary.connection), patch));
  refuse(findIdentityProblem(connectionFactsOf(target.connection), patch));
  checkAgainstStore(store, user, target.connection, patch);
  if (patch.user_metadata) checkMetadata('user_metadata', patch.user_metadata as Metadata);
  if (patch.app_metadata) checkMetadata('app_metadata', patch.app_metadata as Metadata);

  const next: User = { ...user };
  const emailChanges = typeof patch.email === 'string' && patch.email.toLowerCase() !== user.email;
  const identityAttributes: readonly string[] = IDENTITY_ATTRIBUTES;
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
    if (target.index !== 0 && identityAttributes.includes(key)) continue;
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
