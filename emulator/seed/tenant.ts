import { randomBytes } from 'node:crypto';
import { OPERATIONS } from '../generated/oas-operations.ts';
import type { ConnectionRecord, EmulatorClient, ResourceServer, RoleRecord, TenantMeta } from '../state/types.ts';
import { Random, secureAlphanumeric } from './random.ts';

export const DATABASE = 'Username-Password-Authentication';
export const USERNAME_DATABASE = 'partners-db';
export const SAML = 'corp-saml';

/** The API that seeded roles and permissions belong to (not the Management API). */
export const DEMO_API: ResourceServer = {
  identifier: 'https://api.demo.roster.local/',
  name: 'Roster Demo API',
  scopes: [
    { value: 'read:reports', description: 'Read reports' },
    { value: 'write:reports', description: 'Create and edit reports' },
    { value: 'read:invoices', description: 'Read invoices' },
    { value: 'manage:billing', description: 'Manage billing details' },
    { value: 'read:tickets', description: 'Read support tickets' },
    { value: 'write:tickets', description: 'Answer support tickets' },
    { value: 'deploy:apps', description: 'Deploy applications' },
    { value: 'admin:all', description: 'Full administrative access' },
  ],
};

const ROLE_DEFINITIONS: [string, string, string[]][] = [
  ['Administrator', 'Full access to every part of the product', ['admin:all', 'manage:billing', 'write:reports']],
  ['Support Agent', 'Answers customer tickets', ['read:tickets', 'write:tickets']],
  ['Billing Manager', 'Manages invoices and payment details', ['read:invoices', 'manage:billing']],
  ['Editor', 'Creates and edits reports', ['read:reports', 'write:reports']],
  ['Viewer', 'Read-only access to reports', ['read:reports']],
  ['Auditor', 'Reviews invoices and reports', ['read:reports', 'read:invoices']],
  ['Developer', 'Deploys applications', ['deploy:apps', 'read:reports']],
  ['Partner Manager', 'Manages partner accounts', ['read:reports', 'read:tickets']],
];

function connection(
  random: Random,
  name: string,
  strategy: string,
  options: ConnectionRecord['options'],
): ConnectionRecord {
  return {
    id: `con_${random.alphanumeric(16)}`,
    name,
    strategy,
    display_name: name,
    options,
    realms: [name],
    is_domain_connection: false,
  };
}

function buildConnections(random: Random): ConnectionRecord[] {
  const database = {
    passwordPolicy: 'good',
    password_complexity_options: { min_length: 8 },
    brute_force_protection: true,
  };
  return [
    connection(random, DATABASE, 'auth0', { ...database, requires_username: false }),
    // Like the recorded tenant's database that requires usernames (REC: its policy is "good"), so the
    // recorded-conformance suite can replay that tenant's traffic against this connection.
    connection(random, USERNAME_DATABASE, 'auth0', {
      ...database,
      requires_username: true,
      validation: { username: { min: 1, max: 15 } },
    }),
    // Social connections sync root attributes at each login by default (Auth0 docs, connection sync).
    connection(random, 'google-oauth2', 'google-oauth2', {
      set_user_root_attributes: 'on_each_login',
      email: true,
      profile: true,
    }),
    connection(random, 'github', 'github', { set_user_root_attributes: 'on_each_login', follow: false }),
    // The SAML connection has sync turned off, so the tenant shows both sides of the PATCH rule.
    connection(random, SAML, 'samlp', {
      set_user_root_attributes: 'on_first_login',
      signInEndpoint: 'https://idp.acme-corp.example/saml/sso',
      domain_aliases: ['acme-corp.example'],
    }),
    connection(random, 'email', 'email', { disable_signup: false, name: 'email' }),
    connection(random, 'sms', 'sms', { disable_signup: false, name: 'sms' }),
  ];
}

function buildRoles(random: Random): RoleRecord[] {
  return ROLE_DEFINITIONS.map(([name, description, scopes]) => ({
    id: `rol_${random.alphanumeric(16)}`,
    name,
    description,
    permissions: scopes.map((scope) => ({ permission_name: scope, resource_server_identifier: DEMO_API.identifier })),
  }));
}

/** Every scope that the OAS lists for an implemented operation: the full client's grant. */
export function allManagementScopes(): string[] {
  return Array.from(new Set(OPERATIONS.flatMap((operation) => operation.scopes))).sort();
}

function readOnlyScopes(): string[] {
  // Reading users, roles, logs and connections, and running exports; not IdP tokens or current_user scopes.
  return allManagementScopes().filter(
    (scope) => scope.startsWith('read:') && scope !== 'read:user_idp_tokens' && scope !== 'read:current_user',
  );
}

export function newClientSecret(): string {
  return randomBytes(48).toString('base64url');
}

function newClient(name: string, grantTypes: string[], scopes: string[] | null): EmulatorClient {
  return {
    // REC (a connection's enabled_clients): Auth0 client ids are 32 letters and digits.
    client_id: secureAlphanumeric(32),
    client_secret: newClientSecret(),
    name,
    grant_types: grantTypes,
    management_scopes: scopes,
  };
}

/** Clients get random credentials (they are secrets), everything else derives from the seed. */
export function buildTenantMeta(seed: number): TenantMeta {
  const random = new Random(seed ^ 0x5eed);
  return {
    seed,
    connections: buildConnections(random),
    resourceServers: [DEMO_API],
    roles: buildRoles(random),
    clients: [
      newClient('Roster (full access)', ['client_credentials'], allManagementScopes()),
      newClient('Roster (read only)', ['client_credentials'], readOnlyScopes()),
      // A machine-to-machine client with no grant on the Management API: /oauth/token answers 403 access_denied.
      newClient('Reporting job (no API grant)', ['client_credentials'], null),
      // A single-page app: client_credentials is not among its grant types (403 unauthorized_client).
      newClient('Roster Demo SPA', ['authorization_code', 'implicit', 'refresh_token'], null),
    ],
  };
}
