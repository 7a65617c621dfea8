import type { TokenIssuer } from './auth/tokens.ts';
import type { FaultInjector } from './faults.ts';
import type { JobStore } from './jobs/job-store.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { TenantStore } from './state/store.ts';

/** What every route reaches: one emulated tenant. */
export interface EmulatorContext {
  store: TenantStore;
  tokens: TokenIssuer;
  faults: FaultInjector;
  limiter: RateLimiter;
  jobs: JobStore;
  domain: string;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  baseUrl: string;
  controlSecret: string;
  /** Whether the legacy POST /tokeninfo is served (newer Auth0 tenants answer 404). */
  legacyTokenInfo: boolean;
  log: (line: string) => void;
}
