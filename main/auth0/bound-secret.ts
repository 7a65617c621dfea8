// A secret (client secret, pasted token, or a token Roster obtained) bound to the origin and
// Management API audience it was entered for (DESIGN.md, rule: a stored secret goes only where it
// was entered for). The value can be read only by naming the URL it is about to be sent to, so
// no code path, present or future, can send it elsewhere: a changed domain or API base URL in a
// profile, a redirect, or a crafted IPC call all end in `credentials_origin_mismatch`.
import { inspect } from 'node:util';
import { AppError } from '../errors.ts';
import { readClaims, type TokenClaims } from './jwt-claims.ts';

export interface SecretBinding {
  /** `https://acme.auth0.com`, a custom domain's, or the emulator's `http://127.0.0.1:port`. */
  origin: string;
  /** `https://{domain}/api/v2/`: the Management API the secret was entered for. */
  audience: string;
}

export class BoundSecret {
  readonly #value: string;
  readonly origin: string;
  readonly audience: string;

  constructor(value: string, binding: SecretBinding) {
    this.#value = value;
    this.origin = new URL(binding.origin).origin;
    this.audience = binding.audience;
  }

  get binding(): SecretBinding {
    return { origin: this.origin, audience: this.audience };
  }

  /**
   * UNSAFE_ in spirit: the only way to the value. Throws unless the request goes to the bound
   * origin for the bound audience.
   */
  revealFor(url: string, audience: string): string {
    let target: string;
    try {
      target = new URL(url).origin;
    } catch {
      target = 'an invalid URL';
    }
    if (target !== this.origin || audience !== this.audience) {
      throw new AppError(
        'credentials_origin_mismatch',
        `The credentials stored for this tenant were entered for ${this.origin} (${this.audience}); ` +
          `Roster will not send them to ${target === this.origin ? audience : target}. ` +
          'Enter the client secret or token again in the tenant settings for the new address.',
      );
    }
    return this.#value;
  }

  /** Whether this is the same value, without revealing it (the demo tenant's restart check). */
  sameValueAs(value: string): boolean {
    return this.#value === value;
  }

  sameSecretAs(other: BoundSecret): boolean {
    return other.#value === this.#value;
  }

  /** A token's claims (expiry, scopes, audience), read in main; the value itself stays sealed. */
  claims(): TokenClaims | null {
    return readClaims(this.#value);
  }

  // Never serialized or printed: a log line or an IPC result that meets one shows this instead.
  toJSON(): string {
    return '[secret]';
  }

  toString(): string {
    return '[secret]';
  }

  [inspect.custom](): string {
    return `BoundSecret(${this.origin})`;
  }
}

/** The origin and audience a tenant's settings send credentials to. */
export function bindingOf(endpoints: { baseUrl: string; audience: string }): SecretBinding {
  return { origin: new URL(endpoints.baseUrl).origin, audience: endpoints.audience };
}
