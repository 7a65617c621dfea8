// user_metadata and app_metadata, once for the emulator, main and the renderer (issue 10).
// Two layers: Auth0's own rules (findAuth0MetadataProblem: what the API refuses, which the
// emulator reproduces), and Roster's bounds on top (findMetadataProblem: what main refuses
// before sending and the editor explains). Keys are checked by hand rather than with
// z.record, which silently drops a `__proto__` key instead of refusing it.
import { z } from 'zod';
import type { JsonValue, Metadata } from './auth0.ts';

export type MetadataKind = 'user_metadata' | 'app_metadata';

/** Roster's own bound, not Auth0's: enough for any profile, small enough for one IPC message. */
export const MAX_METADATA_BYTES = 1_000_000;
/**
 * Auth0 docs ("Migrate oversized user profiles"): a user profile over 10 KB serialized is logged
 * as a warning and will be refused once the tenant's extended allowance ends. A warning, not a refusal.
 */
export const PROFILE_WARNING_BYTES = 10 * 1024;
const MAX_DEPTH = 16;
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Auth0 docs (metadata field names): app_metadata may not use these names. The API's wording for
 * the refusal is not documented.
 */
export const RESERVED_APP_METADATA_KEYS: ReadonlySet<string> = new Set([
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

export interface MetadataProblem {
  /** `user_metadata.address.city`; the editor points at it. */
  path: string;
  kind: 'bad_key' | 'reserved_key' | 'not_object' | 'not_json' | 'too_deep' | 'too_large';
  message: string;
}

/**
 * Auth0 docs: "Field names must not contain the . (dot) or $ (dollar sign) characters", at any
 * depth (arrays of objects included). The whole docs sentence, not FACTS' shorter summary.
 */
export function isAcceptedMetadataKey(key: string): boolean {
  return !key.includes('.') && !key.includes('$');
}

function findBadKey(value: unknown, path: string): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findBadKey(item, path);
      if (found) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    if (!isAcceptedMetadataKey(key)) return `${path}.${key}`;
    const found = findBadKey(child, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

/** The top-level keys of app_metadata that Auth0 reserves. */
export function reservedKeysIn(metadata: Metadata): string[] {
  return Object.keys(metadata).filter((key) => RESERVED_APP_METADATA_KEYS.has(key));
}

/** Auth0's rules alone: keys with `.` or `$`, and the reserved app_metadata keys (top level). */
export function findAuth0MetadataProblem(kind: MetadataKind, metadata: Metadata): MetadataProblem | null {
  const badKey = findBadKey(metadata, kind);
  if (badKey) {
    return {
      path: badKey,
      kind: 'bad_key',
      message: `${badKey}: metadata keys may not contain "." or "$" (Auth0 refuses them). Nest an object instead of a dotted key.`,
    };
  }
  if (kind !== 'app_metadata') return null;
  const reserved = reservedKeysIn(metadata);
  if (reserved.length === 0) return null;
  return {
    path: `app_metadata.${reserved[0]}`,
    kind: 'reserved_key',
    message: `app_metadata may not use the reserved ${reserved.length > 1 ? 'keys' : 'key'} ${reserved.join(', ')} (Auth0 keeps these names for the profile itself).`,
  };
}

/** Auth0's rules and Roster's bounds: what main refuses before sending and the editor explains. */
export function findMetadataProblem(value: unknown, kind: MetadataKind = 'user_metadata'): MetadataProblem | null {
  if (!isPlainObject(value)) return { path: kind, kind: 'not_object', message: `${kind} is a JSON object.` };
  const shape = findJsonProblem(value, 0, kind);
  if (shape) return shape;
  const auth0 = findAuth0MetadataProblem(kind, value as Metadata);
  if (auth0) return auth0;
  const bytes = jsonBytes(value);
  if (bytes > MAX_METADATA_BYTES) {
    return {
      path: kind,
      kind: 'too_large',
      message: `${kind} is ${bytes} bytes; Roster sends at most ${MAX_METADATA_BYTES}.`,
    };
  }
  return null;
}

export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function findJsonProblem(value: unknown, depth: number, path: string): MetadataProblem | null {
  if (depth > MAX_DEPTH) {
    return { path, kind: 'too_deep', message: `${path} is nested more than ${MAX_DEPTH} levels deep.` };
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? null : { path, kind: 'not_json', message: `${path} is not a finite number.` };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = findJsonProblem(item, depth + 1, `${path}[${index}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (!isPlainObject(value)) return { path, kind: 'not_json', message: `${path} is not JSON.` };
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') return { path, kind: 'not_json', message: `${path} has a symbol key.` };
    if (PROTOTYPE_KEYS.has(key) || key.length === 0) {
      return { path: `${path}.${key}`, kind: 'bad_key', message: `${path} may not have a key named "${key}".` };
    }
    const problem = findJsonProblem(value[key], depth + 1, `${path}.${key}`);
    if (problem) return problem;
  }
  return null;
}

/**
 * PATCH merge (FACTS.md, Single users): one level deep, a nested object replaces the old one whole,
 * a key set to null is deleted, and `{}` as the whole value clears it. Undefined when nothing is left.
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
 * The metadata a PATCH leaves on the user, or undefined when the attribute goes away. Cleared
 * metadata differs by kind (ISSUE 12; auth0/auth0.js#1194): Auth0 keeps `"user_metadata": {}` but
 * drops `app_metadata` entirely.
 */
export function patchedMetadata(
  kind: MetadataKind,
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

/**
 * What to send so that PATCH turns `before` into `after`: only the top-level keys that changed,
 * null for removed ones, so that concurrent edits of other keys survive the merge. Null when
 * nothing changed. Removing every key is sent key by key, never as `{}`, which clears the whole
 * object (and with it keys another admin just added).
 */
export function metadataPatch(before: Metadata | undefined, after: Metadata): Metadata | null {
  const patch: Metadata = {};
  for (const [key, value] of Object.entries(after)) {
    if (!before || !Object.hasOwn(before, key) || !jsonEqual(before[key], value)) patch[key] = value;
  }
  for (const key of Object.keys(before ?? {})) {
    if (!Object.hasOwn(after, key)) patch[key] = null;
  }
  return Object.keys(patch).length > 0 ? patch : null;
}

/** Deep equality of JSON values, key order ignored. */
export function jsonEqual(left: JsonValue | undefined, right: JsonValue | undefined): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => jsonEqual(item, right[index]));
  }
  const leftKeys = Object.keys(left);
  if (leftKeys.length !== Object.keys(right).length) return false;
  return leftKeys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]));
}

/** A zod schema for IPC arguments: the kind is given so reserved app_metadata keys are refused too. */
export function metadataSchemaOf(kind: MetadataKind) {
  return z.unknown().transform((value, context): Metadata => {
    const problem = findMetadataProblem(value, kind);
    if (problem) {
      context.addIssue({ code: 'custom', message: problem.message });
      return z.NEVER;
    }
    return value as Metadata;
  });
}

/** Kind-neutral schema (user_metadata rules); kept for callers that have no kind. */
export const metadataSchema = metadataSchemaOf('user_metadata');
