// Auth0's rules for PATCH /users/{id} (FACTS.md, Single users), once for the emulator (which
// answers with Auth0's wording), main (which refuses before sending) and the renderer (which
// disables a field and says why). Each problem carries both Auth0's message and a sentence for
// the administrator.
import type { Connection, User } from './auth0.ts';

export type ConnectionKind = 'database' | 'passwordless' | 'social' | 'enterprise';
export type ProfileSync = 'on_each_login' | 'on_first_login' | 'never_on_login';

/** What the rules need to know of a connection; `profileSync` absent means Auth0's default. */
export interface ConnectionFacts {
  name: string;
  strategy: string;
  profileSync?: ProfileSync;
  requiresUsername?: boolean;
}

/** PATCH fields Auth0 refuses together (400 "Cannot update x and y simultaneously"). */
export const FORBIDDEN_PAIRS: readonly (readonly [string, string])[] = [
  ['password', 'email'],
  ['password', 'email_verified'],
  ['username', 'email'],
  ['username', 'email_verified'],
  ['username', 'password'],
];
/** Root attributes an upstream connection overwrites at each login when profile sync is on. */
export const PROFILE_SYNCED_ATTRIBUTES = ['name', 'nickname', 'picture', 'given_name', 'family_name'] as const;
/** Attributes of one identity: the root profile's for the primary, profileData's for a secondary. */
export const IDENTITY_ATTRIBUTES = ['email', 'email_verified', 'phone_number', 'phone_verified', 'username'] as const;
/** FACTS.md: changing these on a secondary identity needs that identity's `connection`. */
export const CONNECTION_SCOPED_ATTRIBUTES = ['email', 'phone_number', 'username', 'password'] as const;

const SOCIAL_STRATEGIES = new Set([
  'google-oauth2',
  'github',
  'facebook',
  'apple',
  'twitter',
  'linkedin',
  'windowslive',
  'amazon',
  'bitbucket',
  'discord',
  'dropbox',
  'gitlab',
  'instagram',
  'line',
  'paypal',
  'salesforce',
  'shopify',
  'slack',
  'spotify',
  'yahoo',
  'oauth2',
]);

export function connectionKind(strategy: string): ConnectionKind {
  if (strategy === 'auth0') return 'database';
  if (strategy === 'email' || strategy === 'sms') return 'passwordless';
  return SOCIAL_STRATEGIES.has(strategy) ? 'social' : 'enterprise';
}

export function connectionFactsOf(connection: Pick<Connection, 'name' | 'strategy' | 'options'>): ConnectionFacts {
  const options = connection.options ?? {};
  const sync = options.set_user_root_attributes;
  return {
    name: connection.name,
    strategy: connection.strategy,
    ...(sync === 'on_each_login' || sync === 'on_first_login' || sync === 'never_on_login'
      ? { profileSync: sync }
      : {}),
    ...(options.requires_username === true ? { requiresUsername: true } : {}),
  };
}

/** Database and passwordless users own their profile; others sync it at each login by default. */
export function syncsProfileAtLogin(connection: ConnectionFacts): boolean {
  const kind = connectionKind(connection.strategy);
  if (kind === 'database' || kind === 'passwordless') return false;
  return (connection.profileSync ?? 'on_each_login') === 'on_each_login';
}

export interface PatchProblem {
  code:
    | 'forbidden_pair'
    | 'profile_sync'
    | 'email_not_database'
    | 'password_not_database'
    | 'phone_not_supported'
    | 'username_not_required'
    | 'unknown_identity';
  fields: string[];
  /** What Auth0 answers: the emulator's 400. */
  auth0ErrorCode: 'invalid_body' | 'operation_not_supported';
  auth0Message: string;
  /** What the administrator reads. */
  message: string;
}

type Body = Record<string, unknown>;
const isSet = (body: Body, key: string): boolean => body[key] !== undefined;

export function findForbiddenPair(body: Body): PatchProblem | null {
  for (const [first, second] of FORBIDDEN_PAIRS) {
    if (isSet(body, first) && isSet(body, second)) {
      return {
        code: 'forbidden_pair',
        fields: [first, second],
        auth0ErrorCode: 'invalid_body',
        auth0Message: `Cannot update ${first} and ${second} simultaneously`,
        message: `Auth0 does not change ${first} and ${second} in one request: save one, then the other.`,
      };
    }
  }
  return null;
}

export function profileSyncReason(connection: ConnectionFacts, field: string): string {
  return `${connection.name} overwrites ${field} at each login unless the connection's profile sync ("Sync user profile attributes at each login") is off.`;
}

/** Auth0's 400 operation_not_supported for synced root attributes of an upstream user. */
export function findProfileSyncProblem(primary: ConnectionFacts, body: Body): PatchProblem | null {
  if (!syncsProfileAtLogin(primary)) return null;
  const fields = PROFILE_SYNCED_ATTRIBUTES.filter((key) => isSet(body, key)).sort();
  if (fields.length === 0) return null;
  return {
    code: 'profile_sync',
    fields,
    auth0ErrorCode: 'operation_not_supported',
    auth0Message:
      `The following user attributes cannot be updated: ${fields.join(', ')}. The connection (${primary.name}) must ` +
      'either be a database connection (using the Auth0 store), a passwordless connection (email or sms) or has disabled ' +
      "'Sync user profile attributes at each login'. For more information, see " +
      'https://auth0.com/docs/dashboard/guides/connections/configure-connection-sync',
    message: profileSyncReason(primary, fields.join(', ')),
  };
}

/**
 * Why a field of the targeted identity cannot change on this connection, or null. Wording of
 * Auth0's refusals that are not documented follows the emulator's choices (noted there).
 */
export function findIdentityProblem(target: ConnectionFacts, body: Body): PatchProblem | null {
  const kind = connectionKind(target.strategy);
  const problem = (
    code: PatchProblem['code'],
    field: string,
    auth0ErrorCode: PatchProblem['auth0ErrorCode'],
    auth0Message: string,
    message: string,
  ): PatchProblem => ({ code, fields: [field], auth0ErrorCode, auth0Message, message });
  if (typeof body.email === 'string' && kind !== 'database') {
    return problem(
      'email_not_database',
      'email',
      'operation_not_supported',
      `The email of a user from the ${target.name} connection cannot be changed: only database users can change it`,
      emailReason(target),
    );
  }
  if (isSet(body, 'username') && target.requiresUsername !== true) {
    return problem(
      'username_not_required',
      'username',
      'invalid_body',
      'Cannot set username for connection without requires_username',
      usernameReason(target),
    );
  }
  if (isSet(body, 'password') && kind !== 'database') {
    return problem(
      'password_not_database',
      'password',
      'operation_not_supported',
      'Cannot update password for non-database connections',
      passwordReason(target),
    );
  }
  if (isSet(body, 'phone_number') && target.strategy !== 'sms' && kind !== 'database') {
    return problem(
      'phone_not_supported',
      'phone_number',
      'operation_not_supported',
      `The phone number of a user from the ${target.name} connection cannot be changed`,
      `${target.name} is a ${kind} connection: only database and SMS users have a phone number Auth0 can change.`,
    );
  }
  return null;
}

export const emailReason = (target: ConnectionFacts): string =>
  `Only database users can change their email; ${target.name} is a ${connectionKind(target.strategy)} connection, whose provider owns it.`;
export const usernameReason = (target: ConnectionFacts): string =>
  `${target.name} does not use usernames ("Requires Username" is off for it).`;
export const passwordReason = (target: ConnectionFacts): string =>
  `${target.name} is a ${connectionKind(target.strategy)} connection: only database users have a password in Auth0.`;

/** The identity a PATCH targets: the primary, or the one whose connection the body names (-1 if none). */
export function targetIdentityIndex(user: Pick<User, 'identities'>, connection: unknown): number {
  const identities = user.identities ?? [];
  if (connection === undefined) return identities.length > 0 ? 0 : -1;
  return identities.findIndex((identity) => identity.connection === connection);
}

export function unknownIdentityProblem(connection: unknown): PatchProblem {
  return {
    code: 'unknown_identity',
    fields: ['connection'],
    auth0ErrorCode: 'invalid_body',
    // Wording not documented; the likeliest refusal for a connection the user has no identity in.
    auth0Message: `The user does not have an identity in the connection ${String(connection)}`,
    message: `This user has no identity in the connection ${String(connection)}.`,
  };
}

/**
 * Every rule a PATCH body can break for this user, in the order Auth0 checks them. Connection
 * rules are checked only when `connectionOf` knows the connection (main may lack read:connections).
 */
export function findPatchProblem(
  body: Body,
  user: Pick<User, 'identities'>,
  connectionOf: (name: string) => ConnectionFacts | undefined,
): PatchProblem | null {
  const pair = findForbiddenPair(body);
  if (pair) return pair;
  const primary = user.identities?.[0];
  const targetIndex = targetIdentityIndex(user, body.connection);
  if (targetIndex < 0) return unknownIdentityProblem(body.connection);
  const primaryFacts = primary ? connectionOf(primary.connection) : undefined;
  if (primaryFacts) {
    const sync = findProfileSyncProblem(primaryFacts, body);
    if (sync) return sync;
  }
  const target = user.identities?.[targetIndex];
  const targetFacts = target ? connectionOf(target.connection) : undefined;
  return targetFacts ? findIdentityProblem(targetFacts, body) : null;
}
