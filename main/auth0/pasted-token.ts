// A token pasted from the Dashboard's API Explorer. It cannot be renewed: when it lapses the
// user must paste a new one, and every call says so with `token_expired`.
import { AppError } from '../errors.ts';
import { readClaims, splitScopes, type AccessToken, type TokenSource } from './access-token.ts';
import { throwIfCancelled } from './cancellation.ts';
import type { Clock } from './clock.ts';

const WHERE_TO_GET_ONE =
  'Copy a new one from the Auth0 Dashboard under Applications > APIs > Auth0 Management API > API Explorer, and paste it in the tenant settings.';

/** Reads a pasted token's expiry and scopes; refuses a value that is not a JWT with an expiry. */
export function readPastedToken(value: string): AccessToken {
  const claims = readClaims(value);
  if (!claims || claims.exp === undefined) {
    throw new AppError('invalid_argument', 'That is not a Management API token: it has no expiry. ' + WHERE_TO_GET_ONE);
  }
  return { value, expiresAt: claims.exp * 1000, scopes: splitScopes(claims.scope) };
}

export function tokenExpiredError(expiresAt: number): AppError {
  return new AppError(
    'token_expired',
    `The pasted token expired at ${new Date(expiresAt).toISOString()}. ${WHERE_TO_GET_ONE}`,
  );
}

export class PastedTokenSource implements TokenSource {
  readonly #readToken: () => Promise<string>;
  readonly #clock: Clock;
  #cached: AccessToken | undefined;
  #refused: string | undefined;

  constructor(readToken: () => Promise<string>, clock: Clock) {
    this.#readToken = readToken;
    this.#clock = clock;
  }

  async getToken(signal?: AbortSignal): Promise<AccessToken> {
    throwIfCancelled(signal);
    // Read once from the keychain; after a 401, read again in case the user pasted a new one.
    this.#cached ??= readPastedToken(await this.#readToken());
    const token = this.#cached;
    if (this.#clock.now() >= token.expiresAt) throw tokenExpiredError(token.expiresAt);
    if (token.value === this.#refused) {
      throw new AppError(
        'invalid_credentials',
        'The tenant refused the pasted token (401). It may have been revoked or issued for another tenant. ' +
          WHERE_TO_GET_ONE,
        { status: 401 },
      );
    }
    return token;
  }

  invalidate(value: string): void {
    this.#refused = value;
    this.#cached = undefined;
  }

  dispose(): void {
    this.#cached = undefined;
  }
}
