// One Management API client per tenant, each with its own token cache and rate-limit pacing
// (limits are per tenant), rebuilt when the tenant's connection settings change.
import { tenantAddressProblem, tenantReach } from '../../common/address-policy.ts';
import type { AuthMode, ConnectionTest } from '../../common/tenant.ts';
import type { TokenSource } from '../auth0/access-token.ts';
import { bindingOf, type BoundSecret, type SecretBinding } from '../auth0/bound-secret.ts';
import { capabilitiesFromScopes } from '../auth0/capabilities.ts';
import { ClientCredentialsTokenSource } from '../auth0/client-credentials-token.ts';
import type { Clock } from '../auth0/clock.ts';
import type { HttpClient } from '../auth0/http-client.ts';
import { ManagementApi } from '../auth0/management-api.ts';
import { ManagementClient } from '../auth0/management-client.ts';
import { PastedTokenSource } from '../auth0/pasted-token.ts';
import type { RetryPolicy, SendContext } from '../auth0/send-with-retries.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';

export interface ConnectionSettings {
  domain: string;
  apiBaseUrl?: string | undefined;
  authMode: AuthMode;
  clientId?: string | undefined;
}

export interface TenantConnectionsDeps {
  http: HttpClient;
  clock: Clock;
  random: () => number;
  policy: RetryPolicy;
  log: Logger;
}

/**
 * The token and API URLs. The audience is always the canonical domain's, even when requests go
 * to a custom domain or the emulator (Auth0: a custom domain cannot be the Management API's
 * audience).
 */
export function endpointsOf(settings: ConnectionSettings) {
  const baseUrl = settings.apiBaseUrl ?? `https://${settings.domain}`;
  return {
    baseUrl,
    tokenUrl: `${baseUrl}/oauth/token`,
    audience: `https://${settings.domain}/api/v2/`,
    host: new URL(baseUrl).host,
  };
}

/** Where these settings send credentials: what a secret entered with them is bound to. */
export function bindingOfSettings(settings: ConnectionSettings): SecretBinding {
  return bindingOf(endpointsOf(settings));
}

interface Connection {
  key: string;
  api: ManagementApi;
  client: ManagementClient;
}

export class TenantConnections {
  readonly #deps: TenantConnectionsDeps;
  readonly #connections = new Map<string, Connection>();

  constructor(deps: TenantConnectionsDeps) {
    this.#deps = deps;
  }

  apiFor(tenantId: string, settings: ConnectionSettings, readSecret: () => Promise<BoundSecret>): ManagementApi {
    return this.#connectionFor(tenantId, settings, readSecret).api;
  }

  /** The scopes of the token this tenant's client holds, or obtains now (the same cached token requests use). */
  async scopesFor(
    tenantId: string,
    settings: ConnectionSettings,
    readSecret: () => Promise<BoundSecret>,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const { client } = this.#connectionFor(tenantId, settings, readSecret);
    const token = await client.tokens.getToken(signal);
    return token.scopes;
  }

  #connectionFor(tenantId: string, settings: ConnectionSettings, readSecret: () => Promise<BoundSecret>): Connection {
    const key = JSON.stringify([settings.domain, settings.apiBaseUrl, settings.authMode, settings.clientId]);
    const existing = this.#connections.get(tenantId);
    if (existing?.key === key) return existing;
    this.forget(tenantId);
    const connection = { key, ...this.#build(settings, readSecret, this.#deps.log.child({ tenant: tenantId })) };
    this.#connections.set(tenantId, connection);
    return connection;
  }

  /** Drops the tenant's cached token and client (its settings or secret changed, or it is gone). */
  forget(tenantId: string): void {
    const connection = this.#connections.get(tenantId);
    if (!connection) return;
    connection.client.dispose();
    this.#connections.delete(tenantId);
  }

  /**
   * Obtains a fresh token with these settings and, when it allows reading users, asks for one
   * user, so that both the credentials and the API address are proven.
   */
  async test(
    settings: ConnectionSettings,
    readSecret: () => Promise<BoundSecret>,
    signal?: AbortSignal,
  ): Promise<ConnectionTest> {
    const { api, client } = this.#build(settings, readSecret, this.#deps.log.child({ test: settings.domain }));
    try {
      const token = await client.tokens.getToken(signal);
      if (settings.authMode === 'token') checkAudience(token.secret, endpointsOf(settings).audience);
      if (token.scopes.includes('read:users')) await api.listUsers({ per_page: 1, fields: ['user_id'] }, signal);
      return {
        scopes: token.scopes,
        capabilities: capabilitiesFromScopes(token.scopes),
        tokenExpiresAt: new Date(token.expiresAt).toISOString(),
      };
    } finally {
      client.dispose();
    }
  }

  dispose(): void {
    for (const tenantId of [...this.#connections.keys()]) this.forget(tenantId);
  }

  #build(settings: ConnectionSettings, readSecret: () => Promise<BoundSecret>, log: Logger) {
    const { http, clock, random, policy } = this.#deps;
    const problem = tenantAddressProblem(settings.domain, settings.apiBaseUrl);
    if (problem) throw new AppError('invalid_argument', problem);
    const endpoints = endpointsOf(settings);
    // A saved profile is checked again: the policy may be newer than the file.
    const send: SendContext = {
      http,
      clock,
      random,
      policy,
      log,
      host: endpoints.host,
      reach: tenantReach(settings.apiBaseUrl),
      fromApiBaseUrl: settings.apiBaseUrl !== undefined,
    };
    const tokens: TokenSource =
      settings.authMode === 'token'
        ? new PastedTokenSource(readSecret, clock)
        : new ClientCredentialsTokenSource({
            send,
            tokenUrl: endpoints.tokenUrl,
            audience: endpoints.audience,
            clientId: settings.clientId ?? '',
            readSecret,
          });
    const client = new ManagementClient({ send, baseUrl: endpoints.baseUrl, audience: endpoints.audience, tokens });
    return { api: new ManagementApi(client), client };
  }
}

function checkAudience(token: BoundSecret, audience: string): void {
  const aud = token.claims()?.aud;
  const audiences = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];
  if (audiences.length > 0 && !audiences.includes(audience)) {
    throw new AppError(
      'invalid_credentials',
      `This token was issued for ${audiences.join(', ')}, not for ${audience}. Check the domain, or paste a token from this tenant.`,
    );
  }
}
