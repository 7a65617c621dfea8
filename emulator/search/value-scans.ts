// Where a search field's values live on a user. A scan calls `test` on each indexed value until one
// passes: arrays are flattened (Auth0: "arrays match as if flattened") and nulls, empty arrays and
// empty objects hold no value ("not indexed"), so nothing matches them and `_exists_` is false.
import type { User } from '../../common/auth0.ts';
import type { MetadataRoot, ProfileField } from '../../common/query/index.ts';

export type ValueTest = (value: unknown) => boolean;
export type ValueScan = (user: User, test: ValueTest) => boolean;

export interface ScanOptions {
  /**
   * The organizations a user belongs to, for `organization_id:`. Memberships are not part of the
   * user object the API returns, so the caller (the emulator's store) supplies them; without this,
   * `organization_id:` matches no user.
   */
  organizationIds?: (user: User) => readonly string[];
}

export function profileScan(rule: ProfileField, options: ScanOptions): ValueScan {
  const { name } = rule;
  if (name === 'email.domain') return (user, test) => typeof user.email === 'string' && testDomain(user.email, test);
  if (name === 'organization_id') {
    const organizationIds = options.organizationIds;
    return organizationIds ? (user, test) => organizationIds(user).some(test) : () => false;
  }
  if (name.startsWith('identities.')) {
    const key = name.slice('identities.'.length);
    return (user, test) => {
      const identities = user.identities;
      if (!identities) return false;
      for (const identity of identities) {
        if (testValue((identity as unknown as Record<string, unknown>)[key], test)) return true;
      }
      return false;
    };
  }
  return (user, test) => testValue(user[name], test);
}

function testDomain(email: string, test: ValueTest): boolean {
  const at = email.lastIndexOf('@');
  return at >= 0 && test(email.slice(at + 1));
}

/** `test` on a value, or on each element of an array (nested arrays too); null is no value. */
function testValue(value: unknown, test: ValueTest): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) {
    for (const element of value) if (testValue(element, test)) return true;
    return false;
  }
  return test(value);
}

/** The scalars found at `path` under `root`, through arrays at any level. */
export function metadataScan(root: MetadataRoot, path: readonly string[]): ValueScan {
  return (user, test) => someAtPath(user[root], path, 0, (value) => testValue(value, test));
}

/**
 * `_exists_` on metadata: an indexed scalar at or under `path`. An object counts when one of its
 * fields holds a value, as an Elasticsearch exists query on an object field does.
 */
export function metadataExists(root: MetadataRoot, path: readonly string[]): (user: User) => boolean {
  return (user) => someAtPath(user[root], path, 0, hasIndexedValue);
}

function someAtPath(value: unknown, path: readonly string[], index: number, atEnd: (value: unknown) => boolean): boolean {
  if (index === path.length) return atEnd(value);
  if (Array.isArray(value)) {
    for (const element of value) if (someAtPath(element, path, index, atEnd)) return true;
    return false;
  }
  if (value === null || typeof value !== 'object') return false;
  return someAtPath((value as Record<string, unknown>)[path[index] as string], path, index + 1, atEnd);
}

function hasIndexedValue(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some(hasIndexedValue);
  if (typeof value === 'object') return Object.values(value).some(hasIndexedValue);
  return true;
}

export const isIndexed: ValueTest = () => true;
