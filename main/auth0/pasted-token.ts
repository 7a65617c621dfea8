// A token pasted from the Dashboard's API Explorer. It cannot be renewed: when it lapses the
// user must paste a new one, and every call says so with `token_expired`.
import { AppError } from '../errors.ts';
import { readClaims, splitScopes, type AccessToken, type TokenClaims, type TokenSource } from './access-token.ts';
import type { BoundSecret } from './bound-secret.ts';
import { throwIfCancelled } from './cancellation.ts';
import type { Clock } from './clock.ts';

const WHERE_TO_GET_ONE =
  'Copy a new one from the Auth0 Dashboard under Applications > APIs > Auth0 Management API > API Explorer, and paste it in the tenant settings.';

export interface PastedTokenInfo {
  /** Milliseconds since the epoch. */
  expiresAt: number;
  scopes: string[];
}

/** Reads a pasted token's expiry and scopes; refuses a value that is not a JWT with an expiry. */
export function readPastedToken(value: string): PastedTokenInfo {
  return pastedTokenInfo(readClaims(value));
}

function pastedTokenInfo(claims: TokenClaims | null): PastedTokenInfo {
  if (!claims || claims.exp === undefined) {
    throw new AppError('invalid_argument', 'That is not a Management API token: it has no expiry. ' + WHERE_TO_GET_ONE);
  }
  return { expiresAt: claims.exp * 1000, scopes: splitScopes(claims.scope) };
}

function readBoundPastedToken(secret: BoundSecret): AccessToken {
  return { secret, ...pastedTokenInfo(secret.claims()) };
}

export function tokenExpiredError(expiresAt: number): AppError {
  return new AppError(
    'token_expired',
    `The pasted token expired at ${new Date(expiresAt).toISOString()}. ${WHERE_TO_GET_ONE}`,
  );
}

export class PastedTokenSource implements TokenSource {
  readonly #readToken: () => Promise<BoundSecret>;
  readonly #clock: Clock;
  #cached: AccessToken | undefined;
  #refused: BoundSecret | undefined;

  constructor(readToken: () => Promise<BoundSecret>, clock: Clock) {
    this.#readToken = readToken;
    this.#clock = clock;
  }

  async getToken(signal?: AbortSignal): Promise<AccessToken> {
    throwIfCancelled(signal);
    // Read once from the keychain; after a 401, read again in case the user pasted a new one.
    this.#cached ??= readBoundPastedToken(await this.#readToken());
    const token = this.#cached;
    if (this.#clock.now() >= token.expiresAt) throw tokenExpiredError(token.expiresAt);
    if (this.#refused && token.secret.sameSecretAs(this.#refused)) {
      throw new AppError(
        'invalid_credentials',
        'The tenant refused the pasted token (401). It may have been revoked or issued for another tenant. ' +
          WHERE_TO_GET_ONE,
        { status: 401 },
      );
    }
    return token;
  }

  invalidate(token: AccessToken): void {
    this.#refused = token.secret;
    this.#cached = undefined;
  }

  dispose(): void {
    this.#cached = undefined;
  }
}
