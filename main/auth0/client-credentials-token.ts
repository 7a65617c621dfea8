// Tokens by the client credentials grant (FACTS.md, Token): POST /oauth/token, cached until
// shortly before expiry, one request however many callers wait for it (single flight).
import { AppError } from '../errors.ts';
import type { BoundSecret } from './bound-secret.ts';
import { readIssuedToken, type AccessToken, type TokenSource } from './access-token.ts';
import { tokenError } from './api-errors.ts';
import { throwIfCancelled, withSignal } from './cancellation.ts';
import { sendWithRetries, type SendContext } from './send-with-retries.ts';

export interface ClientCredentialsOptions {
  send: SendContext;
  tokenUrl: string;
  /** `https://{domain}/api/v2/`, trailing slash included. */
  audience: string;
  clientId: string;
  /**
   * Reads the client secret from the keychain at each token request; it is not kept. It is
   * revealed only for `tokenUrl` and `audience` if they are the ones it was entered for.
   */
  readSecret: () => Promise<BoundSecret>;
  /**
   * Renew this long before expiry. The node SDK uses 10 s; a minute also covers a request that
   * waits out a rate limit with the token already in hand.
   */
  refreshLeewayMs?: number;
  timeoutMs?: number;
}

export class ClientCredentialsTokenSource implements TokenSource {
  readonly #options: ClientCredentialsOptions;
  readonly #lifetime = new AbortController();
  #cached: AccessToken | undefined;
  #pending: Promise<AccessToken> | undefined;

  constructor(options: ClientCredentialsOptions) {
    this.#options = options;
  }

  async getToken(signal?: AbortSignal): Promise<AccessToken> {
    throwIfCancelled(signal);
    const cached = this.#cached;
    const leeway = this.#options.refreshLeewayMs ?? 60_000;
    if (cached && this.#options.send.clock.now() < cached.expiresAt - leeway) return cached;
    // One caller cancelling must not cancel the request the others wait on: the shared request
    // stops only when the tenant goes away (dispose).
    this.#pending ??= this.#request().finally(() => {
      this.#pending = undefined;
    });
    return withSignal(this.#pending, signal);
  }

  invalidate(token: AccessToken): void {
    if (this.#cached === token) this.#cached = undefined;
  }

  dispose(): void {
    this.#cached = undefined;
    this.#lifetime.abort();
  }

  async #request(): Promise<AccessToken> {
    const { send, tokenUrl, audience, clientId } = this.#options;
    const secret = await this.#options.readSecret();
    const clientSecret = secret.revealFor(tokenUrl, audience);
    const response = await sendWithRetries(
      send,
      {
        method: 'POST',
        url: tokenUrl,
        form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, audience },
        timeoutMs: this.#options.timeoutMs ?? 15_000,
      },
      // Asking for a token again changes nothing on the tenant, so failures may be retried.
      { idempotent: true, signal: this.#lifetime.signal },
    );
    const now = send.clock.now();
    if (response.status !== 200) throw tokenError(response, send.host, now);
    const body = parseTokenBody(response.body);
    if (!body) {
      throw new AppError('api_error', `${send.host} answered the token request with something that is not a token.`, {
        status: response.status,
      });
    }
    // The token is good where the secret was: the same origin and audience.
    const token = readIssuedToken(
      body.access_token,
      { scope: body.scope, expiresInSeconds: body.expires_in },
      now,
      secret.binding,
    );
    if (!this.#lifetime.signal.aborted) this.#cached = token;
    return token;
  }
}

function parseTokenBody(text: string): { access_token: string; expires_in?: number; scope?: string } | null {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body.access_token !== 'string' || body.access_token.length === 0) return null;
    return {
      access_token: body.access_token,
      ...(typeof body.expires_in === 'number' ? { expires_in: body.expires_in } : {}),
      ...(typeof body.scope === 'string' ? { scope: body.scope } : {}),
    };
  } catch {
    return null;
  }
}
