import type { Identity, Metadata, User } from '../../common/auth0.ts';
import type { EmulatorContext } from '../context.ts';
import { ManagementError } from '../http/api-error.ts';
import { json, type Route } from '../http/types.ts';
import { requireUser } from './users.ts';

const PROFILE_KEYS = [
  'email',
  'email_verified',
  'name',
  'username',
  'given_name',
  'family_name',
  'nickname',
  'picture',
  'phone_number',
  'phone_verified',
];

function profileDataOf(user: User): Metadata {
  const profile: Metadata = {};
  for (const key of PROFILE_KEYS) {
    const value = user[key];
    if (typeof value === 'string' || typeof value === 'boolean') profile[key] = value;
  }
  return profile;
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
  const secondaryId = `${body.provider}|${String(body.user_id)}`;
  if (secondaryId === primary.user_id)
    throw new ManagementError(400, 'Main identity and the identity to link are the same.', 'invalid_body');
  if (primary.identities?.some((identity) => `${identity.provider}|${identity.user_id}` === secondaryId)) {
    throw new ManagementError(409, 'Specified identity already exists', 'identity_conflict');
  }
  const secondary = emulator.store.getUser(secondaryId);
  if (!secondary) throw new ManagementError(400, 'The user to link does not exist.', 'inexistent_user');
  const [first, ...rest] = secondary.identities ?? [];
  if (!first) throw new ManagementError(400, 'The user to link has no identity.', 'invalid_body');
  const identities: Identity[] = [
    ...(primary.identities ?? []),
    { ...first, profileData: profileDataOf(secondary) },
    ...rest,
  ];
  emulator.store.deleteUser(secondary.user_id);
  emulator.store.putUser({ ...primary, identities, updated_at: new Date().toISOString() });
  return json(201, identities);
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
  const restored: User = {
    user_id: `${identity.provider}|${identity.user_id}`,
    ...profileData,
    identities: [standalone],
    created_at: now,
    updated_at: now,
  };
  emulator.store.putUser(restored);
  return json(200, remaining);
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
