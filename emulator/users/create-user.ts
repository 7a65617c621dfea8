import { randomBytes } from 'node:crypto';
import type { Metadata, User } from '../../common/auth0.ts';
import { ManagementError } from '../http/api-error.ts';
import { defaultPicture, localPart } from '../seed/profile.ts';
import type { TenantStore } from '../state/store.ts';
import { initialMetadata } from '../../common/metadata.ts';
import { checkMetadata } from './metadata-rules.ts';
import { checkPassword } from './password-policy.ts';

/** The body of POST /users once the OAS schema has accepted it. */
export interface CreateUserBody {
  connection: string;
  email?: string;
  phone_number?: string;
  username?: string;
  password?: string;
  user_id?: string;
  email_verified?: boolean;
  phone_verified?: boolean;
  verify_email?: boolean;
  blocked?: boolean;
  given_name?: string;
  family_name?: string;
  name?: string;
  nickname?: string;
  picture?: string;
  user_metadata?: Metadata;
  app_metadata?: Metadata;
}

const PASSWORDLESS = new Set(['email', 'sms']);

function missing(property: string): ManagementError {
  return new ManagementError(
    400,
    `Payload validation error: 'Missing required property: ${property}'.`,
    'invalid_body',
  );
}

function exists(): ManagementError {
  return new ManagementError(409, 'The user already exists.', 'auth0_idp_error');
}

/**
 * POST /users rules (FACTS.md, Single users): only database and passwordless connections; a database
 * needs email and password (and username when the connection requires one), SMS needs phone_number.
 * Defaults: name = email, nickname = the email's local part, a Gravatar picture, the email lower-cased,
 * `auth0|` + 24 hex digits. Attributes never set stay absent.
 */
export function createUser(store: TenantStore, body: CreateUserBody, now: Date): User {
  const connection = store.connectionByName(body.connection);
  if (!connection) throw new ManagementError(400, 'The connection does not exist.', 'inexistent_connection');
  const strategy = connection.strategy;
  if (strategy !== 'auth0' && !PASSWORDLESS.has(strategy)) {
    throw new ManagementError(
      400,
      'Connection does not support user creation through the API. It must either be a database or passwordless connection.',
      'operation_not_supported',
    );
  }
  const email = body.email?.toLowerCase();
  if (strategy === 'auth0') {
    if (email === undefined) throw missing('email');
    if (connection.options.requires_username === true && body.username === undefined) throw missing('username');
    if (body.password === undefined) throw missing('password');
    checkPassword(connection, body.password);
  } else if (strategy === 'email' && email === undefined) throw missing('email');
  else if (strategy === 'sms' && body.phone_number === undefined) throw missing('phone_number');
  if (body.username !== undefined && connection.options.requires_username !== true) {
    throw new ManagementError(400, 'Cannot set username for connection without requires_username', 'invalid_body');
  }
  if (PASSWORDLESS.has(strategy) && body.password !== undefined) {
    // Likeliest refusal: passwordless users have no password (wording not documented).
    throw new ManagementError(400, 'Passwords are not supported by passwordless connections', 'invalid_body');
  }
  if (body.user_metadata) checkMetadata('user_metadata', body.user_metadata);
  if (body.app_metadata) checkMetadata('app_metadata', body.app_metadata);

  const provider = strategy === 'auth0' ? 'auth0' : strategy;
  const identityId = body.user_id ?? randomBytes(12).toString('hex');
  const userId = `${provider}|${identityId}`;
  if (store.getUser(userId)) throw exists();
  if (email !== undefined && store.findByEmailInConnection(connection.name, email)) throw exists();
  if (body.username !== undefined && store.findByUsernameInConnection(connection.name, body.username)) throw exists();

  const at = now.toISOString();
  const user: User = { user_id: userId };
  if (email !== undefined) {
    user.email = email;
    user.email_verified = body.email_verified ?? false;
  }
  if (body.username !== undefined) user.username = body.username;
  if (body.phone_number !== undefined) {
    user.phone_number = body.phone_number;
    user.phone_verified = body.phone_verified ?? false;
  }
  const fallbackName = email ?? body.phone_number ?? body.username ?? userId;
  user.name = body.name ?? fallbackName;
  if (body.given_name !== undefined) user.given_name = body.given_name;
  if (body.family_name !== undefined) user.family_name = body.family_name;
  user.nickname = body.nickname ?? (email !== undefined ? localPart(email) : fallbackName);
  user.picture = body.picture ?? defaultPicture(email, user.name);
  user.identities = [{ connection: connection.name, user_id: identityId, provider, isSocial: false }];
  user.created_at = at;
  user.updated_at = at;
  const userMetadata = initialMetadata(body.user_metadata);
  if (userMetadata) user.user_metadata = userMetadata;
  const appMetadata = initialMetadata(body.app_metadata);
  if (appMetadata) user.app_metadata = appMetadata;
  if (body.blocked !== undefined) user.blocked = body.blocked;
  store.putUser(user);
  store.setRelations(userId, { origin: 'api' });
  return user;
}
