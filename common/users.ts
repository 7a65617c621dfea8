// The arguments of the users channels and the pages they answer with. Names of query
// parameters follow the Management API (page, per_page, sort, fields, q) so its documentation
// applies as written (FACTS.md, GET /api/v2/users).
import { z } from 'zod';
import type { LogEvent, Organization, Permission, Role } from './auth0.ts';
import { clientIdSchema, CONTROL_CHARACTERS, tenantIdSchema } from './tenant.ts';
import { metadataSchemaOf } from './metadata.ts';

/**
 * A user id as Auth0 forms it (`auth0|63d1...`, `samlp|my-saml|jane@corp.com`). The client
 * URL-encodes it anyway; this refuses what no real id holds: path separators, `?`, `#`, spaces,
 * and the segments a URL resolves away (`.` and `..`).
 */
export const userIdSchema = z
  .string()
  .min(1)
  .max(512)
  .refine(
    (value) => !CONTROL_CHARACTERS.test(value) && !/[\s/\\?#]/.test(value) && !/^\.{1,2}$/.test(value),
    'Not a user id.',
  );

/** Auth0 role ids are `rol_` and 16 letters or digits. */
export const roleIdSchema = z.string().regex(/^rol_[A-Za-z0-9]{1,64}$/, 'Not a role id.');

const fieldNameSchema = z.string().regex(/^[A-Za-z0-9_.]{1,100}$/, 'Not a field name.');
const sortSchema = z.string().regex(/^[A-Za-z0-9_.]{1,100}:(1|-1)$/, 'Sort is field:1 or field:-1.');
const connectionNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'Not a connection name.');
const emailSchema = z
  .string()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'Not an email address.');
const phoneSchema = z.string().regex(/^\+[0-9]{1,15}$/, 'A phone number is + and up to 15 digits (E.164).');
const pictureSchema = z.url({ protocol: /^https?$/ }).max(2048);
/** FACTS.md: passwords are 1..72 bytes (bcrypt's limit), not characters. */
const passwordSchema = z
  .string()
  .min(1)
  .refine((value) => new TextEncoder().encode(value).length <= 72, 'A password is at most 72 bytes.');
const nameOf = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'Contains control characters.');

const pageSchema = z.int().min(0).max(10_000);
const perPageSchema = z.int().min(1).max(100);

export const tenantArgs = { tenantId: tenantIdSchema };
export const userArgs = { tenantId: tenantIdSchema, userId: userIdSchema };

export const listUsersArgs = z.strictObject({
  ...tenantArgs,
  /** v3 search syntax (common/query); absent lists everyone. */
  q: z.string().max(4096).optional(),
  page: pageSchema.optional(),
  per_page: z.int().min(0).max(100).optional(),
  sort: sortSchema.optional(),
  fields: z.array(fieldNameSchema).max(50).optional(),
  include_fields: z.boolean().optional(),
  /**
   * 'cache': answer from the offline cache when it holds the whole tenant (no 1,000 cap, any sort).
   * 'api': ask the tenant even if it did not answer lately (the admin's "Ask Auth0 again" after a
   * partial answer); still the cache if it does not answer now, never when working offline.
   */
  prefer: z.enum(['cache', 'api']).optional(),
});
export type ListUsersArgs = z.output<typeof listUsersArgs>;

export const getUserArgs = z.strictObject({
  ...userArgs,
  fields: z.array(fieldNameSchema).max(50).optional(),
  include_fields: z.boolean().optional(),
});
export type GetUserArgs = z.output<typeof getUserArgs>;

/** POST /users: the properties of CreateUserRequestContent (additionalProperties: false). */
export const createUserSchema = z.strictObject({
  connection: connectionNameSchema,
  email: emailSchema.optional(),
  phone_number: phoneSchema.optional(),
  user_metadata: metadataSchemaOf('user_metadata').optional(),
  app_metadata: metadataSchemaOf('app_metadata').optional(),
  blocked: z.boolean().optional(),
  email_verified: z.boolean().optional(),
  phone_verified: z.boolean().optional(),
  given_name: nameOf(150).optional(),
  family_name: nameOf(150).optional(),
  name: nameOf(300).optional(),
  nickname: nameOf(300).optional(),
  picture: pictureSchema.optional(),
  user_id: z.string().max(255).regex(/^\S*$/).optional(),
  password: passwordSchema.optional(),
  verify_email: z.boolean().optional(),
  username: nameOf(128).optional(),
});
export type CreateUserBody = z.output<typeof createUserSchema>;

/** PATCH /users/{id}: the properties of UpdateUserRequestContent; null removes an attribute. */
export const updateUserSchema = z
  .strictObject({
    blocked: z.boolean().optional(),
    email_verified: z.boolean().optional(),
    email: emailSchema.nullable().optional(),
    phone_number: phoneSchema.nullable().optional(),
    phone_verified: z.boolean().optional(),
    user_metadata: metadataSchemaOf('user_metadata').optional(),
    app_metadata: metadataSchemaOf('app_metadata').optional(),
    given_name: nameOf(150).nullable().optional(),
    family_name: nameOf(150).nullable().optional(),
    name: nameOf(300).nullable().optional(),
    nickname: nameOf(300).nullable().optional(),
    picture: pictureSchema.nullable().optional(),
    verify_email: z.boolean().optional(),
    verify_phone_number: z.boolean().optional(),
    password: passwordSchema.optional(),
    connection: connectionNameSchema.optional(),
    client_id: clientIdSchema.optional(),
    username: nameOf(128).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Nothing to change.');
export type UpdateUserBody = z.output<typeof updateUserSchema>;

/** DELETE /users/{id}/identities/{provider}/{user_id}: a linked (secondary) identity. */
export const unlinkIdentityArgs = z.strictObject({
  ...userArgs,
  provider: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'Not a provider.'),
  identityUserId: userIdSchema,
});
export type UnlinkIdentityArgs = z.output<typeof unlinkIdentityArgs>;

export const pagedUserArgs = z.strictObject({
  ...userArgs,
  page: pageSchema.optional(),
  per_page: perPageSchema.optional(),
});
export type PagedUserArgs = z.output<typeof pagedUserArgs>;

export const userLogsArgs = z.strictObject({
  ...userArgs,
  page: pageSchema.optional(),
  per_page: perPageSchema.optional(),
  sort: sortSchema.optional(),
});
export type UserLogsArgs = z.output<typeof userLogsArgs>;

export const userRolesChangeArgs = z.strictObject({
  ...userArgs,
  roleIds: z.array(roleIdSchema).min(1).max(50),
});

export const listRolesArgs = z.strictObject({
  ...tenantArgs,
  page: pageSchema.optional(),
  per_page: perPageSchema.optional(),
  name_filter: z.string().max(200).optional(),
});
export type ListRolesArgs = z.output<typeof listRolesArgs>;

export const passwordChangeTicketArgs = z.strictObject({
  ...userArgs,
  result_url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  ttl_sec: z.int().min(0).max(31_536_000).optional(),
  mark_email_as_verified: z.boolean().optional(),
});
export type PasswordChangeTicketArgs = z.output<typeof passwordChangeTicketArgs>;

export interface RolesPage {
  roles: Role[];
  start: number;
  limit: number;
  total: number;
}

export interface OrganizationsPage {
  organizations: Organization[];
  start: number;
  limit: number;
  total: number;
}

export interface PermissionsPage {
  permissions: Permission[];
  start: number;
  limit: number;
  total: number;
}

export interface LogsPage {
  logs: LogEvent[];
  start: number;
  limit: number;
  length: number;
  total: number;
}

export interface PasswordChangeTicket {
  /** The link to send to the user; it works for `ttl_sec` (five days by default). */
  ticket: string;
}

/** `users:export`: what the list shows (its query, sort and columns) to a CSV or JSON file main writes. */
export const exportUsersArgs = z.strictObject({
  ...tenantArgs,
  q: z.string().max(4096).optional(),
  sort: sortSchema.optional(),
  format: z.enum(['csv', 'json']),
  columns: z
    .array(
      z
        .string()
        .max(200)
        .regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_-]+)*$/),
    )
    .min(1)
    .max(50),
});
export type ExportUsersArgs = z.output<typeof exportUsersArgs>;

export interface UsersExported {
  /** Where the file was written; null when the admin cancelled the save dialog. */
  path: string | null;
  users: number;
  /** Matches in all; more than `users` when Auth0's 1,000 cap stopped an online export. */
  total: number;
  source: 'api' | 'cache';
}
