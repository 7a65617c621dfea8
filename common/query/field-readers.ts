// What Auth0 indexes for a search field of a user, read once per user and field: arrays are
// flattened (Auth0: "arrays match as if flattened"), nulls, empty arrays and empty objects hold no
// value ("not indexed", so nothing matches them and `_exists_` is false), the case-insensitive
// fields are lower-cased, and profile dates become epoch milliseconds. The one definition of how
// Auth0 indexes a user: the emulator evaluates it directly (emulator/search) and the offline cache
// stores what it reads (main/cache), so both agree.
import type { User } from '../auth0.ts';
import type { FieldRef } from './ast.ts';
import { BARE_TERM_FIELDS, resolveField, type MetadataRoot, type ProfileField } from './fields.ts';
import type { ValueKind } from './value-tests.ts';

export type Scalar = string | number | boolean;
/** A field's indexed values for one user: none, one, or several. */
export type Indexed = Scalar | Scalar[] | undefined;

export interface ReaderOptions {
  /**
   * The organizations a user belongs to, for `organization_id:`. Memberships are not part of the
   * user object the API returns, so the caller (the emulator's store) supplies them; without this,
   * `organization_id:` matches no user.
   */
  organizationIds?: (user: User) => readonly string[];
}

export interface FieldReader {
  /** Names the column in a user index; null when the values may change without the user changing. */
  key: string | null;
  kind: ValueKind;
  /** The values are lower-cased, and so must the searched text be. */
  caseInsensitive: boolean;
  read: (user: User) => Indexed;
}

/** Readers for a field; several for a bare term; none for a field Auth0 does not index. */
export function fieldReaders(field: FieldRef | null, options: ReaderOptions): FieldReader[] {
  if (!field) return BARE_TERM_FIELDS.map((rule) => profileReader(rule, options));
  const resolved = resolveField(field.name);
  if (resolved.type === 'profile') return [profileReader(resolved.rule, options)];
  if (resolved.type === 'metadata' && resolved.path.length > 0) return [metadataReader(resolved.root, resolved.path)];
  return [];
}

/** `_exists_:field`: true when the field holds an indexed value. */
export function existsReader(field: FieldRef, options: ReaderOptions): FieldReader | null {
  const resolved = resolveField(field.name);
  if (resolved.type === 'profile') return profileReader(resolved.rule, options);
  if (resolved.type !== 'metadata') return null;
  const { root, path } = resolved;
  // An object counts when one of its fields holds a value, as an Elasticsearch exists query on an
  // object field does.
  return {
    key: `exists:${field.name}`,
    kind: 'boolean',
    caseInsensitive: false,
    read: (user) => (someAtPath(user[root], path, 0, hasIndexedValue) ? true : undefined),
  };
}

export function profileReader(rule: ProfileField, options: ReaderOptions): FieldReader {
  const { name, kind, caseInsensitive } = rule;
  const reader = (read: (user: User) => Indexed, key: string | null = name): FieldReader => ({
    key,
    kind,
    caseInsensitive,
    read,
  });
  if (name === 'email.domain') {
    return reader((user) => {
      const email = user.email;
      const at = typeof email === 'string' ? email.lastIndexOf('@') : -1;
      return at >= 0 ? (email as string).slice(at + 1) : undefined;
    });
  }
  if (name === 'organization_id') {
    const organizationIds = options.organizationIds;
    return reader((user) => (organizationIds ? indexed(organizationIds(user), false) : undefined), null);
  }
  if (name.startsWith('identities.')) {
    const key = name.slice('identities.'.length);
    return reader((user) =>
      indexed(
        user.identities?.map((identity) => (identity as unknown as Record<string, unknown>)[key]),
        false,
      ),
    );
  }
  if (kind === 'date') {
    return reader((user) => {
      const value = user[name];
      const time = typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isNaN(time) ? undefined : time;
    });
  }
  return reader((user) => indexed(user[name], caseInsensitive));
}

function metadataReader(root: MetadataRoot, path: readonly string[]): FieldReader {
  return {
    key: `${root}.${path.join('.')}`,
    kind: 'metadata',
    caseInsensitive: false,
    read: (user) => {
      const values: Scalar[] = [];
      someAtPath(user[root], path, 0, (value) => {
        collectScalars(value, values);
        return false;
      });
      return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
    },
  };
}

/** A raw attribute as indexed values: scalars kept, arrays flattened, everything else dropped. */
function indexed(value: unknown, lowerCase: boolean): Indexed {
  if (typeof value === 'string') return lowerCase ? value.toLowerCase() : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (!Array.isArray(value)) return undefined;
  const values: Scalar[] = [];
  collectScalars(value, values);
  if (lowerCase)
    for (let index = 0; index < values.length; index++) values[index] = lowerCaseText(values[index] as Scalar);
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}

function lowerCaseText(value: Scalar): Scalar {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

export function collectScalars(value: unknown, into: Scalar[]): void {
  if (Array.isArray(value)) for (const element of value) collectScalars(element, into);
  else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') into.push(value);
}

/** Walks `path` through objects, and through arrays at any level, calling `atEnd` on what it finds. */
export function someAtPath(
  value: unknown,
  path: readonly string[],
  index: number,
  atEnd: (value: unknown) => boolean,
): boolean {
  if (index === path.length) return atEnd(value);
  if (Array.isArray(value)) {
    for (const element of value) if (someAtPath(element, path, index, atEnd)) return true;
    return false;
  }
  if (value === null || typeof value !== 'object') return false;
  return someAtPath((value as Record<string, unknown>)[path[index] as string], path, index + 1, atEnd);
}

export function hasIndexedValue(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some(hasIndexedValue);
  if (typeof value === 'object') return Object.values(value).some(hasIndexedValue);
  return true;
}
