// Which root attributes of one user an administrator may edit, and why not: the PATCH rules of
// common/patch-rules.ts asked field by field, so that the form disables a field with its reason
// instead of discovering Auth0's 400 after saving.
import type { User } from './auth0.ts';
import {
  connectionKind,
  emailReason,
  passwordReason,
  profileSyncReason,
  PROFILE_SYNCED_ATTRIBUTES,
  syncsProfileAtLogin,
  usernameReason,
  type ConnectionFacts,
} from './patch-rules.ts';

export const EDITABLE_ROOT_FIELDS = [
  'name',
  'nickname',
  'given_name',
  'family_name',
  'picture',
  'email',
  'email_verified',
  'username',
  'phone_number',
  'phone_verified',
  'blocked',
] as const;
export type EditableRootField = (typeof EDITABLE_ROOT_FIELDS)[number];

export interface FieldAvailability {
  editable: boolean;
  /** Why not, in a sentence naming the connection; absent when editable. */
  reason?: string;
}

/**
 * The fields of the identity at `identityIndex` (0 is the primary). `connectionOf` answers the
 * connection's settings; when it cannot (no read:connections), an upstream connection is taken at
 * Auth0's default, profile sync at each login, and the reason says so.
 */
export function fieldAvailability(
  user: Pick<User, 'identities' | 'username'>,
  connectionOf: (name: string) => ConnectionFacts | undefined,
  identityIndex = 0,
): Record<EditableRootField | 'password', FieldAvailability> {
  const identity = user.identities?.[identityIndex];
  const primary = user.identities?.[0];
  const facts = (name: string | undefined, strategy: string | undefined): ConnectionFacts | undefined =>
    name === undefined ? undefined : (connectionOf(name) ?? { name, strategy: strategy ?? name });
  const target = facts(identity?.connection, identity?.provider);
  const primaryFacts = facts(primary?.connection, primary?.provider);
  const known = primary ? connectionOf(primary.connection) !== undefined : false;
  const result = {} as Record<EditableRootField | 'password', FieldAvailability>;
  const open: FieldAvailability = { editable: true };
  for (const field of [...EDITABLE_ROOT_FIELDS, 'password'] as const) result[field] = open;

  if (primaryFacts && syncsProfileAtLogin(primaryFacts)) {
    for (const field of PROFILE_SYNCED_ATTRIBUTES) {
      const assumed = known ? '' : ' (Roster cannot read the connection, so it assumes Auth0’s default: sync on)';
      result[field] = { editable: false, reason: profileSyncReason(primaryFacts, field) + assumed };
    }
  }
  if (!target) return result;
  const kind = connectionKind(target.strategy);
  if (kind !== 'database') {
    result.email = { editable: false, reason: emailReason(target) };
    result.password = { editable: false, reason: passwordReason(target) };
  }
  // Unknown settings: a user who has a username is on a connection that requires one.
  const hasUsername = connectionOf(target.name) === undefined && user.username !== undefined;
  if (target.requiresUsername !== true && !hasUsername)
    result.username = { editable: false, reason: usernameReason(target) };
  if (kind !== 'database' && target.strategy !== 'sms') {
    result.phone_number = {
      editable: false,
      reason: `${target.name} is a ${kind} connection: only database and SMS users have a phone number Auth0 can change.`,
    };
  }
  return result;
}

/**
 * The PATCH body for changes to one identity: a secondary identity's email, phone, username or
 * password need its `connection` (FACTS.md), or Auth0 applies them to the primary.
 */
export function identityPatch(
  user: Pick<User, 'identities'>,
  identityIndex: number,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  const identity = user.identities?.[identityIndex];
  if (identityIndex === 0 || !identity) return changes;
  return { ...changes, connection: identity.connection };
}
