// Tenant profiles as they cross IPC and as main stores them (DESIGN.md, Tenants). A profile
// never holds a secret: the client secret or pasted token lives only in the OS keychain.
import { z } from 'zod';
import { parseDomain, tenantAddressProblem } from './address-policy.ts';

/** Ids that Roster generates: `ten_` and 16 letters or digits, so a path or URL cannot hide in one. */
export const TENANT_ID_PATTERN = /^ten_[A-Za-z0-9]{16}$/;
export const tenantIdSchema = z.string().regex(TENANT_ID_PATTERN, 'Not a tenant id.');

export const AUTH_MODES = ['client_credentials', 'token'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export const TENANT_COLORS = ['#635dff', '#0a7d5a', '#c2410c', '#be185d', '#0369a1', '#7c3aed', '#a16207', '#475569'];

/** Refused in every name, id and secret that crosses IPC. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST = new RegExp(`^${HOST_LABEL}(?:\\.${HOST_LABEL})*(?::[0-9]{1,5})?$`);

/**
 * Accepts what people paste ("https://Acme.eu.auth0.com/") and keeps the host as the URL parser
 * reads it (common/address-policy.ts): lower case, punycode, IP forms written out, no trailing
 * dot. Text that is more than a host is left for the schema to refuse.
 */
export function normalizeDomain(input: string): string {
  const bare = input
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '');
  const parsed = parseDomain(bare);
  return parsed ? parsed.host.replace(/\.(?=:|$)/, '') : bare.toLowerCase();
}

export const domainSchema = z
  .string()
  .max(260)
  .transform(normalizeDomain)
  .pipe(z.string().min(1).max(253).regex(HOST, 'Enter the tenant domain, such as acme.eu.auth0.com.'));

/** An API base URL as the URL parser writes it, without the trailing slash. */
function normalizeApiBaseUrl(input: string): string {
  const url = new URL(input);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function isApiBaseUrl(input: string): boolean {
  try {
    const url = new URL(input);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      !url.username &&
      !url.password &&
      !url.search &&
      !url.hash
    );
  } catch {
    return false;
  }
}

/**
 * Where requests go when it is not `https://{domain}`: a custom domain, or the emulator. Which
 * addresses it may name is the address policy's (tenantAddressProblem): a stored profile that a
 * newer rule refuses still loads, and says what to fix when it is used.
 */
export const apiBaseUrlSchema = z
  .string()
  .max(2048)
  .refine(isApiBaseUrl, 'Use an https URL (or http on 127.0.0.1 for a local emulator), with no query.')
  .transform(normalizeApiBaseUrl);

export const tenantNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the tenant a name.')
  .max(80)
  .refine((value) => !CONTROL_CHARACTERS.test(value), 'The name contains control characters.');

export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour is #rrggbb.');

/** Auth0 client ids are 32 letters and digits; the emulator's may differ, so only the alphabet is fixed. */
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'Not a client ID.');

export const clientSecretSchema = z
  .string()
  .min(1, 'Enter the client secret.')
  .max(512)
  .refine((value) => !CONTROL_CHARACTERS.test(value), 'The secret contains control characters.');

/** A Management API token from the Dashboard's API Explorer: a JWT, three base64url parts. */
export const pastedTokenSchema = z
  .string()
  .trim()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, 'Paste the whole token: three parts separated by dots.');

export const tenantAuthInputSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('client_credentials'), clientId: clientIdSchema, clientSecret: clientSecretSchema }),
  z.strictObject({ mode: z.literal('token'), token: pastedTokenSchema }),
]);
export type TenantAuthInput = z.input<typeof tenantAuthInputSchema>;

/** The stored profile. `z.object` (not strict) so a file written by a newer Roster still loads. */
export const tenantProfileSchema = z.object({
  id: tenantIdSchema,
  name: tenantNameSchema,
  domain: domainSchema,
  authMode: z.enum(AUTH_MODES),
  clientId: clientIdSchema.optional(),
  apiBaseUrl: apiBaseUrlSchema.optional(),
  color: colorSchema,
  production: z.boolean(),
  kind: z.enum(['standard', 'demo']),
  createdAt: z.iso.datetime(),
  /** Pasted tokens only: read from the JWT's `exp`, so the UI can warn before it lapses. */
  tokenExpiresAt: z.iso.datetime().optional(),
  /** Load users' pictures from any public https host, not only the known avatar hosts (common/pictures.ts). Off when absent. */
  loadAllPictures: z.boolean().optional(),
});
export type TenantProfile = z.output<typeof tenantProfileSchema>;

/** A tenant as the renderer sees it. */
export const tenantViewSchema = tenantProfileSchema.extend({
  /** 'memory' only for the demo tenant when no keychain is reachable: its secret lasts this run. */
  secretStorage: z.enum(['keychain', 'memory']),
});
export type TenantView = z.output<typeof tenantViewSchema>;

export const tenantListSchema = z.object({
  tenants: z.array(tenantViewSchema),
  selectedId: tenantIdSchema.nullable(),
  /** Things the user should know, such as a tenants file that was unreadable and set aside. */
  notices: z.array(z.string()),
});
export type TenantList = z.output<typeof tenantListSchema>;

/** What the granted scopes allow, so the UI can hide what would fail with 403. */
export interface Capabilities {
  readUsers: boolean;
  createUsers: boolean;
  updateUsers: boolean;
  deleteUsers: boolean;
  readRoles: boolean;
  assignRoles: boolean;
  readLogs: boolean;
  readConnections: boolean;
  tickets: boolean;
  jobs: boolean;
}

/** `tenants:capabilities`: the scopes of the tenant's token and what they allow. */
export interface TenantCapabilities {
  scopes: string[];
  capabilities: Capabilities;
}

export interface ConnectionTest {
  scopes: string[];
  capabilities: Capabilities;
  /** When the token that the test obtained expires (ISO 8601). */
  tokenExpiresAt: string;
}

export interface TenantAdded {
  tenant: TenantView;
  /** Null when the tenant was added with `verify: false`. */
  connection: ConnectionTest | null;
}

function refineAddress(value: { domain: string; apiBaseUrl?: string | undefined }, context: z.RefinementCtx): void {
  const problem = tenantAddressProblem(value.domain, value.apiBaseUrl);
  if (problem) context.addIssue({ code: 'custom', path: ['domain'], message: problem });
}

export const addTenantArgs = z
  .strictObject({
    name: tenantNameSchema,
    domain: domainSchema,
    auth: tenantAuthInputSchema,
    apiBaseUrl: apiBaseUrlSchema.optional(),
    color: colorSchema.optional(),
    production: z.boolean().optional(),
    loadAllPictures: z.boolean().optional(),
    /** Obtain a token before saving (the default); false saves without asking the tenant. */
    verify: z.boolean().optional(),
  })
  .superRefine(refineAddress);
export type AddTenantArgs = z.output<typeof addTenantArgs>;

export const updateTenantArgs = z.strictObject({
  id: tenantIdSchema,
  name: tenantNameSchema.optional(),
  domain: domainSchema.optional(),
  /** Replaces the credentials; absent keeps the secret in the keychain as it is. */
  auth: tenantAuthInputSchema.optional(),
  /** null goes back to `https://{domain}`. */
  apiBaseUrl: apiBaseUrlSchema.nullable().optional(),
  color: colorSchema.optional(),
  production: z.boolean().optional(),
  loadAllPictures: z.boolean().optional(),
  verify: z.boolean().optional(),
});
export type UpdateTenantArgs = z.output<typeof updateTenantArgs>;

export const tenantIdArgs = z.strictObject({ id: tenantIdSchema });

/** Tests a saved tenant, or settings typed into the add form before they are saved. */
export const testTenantArgs = z.union([
  tenantIdArgs,
  z.strictObject({
    draft: z
      .strictObject({
        domain: domainSchema,
        apiBaseUrl: apiBaseUrlSchema.optional(),
        auth: tenantAuthInputSchema,
      })
      .superRefine(refineAddress),
  }),
]);
export type TestTenantArgs = z.output<typeof testTenantArgs>;
