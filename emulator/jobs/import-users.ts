import { randomBytes } from 'node:crypto';
import type { Metadata, User } from '../../common/auth0.ts';
import { findViolation, type JsonSchema } from '../http/schema.ts';
import { defaultPicture, localPart } from '../seed/profile.ts';
import type { TenantStore } from '../state/store.ts';
import type { ConnectionRecord } from '../state/types.ts';
import type { JobRecord } from './job-store.ts';

// Auth0's bulk import user schema (docs, "Bulk Import Database Schema and Examples"), the subset the
// emulator stores. Passwords hashes are accepted and not kept: the emulator has no login.
const IMPORT_USER_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: { type: 'string', format: 'email' },
    email_verified: { type: 'boolean' },
    user_id: { type: 'string', maxLength: 255 },
    username: { type: 'string', minLength: 1, maxLength: 128 },
    given_name: { type: 'string', minLength: 1, maxLength: 150 },
    family_name: { type: 'string', minLength: 1, maxLength: 150 },
    name: { type: 'string', minLength: 1, maxLength: 300 },
    nickname: { type: 'string', minLength: 1, maxLength: 300 },
    picture: { type: 'string', format: 'strict-uri' },
    blocked: { type: 'boolean' },
    password_hash: { type: 'string' },
    custom_password_hash: { type: 'object' },
    app_metadata: { type: 'object' },
    user_metadata: { type: 'object' },
    mfa_factors: { type: 'array' },
  },
};

/** Auth0 reports import problems with its validator's codes (z-schema). */
function errorCode(detail: string): string {
  if (detail.startsWith('Missing required property')) return 'OBJECT_MISSING_REQUIRED_PROPERTY';
  if (detail.startsWith('Additional properties')) return 'OBJECT_ADDITIONAL_PROPERTIES';
  if (detail.startsWith('Expected type')) return 'INVALID_TYPE';
  if (detail.startsWith('String does not match')) return 'PATTERN';
  if (detail.startsWith("Object didn't pass validation for format")) return 'INVALID_FORMAT';
  return 'INVALID_VALUE';
}

type ImportError = NonNullable<JobRecord['importErrors']>[number];

function importOne(
  store: TenantStore,
  connection: ConnectionRecord,
  entry: unknown,
  upsert: boolean,
  now: string,
): 'inserted' | 'updated' | ImportError {
  const raw = (typeof entry === 'object' && entry !== null ? entry : { value: entry }) as Record<string, unknown>;
  const violation = findViolation(IMPORT_USER_SCHEMA, entry);
  if (violation)
    return {
      user: raw,
      errors: [
        {
          code: errorCode(violation.detail),
          message: violation.detail,
          ...(violation.property ? { path: violation.property } : {}),
        },
      ],
    };
  const email = (raw.email as string).toLowerCase();
  const existing = store.findByEmailInConnection(connection.name, email);
  if (existing && !upsert) {
    return {
      user: raw,
      errors: [{ code: 'DUPLICATED_USER', message: 'The user already exist and upsert parameter is false' }],
    };
  }
  const attributes: Partial<User> = {};
  for (const key of [
    'email_verified',
    'username',
    'given_name',
    'family_name',
    'name',
    'nickname',
    'picture',
    'blocked',
  ]) {
    if (raw[key] !== undefined) attributes[key] = raw[key];
  }
  if (raw.user_metadata !== undefined) attributes.user_metadata = raw.user_metadata as Metadata;
  if (raw.app_metadata !== undefined) attributes.app_metadata = raw.app_metadata as Metadata;
  if (existing) {
    store.putUser({ ...existing, ...attributes, updated_at: now });
    return 'updated';
  }
  const identityId =
    typeof raw.user_id === 'string' && raw.user_id !== '' ? raw.user_id : randomBytes(12).toString('hex');
  const name = (attributes.name as string | undefined) ?? email;
  const user: User = {
    user_id: `auth0|${identityId}`,
    email,
    email_verified: false,
    name,
    nickname: localPart(email),
    // REC (TestJobManager_ImportUsers): imported users' Gravatar links use the secure.gravatar.com host.
    picture: defaultPicture(email, name, 'secure.gravatar.com'),
    ...attributes,
    identities: [{ connection: connection.name, user_id: identityId, provider: 'auth0', isSocial: false }],
    created_at: now,
    updated_at: now,
  };
  store.putUser(user);
  store.setRelations(user.user_id, { origin: 'import' });
  return 'inserted';
}

/** Runs an import job in chunks, recording per-user errors and the summary. */
export async function runImport(
  store: TenantStore,
  record: JobRecord,
  connection: ConnectionRecord,
  file: Buffer,
  upsert: boolean,
): Promise<void> {
  let entries: unknown;
  try {
    entries = JSON.parse(file.toString('utf8'));
  } catch {
    entries = undefined;
  }
  if (!Array.isArray(entries)) {
    record.job.status = 'failed';
    record.job.status_details = 'The users file must contain a JSON array of users';
    return;
  }
  record.job.status = 'processing';
  record.importErrors = [];
  const summary = { failed: 0, updated: 0, inserted: 0, total: entries.length };
  const now = new Date().toISOString();
  for (let start = 0; start < entries.length; start += 500) {
    for (const entry of entries.slice(start, start + 500)) {
      const outcome = importOne(store, connection, entry, upsert, now);
      if (outcome === 'inserted') summary.inserted += 1;
      else if (outcome === 'updated') summary.updated += 1;
      else {
        summary.failed += 1;
        record.importErrors.push(outcome);
      }
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // REC (TestJobManager_ImportUsers): a finished import shows its summary and no percentage_done.
  record.job.summary = summary;
  record.job.status = 'completed';
}
