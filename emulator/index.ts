// The emulator's public entry: startEmulator() runs one emulated Auth0 tenant on a local port.
// No side effects on import: the Electron main process bundles this for the demo tenant.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { generateSigningKey } from './auth/keys.ts';
import { mintUserTokens, type UserTokenOptions, type UserTokens } from './auth/user-tokens.ts';
import { TokenIssuer } from './auth/tokens.ts';
import type { EmulatorContext } from './context.ts';
import { FaultInjector, type Faults } from './faults.ts';
import { JobStore } from './jobs/job-store.ts';
import { RateLimiter, type Tier } from './rate-limit.ts';
import { buildRouter } from './routes/index.ts';
import { seedTenant } from './seed/index.ts';
import { createEmulatorServer } from './server.ts';
import { loadState, StatePersister } from './state/persist.ts';

export type { Faults } from './faults.ts';
export type { Tier } from './rate-limit.ts';
export type { UserTokenOptions, UserTokens } from './auth/user-tokens.ts';
export { CONTROL_SECRET_HEADER } from './routes/control.ts';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Seeded users when starting fresh (default 200). */
  users?: number;
  seed?: number;
  tier?: Tier;
  faults?: Faults;
  /** A file to keep the tenant in across restarts (written atomically, debounced, and on stop). */
  persistTo?: string;
  /** The tenant domain in tokens and tickets (default `localhost:{port}`). */
  domain?: string;
  /** Secret for the control endpoints (default: random per instance). */
  controlSecret?: string;
  /** Serve the legacy, deprecated POST /tokeninfo (default true); false answers 404 as newer tenants do. */
  legacyTokenInfo?: boolean;
  /** Receives one line per notable event; default: silent. */
  log?: (line: string) => void;
}

export interface EmulatorHandle {
  /** `http://127.0.0.1:PORT`: the Management API is `${url}/api/v2`, the token endpoint `${url}/oauth/token`. */
  url: string;
  domain: string;
  /** The client with every Management API scope the emulated routes use. */
  clientId: string;
  clientSecret: string;
  readOnlyClientId: string;
  readOnlyClientSecret: string;
  /**
   * Every client of the tenant: the full and read-only ones, one with no grant on the Management API
   * (its token request answers 403 access_denied) and a SPA without client_credentials (403 unauthorized_client).
   */
  clients: { name: string; clientId: string; clientSecret: string; grantTypes: string[]; scopes: string[] | null }[];
  /** Send it as `x-emulator-control-secret` to the /__emulator/ control endpoints. */
  controlSecret: string;
  setFaults(faults: Faults): void;
  setTier(tier: Tier): void;
  /** A new signing key, the old one revoked: every token issued so far is refused with 401. */
  rotateSigningKey(): Promise<void>;
  /**
   * An access token and an ID token for a user (default: the first user), as a login would issue
   * them; `options` makes them expired (negative `expiresInSeconds`), for another audience or
   * issuer, with another scope, or with custom claims. Null when there is no such user.
   */
  mintUserTokens(userId?: string, options?: UserTokenOptions): Promise<UserTokens | null>;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const persisted = options.persistTo ? await loadState(options.persistTo, log) : null;
  const store = persisted?.store ?? seedTenant(options.users ?? 200, options.seed ?? 1);
  const signingKey = await generateSigningKey();
  const emulator: EmulatorContext = {
    store,
    tokens: new TokenIssuer('pending', signingKey),
    faults: new FaultInjector(options.faults),
    limiter: new RateLimiter(options.tier ?? 'unlimited'),
    jobs: new JobStore(),
    domain: 'pending',
    baseUrl: 'pending',
    controlSecret: options.controlSecret ?? randomBytes(24).toString('base64url'),
    legacyTokenInfo: options.legacyTokenInfo ?? true,
    log,
  };
  const server = createEmulatorServer(emulator, buildRouter(emulator));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  emulator.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  emulator.domain = options.domain ?? `localhost:${port}`;
  emulator.tokens = new TokenIssuer(emulator.domain, signingKey);
  const persister = options.persistTo ? new StatePersister(options.persistTo, store, log) : null;
  if (persister && !persisted) await persister.flush();
  log(
    `emulator: listening on ${emulator.baseUrl} (domain ${emulator.domain}, ${store.userCount} users, tier ${emulator.limiter.tier})`,
  );

  const [full, readOnly] = store.meta.clients;
  if (!full || !readOnly) throw new Error('the tenant has no clients');
  let stopped: Promise<void> | null = null;
  return {
    url: emulator.baseUrl,
    domain: emulator.domain,
    clientId: full.client_id,
    clientSecret: full.client_secret,
    readOnlyClientId: readOnly.client_id,
    readOnlyClientSecret: readOnly.client_secret,
    clients: store.meta.clients.map((client) => ({
      name: client.name,
      clientId: client.client_id,
      clientSecret: client.client_secret,
      grantTypes: [...client.grant_types],
      scopes: client.management_scopes ? [...client.management_scopes] : null,
    })),
    controlSecret: emulator.controlSecret,
    setFaults: (faults) => emulator.faults.set(faults),
    setTier: (tier) => emulator.limiter.setTier(tier),
    async rotateSigningKey() {
      emulator.tokens = new TokenIssuer(emulator.domain, await generateSigningKey());
    },
    mintUserTokens: (userId, options) => mintUserTokens(emulator, userId, options),
    stop() {
      stopped ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await persister?.close();
      })();
      return stopped;
    },
  };
}
