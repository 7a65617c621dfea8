import type { JsonValue, Metadata } from '../../common/auth0.ts';
import { ManagementError } from '../http/api-error.ts';

// Auth0 docs (metadata field names): app_metadata may not use these names. The API's wording for the
// refusal is not documented; ours follows its "Payload validation error" shape.
const RESERVED_APP_METADATA_KEYS = new Set([
  '__tenant',
  '_id',
  'blocked',
  'clientID',
  'created_at',
  'email_verified',
  'email',
  'globalClientID',
  'global_client_id',
  'identities',
  'lastIP',
  'lastLogin',
  'loginsCount',
  'metadata',
  'multifactor',
  'name',
  'nickname',
  'picture',
  'user_id',
  'updated_at',
]);

function findBadKey(value: JsonValue, path: string): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findBadKey(item, path);
      if (found) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('.') || key.startsWith('$')) return `${path}.${key}`;
    const found = findBadKey(child, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

/** Keys may not contain `.` or start with `$` (FACTS.md); some app_metadata keys are reserved. */
export function checkMetadata(kind: 'user_metadata' | 'app_metadata', metadata: Metadata): void {
  const badKey = findBadKey(metadata, kind);
  if (badKey) {
    throw new ManagementError(
      400,
      `Payload validation error: 'Metadata keys cannot contain "." or start with "$": ${badKey}' on property ${kind}.`,
      'invalid_body',
    );
  }
  if (kind !== 'app_metadata') return;
  const reserved = Object.keys(metadata).filter((key) => RESERVED_APP_METADATA_KEYS.has(key));
  if (reserved.length > 0) {
    throw new ManagementError(
      400,
      `Payload validation error: 'Reserved app_metadata keys cannot be set: ${reserved.join(',')}' on property app_metadata.`,
      'invalid_body',
    );
  }
}

/**
 * PATCH merge (FACTS.md, Single users): one level deep, a nested object replaces the old one whole,
 * a key set to null is deleted, and `{}` as the whole value clears it. Returns undefined when nothing is left.
 */
export function mergeMetadata(current: Metadata | undefined, patch: Metadata): Metadata | undefined {
  if (Object.keys(patch).length === 0) return undefined;
  const next: Metadata = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return Object.keys(next).length > 0 ? next : undefined;
}

/**
 * The metadata a PATCH leaves on the user, or undefined when the attribute goes away. Cleared metadata
 * differs by kind (ISSUE 12; auth0/auth0.js#1194): Auth0 keeps `"user_metadata": {}` but drops
 * `app_metadata` entirely.
 */
export function patchedMetadata(
  kind: 'user_metadata' | 'app_metadata',
  current: Metadata | undefined,
  patch: Metadata,
): Metadata | undefined {
  const merged = mergeMetadata(current, patch);
  if (merged) return merged;
  return kind === 'user_metadata' ? {} : undefined;
}

/** On create, null values are dropped and an empty object means no metadata. */
export function initialMetadata(metadata: Metadata | undefined): Metadata | undefined {
  return metadata === undefined ? undefined : mergeMetadata(undefined, metadata);
}
