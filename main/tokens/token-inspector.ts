// The `tokens:inspect` service: judges a pasted token against its tenant and, whenever the
// tenant's keys prove its signature (valid, but also expired, not valid yet or for another
// audience), puts what Auth0 says about its user beside it: whose token it is matters most when
// it is refused. The token lives for one call: it is never
// stored, logged or put in an event, and it travels only to the tenant's own /userinfo or
// /tokeninfo (tenant-endpoints.ts). The JWKS comes from the same origin.
import { tenantReach } from '../../common/address-policy.ts';
import { compareProfile, rolesClaim, type InspectTokenArgs, type TokenInspection } from '../../common/tokens.ts';
import type { Clock } from '../auth0/clock.ts';
import type { HttpClient } from '../auth0/http-client.ts';
import type { ManagementApi } from '../auth0/management-api.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { endpointsOf, type ConnectionSettings } from '../tenants/tenant-connections.ts';
import { JwksCache } from './jwks-cache.ts';
import { TenantEndpoints } from './tenant-endpoints.ts';
import { verifyToken, type Verification } from './verify-token.ts';

/** What the inspector needs of the tenants (TenantService satisfies it; tests pass fakes). */
export interface TenantAccess {
  /** The tenant's domain and API base URL, once it can be reached (the demo tenant is up). */
  profileOf(tenantId: string): Promise<ConnectionSettings>;
  withApi<T>(tenantId: string, call: (api: ManagementApi) => Promise<T>): Promise<T>;
}

export interface TokenInspectorDeps {
  tenants: TenantAccess;
  http: HttpClient;
  clock: Clock;
  log: Logger;
}

export class TokenInspector {
  readonly #deps: TokenInspectorDeps;
  readonly #jwks: JwksCache;

  constructor(deps: TokenInspectorDeps) {
    this.#deps = deps;
    this.#jwks = new JwksCache({ http: deps.http, clock: deps.clock, log: deps.log });
  }

  async inspect(args: InspectTokenArgs, signal?: AbortSignal): Promise<TokenInspection> {
    const { tenants, http, clock, log } = this.#deps;
    const settings = await tenants.profileOf(args.tenantId);
    const origin = endpointsOf(settings).baseUrl;
    const reach = tenantReach(settings.apiBaseUrl);
    const now = clock.now();
    const verification = await verifyToken(args.token, {
      keys: this.#jwks.lookupFor(origin, reach, signal),
      domain: settings.domain,
      extraIssuers: customDomainIssuers(settings),
      expectedAudience: args.expectedAudience,
      now,
    });
    // Only the verdict and kind: never the token, its claims or its subject.
    log.info('token inspected', { kind: verification.kind, verdict: verification.verdict });
    const inspection: TokenInspection = {
      ...verification,
      checkedAt: new Date(now).toISOString(),
      tokeninfoOffered: tokeninfoOffered(verification),
      differences: [],
    };
    const endpoints = new TenantEndpoints(http, origin, reach);
    if (verification.signatureVerified) await this.#addProfile(inspection, args, endpoints, now, signal);
    if (args.tokeninfo) {
      if (!inspection.tokeninfoOffered) {
        throw new AppError(
          'invalid_argument',
          'Only an ID token that this tenant signed (RS256) or could check (HS256) is sent to /tokeninfo.',
        );
      }
      inspection.tokeninfo = await endpoints.tokeninfo(args.token, signal);
    }
    return inspection;
  }

  dispose(): void {
    this.#jwks.dispose();
  }

  /**
   * /userinfo for a valid access token with `openid` (what the token itself may read); the
   * Management API's user for an ID token and for any other proven token, which /userinfo refuses.
   */
  async #addProfile(
    inspection: TokenInspection,
    args: InspectTokenArgs,
    endpoints: TenantEndpoints,
    now: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { claims } = inspection;
    const subject = typeof claims.sub === 'string' ? claims.sub : '';
    if (subject === '' || subject.endsWith('@clients')) return;
    let profile: Record<string, unknown> | undefined;
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    if (inspection.kind === 'access' && inspection.verdict === 'valid' && scopes.includes('openid')) {
      const answer = await endpoints.userinfo(args.token, now, signal);
      if (answer.status === 'failed') {
        inspection.profileError = answer.message;
        return;
      }
      inspection.userinfo = answer.claims;
      profile = answer.claims;
    } else {
      try {
        const user = await this.#deps.tenants.withApi(args.tenantId, (api) => api.getUser(subject, {}, signal));
        inspection.user = user;
        profile = user;
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'cancelled') throw error;
        inspection.profileError =
          error.code === 'not_found'
            ? `The user ${subject} no longer exists in this tenant: the token outlived its user.`
            : `The user's profile could not be read through the Management API: ${error.message}`;
        return;
      }
    }
    if (rolesClaim(claims)) inspection.roles = await this.#currentRoles(args.tenantId, subject, inspection, signal);
    inspection.differences = compareProfile(claims, profile, inspection.roles);
  }

  async #currentRoles(
    tenantId: string,
    userId: string,
    inspection: TokenInspection,
    signal: AbortSignal | undefined,
  ): Promise<string[] | undefined> {
    try {
      const page = await this.#deps.tenants.withApi(tenantId, (api) =>
        api.getUserRoles(userId, { per_page: 100 }, signal),
      );
      return page.roles.map((role) => role.name);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'cancelled') throw error;
      inspection.profileError = `The user's roles could not be read to compare with the token's: ${error.message}`;
      return undefined;
    }
  }
}

/** A custom domain (an https API base URL) issues tokens under its own name too. */
function customDomainIssuers(settings: ConnectionSettings): string[] {
  if (!settings.apiBaseUrl) return [];
  const url = new URL(settings.apiBaseUrl);
  return url.protocol === 'https:' && url.host !== settings.domain ? [`${url.origin}/`] : [];
}

/**
 * /tokeninfo checks an ID token with the tenant's own keys and secrets, so it is offered for an
 * ID token Roster verified, or one signed with HS256 that only the tenant can check.
 */
function tokeninfoOffered(verification: Verification): boolean {
  if (verification.kind !== 'id') return false;
  return (
    verification.verdict === 'valid' ||
    (verification.verdict === 'unsupported_algorithm' && verification.header.alg === 'HS256')
  );
}
