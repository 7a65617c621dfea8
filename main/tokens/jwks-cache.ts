// A tenant's signing keys, from its own /.well-known/jwks.json, cached per origin. An unknown
// kid forces one fresh fetch: Auth0 publishes the next key before it signs with it, so after a
// rotation the new kid is in a fresh JWKS, and a kid missing from it was revoked or is foreign.
// One fetch per tenant is in flight at a time, whoever asks, and a forced fetch waits for a
// cooldown after the last one: a burst of tokens with made-up kids costs the tenant one request.
import type { JWK } from 'jose';
import type { AddressReach } from '../../common/address-policy.ts';
import { z } from 'zod';
import { failureError } from '../auth0/api-errors.ts';
import type { Clock } from '../auth0/clock.ts';
import { withSignal } from '../auth0/cancellation.ts';
import { HttpFailure, type HttpClient } from '../auth0/http-client.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';

/** How long a fetched JWKS is trusted before it is fetched again anyway. */
const JWKS_TTL_MS = 10 * 60_000;
const JWKS_TIMEOUT_MS = 15_000;
/** The least time between two fetches forced by an unknown kid (jose's createRemoteJWKSet: 30 s). */
export const JWKS_REFETCH_COOLDOWN_MS = 30_000;

const jwksSchema = z.object({
  keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })).max(100),
});

export interface KeyLookup {
  /** The key with this kid, or null when the tenant does not publish one (after one refetch). */
  keyFor(kid: string | undefined): Promise<JWK | null>;
  /** Where the keys came from, for messages. */
  readonly jwksUrl: string;
}

interface Entry {
  keys: JWK[];
  fetchedAt: number;
}

export class JwksCache {
  readonly #http: HttpClient;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #entries = new Map<string, Entry>();
  /** The fetch under way for an origin, shared by every inspection that needs it. */
  readonly #inFlight = new Map<string, Promise<Entry>>();

  constructor(deps: { http: HttpClient; clock: Clock; log: Logger }) {
    this.#http = deps.http;
    this.#clock = deps.clock;
    this.#log = deps.log;
  }

  /** Keys of the tenant at `origin` (`https://{domain}` or its API base URL), for one inspection. */
  lookupFor(origin: string, reach: AddressReach, signal?: AbortSignal): KeyLookup {
    const jwksUrl = `${origin}/.well-known/jwks.json`;
    // Cancelling one inspection stops its wait, not the fetch others may be waiting for.
    const load = () => withSignal(this.#load(origin, jwksUrl, reach), signal);
    let fetched = false;
    return {
      jwksUrl,
      keyFor: async (kid) => {
        let entry = this.#entries.get(origin);
        if (!entry || this.#clock.now() - entry.fetchedAt > JWKS_TTL_MS) {
          entry = await load();
          fetched = true;
        }
        let key = pick(entry.keys, kid);
        if (!key && !fetched && this.#clock.now() - entry.fetchedAt >= JWKS_REFETCH_COOLDOWN_MS) {
          entry = await load();
          fetched = true;
          key = pick(entry.keys, kid);
        }
        return key;
      },
    };
  }

  dispose(): void {
    this.#entries.clear();
  }

  /** Joins the fetch under way for this origin, or starts one. */
  #load(origin: string, jwksUrl: string, reach: AddressReach): Promise<Entry> {
    let pending = this.#inFlight.get(origin);
    if (!pending) {
      pending = this.#fetch(origin, jwksUrl, reach).finally(() => this.#inFlight.delete(origin));
      this.#inFlight.set(origin, pending);
    }
    return pending;
  }

  /** Not tied to one inspection's signal: others may be waiting for it (JWKS_TIMEOUT_MS bounds it). */
  async #fetch(origin: string, jwksUrl: string, reach: AddressReach): Promise<Entry> {
    const host = new URL(origin).host;
    let response;
    try {
      response = await this.#http.send({
        method: 'GET',
        url: jwksUrl,
        headers: { accept: 'application/json' },
        timeoutMs: JWKS_TIMEOUT_MS,
        reach,
      });
    } catch (error) {
      if (error instanceof HttpFailure) throw failureError(error, host);
      throw error;
    }
    this.#log.debug('jwks fetched', { host, status: response.status });
    if (response.status !== 200) {
      throw new AppError(
        'api_error',
        `${host} did not publish its signing keys (${response.status} from /.well-known/jwks.json), so no signature can be checked. Check the tenant's domain.`,
        { status: response.status },
      );
    }
    let parsed;
    try {
      parsed = jwksSchema.safeParse(JSON.parse(response.body));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      throw new AppError('api_error', `${host} answered /.well-known/jwks.json with something that is not a key set.`);
    }
    const entry = { keys: parsed.data.keys as JWK[], fetchedAt: this.#clock.now() };
    this.#entries.set(origin, entry);
    return entry;
  }
}

/** The key named by kid; a token without a kid can only mean the tenant's single key. */
function pick(keys: JWK[], kid: string | undefined): JWK | null {
  if (kid === undefined) return keys.length === 1 ? (keys[0] ?? null) : null;
  return keys.find((key) => key.kid === kid) ?? null;
}
