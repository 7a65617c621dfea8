import type { Identity, Metadata, User } from '../../common/auth0.ts';
import type { EmulatorContext } from '../context.ts';
import { ManagementError } from '../http/api-error.ts';
import { json, type Route } from '../http/types.ts';
import { requireUser } from './users.ts';

// REC (TestUserManager_Link): profileData holds the identity's own profile attributes, in this order.
const PROFILE_KEYS = [
  'email',
  'name',
  'given_name',
  'family_name',
  'username',
  'nickname',
  'picture',
  'email_verified',
  'phone_number',
  'phone_verified',
];

/**
 * The identity's profile as profileData. REC: `name` is absent when it is only Auth0's default (the email),
 * as for the recorded users who were created without one.
 */
function profileDataOf(user: User): Metadata {
  const profile: Metadata = {};
  for (const key of PROFILE_KEYS) {
    const value = user[key];
    if (key === 'name' && value === user.email) continue;
    if (typeof value === 'string' || typeof value === 'boolean') profile[key] = value;
  }
  return profile;
}

/**
 * The identities as link and unlink answer them. REC (TestUserManager_Link, TestUserManager_Unlink): every
 * identity carries profileData there, the primary one too (GET /users/{id} shows it on secondaries only).
 */
function identitiesAnswer(primary: User, identities: Identity[]): Identity[] {
  return identities.map((identity, index) =>
    index === 0 ? { profileData: profileDataOf(primary), ...identity } : identity,
  );
}

/** The secondary account's user_id: REC sends it whole (`auth0|63d1...`); the bare id is accepted too. */
function secondaryUserId(provider: string, userId: string): string {
  return userId.startsWith(`${provider}|`) ? userId : `${provider}|${userId}`;
}

/**
 * POST /users/{id}/identities: the secondary account's identities join the primary (the first one with the
 * secondary's profile as profileData) and the secondary user stops existing; its metadata is not merged.
 */
function link(emulator: EmulatorContext, primaryId: string | undefined, body: Record<string, unknown>) {
  if (body.link_with !== undefined) {
    // Linking with a secondary account's ID token needs a login, which the emulator does not have.
    throw new ManagementError(
      400,
      'link_with is not supported by this tenant; send provider and user_id',
      'invalid_body',
    );
  }
  if (typeof body.provider !== 'string' || body.user_id === undefined) {
    throw new ManagementError(
      400,
      "Payload validation error: 'Missing required property: provider and user_id'.",
      'invalid_body',
    );
  }
  const primary = requireUser(emulator, primaryId);
  const secondaryId = secondaryUserId(body.provider, String(body.user_id));
  if (secondaryId === primary.user_id)
    throw new ManagementError(400, 'Main identity and the identity to link are the same.', 'invalid_body');
  if (primary.identities?.some((identity) => `${identity.provider}|${identity.user_id}` === secondaryId)) {
    throw new ManagementError(409, 'Specified identity already exists', 'identity_conflict');
  }
  const secondary = emulator.store.getUser(secondaryId);
  if (!secondary) throw new ManagementError(400, 'The user to link does not exist.', 'inexistent_user');
  const [first, ...rest] = secondary.identities ?? [];
  if (!first) throw new ManagementError(400, 'The user to link has no identity.', 'invalid_body');
  if (typeof body.connection_id === 'string') {
    const connection = emulator.store.connectionById(body.connection_id);
    if (connection?.name !== first.connection) {
      // Wording not documented; the likeliest refusal for a connection_id that is not the secondary's.
      throw new ManagementError(400, 'The user to link does not exist in that connection.', 'invalid_body');
    }
  }
  const identities: Identity[] = [
    ...(primary.identities ?? []),
    { profileData: profileDataOf(secondary), ...first },
    ...rest,
  ];
  emulator.store.deleteUser(secondary.user_id);
  emulator.store.putUser({ ...primary, identities, updated_at: new Date().toISOString() });
  return json(201, identitiesAnswer(primary, identities));
}

/** DELETE /users/{id}/identities/{provider}/{user_id}: the unlinked identity becomes a user of its own again. */
function unlink(emulator: EmulatorContext, params: Record<string, string>) {
  const primary = requireUser(emulator, params.id);
  const identities = primary.identities ?? [];
  const index = identities.findIndex(
    (identity) => identity.provider === params.provider && String(identity.user_id) === params.user_id,
  );
  if (index === 0) throw new ManagementError(400, 'Main identity cannot be removed', 'invalid_body');
  const identity = identities[index];
  if (!identity) throw new ManagementError(400, 'The identity does not exist on this user.', 'invalid_body');
  const remaining = identities.filter((_, position) => position !== index);
  const now = new Date().toISOString();
  emulator.store.putUser({ ...primary, identities: remaining, updated_at: now });
  const { profileData, ...standalone } = identity;
  const email = typeof profileData?.email === 'string' ? profileData.email : undefined;
  const restored: User = {
    user_id: `${identity.provider}|${identity.user_id}`,
    // A name left out of profileData was Auth0's default, the email.
    ...(email !== undefined ? { name: email } : {}),
    ...profileData,
    identities: [standalone],
    created_at: now,
    updated_at: now,
  };
  emulator.store.putUser(restored);
  emulator.store.setRelations(restored.user_id, { origin: 'unlink' });
  return json(200, identitiesAnswer(primary, remaining));
}

export function userIdentityRoutes(emulator: EmulatorContext): Route[] {
  const kind = 'management' as const;
  return [
    {
      kind,
      method: 'POST',
      path: '/users/{id}/identities',
      operationId: 'post_identities',
      handler: (context) => link(emulator, context.params.id, (context.body ?? {}) as Record<string, unknown>),
    },
    {
      kind,
      method: 'DELETE',
      path: '/users/{id}/identities/{provider}/{user_id}',
      operationId: 'delete_user_identity_by_user_id',
      handler: (context) => unlink(emulator, context.params),
    },
  ];
}
